/**
 * A platform without buttons (`approvals: "text"`): the approval card carries the chat commands
 * instead of buttons, and the approver's `/approve <id>` reply executes the proposal exactly once.
 */
import { env, exports } from "cloudflare:workers";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { registerChannelAdapter } from "../../../../channels/registry";
import { api, seedTenant, type TestTenant } from "../../fixtures";
import { setupFetchNetwork } from "../../msw-network";
import { LOOPBACK_SECRET_HEADER, loopbackPlatform } from "./loopback-adapter";

const API_BASE = "https://looptext.test/api";
const SECRET = "looptext-secret-0123456789";
const TOKEN = "looptext-token-abc";

let tenant: TestTenant;
const sent: Array<{ text: string; buttons?: unknown[] }> = [];
const network = setupFetchNetwork(
  http.post(`${API_BASE}/send`, async ({ request }) => {
    if (request.headers.get("authorization") !== `Bearer ${TOKEN}`)
      return HttpResponse.json({ error: "unauthorized" }, { status: 401 });
    const body = (await request.json()) as { text: string; buttons?: unknown[] };
    sent.push(body);
    return HttpResponse.json({ id: `m-${sent.length}` });
  }),
  http.post(`${API_BASE}/edit`, () => HttpResponse.json({})),
);

registerChannelAdapter(loopbackPlatform("looptext", "text"));

beforeAll(async () => {
  network.listen();
  tenant = await seedTenant("looptext");
  const connected = await exports.default.fetch(
    api(tenant, "/channels/looptext", {
      method: "PUT",
      body: JSON.stringify({
        agentId: "operations",
        secret: SECRET,
        token: TOKEN,
        apiBase: API_BASE,
        approvers: ["ada"],
      }),
    }),
  );
  expect(connected.status).toBe(200);
});
afterAll(() => network.close());

const say = (id: string, text: string) =>
  exports.default.fetch(
    new Request(`https://cairn.test/webhooks/looptext/${tenant.tenantId}`, {
      method: "POST",
      headers: { "content-type": "application/json", [LOOPBACK_SECRET_HEADER]: SECRET },
      body: JSON.stringify({ id, chat: "room-1", from: { id: "ada", name: "Ada" }, text }),
    }),
  );

describe("approvals by text on a platform without buttons", () => {
  it("writes the card's choices as commands, and /approve executes the proposal once", async () => {
    expect((await say("t-1", "run echo 'text' > text.txt")).status).toBe(200);
    const card = await vi.waitFor(
      () => {
        const found = sent.find((m) => m.text.startsWith("Approval needed"));
        if (!found) throw new Error("no card yet");
        return found;
      },
      { timeout: 20_000, interval: 100 },
    );
    const id = /\((prop_[a-z0-9_]+)\)/.exec(card.text)?.[1];
    expect(card.buttons).toBeUndefined();
    expect(card.text).toContain(`• /approve ${id}`);
    expect(card.text).toContain(`• /reject ${id}`);

    expect((await say("t-2", `/approve ${id}`)).status).toBe(200);
    expect((await say("t-3", `/approve ${id}`)).status).toBe(200);
    await vi.waitFor(
      async () => {
        const row = await env.DB.prepare(
          "SELECT count(*) AS n FROM audit_log WHERE tenant_id = ? AND action = 'proposal.executed' AND subject_id = ?",
        )
          .bind(tenant.tenantId, id)
          .first<{ n: number }>();
        expect(row?.n).toBe(1);
      },
      { timeout: 20_000, interval: 100 },
    );
  });
});
