/**
 * The platform operator's tenants (`/platform/tenants`, behind `platformAuth`): create one with
 * its admin token (shown once) and the default agents, list them, set its quotas, suspend one (its webhooks are
 * acknowledged and parked, its agent loops idle) and resume it (what was parked is queued, in
 * arrival order). docs/hosting.md.
 */
import { Hono } from "hono";
import { z } from "zod";
import financeYaml from "../../agents/finance.yaml";
import operationsYaml from "../../agents/operations.yaml";
import { database } from "../../db/client";
import {
  countParked,
  createTenant,
  getTenant,
  listTenants,
  setTenantQuotas,
  setTenantStatus,
  type TenantRow,
} from "../../db/queries/tenancy";
import { parseAgentDefinition } from "../../kernel/agents/load";
import { sha256Hex } from "../../kernel/digest";
import { randomSecret } from "../../kernel/ids";
import { log } from "../../kernel/log";
import { quotasOf, TenantQuotasSchema } from "../../kernel/tenancy/quotas";
import { TENANT_ID_PATTERN } from "../../kernel/tenant-id";
import { queueParkedEvents } from "../../runtime/tenancy/parked-events";
import { LimitSchema, parseJsonBody, parseQuery } from "../api/request";
import { errorResponse } from "../errors";

/** The agents a new tenant starts with; more are added through the tenant's own API. */
const DEFAULT_AGENTS = {
  operations: () => parseAgentDefinition(operationsYaml, "agents/operations.yaml"),
  finance: () => parseAgentDefinition(financeYaml, "agents/finance.yaml"),
} as const;

/** Parked events queued by one resume; a larger backlog is queued by the next call or the sweep. */
export const RESUME_BATCH = 2_000;

const CreateTenant = z.strictObject({
  id: z
    .string()
    .regex(
      TENANT_ID_PATTERN,
      "must be lower-case letters, digits and dashes, at most 63, starting with a letter or digit",
    ),
  name: z.string().trim().min(1).max(200),
  agents: z
    .array(z.enum(Object.keys(DEFAULT_AGENTS) as [keyof typeof DEFAULT_AGENTS]))
    .max(Object.keys(DEFAULT_AGENTS).length)
    .default(["operations", "finance"]),
  quotas: TenantQuotasSchema.optional(),
});

const view = (tenant: TenantRow) => ({
  id: tenant.id,
  name: tenant.name,
  status: tenant.status,
  createdAt: tenant.createdAt,
  statusChangedAt: tenant.statusChangedAt,
  quotas: quotasOf(tenant.quotas),
});

export const platformTenantRoutes = new Hono<{ Bindings: Env }>()
  .post("/", async (c) => {
    const body = await parseJsonBody(c, CreateTenant);
    if (!body.ok) return body.response;
    const { id, name } = body.data;
    const adminToken = randomSecret(32);
    const agents = [...new Set(body.data.agents)].map((agentId) => {
      const definition = DEFAULT_AGENTS[agentId]();
      return { id: definition.id, name: definition.name, role: definition.role, definition, enabled: true };
    });
    const created = await createTenant(database(c.env.DB), {
      id,
      name,
      adminTokenHash: await sha256Hex(adminToken),
      agents,
      quotas: body.data.quotas ?? null,
      now: Date.now(),
    });
    if (!created) return errorResponse(c, 409, `tenant ${id} exists already`, "id");
    log("info", "platform.tenant_created", { tenant: id, agents: agents.map((agent) => agent.id) });
    const tenant = await getTenant(database(c.env.DB), id);
    // The only time the token is shown: Cairn keeps its SHA-256.
    return c.json(
      { tenant: tenant && view(tenant), adminToken, agents: agents.map((agent) => agent.id) },
      201,
    );
  })
  .get("/", async (c) => {
    const query = parseQuery(c, z.strictObject({ limit: LimitSchema }));
    if (!query.ok) return query.response;
    const rows = await listTenants(database(c.env.DB), query.data.limit);
    return c.json({ tenants: rows.map(view) });
  })
  .get("/:id", async (c) => {
    const db = database(c.env.DB);
    const tenant = await getTenant(db, c.req.param("id"));
    if (!tenant) return errorResponse(c, 404, `tenant ${c.req.param("id")} not found`);
    return c.json({ tenant: view(tenant), parkedEvents: await countParked(db, tenant.id) });
  })
  .put("/:id/quotas", async (c) => {
    const body = await parseJsonBody(c, TenantQuotasSchema);
    if (!body.ok) return body.response;
    const tenant = await setTenantQuotas(database(c.env.DB), c.req.param("id"), body.data);
    if (!tenant) return errorResponse(c, 404, `tenant ${c.req.param("id")} not found`);
    log("info", "platform.tenant_quotas", { tenant: tenant.id, quotas: body.data });
    return c.json({ tenant: view(tenant) });
  })
  .post("/:id/suspend", async (c) => {
    const db = database(c.env.DB);
    const tenant = await setTenantStatus(db, c.req.param("id"), "suspended", Date.now());
    if (!tenant) return errorResponse(c, 404, `tenant ${c.req.param("id")} not found`);
    log("warn", "platform.tenant_suspended", { tenant: tenant.id });
    return c.json({ tenant: view(tenant) });
  })
  .post("/:id/resume", async (c) => {
    const db = database(c.env.DB);
    const tenant = await setTenantStatus(db, c.req.param("id"), "active", Date.now());
    if (!tenant) return errorResponse(c, 404, `tenant ${c.req.param("id")} not found`);
    const queued = await queueParkedEvents(db, c.env.INBOUND_QUEUE, tenant.id, RESUME_BATCH);
    const remaining = await countParked(db, tenant.id);
    log("info", "platform.tenant_resumed", { tenant: tenant.id, queued, remaining });
    return c.json({ tenant: view(tenant), queued, remaining });
  });
