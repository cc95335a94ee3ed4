/**
 * The schedules table multiplexed onto the one Durable Object alarm: idempotent keys, the alarm
 * armed for the earliest timer, retries with back-off, and a poisoned timer dropped.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MAX_ATTEMPTS, Schedules } from "../../durable-objects/schedules";

// Alarms in the past are delivered at once, so the timers here sit in the future.
const T = Date.now() + 60 * 60_000;
const stub = () => env.CONTEXT_THREAD.get(env.CONTEXT_THREAD.idFromName("sched:test"));

describe("Schedules", () => {
  it("keeps one timer per key and arms the alarm for the earliest", async () => {
    await runInDurableObject(stub(), async (_instance, state) => {
      const timers = new Schedules(state.storage.sql, state.storage);
      await timers.put("a", "kind.a", T + 5_000, { n: 1 });
      await timers.put("b", "kind.b", T + 3_000, null);
      await timers.put("a", "kind.a", T + 9_000, { n: 2 });
      expect(timers.list().map((row) => [row.key, row.dueAt])).toEqual([
        ["b", T + 3_000],
        ["a", T + 9_000],
      ]);
      expect(await state.storage.getAlarm()).toBe(T + 3_000);
      await timers.cancel("b");
      expect(await state.storage.getAlarm()).toBe(T + 9_000);
      await timers.cancel("a");
      expect(await state.storage.getAlarm()).toBeNull();
    });
  });

  it("runs what is due, keeps unknown kinds, retries a failure with back-off and drops a poisoned timer", async () => {
    await runInDurableObject(stub(), async (_instance, state) => {
      const timers = new Schedules(state.storage.sql, state.storage);
      const ran: string[] = [];
      await timers.put("ok", "good", T + 100, null);
      await timers.put("later", "good", T + 10_000_000, null);
      await timers.put("mystery", "from.the.future", T + 100, null);
      await timers.put("bad", "bad", T + 100, null);
      const handlers = {
        good: async (row: { key: string }) => void ran.push(row.key),
        bad: async () => {
          throw new Error("boom");
        },
      };
      expect(await timers.runDue(T + 1_000, handlers)).toBe(1);
      expect(ran).toEqual(["ok"]);
      expect(timers.get("bad")).toMatchObject({ attempts: 1, dueAt: T + 3_000 });
      expect(timers.get("mystery")).toBeDefined();
      // Each retry waits longer (capped at five minutes); run each once it is due.
      for (let i = 1; i < MAX_ATTEMPTS; i++) await timers.runDue(T + i * 10 * 60_000, { bad: handlers.bad });
      expect(timers.get("bad")).toBeUndefined();
      expect(timers.get("later")).toBeDefined();
    });
  });
});
