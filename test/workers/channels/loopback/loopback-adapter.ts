/**
 * A test-only platform, "loopback": the smallest adapter that is a real one. Its wire format is
 * invented for the test; everything else goes through Cairn's own gateway, queues, ContextThread,
 * policy kernel, proposals and outbox. Registered by the test itself, it proves a new platform
 * needs its folder and the registry, and no other file.
 *
 * Webhook: POST /webhooks/loopback/:tenant, header X-Loopback-Secret, JSON
 *   { id, chat, from: { id, name }, text } or { id, chat, from, press: { message, data } }.
 * API (faked with MSW): POST <apiBase>/send {chat, text, buttons?} → {id};
 *   POST <apiBase>/edit {chat, message, text, buttons?}; POST <apiBase>/answer {press, text}.
 */
import { z } from "zod";
import type { ChannelAdapter } from "../../../../channels/adapter";
import { parseCommand } from "../../../../channels/commands";
import type { InboundMessage, OutboundPayload } from "../../../../channels/message";
import { ChannelSendError } from "../../../../channels/send-error";
import { secretMatchesDigest } from "../../../../kernel/digest";

export const LOOPBACK_SECRET_HEADER = "X-Loopback-Secret";

const EventSchema = z.object({
  id: z.string().min(1),
  chat: z.string().min(1),
  from: z.object({ id: z.string().min(1), name: z.string() }),
  text: z.string().default(""),
  press: z.object({ message: z.string(), data: z.string() }).optional(),
});

async function send(
  apiBase: string,
  token: string,
  method: string,
  body: unknown,
): Promise<string | undefined> {
  const response = await fetch(`${apiBase}/${method}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    const retryAfter = Number(response.headers.get("retry-after")) || undefined;
    throw new ChannelSendError(`loopback ${method} answered ${response.status}`, response.status, retryAfter);
  }
  return ((await response.json()) as { id?: string }).id;
}

function wire(payload: OutboundPayload): { method: string; body: unknown } {
  const buttons = (p: { buttons?: Array<Array<{ text: string; data: string }>> }) => p.buttons?.flat();
  if (payload.type === "callback_answer")
    return { method: "answer", body: { press: payload.callbackId, text: payload.text } };
  if (payload.type === "edit_message")
    return {
      method: "edit",
      body: {
        chat: payload.conversationId,
        message: payload.platformMessageId,
        text: payload.text,
        buttons: buttons(payload),
      },
    };
  return {
    method: "send",
    body: { chat: payload.conversationId, text: payload.text, buttons: buttons(payload) },
  };
}

/** A loopback platform named `platform`; `approvals: "text"` makes it a platform without buttons. */
export function loopbackPlatform(platform: string, approvals: ChannelAdapter["approvals"]): ChannelAdapter {
  return {
    platform,
    displayName: "Loopback",
    webhooks: {
      "": async (request, context) => {
        const secret = request.headers.get(LOOPBACK_SECRET_HEADER);
        if (!secret)
          return { kind: "rejected", status: 401, message: `missing ${LOOPBACK_SECRET_HEADER} header` };
        const channel = await context.channel();
        if (!channel || !(await secretMatchesDigest(secret, channel.webhookSecretHash ?? "0".repeat(64))))
          return { kind: "rejected", status: 403, message: "loopback secret does not match" };
        let json: unknown;
        try {
          json = JSON.parse(request.rawBody);
        } catch {
          return { kind: "rejected", status: 400, message: "body is not valid JSON", field: "(body)" };
        }
        const event = EventSchema.safeParse(json);
        if (!event.success) return { kind: "invalid", issues: event.error.issues };
        return {
          kind: "accepted",
          events: [{ kind: `${platform}.event`, event: event.data }],
          reply: { json: { ok: true } },
        };
      },
    },
    normalize(queued, ref, receivedAt) {
      const event = EventSchema.safeParse(queued.event);
      if (!event.success) return { ok: false, issue: event.error.issues[0]?.message ?? "invalid" };
      const { id, chat, from, text, press } = event.data;
      const inbound: InboundMessage = {
        ...ref,
        platform,
        conversationId: chat,
        sender: { id: from.id, name: from.name, isBot: false },
        text,
        platformMessageId: press ? press.message : id,
        dedupKey: `${platform}:${id}`,
        receivedAt,
        chatType: "private",
      };
      if (press) inbound.callback = { id, data: press.data };
      const command = parseCommand(text);
      if (command) inbound.command = command;
      return { ok: true, inbound };
    },
    threadKeys: (inbound) => ({
      own: `${platform}:${inbound.conversationId}:${inbound.platformMessageId}`,
      continues: [],
    }),
    botIdentity: async () => ({ ids: ["loopback-bot"], usernames: [] }),
    async route(channel, _payload, ports) {
      const token = await ports.openSecret(channel.credentialsSealed);
      const scope = `bot:${channel.id}`;
      return {
        sender: {
          limit: 2000,
          send: (part) => {
            const { method, body } = wire(part);
            return send(channel.config.apiBase, token, method, body);
          },
        },
        scopes: [scope],
        limitedScope: scope,
        pace: [],
      };
    },
    pacingDefaults: {},
    reactionDecision: () => undefined,
    approvals,
    connector: {
      body: z
        .object({
          agentId: z.string(),
          secret: z.string().min(16),
          token: z.string().min(8),
          apiBase: z.url(),
          approvers: z.array(z.string()).default([]),
        })
        .strict(),
      async connect(body) {
        const { agentId, secret, token, apiBase, approvers } = body as {
          agentId: string;
          secret: string;
          token: string;
          apiBase: string;
          approvers: string[];
        };
        return {
          agentId,
          webhookSecret: secret,
          credentials: token,
          config: { apiBase, approvers },
          answer: {},
        };
      },
    },
  };
}

export const loopbackAdapter = loopbackPlatform("loopback", "buttons");
