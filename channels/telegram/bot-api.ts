/**
 * A small client for the Telegram Bot API methods Cairn calls. Errors carry what the outbound
 * queue needs to decide: retry later (429 with retry_after, 5xx) or give up (other 4xx).
 */
import { z } from "zod";
import type { Button, OutboundPayload } from "../message";
import { ChannelSendError } from "../send-error";

export const TELEGRAM_MESSAGE_LIMIT = 4096;

const BotApiResponseSchema = z.object({
  ok: z.boolean(),
  result: z.unknown().optional(),
  error_code: z.number().optional(),
  description: z.string().optional(),
  parameters: z.object({ retry_after: z.number().optional() }).loose().optional(),
});

export class TelegramApiError extends ChannelSendError {
  override name = "TelegramApiError";
}

export interface BotApiTarget {
  apiBase: string;
  token: string;
  fetch?: typeof fetch;
}

export async function callBotApi(
  target: BotApiTarget,
  method: string,
  body: Record<string, unknown>,
): Promise<unknown> {
  const doFetch = target.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(`${target.apiBase}/bot${target.token}/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw new TelegramApiError(`network error calling ${method}: ${String(error)}`, 599, undefined);
  }
  const parsed = BotApiResponseSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) {
    throw new TelegramApiError(
      `${method} answered ${response.status} without a Bot API body`,
      response.status,
      undefined,
    );
  }
  if (!parsed.data.ok) {
    const status = parsed.data.error_code ?? response.status;
    throw new TelegramApiError(
      `${method} failed: ${parsed.data.description ?? "no description"}`,
      status,
      parsed.data.parameters?.retry_after,
    );
  }
  return parsed.data.result;
}

function keyboard(buttons: Button[][]): { text: string; callback_data: string }[][] {
  return buttons.map((row) => row.map((b) => ({ text: b.text, callback_data: b.data })));
}

const SentMessageSchema = z.object({ message_id: z.number() }).loose();

/** Sends one outbound payload; returns the platform message id when there is one. */
export async function sendTelegramPayload(
  target: BotApiTarget,
  payload: OutboundPayload,
): Promise<string | undefined> {
  if (payload.type === "callback_answer") {
    await callBotApi(target, "answerCallbackQuery", {
      callback_query_id: payload.callbackId,
      text: payload.text,
    });
    return undefined;
  }
  if (payload.type === "edit_message") {
    const body: Record<string, unknown> = {
      chat_id: payload.conversationId,
      message_id: Number(payload.platformMessageId),
      text: payload.text.slice(0, TELEGRAM_MESSAGE_LIMIT),
      link_preview_options: { is_disabled: true },
    };
    // An empty keyboard removes the buttons (e.g. once a proposal is decided).
    body.reply_markup = { inline_keyboard: keyboard(payload.buttons ?? []) };
    try {
      await callBotApi(target, "editMessageText", body);
    } catch (error) {
      // Editing to identical content is a success for an idempotent retry.
      if (!(error instanceof TelegramApiError && /message is not modified/i.test(error.message))) {
        throw error;
      }
    }
    return payload.platformMessageId;
  }
  const body: Record<string, unknown> = {
    chat_id: payload.conversationId,
    text: payload.text.slice(0, TELEGRAM_MESSAGE_LIMIT),
    // Plain text: agent output is never interpreted as markup, so nothing needs escaping.
    link_preview_options: { is_disabled: true },
  };
  if (payload.threadKey) body.message_thread_id = Number(payload.threadKey);
  if (payload.replyToMessageId) {
    body.reply_parameters = {
      message_id: Number(payload.replyToMessageId),
      allow_sending_without_reply: true,
    };
  }
  if (payload.buttons) {
    body.reply_markup = { inline_keyboard: keyboard(payload.buttons) };
  }
  const result = SentMessageSchema.parse(await callBotApi(target, "sendMessage", body));
  return String(result.message_id);
}
