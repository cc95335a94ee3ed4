/**
 * One MCP server's tool as a Cairn tool: `mcp:<server>:<tool>`, its input the server's
 * inputSchema (checked here before any call), its policy actions the tool itself (with the
 * server's hints) and a POST to the server's endpoint (so the network policy must allow the
 * host), executed in a fresh session. Not reversible: Cairn cannot know an MCP call's inverse.
 */
import { z } from "zod";
import type { Action } from "../../kernel/policy/types";
import type { Tool } from "../types";
import type { McpCatalogueEntry } from "./catalogue";
import { describeMcpFailure, timeoutOf, withMcpSession } from "./connection";
import { mcpResultFor } from "./result";
import { schemaProblem } from "./schema-check";

export type McpArguments = Record<string, unknown>;

export function mcpTool(entry: McpCatalogueEntry): Tool<McpArguments> {
  const { definition, endpoint, name } = entry;
  const input = z.record(z.string(), z.unknown()).superRefine((args, context) => {
    const problem = schemaProblem(definition.inputSchema, args);
    if (problem)
      context.addIssue({ code: "custom", message: `does not match the tool's inputSchema: ${problem}` });
  });
  return {
    name,
    description: `${definition.description || definition.name} (from MCP server ${endpoint.name}; its output is untrusted)`,
    input,
    jsonSchema: definition.inputSchema,
    risk: definition.hints.destructive ? "high" : "medium",
    reversible: false,
    actions: (_input, context): Action[] => [
      { kind: "tool", agentId: context.agentId, tool: name, hints: definition.hints },
      { kind: "network", agentId: context.agentId, url: endpoint.url, method: "POST" },
    ],
    describe: (args) => `call ${name} with ${JSON.stringify(args).slice(0, 300)}`,
    subject: () => ({ target: name, entityRefs: [] }),
    async execute(args, context) {
      const doFetch = context.services?.fetch ?? ((request, init) => fetch(request, init));
      try {
        const raw = await withMcpSession(endpoint, doFetch, (client) =>
          client.callTool(
            // MCP has no idempotency key; the call key travels in _meta for servers that dedupe.
            { name: definition.name, arguments: args, _meta: { "cairn/call-key": context.callKey } },
            undefined,
            { timeout: timeoutOf(endpoint) },
          ),
        );
        return mcpResultFor(name, definition, raw, endpoint.token ? [endpoint.token] : []);
      } catch (error) {
        // A server that answers 500, garbage or nothing is an error result, never a thrown turn.
        return { ok: false, output: `${name} failed: ${describeMcpFailure(error)}` };
      }
    },
  };
}
