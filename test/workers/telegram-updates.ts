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
