/**
 * The channel contract: what every adapter must do, end to end on real local components —
 * webhook → inbound queue → ContextThread → policy kernel → proposal card → approval button →
 * execution → outbox → outbound queue → the platform (faked at its HTTP boundary). Each platform
 * runs it with a driver that speaks its wire format.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import worker from "../../../workers/index";
import { api, type TestTenant } from "../fixtures";

/** One message as the platform received it from Cairn. */
export interface SentMessage {
  conversation: string;
  text: string;
  /** The data of each button, in order. */
  buttons: string[];
}

export interface ChannelDriver {
  platform: string;
  /**
   * `text` for a platform without buttons: the card lists `/approve <id>` and `/reject <id>`
   * instead, and `press` sends the approver's typed command. Buttons when absent.
   */
  approvals?: "buttons" | "text";
  /** A tenant whose channel of this platform is connected, and whose approver is `approverId`. */
  tenant(): TestTenant;
  /** A webhook request carrying a text message from the approver. */
  message(text: string, seq: number): Promise<Request>;
  /** A webhook request pressing a button (of the card `cardId` when the platform needs it). */
  press(data: string, seq: number, cardId: string | undefined): Promise<Request>;
  /** The same message request without valid authentication. */
  unauthenticated(text: string, seq: number): Promise<Request>;
  /** Messages the fake platform received, oldest first. */
  sent(): SentMessage[];
  /** How many button presses the platform has seen answered (the spinner stopped, a note shown). */
  pressesAnswered(): number;
  /** The platform id of the n-th sent message (for a button press that names its card). */
  sentId(index: number): string | undefined;
}

async function proposals(tenant: TestTenant, status: string) {
  const response = await exports.default.fetch(api(tenant, `/proposals?status=${status}`));
  return ((await response.json()) as { proposals: Array<{ id: string; tool: string }> }).proposals;
}

export function channelContract(driver: ChannelDriver) {
  const nthSent = (n: number) =>
    vi.waitFor(
      () => {
        const sent = driver.sent();
        if (sent.length < n) throw new Error(`only ${sent.length} of ${n} messages sent so far`);
        return sent[n - 1]!;
      },
      { timeout: 20_000, interval: 100 },
    );

  describe(`the channel contract: ${driver.platform}`, () => {
    it("refuses an unauthenticated webhook and queues nothing", async () => {
      // The inbound queue records instead of delivering, and the request's background work is
      // waited for: what was queued is then known, not sampled after a sleep.
      const enqueued: unknown[] = [];
      const queue = { send: async (body: unknown) => void enqueued.push(body), sendBatch: async () => {} };
      const ctx = createExecutionContext();
      const response = await worker.fetch(
        (await driver.unauthenticated("hello", 1)) as Parameters<typeof worker.fetch>[0],
        { ...env, INBOUND_QUEUE: queue as unknown as Queue },
        ctx,
      );
      await waitOnExecutionContext(ctx);
      expect([401, 403]).toContain(response.status);
      expect(((await response.json()) as { error: string }).error).toEqual(expect.any(String));
      expect(enqueued).toEqual([]);
      expect(driver.sent()).toHaveLength(0);
    });

    it("answers a message in the same conversation", async () => {
      const response = await exports.default.fetch(await driver.message("hello there", 2));
      expect(response.status).toBe(200);
      const reply = await nthSent(1);
      expect(reply.text).toMatch(/offline: no model is configured/);
    });

    it("asks for approval of a consequential command with Approve / Reject (buttons, or commands in text)", async () => {
      await exports.default.fetch(await driver.message("run echo 'contract' > contract.txt", 3));
      const card = await nthSent(2);
      expect(card.text).toMatch(/Approval needed \(prop_/);
      const [proposal] = await proposals(driver.tenant(), "pending");
      expect(proposal?.tool).toBe("shell");
      if (driver.approvals === "text") {
        expect(card.buttons).toEqual([]);
        expect(card.text).toContain(`/approve ${proposal!.id}`);
        expect(card.text).toContain(`/reject ${proposal!.id}`);
      } else {
        expect(card.buttons).toEqual([`p:${proposal!.id}:a`, `p:${proposal!.id}:r`]);
      }
    });

    it("executes the approved proposal exactly once when the approver presses Approve", async () => {
      const [proposal] = await proposals(driver.tenant(), "pending");
      const press = await driver.press(`p:${proposal!.id}:a`, 4, driver.sentId(1));
      expect((await exports.default.fetch(press)).status).toBe(200);
      await vi.waitFor(
        async () =>
          expect((await proposals(driver.tenant(), "executed")).map((p) => p.id)).toEqual([proposal!.id]),
        { timeout: 20_000, interval: 100 },
      );
      await vi.waitFor(
        () =>
          expect(
            driver.sent().some((m) => new RegExp(`Proposal ${proposal!.id} .*ran:\\nexit 0`).test(m.text)),
          ).toBe(true),
        { timeout: 20_000, interval: 100 },
      );
      // Pressed again (a double click, a platform retry with a new id): nothing runs twice. The
      // second press is known to be handled once it is answered, and only then is the count read.
      await vi.waitFor(() => expect(driver.pressesAnswered()).toBeGreaterThanOrEqual(1), {
        timeout: 20_000,
        interval: 100,
      });
      const answered = driver.pressesAnswered();
      await exports.default.fetch(await driver.press(`p:${proposal!.id}:a`, 5, driver.sentId(1)));
      await vi.waitFor(() => expect(driver.pressesAnswered()).toBe(answered + 1), {
        timeout: 20_000,
        interval: 100,
      });
      const executions = await env.DB.prepare(
        "SELECT count(*) AS n FROM audit_log WHERE tenant_id = ? AND action = 'proposal.executed' AND subject_id = ?",
      )
        .bind(driver.tenant().tenantId, proposal!.id)
        .first<{ n: number }>();
      expect(executions?.n).toBe(1);
    });
  });
}
