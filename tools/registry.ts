import { z } from "zod";
import { isMcpToolName, wireToolName } from "../kernel/mcp";
import type { ToolSpec } from "../providers/types";
import { httpRequestTool } from "./actions/http-request";
import { sendEmailTool } from "./actions/send-email";
import { closeTaskTool, createTaskTool, updateTaskTool } from "./actions/tasks";
import { updateRecordTool } from "./actions/update-record";
import { writeFileTool } from "./actions/write-file";
import { type McpCatalogue, mcpTool } from "./mcp";
import { sendMessageTool } from "./send-message";
import { shellTool } from "./shell";
import type { Tool } from "./types";

// biome-ignore lint/suspicious/noExplicitAny: the registry holds tools of different input types.
type AnyTool = Tool<any>;

/** The action catalogue: every tool an agent definition may list. */
const TOOLS: readonly AnyTool[] = [
  shellTool,
  sendMessageTool,
  createTaskTool,
  updateTaskTool,
  closeTaskTool,
  updateRecordTool,
  writeFileTool,
  sendEmailTool,
  httpRequestTool,
];

/** The name an agent definition lists to be offered its tenant's MCP servers' tools. */
export const MCP_TOOLS_ENTRY = "mcp";

/** A catalogue tool, or an MCP tool (`mcp:<server>:<tool>`) from the turn's MCP catalogue. */
export function findTool(name: string, mcp?: McpCatalogue): AnyTool | undefined {
  if (isMcpToolName(name)) {
    const entry = mcp?.find(name);
    return entry ? mcpTool(entry) : undefined;
  }
  return TOOLS.find((tool) => tool.name === name);
}

/** Whether an agent definition's `tools` list lets it be offered (and call) `name`. */
export function agentMayUse(agentTools: readonly string[], name: string): boolean {
  return isMcpToolName(name) ? agentTools.includes(MCP_TOOLS_ENTRY) : agentTools.includes(name);
}

/**
 * The specs offered to the model: the tools the agent's definition lists, and — when it lists
 * `mcp` — the MCP tools `offer` keeps (the host leaves out those the policy denies). Names are
 * in the form model APIs accept (kernel/mcp: `mcp__crm__find`); the turn maps calls back.
 */
export function toolSpecsFor(
  toolNames: readonly string[],
  mcp?: McpCatalogue,
  offer: (name: string, tool: AnyTool) => boolean = () => true,
): ToolSpec[] {
  const catalogue = TOOLS.filter((tool) => toolNames.includes(tool.name));
  const fromMcp = toolNames.includes(MCP_TOOLS_ENTRY)
    ? (mcp?.entries() ?? []).map(mcpTool).filter((tool) => offer(tool.name, tool))
    : [];
  return [...catalogue, ...fromMcp].flatMap((tool) => {
    const name = wireToolName(tool.name);
    if (!name) return [];
    return [
      {
        name,
        description: tool.description,
        inputSchema: tool.jsonSchema ?? (z.toJSONSchema(tool.input) as Record<string, unknown>),
      },
    ];
  });
}
