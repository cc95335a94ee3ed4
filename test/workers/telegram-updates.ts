/** Updates shaped exactly as Telegram sends them (https://core.telegram.org/bots/api#update). */

export const USER = {
  id: 777000111,
  is_bot: false,
  first_name: "Ada",
  last_name: "Lovelace",
  username: "ada",
  language_code: "en",
};
export const STRANGER = { id: 555000222, is_bot: false, first_name: "Mallory" };
export const CHAT_ID = 777000111;

export function textUpdate(
  updateId: number,
  text: string,
  options: { messageId?: number; from?: typeof USER | typeof STRANGER; chatId?: number } = {},
) {
  const from = options.from ?? USER;
  return {
    update_id: updateId,
    message: {
      message_id: options.messageId ?? updateId,
      from,
      chat: { id: options.chatId ?? CHAT_ID, first_name: from.first_name, type: "private" },
      date: 1764000000,
      text,
      ...(text.startsWith("/")
        ? { entities: [{ offset: 0, length: text.split(" ")[0]!.length, type: "bot_command" }] }
        : {}),
    },
  };
}

export function callbackUpdate(
  updateId: number,
  data: string,
  options: { from?: typeof USER | typeof STRANGER; messageId?: number } = {},
) {
  const from = options.from ?? USER;
  return {
    update_id: updateId,
    callback_query: {
      id: `4382bfdwdsb323b2d9${updateId}`,
      from,
      message: {
        message_id: options.messageId ?? 1000,
        from: { id: 123456, is_bot: true, first_name: "Cairn", username: "cairn_bot" },
        chat: { id: CHAT_ID, first_name: USER.first_name, type: "private" },
        date: 1764000001,
        text: "Approval needed",
      },
      chat_instance: "-5476913825382784",
      data,
    },
  };
}

/**
 * A `message_reaction` update (MessageReactionUpdated): `user` changed their reactions on a
 * message from `old_reaction` to `new_reaction`, each a list of ReactionTypeEmoji.
 */
export function reactionUpdate(
  updateId: number,
  options: {
    chat: { id: number; type: string; title?: string; first_name?: string };
    messageId: number;
    from?: typeof USER | typeof STRANGER;
    before?: string[];
    after: string[];
  },
) {
  return {
    update_id: updateId,
    message_reaction: {
      chat: options.chat,
      message_id: options.messageId,
      user: options.from ?? USER,
      date: 1764000100,
      old_reaction: (options.before ?? []).map((emoji) => ({ type: "emoji", emoji })),
      new_reaction: options.after.map((emoji) => ({ type: "emoji", emoji })),
    },
  };
}
