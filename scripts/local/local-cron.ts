/**
 * Cron triggers on this machine. `wrangler dev` never fires a Worker's cron triggers by itself;
 * it only offers a route that runs the scheduled handler once (`/cdn-cgi/local/scheduled`). So
 * `npm start` reads the crons from wrangler.toml and calls that route on their schedule, and the
 * self-healing sweep (workers/scheduled.ts) runs locally as it does in production.
 */
import { Cron } from "croner";
import { parse as parseToml } from "smol-toml";

/** The route wrangler dev serves to run the scheduled handler (miniflare's `SCHEDULED`). */
export const LOCAL_SCHEDULED_PATH = "/cdn-cgi/local/scheduled";

/** The cron expressions of `[triggers] crons` in wrangler.toml (none: an empty list). */
export function cronsOf(wranglerToml: string): string[] {
  const config = parseToml(wranglerToml) as { triggers?: { crons?: unknown } };
  const crons = config.triggers?.crons;
  if (crons === undefined) return [];
  if (!Array.isArray(crons) || !crons.every((cron) => typeof cron === "string"))
    throw new Error("wrangler.toml: [triggers] crons must be a list of cron expressions");
  for (const cron of crons) {
    // Croner throws on an expression it cannot read; say which one.
    try {
      new Cron(cron, { timezone: "UTC", paused: true });
    } catch (error) {
      throw new Error(`wrangler.toml: cron "${cron}" is not valid: ${(error as Error).message}`);
    }
  }
  return crons;
}

/** When each cron fires next after `from` (UTC, as Cloudflare runs them). */
export function nextFire(cron: string, from: Date): Date | null {
  return new Cron(cron, { timezone: "UTC", paused: true }).nextRun(from);
}

export interface LocalCronDeps {
  baseUrl: string;
  fetch: typeof fetch;
  log: (line: string) => void;
}

/** Runs the scheduled handler for one cron through wrangler dev; a failure is logged, never thrown. */
export async function fireScheduled(deps: LocalCronDeps, cron: string, at: Date): Promise<boolean> {
  const url = `${deps.baseUrl}${LOCAL_SCHEDULED_PATH}?cron=${encodeURIComponent(cron)}&time=${at.getTime()}`;
  try {
    const response = await deps.fetch(url);
    if (response.ok) return true;
    deps.log(`cron ${cron}: the scheduled handler answered ${response.status}`);
  } catch (error) {
    deps.log(`cron ${cron}: wrangler dev did not answer (${(error as Error).message})`);
  }
  return false;
}

/** Fires every cron on its schedule until stopped; one run of a cron at a time. */
export function startLocalCron(deps: LocalCronDeps, crons: readonly string[]): { stop(): void } {
  const jobs = crons.map(
    (cron) =>
      new Cron(cron, { timezone: "UTC", protect: true }, async (job: Cron) => {
        await fireScheduled(deps, cron, job.currentRun() ?? new Date());
      }),
  );
  return {
    stop() {
      for (const job of jobs) job.stop();
    },
  };
}
