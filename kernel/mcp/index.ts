/**
 * MCP, as the kernel sees it: how a server's tools are named (`mcp:<server>:<tool>`) and what a
 * server's own annotations may change in a decision (only ever towards asking a human; see
 * kernel/policy/decide-messages-and-tools.ts and docs/mcp.md).
 */
export {
  canonicalToolName,
  isMcpToolName,
  MCP_TOOL_PREFIX,
  McpServerNameSchema,
  type McpToolRef,
  mcpToolName,
  parseMcpToolName,
  wireToolName,
} from "./names";
