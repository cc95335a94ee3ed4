/**
 * Proactive send pacing: which rate rules hold back one outbound payload, so Cairn stays under
 * the platforms' limits instead of learning them from a 429. A rule is "at most `limit` sends in
 * any `windowMs`" for one scope; the Tenant Durable Object counts them (durable-objects/tenant/
 * send-pacer.ts), so every isolate of the outbound consumer sees the same counts.
 *
 * Defaults are the platforms' documented numbers:
 * - Telegram (Bot FAQ, "My bot is hitting limits"): about one message per second in one chat,
 *   no more than 20 messages per minute to one group, about 30 messages per second in total.
 * - Slack (Web API rate limits): chat.postMessage about one message per second per channel;
 *   chat.update is a Tier 3 method, 50+ per minute per workspace. The workspace-wide limit of
 *   chat.postMessage is not published, so it is off unless configured.
 * Each channel may override them in `config.pacing` (PATCH /api/channels/:id).
 */
import { z } from "zod";
import type { OutboundPayload } from "./message";

export const PaceLimitSchema = z
  .object({
    limit: z.number().int().min(1).max(10_000),
    windowMs: z.number().int().min(100).max(3_600_000),
  })
  .strict();
export type PaceLimit = z.infer<typeof PaceLimitSchema>;

export const DEFAULT_PACING = {
  telegram: {
    perChat: { limit: 1, windowMs: 1_000 },
    perGroup: { limit: 20, windowMs: 60_000 },
    perBot: { limit: 30, windowMs: 1_000 },
  },
  slack: {
    perChannel: { limit: 1, windowMs: 1_000 },
    updatesPerWorkspace: { limit: 50, windowMs: 60_000 },
  },
} as const;

/** Every field optional: what is set replaces that default; `null` switches a rule off. */
export const PacingConfigSchema = z
  .object({
    telegram: z
      .object({
        perChat: PaceLimitSchema.nullable().optional(),
        perGroup: PaceLimitSchema.nullable().optional(),
        perBot: PaceLimitSchema.nullable().optional(),
      })
      .strict()
      .optional(),
    slack: z
      .object({
        perChannel: PaceLimitSchema.nullable().optional(),
        updatesPerWorkspace: PaceLimitSchema.nullable().optional(),
        postsPerWorkspace: PaceLimitSchema.nullable().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type PacingConfig = z.infer<typeof PacingConfigSchema>;

export interface PaceRule extends PaceLimit {
  /** What the limit counts: `chat:<channel>:<conversation>`, `bot:<channel>`, … */
  scope: string;
}

function pick(configured: PaceLimit | null | undefined, fallback: PaceLimit | undefined) {
  return configured === undefined ? fallback : (configured ?? undefined);
}

function rule(scope: string, limit: PaceLimit | undefined): PaceRule[] {
  return limit ? [{ scope, limit: limit.limit, windowMs: limit.windowMs }] : [];
}

/** Telegram chat ids of groups, supergroups and channels are negative; users' are positive. */
function isTelegramGroup(chatId: string): boolean {
  return chatId.startsWith("-");
}

/**
 * The rules one Telegram payload must pass. Messages and edits both count against the chat and
 * the bot; answering a button press is not a message and is never held back (the client shows a
 * spinner until it is answered).
 * @example telegramPaceRules("ch_acme", { type: "message", conversationId: "-100123", text: "hi" })
 *   // → chat 1/s, group 20/min, bot 30/s
 */
export function telegramPaceRules(
  channelId: string,
  payload: OutboundPayload,
  config: PacingConfig = {},
): PaceRule[] {
  if (payload.type === "callback_answer") return [];
  const own = config.telegram ?? {};
  const defaults = DEFAULT_PACING.telegram;
  const chat = `chat:${channelId}:${payload.conversationId}`;
  return [
    ...rule(chat, pick(own.perChat, defaults.perChat)),
    ...(isTelegramGroup(payload.conversationId)
      ? rule(`group:${channelId}:${payload.conversationId}`, pick(own.perGroup, defaults.perGroup))
      : []),
    ...rule(`bot:${channelId}`, pick(own.perBot, defaults.perBot)),
  ];
}

/**
 * The rules one Slack payload must pass: a new message counts against its channel (and the
 * workspace, when configured); an edit (chat.update) against the workspace's Tier 3 budget. A
 * response_url answer has no documented rate and is not paced.
 */
export function slackPaceRules(
  channelId: string,
  teamId: string,
  payload: OutboundPayload,
  config: PacingConfig = {},
): PaceRule[] {
  if (payload.type === "callback_answer") return [];
  const own = config.slack ?? {};
  const defaults = DEFAULT_PACING.slack;
  const bot = `bot:${channelId}:${teamId}`;
  if (payload.type === "edit_message")
    return rule(`${bot}:chat.update`, pick(own.updatesPerWorkspace, defaults.updatesPerWorkspace));
  return [
    ...rule(`chat:${channelId}:${payload.conversationId}`, pick(own.perChannel, defaults.perChannel)),
    ...rule(`${bot}:chat.postMessage`, pick(own.postsPerWorkspace, undefined)),
  ];
}

/** The spacing the strictest rule asks for between two sends: how far apart to stagger waiting sends. */
export function paceSpacingMs(rules: readonly PaceRule[]): number {
  return Math.max(0, ...rules.map((r) => Math.ceil(r.windowMs / r.limit)));
}
