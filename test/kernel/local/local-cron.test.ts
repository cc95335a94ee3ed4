/**
 * `npm start` fires wrangler.toml's cron triggers through wrangler dev's scheduled route, because
 * wrangler dev never does (issue: the sweep never ran locally). These check the parts that decide
 * what runs and when; scripts/start.ts only wires them to the running dev server.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  cronsOf,
  fireScheduled,
  LOCAL_SCHEDULED_PATH,
  nextFire,
  startLocalCron,
} from "../../../scripts/local/local-cron";

const ROOT = path.resolve(__dirname, "../../..");

function recordingFetch(answer: () => Promise<Response>) {
  const urls: string[] = [];
  const fetch = (async (input: string | URL | Request) => {
    urls.push(String(input));
    return answer();
  }) as typeof globalThis.fetch;
  return { urls, fetch };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("local cron triggers", () => {
  it("reads the crons the deployment has from wrangler.toml", () => {
    expect(cronsOf(readFileSync(path.join(ROOT, "wrangler.toml"), "utf8"))).toEqual(["*/5 * * * *"]);
  });

  it("has nothing to fire without a [triggers] table", () => {
    expect(cronsOf('name = "x"\n')).toEqual([]);
  });

  it("names a cron it cannot read", () => {
    expect(() => cronsOf('[triggers]\ncrons = ["*/5 * * *  banana"]\n')).toThrow(
      /cron "\*\/5 \* \* \* {2}banana"/,
    );
    expect(() => cronsOf("[triggers]\ncrons = 5\n")).toThrow(/must be a list/);
  });

  it("knows when a five-minute cron fires next, in UTC", () => {
    expect(nextFire("*/5 * * * *", new Date("2026-12-07T12:03:10Z"))?.toISOString()).toBe(
      "2026-12-07T12:05:00.000Z",
    );
  });

  it("calls wrangler dev's scheduled route with the cron and the scheduled time", async () => {
    const { urls, fetch } = recordingFetch(async () => new Response("ok"));
    const at = new Date("2026-12-07T12:05:00Z");
    const fired = await fireScheduled(
      { baseUrl: "http://127.0.0.1:8787", fetch, log: () => {} },
      "*/5 * * * *",
      at,
    );
    expect(fired).toBe(true);
    expect(urls).toEqual([
      `http://127.0.0.1:8787${LOCAL_SCHEDULED_PATH}?cron=*%2F5%20*%20*%20*%20*&time=${at.getTime()}`,
    ]);
  });

  it("logs a failed run or an unreachable server instead of throwing", async () => {
    const lines: string[] = [];
    const failing = recordingFetch(async () => new Response("exception", { status: 500 }));
    expect(
      await fireScheduled(
        { baseUrl: "http://x", fetch: failing.fetch, log: (l) => lines.push(l) },
        "0 * * * *",
        new Date(),
      ),
    ).toBe(false);
    const down = recordingFetch(async () => {
      throw new TypeError("fetch failed");
    });
    expect(
      await fireScheduled(
        { baseUrl: "http://x", fetch: down.fetch, log: (l) => lines.push(l) },
        "0 * * * *",
        new Date(),
      ),
    ).toBe(false);
    expect(lines).toEqual([
      "cron 0 * * * *: the scheduled handler answered 500",
      "cron 0 * * * *: wrangler dev did not answer (fetch failed)",
    ]);
  });

  it("fires each cron on its schedule until stopped", async () => {
    vi.useFakeTimers({ now: new Date("2026-12-07T12:03:00Z") });
    const { urls, fetch } = recordingFetch(async () => new Response("ok"));
    const cron = startLocalCron({ baseUrl: "http://x", fetch, log: () => {} }, ["*/5 * * * *"]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(urls).toEqual([]);
    await vi.advanceTimersByTimeAsync(60_000); // 12:05
    expect(urls).toHaveLength(1);
    expect(urls[0]).toContain(`time=${Date.parse("2026-12-07T12:05:00Z")}`);
    await vi.advanceTimersByTimeAsync(5 * 60_000); // 12:10
    expect(urls).toHaveLength(2);
    cron.stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(urls).toHaveLength(2);
  });
});
