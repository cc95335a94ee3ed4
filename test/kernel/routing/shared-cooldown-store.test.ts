import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CooldownState } from "../../../kernel/routing/cooldowns";
import {
  forgetSharedCooldownCopies,
  SHARED_COOLDOWNS_REUSE_MS,
  type SharedCooldownService,
  sharedCooldownStore,
} from "../../../runtime/turn/provider-cooldowns";

const cooling: CooldownState = { openai: { untilMs: 90_000, consecutiveFailures: 1 } };

function harness(answer: () => CooldownState | "refused") {
  let clock = 10_000;
  let local: string | undefined;
  const shared: SharedCooldownService = {
    providerCooldowns: vi.fn(async () => {
      const value = answer();
      return value === "refused" ? { refused: "tenant mismatch" } : { cooldowns: value };
    }),
    reportProviderCooldowns: vi.fn(async (_tenant, changes) => ({ cooldowns: changes.failed })),
  };
  const store = (tenantId = "acme") =>
    sharedCooldownStore({
      tenantId,
      local: { get: () => local, set: (json) => (local = json) },
      shared,
      now: () => clock,
    });
  return { shared, store, advance: (ms: number) => (clock += ms) };
}

beforeEach(() => {
  forgetSharedCooldownCopies();
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

describe("the shared cooldown store reuses the tenant's answer briefly", () => {
  it("asks the Tenant object once per window, however many calls the isolate routes", async () => {
    const h = harness(() => cooling);
    expect(await h.store().load()).toEqual(cooling);
    expect(await h.store().load()).toEqual(cooling);
    expect(h.shared.providerCooldowns).toHaveBeenCalledTimes(1);
    h.advance(SHARED_COOLDOWNS_REUSE_MS);
    await h.store().load();
    expect(h.shared.providerCooldowns).toHaveBeenCalledTimes(2);
  });

  it("keeps tenants apart", async () => {
    const h = harness(() => cooling);
    await h.store("acme").load();
    await h.store("globex").load();
    expect(h.shared.providerCooldowns).toHaveBeenCalledTimes(2);
  });

  it("a cooldown reported from this isolate is seen by its next call without asking", async () => {
    const h = harness(() => ({}));
    const store = h.store();
    const before = await store.load();
    await store.save(before, cooling);
    expect(h.shared.reportProviderCooldowns).toHaveBeenCalledTimes(1);
    expect(await h.store().load()).toEqual(cooling);
    expect(h.shared.providerCooldowns).toHaveBeenCalledTimes(1);
  });

  it("a refusal is not remembered: the next call asks again and falls back to its own copy", async () => {
    const h = harness(() => "refused");
    expect(await h.store().load()).toEqual({});
    expect(await h.store().load()).toEqual({});
    expect(h.shared.providerCooldowns).toHaveBeenCalledTimes(2);
  });
});
