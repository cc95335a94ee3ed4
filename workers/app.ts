/** The HTTP surface of Cairn: health, platform webhooks, the adapters' own routes, the admin API, the platform API and the dashboard. */
import { Hono } from "hono";
import { channelAdapter, channelPlatforms } from "../channels/registry";
import { log } from "../kernel/log";
import { channelPorts } from "../runtime/channels/channel-ports";
import { adminApi } from "./api";
import { cachedChannel } from "./channels/channel-cache";
import { dashboard } from "./dashboard";
import { errorResponse } from "./errors";
import { webhooks } from "./gateway/webhooks";
import { platformApi } from "./platform";

export const app = new Hono<{ Bindings: Env }>()
  .get("/health", (c) => c.json({ ok: true, service: "cairn", env: c.env.CAIRN_ENV }))
  .route("/webhooks", webhooks)
  .route("/api", adminApi)
  .route("/platform", platformApi)
  .route("/app", dashboard);

// An adapter's public routes (an OAuth install flow) live under /<platform>.
for (const platform of channelPlatforms()) {
  const routes = channelAdapter(platform)?.routes?.({
    ports: channelPorts,
    channel: (env, tenantId) => cachedChannel(env, tenantId, platform),
  });
  if (routes) app.route(`/${platform}`, routes);
}

app.notFound((c) => errorResponse(c, 404, `no route for ${c.req.method} ${new URL(c.req.url).pathname}`));
app.onError((error, c) => {
  log("error", "http.unhandled", { path: new URL(c.req.url).pathname, error: String(error) });
  return errorResponse(c, 500, "internal error");
});
