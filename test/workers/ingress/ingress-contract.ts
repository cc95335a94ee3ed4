/**
 * The ingress guard contract: what every backend (the embedded IngressLimiter objects, Upstash
 * Redis) must do, driven through the `IngressGuard` port with explicit times. Each test uses
 * tenants of its own, so no test sees another's counts.
 */
import { describe, expect, it } from "vitest";
import type { IngressGuard, IngressLimits, IngressRequest } from "../../../kernel/ingress";

export interface IngressBackend {
  name: string;
  guard(): IngressGuard;
  /** Called before every request with its time, for a backend whose expiries run on a clock. */
  setTime?(at: number): void;
  reset?(): void;
}

/** The start of a minute, so windows of 60 s begin exactly here. */
const T = 1_800_000_000_000;
const LIMITS: IngressLimits = { tenantLimit: 5, senderLimit: 3, windowMs: 60_000 };

export function describeIngressContract(backend: IngressBackend) {
  let run = 0;
  const tenant = (name: string) => `${name}-${backend.name.toLowerCase().replace(/[^a-z]/g, "")}-${++run}`;
  const admit = (request: IngressRequest, limits: IngressLimits = LIMITS) => {
    backend.setTime?.(request.at);
    return backend.guard().admit(request, limits);
  };
  const from = (tenantId: string, sender: string | undefined, at: number, replay?: string) => ({
    tenantId,
    platform: "chat",
    ...(sender !== undefined ? { sender } : {}),
    ...(replay ? { replay: { key: replay, until: at + 300_000 } } : {}),
    at,
  });

  describe(`ingress guard contract: ${backend.name}`, () => {
    it("admits a sender up to its limit in a window, then refuses it until the window ends", async () => {
      backend.reset?.();
      const t = tenant("sender");
      for (let i = 0; i < 3; i++)
        expect(await admit(from(t, "alice", T + i * 1000))).toEqual({ admitted: true });
      expect(await admit(from(t, "alice", T + 10_000))).toEqual({
        admitted: false,
        reason: "sender",
        retryAfterMs: 50_000,
      });
      // Another sender of the same tenant is not held back by alice's budget.
      expect(await admit(from(t, "bob", T + 11_000))).toEqual({ admitted: true });
      // The next window starts afresh.
      expect(await admit(from(t, "alice", T + 60_000))).toEqual({ admitted: true });
    });

    it("admits a tenant up to its limit over all its senders, then refuses every sender", async () => {
      backend.reset?.();
      const t = tenant("tenant");
      for (let i = 0; i < 5; i++) expect(await admit(from(t, `s${i}`, T + i))).toEqual({ admitted: true });
      expect(await admit(from(t, "s9", T + 30_000))).toEqual({
        admitted: false,
        reason: "tenant",
        retryAfterMs: 30_000,
      });
      // A request that names no sender counts against the tenant only, and is refused too.
      expect(await admit(from(t, undefined, T + 30_001))).toMatchObject({
        admitted: false,
        reason: "tenant",
      });
      expect(await admit(from(t, "s9", T + 60_000))).toEqual({ admitted: true });
    });

    it("does not let one sender's refused flood use up its tenant's budget", async () => {
      backend.reset?.();
      const t = tenant("flood");
      const verdicts = [];
      for (let i = 0; i < 20; i++) verdicts.push(await admit(from(t, "flooder", T + i)));
      expect(verdicts.filter((v) => v.admitted)).toHaveLength(3);
      // The tenant counted only the flooder's three admitted requests: two more fit.
      expect(await admit(from(t, "carol", T + 100))).toEqual({ admitted: true });
      expect(await admit(from(t, "dave", T + 101))).toEqual({ admitted: true });
      expect(await admit(from(t, "erin", T + 102))).toMatchObject({ admitted: false, reason: "tenant" });
    });

    it("refuses a replay inside its window and admits the same key as new after it", async () => {
      backend.reset?.();
      const t = tenant("replay");
      expect(await admit(from(t, "alice", T, "sig-1"))).toEqual({ admitted: true });
      expect(await admit(from(t, "alice", T + 1000, "sig-1"))).toEqual({ admitted: false, reason: "replay" });
      expect(await admit(from(t, "alice", T + 299_999, "sig-1"))).toEqual({
        admitted: false,
        reason: "replay",
      });
      // Another key, and the same key on another platform or tenant, are not replays.
      expect(await admit(from(t, "alice", T + 2000, "sig-2"))).toEqual({ admitted: true });
      expect(await admit({ ...from(t, "alice", T + 3000, "sig-1"), platform: "other" })).toEqual({
        admitted: true,
      });
      expect(await admit(from(tenant("replay-other"), "alice", T + 3000, "sig-1"))).toEqual({
        admitted: true,
      });
      // `until` has passed (T + 300 s): the key is new again.
      expect(await admit(from(t, "alice", T + 300_000, "sig-1"))).toEqual({ admitted: true });
    });

    it("counts a replay against no budget", async () => {
      backend.reset?.();
      const t = tenant("replay-free");
      const limits = { tenantLimit: 2, senderLimit: 2, windowMs: 60_000 };
      expect(await admit(from(t, "alice", T, "k1"), limits)).toEqual({ admitted: true });
      for (let i = 1; i <= 5; i++)
        expect(await admit(from(t, "alice", T + i, "k1"), limits)).toEqual({
          admitted: false,
          reason: "replay",
        });
      expect(await admit(from(t, "alice", T + 10, "k2"), limits)).toEqual({ admitted: true });
    });

    it("remembers no key for a refused request, so the platform's retry of it is admitted", async () => {
      backend.reset?.();
      const t = tenant("retry");
      const limits = { tenantLimit: 1, senderLimit: 0, windowMs: 60_000 };
      expect(await admit(from(t, "alice", T, "k1"), limits)).toEqual({ admitted: true });
      expect(await admit(from(t, "bob", T + 1, "k2"), limits)).toMatchObject({
        admitted: false,
        reason: "tenant",
      });
      expect(await admit(from(t, "bob", T + 60_000, "k2"), limits)).toEqual({ admitted: true });
    });

    it("forgets a released key", async () => {
      backend.reset?.();
      const t = tenant("release");
      expect(await admit(from(t, "alice", T, "k1"))).toEqual({ admitted: true });
      await backend.guard().release(t, "chat", "k1");
      expect(await admit(from(t, "alice", T + 1, "k1"))).toEqual({ admitted: true });
      expect(await admit(from(t, "alice", T + 2, "k1"))).toEqual({ admitted: false, reason: "replay" });
    });

    it("switches a limit off at 0", async () => {
      backend.reset?.();
      const t = tenant("off");
      const limits = { tenantLimit: 0, senderLimit: 0, windowMs: 60_000 };
      for (let i = 0; i < 12; i++)
        expect(await admit(from(t, "alice", T + i), limits)).toEqual({ admitted: true });
    });

    it("keeps a flood on one tenant from refusing or holding up another tenant", async () => {
      backend.reset?.();
      const flooded = tenant("flooded");
      const quiet = tenant("quiet");
      backend.setTime?.(T + 1);
      // The flood and the quiet tenant's requests are in flight at the same time.
      const flood = Array.from({ length: 40 }, (_, i) =>
        backend.guard().admit(from(flooded, `f${i % 4}`, T + 1), LIMITS),
      );
      const quietOnes = Array.from({ length: 3 }, (_, i) =>
        backend.guard().admit(from(quiet, `q${i}`, T + 1), LIMITS),
      );
      const [floodVerdicts, quietVerdicts] = await Promise.all([Promise.all(flood), Promise.all(quietOnes)]);
      expect(floodVerdicts.filter((v) => v.admitted)).toHaveLength(5);
      expect(floodVerdicts.filter((v) => !v.admitted)).toHaveLength(35);
      expect(quietVerdicts).toEqual([{ admitted: true }, { admitted: true }, { admitted: true }]);
      // While the flooded tenant stays refused, the quiet one still has its own budget.
      expect(await admit(from(flooded, "f9", T + 2))).toMatchObject({ admitted: false, reason: "tenant" });
      expect(await admit(from(quiet, "q9", T + 2))).toEqual({ admitted: true });
    });
  });
}
