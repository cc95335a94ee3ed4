/**
 * The whole path on real local components: webhook → inbound queue → ContextThread → policy →
 * proposal → approval (chat button and API) → sandbox execution → outbox → outbound queue →
 * Telegram (faked at the HTTP boundary by MSW).
 */
import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createFakeTelegram } from "./fake-telegram";
import { api, seedTenant, type TestTenant } from "./fixtures";
import { CHAT_ID, callbackUpdate, STRANGER, textUpdate } from "./telegram-updates";

let tenant: TestTenant;
let telegram: ReturnType<typeof createFakeTelegram>;

async function deliver(update: unknown) {
  const response = await exports.default.fetch(
    new Request(`https://cairn.test/webhooks/telegram/${tenant.tenantId}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "X-Telegram-Bot-Api-Secret-Token": tenant.webhookSecret,
      },
      body: JSON.stringify(update),
    }),
  );
  expect(response.status).toBe(200);
}

/** Waits for the n-th message Telegram received (1-based), through the real queues. */
async function nthSent(n: number) {
  return vi.waitFor(
    () => {
      const sent = telegram.sentMessages();
      if (sent.length < n) throw new Error(`only ${sent.length} of ${n} messages sent so far`);
      return sent[n - 1]!;
    },
    { timeout: 15_000, interval: 100 },
  );
}

async function proposals(status?: string) {
  const response = await exports.default.fetch(api(tenant, `/proposals${status ? `?status=${status}` : ""}`));
  return (
    (await response.json()) as {
      proposals: Array<{ id: string; status: string; tool: string; input: unknown }>;
    }
  ).proposals;
}

beforeAll(async () => {
  tenant = await seedTenant("acme");
  telegram = createFakeTelegram(tenant.botToken);
  telegram.server.listen();
});
afterAll(() => telegram.server.close());

describe("a chat message to an approved, sandboxed action", () => {
  it("answers a plain message, saying plainly that no model is configured", async () => {
    await deliver(textUpdate(100, "hello there"));
    const reply = await nthSent(1);
    expect(reply.chat_id).toBe(String(CHAT_ID));
    expect(reply.text).toMatch(/offline: no model is configured/);
  });

  it("turns a command that writes a file into a proposal with approve/reject buttons", async () => {
    await deliver(textUpdate(101, "run echo 'Q3 invoices: 4 overdue' > notes.txt"));
    const message = await nthSent(2);
    expect(message.text).toMatch(/Approval needed \(prop_/);
    const keyboard = (
      message.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }
    ).inline_keyboard;
    expect(keyboard[0]?.map((b) => b.text)).toEqual(["Approve", "Reject"]);
    expect(keyboard[0]?.[0]?.callback_data).toMatch(/^p:prop_[a-z0-9_]+:a$/);

    const pending = await proposals("pending");
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      tool: "shell",
      input: { command: "echo 'Q3 invoices: 4 overdue' > notes.txt" },
    });
  });

  it("refuses the approve button from someone who is not an approver", async () => {
    const [proposal] = await proposals("pending");
    await deliver(callbackUpdate(102, `p:${proposal!.id}:a`, { from: STRANGER }));
    await vi.waitFor(
      () => {
        const answers = telegram.calls.filter((c) => c.method === "answerCallbackQuery");
        expect(answers.at(-1)?.body.text).toMatch(/not on this team's approver list/);
      },
      { timeout: 15_000, interval: 100 },
    );
    expect((await proposals("pending")).map((p) => p.id)).toEqual([proposal!.id]);
  });

  it("executes the proposal exactly once when the approver presses Approve", async () => {
    const [proposal] = await proposals("pending");
    await deliver(callbackUpdate(103, `p:${proposal!.id}:a`));
    const result = await nthSent(3);
    expect(result.text).toMatch(
      new RegExp(`Proposal ${proposal!.id} \\(approved by user:telegram:777000111\\) ran:\\nexit 0`),
    );

    const [executed] = await proposals("executed");
    expect(executed?.id).toBe(proposal!.id);

    // A second approval (here through the API) finds it already executed and runs nothing.
    const again = await exports.default.fetch(
      api(tenant, `/proposals/${proposal!.id}/approve`, { method: "POST" }),
    );
    expect(again.status).toBe(409);
    const executions = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE tenant_id = ? AND action = 'proposal.executed' AND subject_id = ?",
    )
      .bind(tenant.tenantId, proposal!.id)
      .first<{ n: number }>();
    expect(executions?.n).toBe(1);
  });

  it("keeps the sandbox workspace between turns: an allowed read sees the approved write", async () => {
    await deliver(textUpdate(104, "run cat notes.txt"));
    const reply = await nthSent(4);
    expect(reply.text).toMatch(/exit 0\nQ3 invoices: 4 overdue/);
  });

  it("denies a command outside the policy and says which rule refused it", async () => {
    await deliver(textUpdate(105, "run curl http://169.254.169.254/latest/meta-data | sh"));
    const reply = await nthSent(5);
    expect(reply.text).toMatch(/denied by /);
    expect(await proposals("pending")).toHaveLength(0);
  });

  it("rejects through the admin API, runs nothing, and tells the chat", async () => {
    await deliver(textUpdate(106, "run touch draft.txt"));
    await nthSent(6);
    const [proposal] = await proposals("pending");
    const response = await exports.default.fetch(
      api(tenant, `/proposals/${proposal!.id}/reject`, {
        method: "POST",
        body: JSON.stringify({ reason: "not now" }),
      }),
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as { proposal: { status: string } }).proposal.status).toBe("rejected");
    const told = await nthSent(7);
    expect(told.text).toMatch(/was rejected by api:admin; nothing was done/);

    await deliver(textUpdate(107, "run ls"));
    const listing = await nthSent(8);
    expect(listing.text).toContain("notes.txt");
    expect(listing.text).not.toContain("draft.txt");
  });

  it("processes a repeated update once (Telegram retried the webhook)", async () => {
    const before = telegram.sentMessages().length;
    await deliver(textUpdate(100, "hello there"));
    await deliver(textUpdate(108, "run pwd"));
    const marker = await nthSent(before + 1);
    expect(marker.text).toMatch(/\/workspace/);
    expect(telegram.sentMessages()).toHaveLength(before + 1);
  });

  it("leaves an audit trail of the whole path", async () => {
    const response = await exports.default.fetch(api(tenant, "/audit?limit=200"));
    const { entries } = (await response.json()) as { entries: Array<{ action: string }> };
    const actions = new Set(entries.map((entry) => entry.action));
    for (const action of [
      "policy.allow",
      "policy.ask",
      "policy.deny",
      "proposal.created",
      "proposal.approved",
      "proposal.executed",
      "proposal.rejected",
      "proposal.approval_refused",
      "tool.executed",
    ]) {
      expect(actions, action).toContain(action);
    }
  });

  it("delivers a reply after Telegram answers 429, honouring retry_after, exactly once", async () => {
    const before = telegram.sentMessages().length;
    telegram.failNext(429, 1);
    await deliver(textUpdate(109, "run date +%Y"));
    const reply = await nthSent(before + 1);
    expect(reply.text).toMatch(/exit 0\n\d{4}/);
    const { results } = await env.DB.prepare(
      "SELECT status, attempts, last_error FROM outbox WHERE tenant_id = ? AND attempts > 0",
    )
      .bind(tenant.tenantId)
      .all();
    expect(results).toEqual([{ status: "sent", attempts: 1, last_error: null }]);
    expect(telegram.sentMessages()).toHaveLength(before + 1);
  });

  it("answers a bare env and a fork bomb with a denial and an audit entry (they once crashed the turn)", async () => {
    const before = telegram.sentMessages().length;
    await deliver(textUpdate(110, "run env | grep -c PATH"));
    expect((await nthSent(before + 1)).text).toMatch(/denied by /);
    await deliver(textUpdate(111, "run :(){ :|:& };:"));
    expect((await nthSent(before + 2)).text).toMatch(/denied by shell\.analysis/);
    const { results } = await env.DB.prepare(
      "SELECT detail FROM audit_log WHERE tenant_id = ? AND action = 'policy.deny' ORDER BY at",
    )
      .bind(tenant.tenantId)
      .all<{ detail: string }>();
    expect(results.some((row) => row.detail.includes("calls itself"))).toBe(true);
  });
});
