/**
 * T0 reminders in a live thread: "remind me …" is answered with no model, stored in the thread's
 * schedules, and posted to the chat when the thread's alarm fires — once, even if the alarm is
 * delivered twice; a repeating reminder moves to its next occurrence.
 *
 * Time: a fake clock a year ahead, so the thread's alarm never fires in real time, only when the
 * test runs it (runDurableObjectAlarm) after moving the clock.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { threadIdFor, threadStub } from "../../durable-objects/stubs";
import { createFakeTelegram } from "./fake-telegram";
import { seedTenant, type TestTenant } from "./fixtures";
import { drainOutbox } from "./outbox-drain";
import { threadTurn } from "./thread-turn";

const MINUTE = 60_000;
// A Monday, 10:00 UTC (the tenant's default offset is UTC).
const START = Date.parse("2027-03-01T10:00:00Z");
let acme: TestTenant;
let telegram: ReturnType<typeof createFakeTelegram>;

const stub = (conversationId: string) => threadStub(env, threadIdFor("acme", "telegram", conversationId));

async function sentReminders(conversationId: string) {
  const { results } = await env.DB.prepare("SELECT payload FROM outbox WHERE tenant_id = 'acme'").all<{
    payload: string;
  }>();
  return results
    .map((row) => JSON.parse(row.payload) as { conversationId: string; text?: string })
    .filter((payload) => payload.conversationId === conversationId && payload.text?.startsWith("⏰"))
    .map((payload) => payload.text);
}

async function reminderTimers(conversationId: string) {
  return runInDurableObject(stub(conversationId), async (_instance, state) =>
    state.storage.sql
      .exec<{ due_at: number }>("SELECT due_at FROM schedules WHERE kind = 'reminder'")
      .toArray()
      .map((row) => row.due_at),
  );
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(START);
  acme = await seedTenant("acme");
  telegram = createFakeTelegram(acme.botToken);
  telegram.server.listen();
});
afterAll(async () => {
  await drainOutbox();
  telegram.server.close();
  vi.useRealTimers();
});

describe("T0 reminders", () => {
  it("stores a reminder without a model and posts it when it is due, once", async () => {
    const result = await threadTurn(acme, 1, "remind me to order printer toner in 20 minutes", "42");
    expect(result.reply).toBe("Reminder set for 2027-03-01 10:20: order printer toner.");
    const routed = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE tenant_id = 'acme' AND action = 'model.t0'",
    ).first<{ n: number }>();
    expect(routed?.n).toBe(1);
    expect(await reminderTimers("42")).toEqual([START + 20 * MINUTE]);

    vi.setSystemTime(START + 10 * MINUTE);
    await runDurableObjectAlarm(stub("42"));
    expect(await sentReminders("42")).toEqual([]);

    vi.setSystemTime(START + 21 * MINUTE);
    await runDurableObjectAlarm(stub("42"));
    expect(await sentReminders("42")).toEqual(["⏰ Reminder: order printer toner"]);
    expect(await reminderTimers("42")).toEqual([]);
    // A re-delivered alarm finds nothing due and posts nothing again.
    await runDurableObjectAlarm(stub("42"));
    expect(await sentReminders("42")).toHaveLength(1);
  });

  it("moves a repeating reminder to its next occurrence after it fires", async () => {
    vi.setSystemTime(START);
    const result = await threadTurn(
      acme,
      2,
      "remind the team to submit timesheets every Friday at 4pm",
      "43",
    );
    expect(result.reply).toBe("Reminder set for 2027-03-05 16:00, repeating every week: submit timesheets.");
    const friday = Date.parse("2027-03-05T16:00:00Z");
    expect(await reminderTimers("43")).toEqual([friday]);

    vi.setSystemTime(friday + MINUTE);
    await runDurableObjectAlarm(stub("43"));
    expect(await sentReminders("43")).toEqual(["⏰ Reminder for the team: submit timesheets"]);
    expect(await reminderTimers("43")).toEqual([friday + 7 * 24 * 60 * MINUTE]);
  });

  it("lists the chat's reminders and cancels one, so its alarm posts nothing", async () => {
    vi.setSystemTime(START);
    await threadTurn(acme, 3, "remind me to call Jonas Berger tomorrow at 11", "44");
    await threadTurn(acme, 4, "remind me to renew the domain on Friday at 10am", "44");
    const listed = await threadTurn(acme, 5, "list my reminders", "44");
    expect(listed.reply).toBe(
      [
        "Reminders in this chat (2):",
        "1. 2027-03-02 11:00: call Jonas Berger",
        "2. 2027-03-05 10:00: renew the domain",
        'To cancel one: "cancel reminder 1".',
      ].join("\n"),
    );
    // Another chat's reminders are its own.
    expect((await threadTurn(acme, 6, "list my reminders", "45")).reply).toBe(
      "No reminders are set in this chat.",
    );

    const cancelled = await threadTurn(acme, 7, "cancel the reminder about Jonas", "44");
    expect(cancelled.reply).toBe("Cancelled the reminder:\n• 2027-03-02 11:00: call Jonas Berger");
    expect(await reminderTimers("44")).toEqual([Date.parse("2027-03-05T10:00:00Z")]);

    vi.setSystemTime(Date.parse("2027-03-05T10:01:00Z"));
    await runDurableObjectAlarm(stub("44"));
    expect(await sentReminders("44")).toEqual(["⏰ Reminder: renew the domain"]);
    const models = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE tenant_id = 'acme' AND action LIKE 'model.%' AND action != 'model.t0'",
    ).first<{ n: number }>();
    expect(models?.n).toBe(0);
  });
});
