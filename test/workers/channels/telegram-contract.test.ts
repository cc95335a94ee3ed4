/** Telegram passes the channel contract (its own details are in channels-telegram.test.ts). */
import { afterAll, beforeAll } from "vitest";
import { createFakeTelegram } from "../fake-telegram";
import { seedTenant, type TestTenant } from "../fixtures";
import { CHAT_ID, callbackUpdate, textUpdate } from "../telegram-updates";
import { channelContract } from "./contract";

let tenant: TestTenant;
let telegram: ReturnType<typeof createFakeTelegram>;

beforeAll(async () => {
  tenant = await seedTenant("tgcontract");
  telegram = createFakeTelegram(tenant.botToken);
  telegram.server.listen();
});
afterAll(() => telegram.server.close());

const webhook = async (update: unknown, secret = tenant.webhookSecret) =>
  new Request(`https://cairn.test/webhooks/telegram/${tenant.tenantId}`, {
    method: "POST",
    headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret },
    body: JSON.stringify(update),
  });

interface SentBody {
  chat_id: string;
  text: string;
  reply_markup?: { inline_keyboard: Array<Array<{ callback_data: string }>> };
}

channelContract({
  platform: "telegram",
  tenant: () => tenant,
  message: (text, seq) => webhook(textUpdate(seq, text)),
  press: (data, seq, cardId) => webhook(callbackUpdate(seq, data, { messageId: Number(cardId) })),
  unauthenticated: (text, seq) => webhook(textUpdate(seq, text), "not-the-webhook-secret"),
  sent: () =>
    (telegram.sentMessages() as unknown as SentBody[]).map((body) => ({
      conversation: String(body.chat_id ?? CHAT_ID),
      text: body.text,
      buttons: (body.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.callback_data),
    })),
  pressesAnswered: () => telegram.calls.filter((call) => call.method === "answerCallbackQuery").length,
  sentId: (index) => (index < telegram.sentMessages().length ? String(1000 + index) : undefined),
});
