/**
 * MCP tools in the policy kernel: `mcp:<server>:<tool>` names, deny by default until a rule
 * written with `mcp:` names them, and the servers' destructive/open-world hints turning an
 * allow into an ask unless the grant overrides them.
 */
import { describe, expect, it } from "vitest";
import { canonicalToolName, mcpToolName, parseMcpToolName, wireToolName } from "../../../kernel/mcp";
import {
  decide,
  MCP_HINT_RULES,
  parsePolicy,
  rateLimitsFor,
  type ToolHints,
} from "../../../kernel/policy/index";
import { policyFrom } from "../policy/helpers";

const policy = policyFrom(`
version: 1
tools:
  allow:
    - { tools: ["*"] }
    - { id: crm-reads, tools: ["mcp:crm:find_*", "mcp:crm:list_*"] }
    - { id: crm-all, tools: ["mcp:crm:*"], effect: ask }
    - { id: wiki, agents: [writer], tools: ["mcp:wiki:*"], overrideHints: true }
  block:
    - { tools: ["mcp:crm:drop_*"], reason: nobody drops CRM tables }
  ask:
    - { tools: ["mcp:crm:list_invoices"], reason: invoices are confidential }
`);

const call = (tool: string, hints?: ToolHints, agentId = "sales") =>
  decide(policy, { kind: "tool", agentId, tool, ...(hints ? { hints } : {}) });

describe("MCP tool names", () => {
  it("round-trips between the policy name and the name a model API accepts", () => {
    expect(mcpToolName("crm", "find_contact")).toBe("mcp:crm:find_contact");
    expect(parseMcpToolName("mcp:crm:find_contact")).toEqual({ server: "crm", tool: "find_contact" });
    expect(wireToolName("mcp:crm:find_contact")).toBe("mcp__crm__find_contact");
    expect(canonicalToolName("mcp__crm__find_contact")).toBe("mcp:crm:find_contact");
    expect(canonicalToolName("mcp__my-crm__a__b")).toBe("mcp:my-crm:a__b");
    expect(wireToolName("shell")).toBe("shell");
    expect(canonicalToolName("send_email")).toBe("send_email");
  });

  it("refuses names that are not a server and a tool, and tools a model API cannot name", () => {
    expect(parseMcpToolName("mcp:CRM:x")).toBeNull();
    expect(parseMcpToolName("mcp:crm")).toBeNull();
    expect(parseMcpToolName("mcp::x")).toBeNull();
    expect(parseMcpToolName("mcp:crm:has space")).toBeNull();
    expect(wireToolName("mcp:crm:dotted.name")).toBeNull();
    expect(wireToolName(`mcp:crm:${"x".repeat(70)}`)).toBeNull();
  });
});

describe("deciding MCP tool calls", () => {
  it("denies a server's tools until a rule written with mcp: names them, whatever `*` grants", () => {
    const decision = call("mcp:billing:charge");
    expect(decision.effect).toBe("deny");
    expect(decision.rule).toBe("default-deny");
    expect(decision.reason).toContain("mcp:<server>:*");
    // The same `*` still grants ordinary tools.
    expect(call("shell").effect).toBe("allow");
  });

  it("applies allow, ask and block rules per server and tool", () => {
    expect(call("mcp:crm:find_contact")).toMatchObject({ effect: "allow", rule: "crm-reads" });
    expect(call("mcp:crm:update_contact")).toMatchObject({ effect: "ask", rule: "crm-all" });
    expect(call("mcp:crm:drop_contacts")).toMatchObject({ effect: "deny", rule: "tools.block[0]" });
    expect(call("mcp:crm:list_invoices")).toMatchObject({ effect: "ask", rule: "tools.ask[0]" });
  });

  it("turns an allowed tool the server marks destructive or open-world into an ask", () => {
    expect(call("mcp:crm:find_contact", { destructive: true })).toMatchObject({
      effect: "ask",
      rule: MCP_HINT_RULES.destructive,
    });
    expect(call("mcp:crm:find_contact", { openWorld: true })).toMatchObject({
      effect: "ask",
      rule: MCP_HINT_RULES.openWorld,
    });
    // Hints set to false, or read-only tools, change nothing.
    expect(call("mcp:crm:find_contact", { destructive: false, openWorld: false }).effect).toBe("allow");
  });

  it("never lets a hint loosen a decision", () => {
    expect(call("mcp:crm:drop_contacts", { destructive: false }).effect).toBe("deny");
    expect(call("mcp:billing:charge", { destructive: false, openWorld: false }).effect).toBe("deny");
    expect(call("mcp:crm:update_contact", { destructive: false }).effect).toBe("ask");
  });

  it("keeps a grant's allow for hinted tools when the grant sets overrideHints", () => {
    expect(call("mcp:wiki:delete_page", { destructive: true }, "writer")).toMatchObject({
      effect: "allow",
      rule: "wiki",
    });
    // The rule is for the writer only; other agents have no grant for the wiki server.
    expect(call("mcp:wiki:delete_page", { destructive: true }, "sales").effect).toBe("deny");
  });

  it("refuses overrideHints on a block or ask rule (it has no meaning there)", () => {
    expect(() =>
      parsePolicy(
        "version: 1\ntools:\n  block:\n    - { tools: ['mcp:x:*'], reason: no, overrideHints: true }\n",
        "test.yaml",
      ),
    ).toThrow(/overrideHints/);
  });
});

describe("rate budgets for MCP tools", () => {
  const budgets = policyFrom(`
version: 1
limits:
  rates:
    - { id: everything, tools: ["*"], perMinute: 60 }
    - { id: whole-crm, tools: ["mcp:crm:*"], perMinute: 10 }
    - { id: one-tool, tools: ["mcp:crm:find_contact"], perMinute: 5 }
`);
  const rules = (tool: string) => rateLimitsFor(budgets, "sales", tool).map((limit) => limit.rule);

  it("counts a call under `*`, its server's budget and its own name", () => {
    expect(rules("mcp:crm:find_contact")).toEqual(["everything", "whole-crm", "one-tool"]);
    expect(rules("mcp:crm:delete_contact")).toEqual(["everything", "whole-crm"]);
    // Another server whose name starts the same is not the same server.
    expect(rules("mcp:crm-eu:find_contact")).toEqual(["everything"]);
    expect(rules("shell")).toEqual(["everything"]);
  });
});
