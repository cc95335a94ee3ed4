/** /api/settings/routing: budgets, tier overrides, providers and the personal-data rule of the tenant. */
import { database } from "../../db/client";
import { insertAuditEntries } from "../../db/queries/audit";
import { putRoutingSettings, storedRoutingSettings } from "../../db/queries/routing";
import { auditWriter } from "../../kernel/audit/chain";
import { systemClock } from "../../kernel/clock";
import { createIdSource } from "../../kernel/ids";
import { routingSettingsFrom, tenantRoutingSettingsSchema } from "../../kernel/routing/tenant-settings";
import { checkTenantSecretShortName, tenantSecretName } from "../../providers/tenant-secrets";
import { auditChain } from "../../runtime/audit-chain";
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
    // A tenant names its provider keys by short name; the server reads them from the tenant's
    // own namespace (CAIRN_TENANT_<TENANT>__<NAME>), so no name reaches another tenant's key.
    const providers = body.data.providers ?? [];
    for (const [index, config] of providers.entries()) {
      const check = checkTenantSecretShortName(config.apiKeySecret);
      if (!check.ok) {
        const example = tenantSecretName(c.var.tenantId, "LLM_KEY") ?? "CAIRN_TENANT_<TENANT>__LLM_KEY";
        return errorResponse(
          c,
          400,
          `apiKeySecret: ${check.reason} (LLM_KEY is read from the secret ${example})`,
          `providers.${index}.apiKeySecret`,
        );
      }
    }
    const db = database(c.env.DB);
    const now = Date.now();
    await putRoutingSettings(db, c.var.tenantId, body.data, c.var.actor, now);
    await insertAuditEntries(
      db,
      [
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
      ],
      auditChain(c.env, c.var.tenantId, auditWriter.api),
    );
    return c.json({ settings: body.data });
  });
