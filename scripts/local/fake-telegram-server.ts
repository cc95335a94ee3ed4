/**
 * A stand-in for api.telegram.org on 127.0.0.1, for the demo and the browser tests: it answers
 * sendMessage and answerCallbackQuery as Telegram does and hands every call to a listener, so the
 * demo can show what the bot said (and a test can read a sign-in code) without a network or a
 * real bot. One server may play several bots (one per tenant): each call names its token.
 */
import { createServer, type Server } from "node:http";

export interface BotCall {
  /** The bot token the call came with. */
  token: string;
  method: string;
  body: Record<string, unknown>;
  /** The id the fake gave a sent message, as Telegram would. */
  messageId?: number;
}

export function startFakeTelegram(
  port: number,
  botToken: string | readonly string[],
  onCall: (call: BotCall) => void,
): Promise<Server> {
  const tokens: readonly string[] = typeof botToken === "string" ? [botToken] : botToken;
  let nextMessageId = 5000;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(request.url ?? "");
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      };
      const token = match?.[1] ?? "";
      if (!match || !tokens.includes(token))
        return reply(401, { ok: false, error_code: 401, description: "Unauthorized" });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return reply(400, { ok: false, error_code: 400, description: "Bad Request: invalid JSON" });
      }
      const method = match[2]!;
      if (method === "sendMessage") {
        if (body.chat_id === undefined)
          return reply(400, { ok: false, error_code: 400, description: "Bad Request: chat_id is empty" });
        if (typeof body.text !== "string" || body.text === "")
          return reply(400, {
            ok: false,
            error_code: 400,
            description: "Bad Request: message text is empty",
          });
        if (body.text.length > 4096)
          return reply(400, { ok: false, error_code: 400, description: "Bad Request: message is too long" });
        const messageId = nextMessageId++;
        onCall({ token, method, body, messageId });
        return reply(200, {
          ok: true,
          result: {
            message_id: messageId,
            date: Math.floor(Date.now() / 1000),
            chat: { id: body.chat_id, type: "private" },
            text: body.text,
          },
        });
      }
      onCall({ token, method, body });
      return reply(200, { ok: true, result: true });
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}
