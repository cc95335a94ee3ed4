/**
 * Tenant isolation, proven on every route: the admin API's routes are read from the app's own
 * route table (so a route added later is walked too, or this test names it), each is called with
 * tenant B's token against tenant A's resources, and every answer must be a 404 that names no A
 * data, with nothing of A's changed in D1. Routes that take no resource id (lists, searches,
 * B's own settings) are called as B and must not show any of A's rows.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import salesYaml from "../../agents/sales.yaml";
import { database } from "../../db/client";
import { recordDeadLetter } from "../../db/queries/dead-letters";
import { touchThread } from "../../db/queries/threads";
import { agents } from "../../db/schema";
import { parseAgentDefinition } from "../../kernel/agents/load";
import { app } from "../../workers/app";
import { api, seedPendingProposal, seedTenant, type TestTenant } from "./fixtures";
import { tenantTables } from "./tenant-predicate";

let a: TestTenant;
let b: TestTenant;

/** Tenant A's resources, created as A would create them; B holds none of these ids. */
const A = {
  agent: "sales",
  thread: "iso-a:telegram:4242",
  proposal: "prop_iso_a_1",
  deadLetter: "dlq_iso_a_1",
  task: "",
  approver: "",
  sender: "555000999",
  knowledge: "Iso-A's private price list: walnut panels at 412 pounds a square metre.",
  member: "",
  mcpServer: "crm",
  mcpUrl: "https://crm.iso-a.example/mcp",
  mcpToken: "iso-a-crm-bearer-token-7f3e",
};

/** What B must never read: A's ids, names and texts. */
const secretsOfA = () => [
  A.knowledge,
  "walnut",
  "Quote the walnut panels",
  "Iso A owner",
  "Tenant iso-a",
  A.task,
  A.proposal,
  A.deadLetter,
  A.thread,
  A.approver,
  A.sender,
  a.channelId,
  A.mcpUrl,
  A.mcpToken,
  A.member,
  "Iso A dashboard member",
];

async function call(tenant: TestTenant, method: string, path: string, body?: unknown) {
  const init: RequestInit = { method };
  if (body !== undefined) {
    const yaml = typeof body === "string";
    init.body = yaml ? body : JSON.stringify(body);
    init.headers = { "content-type": yaml ? "application/yaml" : "application/json" };
  }
  const response = await exports.default.fetch(api(tenant, path, init));
  return { status: response.status, text: await response.text() };
}

/** Every row of A's in every table with a tenant column (and A's tenant row), as comparable text. */
async function snapshotOf(tenantId: string): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  for (const [table, column] of [
    ...(await tenantTables(env.DB)).map((t) => [t, "tenant_id"]),
    ["tenants", "id"],
  ]) {
    const rows = await env.DB.prepare(`SELECT * FROM "${table}" WHERE "${column}" = ? ORDER BY rowid`)
      .bind(tenantId)
      .all();
    snapshot[table!] = JSON.stringify(rows.results);
  }
  return snapshot;
}

/** Fills a route's parameters with tenant A's resources, or says the route takes none of A's. */
function fill(path: string, method = "GET"): { path: string; own: boolean } {
  const segments = path.split("/");
  let own = false;
  const filled = segments.map((segment, index) => {
    if (!segment.startsWith(":")) return segment;
    const name = segment.slice(1).replace(/\{.*\}$/, "");
    const choices = /\{(.*)\}$/.exec(segment)?.[1]?.split("|");
    const resource = segments[index - 1];
    if (choices) return choices[choices.length - 1]!; // approve|reject → reject, rollback|cancel → cancel
    if (resource === "channels" && (name === "platform" || name === "action")) {
      own = true; // a platform name: B's own channel on that platform
      return "telegram";
    }
    if (name === "action") return "install-link";
    // A PUT names a server B registers under a name of its own choosing: B's own resource.
    if (resource === "mcp-servers" && method === "PUT") own = true;
    const byResource: Record<string, string> = {
      agents: A.agent,
      threads: A.thread,
      tasks: A.task,
      proposals: A.proposal,
      approvers: A.approver,
      channels: a.channelId,
      senders: A.sender,
      policies: `agent:${A.agent}`,
      "dead-letters": A.deadLetter,
      "mcp-servers": A.mcpServer,
      members: A.member,
    };
    const value = resource ? byResource[resource] : undefined;
    if (!value)
      throw new Error(`${path}: the isolation walk has no tenant-A resource for ${segment}; add one`);
    return value;
  });
  // `/:platform/:action` on channels: a platform action of B's own channel (e.g. slack/install-link).
  if (path.endsWith("/:platform/:action")) filled[filled.length - 2] = "slack";
  return { path: filled.join("/"), own };
}

/** A body each route would accept from its own tenant, so a refusal is about the tenant, not the body. */
const BODIES: Record<string, unknown> = {
  "POST /api/threads/:id/links": { relatedThreadId: "iso-b:telegram:1" },
  "POST /api/threads/:id/merge": { intoThreadId: "iso-b:telegram:1", reason: "same client" },
  "POST /api/tasks/:id/claim": { agent: "operations" },
  "POST /api/tasks/:id/handoff": { to: "finance", note: "over to you" },
  "POST /api/tasks/:id/comments": { body: "hello" },
  "POST /api/tasks/:id/transition": { to: "done" },
  "PATCH /api/channels/:id": { groupPolicy: "open" },
  "POST /api/channels/:id/senders": { senderId: "123" },
  "POST /api/channels/:id/pairings": { code: "ABCD-EFGH" },
  "POST /api/proposals/:id/:decision{approve|reject}": { reason: "no" },
  "POST /api/proposals/:id/:verb{rollback|cancel}": {},
  "PUT /api/policies/:scope": "block:\n  - shell: rm -rf *\n",
  "PATCH /api/members/:id": { name: "Renamed by B" },
};

const adminRoutes = () =>
  app.routes
    .filter((route) => route.path.startsWith("/api/") && route.method !== "ALL")
    .map((route) => ({ method: route.method, path: route.path }))
    .filter(
      (route, index, all) =>
        all.findIndex((r) => r.method === route.method && r.path === route.path) === index,
    );

beforeAll(async () => {
  a = await seedTenant("iso-a");
  b = await seedTenant("iso-b");
  const db = database(env.DB);
  const sales = parseAgentDefinition(salesYaml, "agents/sales.yaml");
  await db.insert(agents).values({
    tenantId: a.tenantId,
    id: sales.id,
    name: sales.name,
    role: sales.role,
    definition: sales,
    enabled: true,
    createdAt: Date.now(),
  });
  const now = Date.now();
  await touchThread(db, {
    id: A.thread,
    tenantId: a.tenantId,
    channelId: a.channelId,
    kind: "conversation",
    externalRef: "4242",
    title: "telegram chat 4242",
    at: now,
  });
  await seedPendingProposal(a.tenantId, A.proposal, A.thread, now);
  await recordDeadLetter(db, {
    id: A.deadLetter,
    tenantId: a.tenantId,
    source: "thread",
    messageKey: "telegram:update:4242",
    threadId: A.thread,
    queue: null,
    body: { text: "Iso A owner's message that could not be processed" },
    error: "RangeError: the turn failed",
    attempts: 4,
    createdAt: now,
  });
  const task = await call(a, "POST", "/tasks", { title: "Quote the walnut panels", type: "sales" });
  expect(task.status).toBe(201);
  A.task = (JSON.parse(task.text) as { task: { id: string } }).task.id;
  const approver = await call(a, "POST", "/approvers", {
    platform: "telegram",
    userId: "999000111",
    name: "Iso A owner",
  });
  expect(approver.status).toBe(201);
  A.approver = (JSON.parse(approver.text) as { approver: { id: string } }).approver.id;
  expect((await call(a, "POST", `/channels/${a.channelId}/senders`, { senderId: A.sender })).status).toBe(
    201,
  );
  expect(
    (await call(a, "POST", "/knowledge", { documents: [{ id: "prices", text: A.knowledge }] })).status,
  ).toBe(201);
  expect(
    (await call(a, "PUT", `/mcp-servers/${A.mcpServer}`, { url: A.mcpUrl, token: A.mcpToken })).status,
  ).toBe(201);
  const member = await call(a, "POST", "/members", {
    login: "iso-a-member",
    name: "Iso A dashboard member",
    role: "viewer",
    channelId: a.channelId,
    userId: "999000222",
  });
  expect(member.status).toBe(201);
  A.member = (JSON.parse(member.text) as { member: { id: string } }).member.id;
});

describe("tenant isolation on every admin route", () => {
  it("walks a route table large enough to mean something", () => {
    expect(adminRoutes().length).toBeGreaterThanOrEqual(35);
  });

  it("answers 404 to B for each of A's resources, names none of them, and changes nothing of A's", async () => {
    const before = await snapshotOf(a.tenantId);
    const answers: string[] = [];
    for (const route of adminRoutes()) {
      const { path, own } = fill(route.path, route.method);
      if (own || !route.path.includes(":")) continue;
      const body = BODIES[`${route.method} ${route.path}`];
      const answer = await call(
        b,
        route.method,
        path.replace(/^\/api/, ""),
        route.method === "GET" ? undefined : (body ?? {}),
      );
      answers.push(`${route.method} ${route.path} → ${answer.status}`);
      // Echoing the id B asked for is no leak; any other of A's data is.
      for (const secret of secretsOfA().filter((secret) => !path.includes(secret)))
        expect(answer.text, `${route.method} ${path}`).not.toContain(secret);
    }
    expect(answers.filter((line) => !line.endsWith("→ 404"))).toEqual([]);
    expect(answers.length).toBeGreaterThanOrEqual(20);
    expect(await snapshotOf(a.tenantId)).toEqual(before);
  });

  it("shows B none of A's rows on the routes that take no resource id", async () => {
    const before = await snapshotOf(a.tenantId);
    const walked: string[] = [];
    for (const route of adminRoutes()) {
      if (route.method !== "GET") continue;
      const { path, own } = fill(route.path);
      if (route.path.includes(":") && !own) continue;
      const query = route.path.endsWith("/search") ? "?q=walnut%20panels%20price" : "";
      const answer = await call(b, "GET", `${path.replace(/^\/api/, "")}${query}`);
      walked.push(`${route.path} ${answer.status}`);
      expect(answer.status, route.path).toBeLessThan(500);
      for (const secret of secretsOfA()) expect(answer.text, `GET ${path}`).not.toContain(secret);
    }
    expect(walked.length).toBeGreaterThanOrEqual(10);
    expect(await snapshotOf(a.tenantId)).toEqual(before);
  });

  it("lets A itself reach the same resources (the walk is not a walk of dead ids)", async () => {
    for (const path of [
      `/tasks/${A.task}`,
      `/proposals/${A.proposal}`,
      `/dead-letters/${A.deadLetter}`,
      `/threads/${A.thread}`,
      `/agents/${A.agent}/loop`,
      `/channels/${a.channelId}/senders`,
      `/policies/agent:${A.agent}/versions`,
      `/mcp-servers/${A.mcpServer}`,
    ])
      expect((await call(a, "GET", path)).status, path).toBe(200);
  });
});
