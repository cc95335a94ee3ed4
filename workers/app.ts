/** The HTTP surface of Cairn: health, platform webhooks, and the admin API. */
import { Hono } from "hono";
import { log } from "../kernel/log";
import { adminApi } from "./api";
import { errorResponse } from "./errors";
import { slackInstall } from "./gateway/slack-install";
import { slackWebhook } from "./gateway/slack-webhook";
import { telegramWebhook } from "./gateway/telegram-webhook";

export const app = new Hono<{ Bindings: Env }>()
  .get("/health", (c) => c.json({ ok: true, service: "cairn", env: c.env.CAIRN_ENV }))
  .route("/webhooks/telegram", telegramWebhook)
  .route("/webhooks/slack", slackWebhook)
  .route("/slack", slackInstall)
  .route("/api", adminApi);

app.notFound((c) => errorResponse(c, 404, `no route for ${c.req.method} ${new URL(c.req.url).pathname}`));
app.onError((error, c) => {
  log("error", "http.unhandled", { path: new URL(c.req.url).pathname, error: String(error) });
  return errorResponse(c, 500, "internal error");
});
