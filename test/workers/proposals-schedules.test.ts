/**
 * The schedules table multiplexed onto the one Durable Object alarm: idempotent keys, the alarm
 * armed for the earliest timer, retries with back-off, attempts counted before they run (so a
 * crash counts), and a timer out of attempts ended by its kind's give-up handler.
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

  it("counts an attempt before its handler runs, so one cut short by a crash counts too", async () => {
    await runInDurableObject(stub(), async (_instance, state) => {
      const timers = new Schedules(state.storage.sql, state.storage);
      await timers.put("crashy", "crashy", T + 100, { n: 1 });
      const seenDuring: number[] = [];
      await timers.runDue(T + 1_000, {
        crashy: async (row) => {
          // What a restarted object would read if the process died right here.
          seenDuring.push(new Schedules(state.storage.sql, state.storage).get("crashy")?.attempts ?? -1);
          seenDuring.push(row.attempts);
        },
      });
      expect(seenDuring).toEqual([1, 1]);
      expect(timers.get("crashy")).toBeUndefined();
    });
  });

  it("gives up a timer interrupted MAX_ATTEMPTS times without running it again, through its give-up handler", async () => {
    await runInDurableObject(stub(), async (_instance, state) => {
      const timers = new Schedules(state.storage.sql, state.storage);
      await timers.put("cut", "cut", T + 100, { job: "j1" });
      // Every earlier attempt was counted and never finished (the process died each time).
      state.storage.sql.exec("UPDATE schedules SET attempts = ? WHERE key = 'cut'", MAX_ATTEMPTS);
      const ran: string[] = [];
      const gaveUp: [string, unknown, string][] = [];
      await timers.runDue(
        T + 1_000,
        { cut: async (row) => void ran.push(row.key) },
        { cut: async (row, reason) => void gaveUp.push([row.key, row.payload, reason]) },
      );
      expect(ran).toEqual([]);
      expect(gaveUp).toEqual([
        ["cut", { job: "j1" }, `interrupted ${MAX_ATTEMPTS} times before it finished`],
      ]);
      expect(timers.get("cut")).toBeUndefined();
    });
  });

  it("hands the last error to the give-up handler, and drops the timer even when that handler fails", async () => {
    await runInDurableObject(stub(), async (_instance, state) => {
      const timers = new Schedules(state.storage.sql, state.storage);
      await timers.put("poison", "poison", T + 100, null);
      await timers.put("poison2", "poison2", T + 100, null);
      state.storage.sql.exec(
        "UPDATE schedules SET attempts = ? WHERE key IN ('poison', 'poison2')",
        MAX_ATTEMPTS - 1,
      );
      const reasons: string[] = [];
      const fail = async () => {
        throw new Error("D1 is down");
      };
      await timers.runDue(
        T + 1_000,
        { poison: fail, poison2: fail },
        {
          poison: async (_row, reason) => void reasons.push(reason),
          poison2: async () => {
            throw new Error("the channel is gone too");
          },
        },
      );
      expect(reasons).toEqual(["D1 is down"]);
      expect([timers.get("poison"), timers.get("poison2")]).toEqual([undefined, undefined]);
    });
  });

  it("keeps a timer its handler moved: the moved row starts its attempts again", async () => {
    await runInDurableObject(stub(), async (_instance, state) => {
      const timers = new Schedules(state.storage.sql, state.storage);
      await timers.put("again", "again", T + 100, null);
      await timers.runDue(T + 1_000, {
        again: async () => timers.put("again", "again", T + 5_000, { moved: true }),
      });
      expect(timers.get("again")).toMatchObject({ dueAt: T + 5_000, attempts: 0, payload: { moved: true } });
      await timers.cancel("again");
    });
  });
});
