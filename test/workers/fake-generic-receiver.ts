/**
 * A fake of the tenant's callback receiver for the generic webhook, at the HTTP boundary (MSW),
 * behaving as docs/channels/webhook.md asks a receiver to: it checks the signature and the
 * timestamp window with the shared secret, refuses a body without the documented fields, drops a
 * repeated Idempotency-Key (answering as the first time), answers a message with its `messageId`,
 * and can be told to fail the next calls with a 429 (with Retry-After) or a 5xx.
 */
import { HttpResponse, http } from "msw";
import { verifyWebhookSignature } from "../../channels/generic/signature";
import { setupFetchNetwork } from "./msw-network";

export interface ReceivedCallback {
  id: string;
  type: "message" | "edit" | "button_answer";
  conversation?: string;
  text: string;
  buttons?: Array<Array<{ text: string; data: string }>>;
  messageId?: string;
  button?: string;
  /** The id the receiver answered a message with. */
  assignedId?: string;
}

export function createFakeWebhookReceiver(url: string, secret: string) {
  const accepted: ReceivedCallback[] = [];
  const seen = new Map<string, string | undefined>();
  const refused: Array<{ status: number; reason: string }> = [];
  /** Failures for the next callbacks to one conversation, oldest first. */
  const failures = new Map<
    string,
    Array<{ status: number; retryAfter?: string; afterAccepting?: boolean }>
  >();
  const attempts = new Map<string, string[]>();

  const refuse = (status: number, reason: string) => {
    refused.push({ status, reason });
    return HttpResponse.json({ error: reason }, { status });
  };

  const handler = http.post(url, async ({ request }) => {
    const raw = await request.text();
    const check = await verifyWebhookSignature({
      secret,
      timestamp: request.headers.get("X-Cairn-Timestamp"),
      signature: request.headers.get("X-Cairn-Signature"),
      rawBody: raw,
      nowSeconds: Math.floor(Date.now() / 1000),
    });
    if (!check.ok) return refuse(401, check.reason);
    if (request.headers.get("content-type") !== "application/json") return refuse(415, "expected JSON");
    const body = JSON.parse(raw) as ReceivedCallback;
    const key = request.headers.get("idempotency-key");
    if (!key || key !== body.id) return refuse(400, "Idempotency-Key must equal the body's id");
    if (!["message", "edit", "button_answer"].includes(body.type) || typeof body.text !== "string")
      return refuse(400, "unknown callback type or no text");
    const conversation = body.conversation ?? "";
    attempts.set(conversation, [...(attempts.get(conversation) ?? []), key]);
    const failure = failures.get(conversation)?.shift();
    if (failure && !failure.afterAccepting)
      return HttpResponse.json(
        { error: "failing as told" },
        { status: failure.status, headers: failure.retryAfter ? { "retry-after": failure.retryAfter } : {} },
      );
    if (seen.has(key)) return HttpResponse.json({ messageId: seen.get(key) });
    const messageId = body.type === "message" ? `m-${accepted.length + 1}` : undefined;
    seen.set(key, messageId);
    accepted.push({ ...body, ...(messageId ? { assignedId: messageId } : {}) });
    // Handled, but the answer is lost on the way back: the sender sees only the failure.
    if (failure) return HttpResponse.json({ error: "lost answer" }, { status: failure.status });
    return HttpResponse.json(messageId ? { messageId } : {});
  });

  return {
    server: setupFetchNetwork(handler),
    handler,
    /** Callbacks the receiver accepted, in order, each once (retries with a seen key are not repeated). */
    accepted: () => accepted,
    messages: () => accepted.filter((c) => c.type === "message"),
    refused: () => refused,
    /** The Idempotency-Key of every signed, well-formed request for a conversation, failed ones included. */
    attemptsFor: (conversation: string) => attempts.get(conversation) ?? [],
    /** Handles the next callback to `conversation`, then answers it with `status`, as when the answer is lost. */
    acceptThenFailFor(conversation: string, status = 502) {
      const queue = failures.get(conversation) ?? [];
      queue.push({ status, afterAccepting: true });
      failures.set(conversation, queue);
    },
    /** Fails the next callback to `conversation` with `status` (and a Retry-After header). */
    failNextFor(conversation: string, status: number, retryAfter?: string) {
      const queue = failures.get(conversation) ?? [];
      queue.push({ status, ...(retryAfter ? { retryAfter } : {}) });
      failures.set(conversation, queue);
    },
  };
}
