/** /api/settings/routing: budgets, tier overrides, providers and the personal-data rule of the tenant. */
import { database } from "../../db/client";
import { insertAuditEntries } from "../../db/queries/audit";
import { putRoutingSettings, storedRoutingSettings } from "../../db/queries/routing";
import { systemClock } from "../../kernel/clock";
import { createIdSource } from "../../kernel/ids";
import { routingSettingsFrom, tenantRoutingSettingsSchema } from "../../kernel/routing/tenant-settings";
import { tenantSecretPrefix } from "../../providers/select";
import { errorResponse } from "../errors";
import { apiRouter, parseJsonBody } from "./request";

const ids = createIdSource(systemClock);

export const routingSettingsRoutes = apiRouter()
  .get("/", async (c) =>
    c.json({
      settings: routingSettingsFrom(await storedRoutingSettings(database(c.env.DB), c.var.tenantId)),
    }),
  )
  .put("/", async (c) => {
    const body = await parseJsonBody(c, tenantRoutingSettingsSchema);
    if (!body.ok) return body.response;
    const prefix = tenantSecretPrefix(c.var.tenantId);
    const foreign = (body.data.providers ?? []).findIndex(
      (config) => !config.apiKeySecret.startsWith(prefix),
    );
    if (foreign >= 0) {
      return errorResponse(
        c,
        400,
        `a tenant's provider keys must be secrets named ${prefix}…`,
        `providers.${foreign}.apiKeySecret`,
      );
    }
    const db = database(c.env.DB);
    const now = Date.now();
    await putRoutingSettings(db, c.var.tenantId, body.data, c.var.actor, now);
    await insertAuditEntries(db, [
      {
        id: ids.next("aud"),
        tenantId: c.var.tenantId,
        at: now,
        actor: c.var.actor,
        action: "routing.settings_updated",
        subjectType: "routing_settings",
        subjectId: c.var.tenantId,
        // Budgets and routes are not secret; key values never reach this object.
        detail: { budget: body.data.budget, providers: (body.data.providers ?? []).map((p) => p.id) },
      },
    ]);
    return c.json({ settings: body.data });
  });
