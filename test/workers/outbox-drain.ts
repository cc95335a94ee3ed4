import { env } from "cloudflare:workers";
import { expect, vi } from "vitest";

/**
 * Waits until the outbound queue has delivered every pending outbox row: a test file that
 * closes its network fake first would otherwise let late sends reach the real network.
 */
export async function drainOutbox(timeout = 15_000): Promise<void> {
  await vi.waitFor(
    async () => {
      const pending = await env.DB.prepare(
        "SELECT count(*) AS n FROM outbox WHERE status = 'pending'",
      ).first<{ n: number }>();
      expect(pending?.n).toBe(0);
    },
    { timeout, interval: 200 },
  );
}
