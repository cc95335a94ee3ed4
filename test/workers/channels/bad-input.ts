/**
 * Bad input, the same for every webhook-native channel: what a platform (or anyone) may send that
 * Cairn must refuse or drop without storing or queueing anything. A refusal is 401/403 for
 * authentication, 413 for a body past the limit (before it is parsed), 415 for a media type the
 * platform never sends; a body that verifies but is of no use (not the platform's shape, an event
 * type Cairn does not handle) is acknowledged 2xx so the platform does not redeliver it forever.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { REQUEST_LIMITS } from "../../../kernel/request-limits";
import worker from "../../../workers/index";

export interface BadInputDriver {
  platform: string;
  /** A request to the platform's webhook, signed as the platform signs it. */
  signed(rawBody: string, options?: { contentType?: string }): Promise<Request>;
  /** The same request without its signature (or token) header. */
  unsigned(rawBody: string): Promise<Request>;
  /** The same request signed with another secret. */
  wrongSecret(rawBody: string): Promise<Request>;
  /** A well-formed body, for the requests above. */
  validBody: string;
  /** Bodies that pass verification but not the platform's schema, by what is wrong with them. */
  invalidBodies: Record<string, string>;
  /** A verified body whose event type Cairn does not handle. */
  unknownEvent: string;
}

/** Sends the request with an inbound queue that records instead of delivering. */
export async function sendRecorded(request: Request) {
  const enqueued: unknown[] = [];
  const queue = {
    send: async (body: unknown) => void enqueued.push(body),
    sendBatch: async (items: Array<{ body: unknown }>) => void enqueued.push(...items.map((i) => i.body)),
  };
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    request as Parameters<typeof worker.fetch>[0],
    { ...env, INBOUND_QUEUE: queue as unknown as Queue },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { response, enqueued };
}

export function badInputSuite(driver: BadInputDriver) {
  describe(`bad input: ${driver.platform}`, () => {
    it("queues a well-formed signed request (the baseline the refusals below differ from)", async () => {
      const { response, enqueued } = await sendRecorded(await driver.signed(driver.validBody));
      expect(response.status).toBe(200);
      expect(enqueued).toHaveLength(1);
    });

    it("refuses a request without its signature with 401, a wrong one with 403, and queues nothing", async () => {
      for (const [request, status] of [
        [await driver.unsigned(driver.validBody), 401],
        [await driver.wrongSecret(driver.validBody), 403],
      ] as const) {
        const { response, enqueued } = await sendRecorded(request);
        expect(response.status).toBe(status);
        expect(((await response.json()) as { error: string }).error).toMatch(/signature/i);
        expect(enqueued).toEqual([]);
      }
    });

    it("refuses a body past the limit with 413 before parsing it", async () => {
      const oversized = `{"pad":"${"x".repeat(REQUEST_LIMITS.webhookBodyBytes)}"}`;
      const { response, enqueued } = await sendRecorded(await driver.signed(oversized));
      expect(response.status).toBe(413);
      expect(enqueued).toEqual([]);
    });

    it("refuses a media type the platform never sends with 415", async () => {
      const request = await driver.signed(driver.validBody, { contentType: "text/plain" });
      const { response, enqueued } = await sendRecorded(request);
      expect(response.status).toBe(415);
      expect(((await response.json()) as { field: string }).field).toBe("content-type");
      expect(enqueued).toEqual([]);
    });

    it("acknowledges a verified body that fails the schema, logs why, and queues nothing", async () => {
      for (const [what, body] of Object.entries(driver.invalidBodies)) {
        const lines = vi.spyOn(console, "log");
        const { response, enqueued } = await sendRecorded(await driver.signed(body));
        const logged = lines.mock.calls.map((call) => String(call[0]));
        lines.mockRestore();
        expect(response.status, what).toBe(200);
        expect(enqueued, what).toEqual([]);
        expect(
          logged.some((line) => line.includes('"event":"webhook.ignored"') && line.includes('"reason"')),
          what,
        ).toBe(true);
      }
    });

    it("acknowledges a verified event of a type Cairn does not handle, and queues nothing", async () => {
      const { response, enqueued } = await sendRecorded(await driver.signed(driver.unknownEvent));
      expect(response.status).toBe(200);
      expect(enqueued).toEqual([]);
    });
  });
}
