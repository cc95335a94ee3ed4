import { describe, expect, it } from "vitest";
import {
  answerDeterministically,
  type DeterministicContext,
} from "../../../kernel/routing/deterministic-handlers.js";
import { parseReminderTime } from "../../../kernel/routing/reminder-time.js";
import { routeTask } from "../../../kernel/routing/router.js";

// Wednesday 25 November 2026, 10:00 UTC.
const NOW = Date.parse("2026-11-25T10:00:00Z");
const utc = (iso: string) => Date.parse(iso);

describe("reading reminder times", () => {
  it.each([
    ["call Anna tomorrow at 3pm", "2026-11-26T15:00:00Z", "tomorrow at 3pm"],
    ["renew the domain on Friday at 10am", "2026-11-27T10:00:00Z", "on Friday at 10am"],
    ["order toner tomorrow at 9", "2026-11-26T09:00:00Z", "tomorrow at 9"],
    ["stretch in 20 minutes", "2026-11-25T10:20:00Z", "in 20 minutes"],
    ["send the report by Friday", "2026-11-27T17:00:00Z", "by Friday"],
    ["check the alarm at 9", "2026-11-26T09:00:00Z", "at 9"],
    ["pay rent on the 1st", "2026-12-01T09:00:00Z", "on the 1st"],
    ["review the board notes next Wednesday", "2026-12-02T09:00:00Z", "next Wednesday"],
  ])("%s", (text, due, matched) => {
    expect(parseReminderTime(text, NOW, 0)).toEqual({ dueAt: utc(due), matched });
  });

  it("reads recurrences", () => {
    expect(parseReminderTime("submit blog ideas every Monday at 9", NOW, 0)).toEqual({
      dueAt: utc("2026-11-30T09:00:00Z"),
      recurrence: { every: "week", weekday: 1 },
      matched: "every Monday at 9",
    });
    expect(parseReminderTime("review the access list every month on the 1st", NOW, 0)?.recurrence).toEqual({
      every: "month",
      dayOfMonth: 1,
    });
    expect(parseReminderTime("water the plants every day at 8", NOW, 0)?.dueAt).toBe(
      utc("2026-11-26T08:00:00Z"),
    );
  });

  it("uses the tenant's UTC offset", () => {
    // 15:00 in CET (UTC+1) is 14:00 UTC.
    expect(parseReminderTime("call Anna tomorrow at 3pm", NOW, 60)?.dueAt).toBe(utc("2026-11-26T14:00:00Z"));
  });

  it("gives up instead of guessing", () => {
    expect(parseReminderTime("call Anna sometime soon", NOW, 0)).toBeUndefined();
    expect(parseReminderTime("call Anna tomorrow at 27:00", NOW, 0)).toBeUndefined();
  });
});

const context: DeterministicContext = {
  now: NOW,
  utcOffsetMinutes: 0,
  health: async () => ({ gateway: "ok", queue: "ok" }),
  lookupStatus: async (id) => (id === "INV-2291" ? { kind: "Invoice", status: "paid on 20 Nov" } : undefined),
  listOpenTasks: async () => [{ id: "t1", title: "Send VAT figures", due: "Fri" }],
};

describe("T0 handlers", () => {
  it("answers the messages the router sends to T0, without a model", async () => {
    const answer = async (text: string) => {
      const decision = routeTask({ agentRole: "finance", text }, { limits: { maxTier: 4 } });
      expect(decision.tier).toBe(0);
      return answerDeterministically(decision.features.handler!, text, context);
    };
    expect(await answer("ping")).toMatchObject({
      kind: "answered",
      text: "All systems are up (gateway, queue).",
    });
    expect(await answer("Has invoice INV-2291 been paid?")).toMatchObject({
      text: "Invoice INV-2291: paid on 20 Nov.",
    });
    expect(await answer("list my open tasks")).toMatchObject({
      text: "Open tasks (1):\n• Send VAT figures (due Fri) [t1]",
    });
    expect(await answer("thanks!")).toEqual({ kind: "answered", text: "👍", effects: [] });
    expect(await answer("Remind me to send the VAT figures to Petra on Friday at 9am")).toEqual({
      kind: "answered",
      text: "Reminder set for 2026-11-27 09:00: send the VAT figures to Petra.",
      effects: [
        {
          type: "schedule_reminder",
          text: "send the VAT figures to Petra",
          dueAt: utc("2026-11-27T09:00:00Z"),
          audience: "me",
        },
      ],
    });
  });

  it("reports unhealthy components", async () => {
    const degraded = { ...context, health: async () => ({ gateway: "ok", queue: "backlog of 900" }) };
    expect(await answerDeterministically("health_check", "ping", degraded)).toMatchObject({
      text: "Not everything is healthy: queue is backlog of 900.",
    });
  });

  it("declines what it cannot answer, so the cascade can hand it to T1", async () => {
    expect(
      await answerDeterministically("status_query", "What's the status of ticket #999?", context),
    ).toEqual({
      kind: "declined",
      reason: "no record 999 found",
    });
    expect(
      await answerDeterministically("reminder", "Set a reminder for the team to celebrate soon", context),
    ).toMatchObject({
      kind: "declined",
    });
  });
});
