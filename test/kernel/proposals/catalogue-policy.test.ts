/**
 * The action catalogue through the policy kernel: each action amounts to policy actions, and an
 * HTTP call is only as allowed as the network policy says — its compensating call included.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decide, mergePolicies, parsePolicy } from "../../../kernel/policy";
import { httpRequestTool } from "../../../tools/actions/http-request";
import { sendEmailTool } from "../../../tools/actions/send-email";
import { createTaskTool } from "../../../tools/actions/tasks";
import { updateRecordTool } from "../../../tools/actions/update-record";
import { workspacePath, writeFileTool } from "../../../tools/actions/write-file";
import { isReversible, type Tool } from "../../../tools/types";

const base = parsePolicy(readFileSync("policies/default.yaml", "utf8"), "default.yaml");
const overlay = parsePolicy(
  "version: 1\ntools:\n  allow:\n    - { tools: [record] }\nnetwork:\n  allow:\n    - { hosts: [api.example.test], methods: [POST] }\n",
  "overlay",
);
const policy = mergePolicies(base, overlay);
const context = { agentId: "finance", channel: "telegram", conversationId: "42" };

function effect<I>(tool: Tool<I>, input: unknown, on = policy) {
  const order = { allow: 0, ask: 1, deny: 2 } as const;
  const effects = tool.actions(tool.input.parse(input), context).map((action) => decide(on, action).effect);
  return effects.reduce(
    (worst, e) => (order[e] > order[worst] ? e : worst),
    "allow" as "allow" | "ask" | "deny",
  );
}

describe("catalogue × policy", () => {
  it("asks before an allowed HTTP call and denies a host the network policy does not name", () => {
    expect(effect(httpRequestTool, { method: "POST", url: "https://api.example.test/invoices" })).toBe("ask");
    expect(effect(httpRequestTool, { method: "POST", url: "https://evil.example.com/x" })).toBe("deny");
  });

  it("is reversible only with a compensating call, which must be allowed too", () => {
    const plain = { method: "POST" as const, url: "https://api.example.test/invoices" };
    const undo = {
      ...plain,
      compensate: { method: "DELETE" as const, url: "https://api.example.test/invoices/1" },
    };
    expect(isReversible(httpRequestTool, httpRequestTool.input.parse(plain))).toBe(false);
    expect(isReversible(httpRequestTool, httpRequestTool.input.parse(undo))).toBe(true);
    // DELETE is not in the overlay's methods: the whole call is refused, not half-allowed.
    expect(effect(httpRequestTool, undo)).toBe("deny");
  });

  it("treats an email as a message to someone else (ask) and never as reversible", () => {
    const email = { to: "ann@client.test", subject: "Hi", text: "Hello" };
    expect(effect(sendEmailTool, email)).toBe("ask");
    expect(isReversible(sendEmailTool, sendEmailTool.input.parse(email))).toBe(false);
  });

  it("grants task actions by default and record updates only where a policy grants them", () => {
    expect(effect(createTaskTool, { title: "x" })).toBe("allow");
    const change = { entityId: "ent_a", field: "terms", value: "net 30" };
    expect(effect(updateRecordTool, change)).toBe("allow");
    expect(effect(updateRecordTool, change, base)).toBe("deny");
  });

  it("keeps workspace writes inside /workspace and under the filesystem policy", () => {
    expect(workspacePath("notes/a.txt")).toBe("/workspace/notes/a.txt");
    expect(writeFileTool.input.safeParse({ path: "../etc/passwd", content: "" }).success).toBe(false);
    expect(effect(writeFileTool, { path: "/etc/passwd", content: "x" }, policy)).toBe("deny");
  });

  it("rejects malformed input with the field named", () => {
    const result = updateRecordTool.input.safeParse({ entityId: "ent_a", field: "1bad", value: 1 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["field"]);
  });
});
