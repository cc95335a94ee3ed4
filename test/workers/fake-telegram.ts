/**
 * A fake Telegram Bot API at the HTTP boundary (MSW). It checks every request Cairn sends —
 * bot token, method, required fields, limits — answers like Telegram does, and can be told to
 * fail the next calls with a 429 (with retry_after) or a 5xx.
 */
import { HttpResponse, http } from "msw";
import { setupFetchNetwork } from "./msw-network";

export interface SentCall {
  method: string;
  body: Record<string, unknown>;
  /** When the call arrived (ms), for tests of pacing. */
  at: number;
  /** The message_id Telegram answered a sendMessage with, for exact checks of what was stored. */
  messageId?: number;
}

/** Every request that reached the fake with a known token, with what it was answered. */
export interface ReceivedRequest {
  method: string;
  at: number;
  status: number;
}

/** Telegram's limit on an inline button's callback_data, in bytes (Bot API, InlineKeyboardButton). */
export const CALLBACK_DATA_MAX_BYTES = 64;

/** The 400 description Telegram gives a malformed inline keyboard, or null when it is well formed. */
function keyboardError(markup: unknown): string | null {
  if (markup === undefined) return null;
  const keyboard = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (!Array.isArray(keyboard) || keyboard.some((row) => !Array.isArray(row)))
    return 'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays';
  for (const button of keyboard.flat() as Array<{ text?: unknown; callback_data?: unknown }>) {
    if (typeof button.text !== "string" || button.text === "")
      return "Bad Request: text buttons are unallowed";
    const data = button.callback_data;
    if (typeof data !== "string") return "Bad Request: BUTTON_DATA_INVALID";
    const bytes = new TextEncoder().encode(data).length;
    if (bytes < 1 || bytes > CALLBACK_DATA_MAX_BYTES) return "Bad Request: BUTTON_DATA_INVALID";
  }
  return null;
}

const BOT_URL = /^https:\/\/api\.telegram\.org\/bot([^/]+)\/([A-Za-z]+)$/;

/** One bot, or several (one per tenant) served by the same fake. */
export function createFakeTelegram(botToken: string | readonly string[]) {
  const tokens: readonly string[] = typeof botToken === "string" ? [botToken] : botToken;
  const calls: SentCall[] = [];
  const received: ReceivedRequest[] = [];
  const failures: Array<{ status: number; retryAfter?: number }> = [];
  /** Failures scheduled for the n-th request from now (0 = the next one). */
  const scheduled = new Map<number, number>();
  let requestCount = 0;
  let nextMessageId = 1000;

  const error = (status: number, description: string, retryAfter?: number) =>
    HttpResponse.json(
      {
        ok: false,
        error_code: status,
        description,
        ...(retryAfter ? { parameters: { retry_after: retryAfter } } : {}),
      },
      { status },
    );

  const handler = http.post(BOT_URL, async ({ request }) => {
    const [, token, method] = BOT_URL.exec(request.url) ?? [];
    if (!token || !tokens.includes(token)) return error(401, "Unauthorized");
    const response = await answer(method ?? "", request);
    received.push({ method: method ?? "", at: Date.now(), status: response.status });
    return response;
  });

  async function answer(method: string, request: { headers: Headers; json(): Promise<unknown> }) {
    if (request.headers.get("content-type") !== "application/json")
      return error(400, "Bad Request: expected JSON");
    const body = (await request.json()) as Record<string, unknown>;
    const scheduledStatus = scheduled.get(requestCount);
    scheduled.delete(requestCount);
    requestCount++;
    const failure = scheduledStatus ? { status: scheduledStatus } : failures.shift();
    if (failure) {
      return failure.status === 429
        ? error(429, `Too Many Requests: retry after ${failure.retryAfter}`, failure.retryAfter)
        : error(failure.status, "Internal Server Error");
    }
    if (method === "sendMessage") {
      const text = body.text;
      if (body.chat_id === undefined) return error(400, "Bad Request: chat_id is empty");
      if (typeof text !== "string" || text.length === 0)
        return error(400, "Bad Request: message text is empty");
      if (text.length > 4096) return error(400, "Bad Request: message is too long");
      const badKeyboard = keyboardError(body.reply_markup);
      if (badKeyboard) return error(400, badKeyboard);
      const messageId = nextMessageId++;
      calls.push({ method, body, at: Date.now(), messageId });
      return HttpResponse.json({
        ok: true,
        result: {
          message_id: messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(body.chat_id), type: "private" },
          from: { id: 123456, is_bot: true, first_name: "Cairn" },
          text,
        },
      });
    }
    if (method === "editMessageText") {
      if (body.chat_id === undefined) return error(400, "Bad Request: chat_id is empty");
      if (typeof body.message_id !== "number")
        return error(400, "Bad Request: message identifier is not specified");
      if (typeof body.text !== "string" || body.text.length === 0)
        return error(400, "Bad Request: message text is empty");
      if (body.text.length > 4096) return error(400, "Bad Request: MESSAGE_TOO_LONG");
      const badKeyboard = keyboardError(body.reply_markup);
      if (badKeyboard) return error(400, badKeyboard);
      calls.push({ method, body, at: Date.now() });
      return HttpResponse.json({
        ok: true,
        result: {
          message_id: body.message_id,
          date: Math.floor(Date.now() / 1000),
          edit_date: Math.floor(Date.now() / 1000),
          chat: { id: Number(body.chat_id), type: "private" },
          text: body.text,
        },
      });
    }
    if (method === "answerCallbackQuery") {
      if (typeof body.callback_query_id !== "string")
        return error(400, "Bad Request: query is too old or invalid");
      calls.push({ method, body, at: Date.now() });
      return HttpResponse.json({ ok: true, result: true });
    }
    return error(404, "Not Found: method not found");
  }

  return {
    server: setupFetchNetwork(handler),
    calls,
    /** Every request with the right token, failed and refused ones included, with its arrival time. */
    received,
    sentMessages: () => calls.filter((call) => call.method === "sendMessage").map((call) => call.body),
    /** Requests that reached the API with the right token and content type, failed ones included. */
    requestsReceived: () => requestCount,
    /** Fails the request `later` requests from now (0 = the next) with a 5xx. */
    failLater(later: number, status: number) {
      scheduled.set(requestCount + later, status);
    },
    failNext(status: number, retryAfter?: number) {
      failures.push({ status, ...(retryAfter ? { retryAfter } : {}) });
    },
  };
}
