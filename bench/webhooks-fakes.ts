/**
 * The bench's stand-in for api.telegram.org and slack.com/api on 127.0.0.1: one HTTP server that
 * answers sendMessage and chat.postMessage as the platforms do (checking the bot token) and
 * counts every send by the update it answers — Telegram by chat id (one chat per update), Slack
 * by thread_ts (one thread per event) — so the bench can count lost and duplicated messages.
 */
import { createServer, type Server } from "node:http";

export interface SendCounts {
  telegram: Map<string, number>;
  slack: Map<string, number>;
  rejected: number;
  total(): number;
}

export function startPlatformFakes(
  port: number,
  tokens: { telegram: string; slack: string },
): Promise<{ server: Server; counts: SendCounts }> {
  let messageId = 1;
  const counts: SendCounts = {
    telegram: new Map(),
    slack: new Map(),
    rejected: 0,
    total() {
      let n = 0;
      for (const v of this.telegram.values()) n += v;
      for (const v of this.slack.values()) n += v;
      return n;
    },
  };
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const json = (status: number, body: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      };
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      } catch {
        counts.rejected++;
        return json(400, { ok: false, error_code: 400, description: "Bad Request: invalid JSON" });
      }
      const telegram = /^\/bot([^/]+)\/sendMessage$/.exec(request.url ?? "");
      if (telegram) {
        if (telegram[1] !== tokens.telegram || body.chat_id === undefined || typeof body.text !== "string") {
          counts.rejected++;
          return json(400, { ok: false, error_code: 400, description: "Bad Request" });
        }
        bump(counts.telegram, String(body.chat_id));
        return json(200, {
          ok: true,
          result: {
            message_id: messageId++,
            date: Math.floor(Date.now() / 1000),
            chat: { id: body.chat_id, type: "private" },
            text: body.text,
          },
        });
      }
      if (request.url === "/api/chat.postMessage") {
        if (request.headers.authorization !== `Bearer ${tokens.slack}` || typeof body.channel !== "string") {
          counts.rejected++;
          return json(200, { ok: false, error: "invalid_auth" });
        }
        bump(counts.slack, String(body.thread_ts ?? "(top level)"));
        return json(200, {
          ok: true,
          channel: body.channel,
          ts: `1764${String(messageId++).padStart(6, "0")}.000100`,
        });
      }
      counts.rejected++;
      return json(404, { ok: false, error_code: 404, description: "Not Found" });
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve({ server, counts }));
  });
}
