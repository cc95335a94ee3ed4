import { describe, expect, it } from "vitest";
import {
  answerDeterministically,
  type DeterministicContext,
} from "../../../kernel/routing/deterministic-handlers";
import { parseReminderTime } from "../../../kernel/routing/reminder-time";
import { routeTask } from "../../../kernel/routing/router";

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
    // A bare hour from 1 to 6 is the afternoon: nobody at work means 3 in the morning.
    ["ring the glazier at 3", "2026-11-25T15:00:00Z", "at 3"],
    ["order the skip thursday 8am", "2026-11-26T08:00:00Z", "thursday 8am"],
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
  listReminders: async () => [],
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

describe("T0 in the words other people use", () => {
  const route = (text: string) => routeTask({ agentRole: "sales", text }, { limits: { maxTier: 4 } });

  it("reads a reminder with its time first, and still declines one whose time it cannot read", async () => {
    for (const [text, due, what] of [
      ["remind me at 4 to call the scaffolders back", "2026-11-25T16:00:00Z", "call the scaffolders back"],
      ["remind me tomorrow at 8 about the Keller deposit", "2026-11-26T08:00:00Z", "the Keller deposit"],
      ["remind us monday 9am to order the tiles", "2026-11-30T09:00:00Z", "order the tiles"],
      // The time is the one said first; "tomorrow" after it belongs to the subject.
      ["remind me at 3 to call Anna tomorrow", "2026-11-25T15:00:00Z", "call Anna tomorrow"],
    ] as const) {
      expect(route(text).features.handler, text).toBe("reminder");
      expect(await answerDeterministically("reminder", text, context), text).toMatchObject({
        kind: "answered",
        effects: [{ type: "schedule_reminder", text: what, dueAt: utc(due) }],
      });
    }
    const unreadable = "remind me at some point to call the scaffolders";
    expect((await answerDeterministically("reminder", unreadable, context)).kind).toBe("declined");
  });

  it("knows more ways to ask a record's status or the task list", () => {
    expect(route("has PO-7781 arrived yet?").features.handler).toBe("status_query");
    expect(route("has the Okafor retainer INV-5120 cleared?").features.handler).toBe("status_query");
    expect(route("any news on ticket T-311?").features.handler).toBe("status_query");
    expect(route("any follow-ups due today?").features.handler).toBe("task_list");
    expect(route("any tasks for me today").features.handler).toBe("task_list");
    // Anything more than the status is work for a model.
    expect(route("has PO-7781 arrived and is everything in it?").tier).toBeGreaterThan(0);
  });

  it("takes a thank-you in other words as an acknowledgement, but not one that asks for more", () => {
    for (const text of ["ta, that sorted it", "much appreciated mate", "lovely, that's just what I needed"])
      expect(route(text).features.handler, text).toBe("acknowledgement");
    expect(route("thanks, that fixed it, can you do the same for Jana?").tier).toBeGreaterThan(0);
    expect(route("nice one, now send it to the client").tier).toBeGreaterThan(0);
  });
});

describe("listing and cancelling reminders at T0", () => {
  const reminders = [
    { key: "reminder:a", text: "call Jonas Berger", dueAt: utc("2026-11-26T11:00:00Z") },
    {
      key: "reminder:b",
      text: "refresh the KPI dashboard",
      dueAt: utc("2026-11-30T08:00:00Z"),
      recurrence: { every: "week" as const, weekday: 1 },
    },
    { key: "reminder:c", text: "call the KPI vendor", dueAt: utc("2026-12-01T09:00:00Z") },
  ];
  const withReminders: DeterministicContext = {
    ...context,
    utcOffsetMinutes: 60,
    listReminders: async () => reminders,
  };
  const answer = async (text: string, ctx = withReminders) => {
    const decision = routeTask({ agentRole: "operations", text }, { limits: { maxTier: 4 } });
    expect(decision.tier, text).toBe(0);
    expect(decision.features.handler, text).toBe("reminder");
    return answerDeterministically("reminder", text, ctx);
  };

  it("lists this chat's reminders, numbered, in the tenant's time", async () => {
    expect(await answer("list my reminders")).toEqual({
      kind: "answered",
      text: [
        "Reminders in this chat (3):",
        "1. 2026-11-26 12:00: call Jonas Berger",
        "2. 2026-11-30 09:00, repeating every week: refresh the KPI dashboard",
        "3. 2026-12-01 10:00: call the KPI vendor",
        'To cancel one: "cancel reminder 1".',
      ].join("\n"),
      effects: [],
    });
    expect((await answer("What reminders do I have?")).kind).toBe("answered");
    expect(await answer("show reminders", context)).toMatchObject({
      text: "No reminders are set in this chat.",
    });
  });

  it("cancels by number, by words of the text, or all", async () => {
    expect(await answer("cancel reminder 2")).toEqual({
      kind: "answered",
      text: "Cancelled reminder 2:\n• 2026-11-30 09:00, repeating every week: refresh the KPI dashboard",
      effects: [{ type: "cancel_reminder", key: "reminder:b" }],
    });
    expect(await answer("delete the reminder about Jonas")).toMatchObject({
      effects: [{ type: "cancel_reminder", key: "reminder:a" }],
    });
    expect(await answer("clear all reminders")).toMatchObject({
      effects: [
        { type: "cancel_reminder", key: "reminder:a" },
        { type: "cancel_reminder", key: "reminder:b" },
        { type: "cancel_reminder", key: "reminder:c" },
      ],
    });
  });

  it("cancels nothing it cannot name exactly, and says why", async () => {
    expect(await answer("cancel reminder 7")).toEqual({
      kind: "answered",
      text: 'There is no reminder 7; this chat has 3. Say "list my reminders" to see them.',
      effects: [],
    });
    expect(await answer("cancel the reminder about KPI")).toEqual({
      kind: "answered",
      text: '2 reminders are about "KPI"; cancel one by its number:\n2. 2026-11-30 09:00, repeating every week: refresh the KPI dashboard\n3. 2026-12-01 10:00: call the KPI vendor',
      effects: [],
    });
    expect(await answer("cancel the reminder about payroll")).toMatchObject({
      text: 'No reminder in this chat is about "payroll".',
      effects: [],
    });
  });

  it("leaves task questions to the task list and longer requests to a model", async () => {
    const limits = { limits: { maxTier: 4 as const } };
    expect(routeTask({ agentRole: "operations", text: "list my open tasks" }, limits).features.handler).toBe(
      "task_list",
    );
    const longer = routeTask(
      {
        agentRole: "operations",
        text: "cancel the reminder about Jonas and email him that the call moves to Friday",
      },
      limits,
    );
    expect(longer.tier).toBeGreaterThan(0);
  });
});
