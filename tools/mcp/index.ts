/**
 * The MCP client: tenants' MCP servers' tools, listed and called with the official SDK over
 * Streamable HTTP, each call decided by the policy kernel like any other tool (docs/mcp.md).
 */
export {
  EMPTY_MCP_CATALOGUE,
  listServerTools,
  type McpCatalogue,
  type McpCatalogueEntry,
  type McpServerListing,
  type McpToolDefinition,
  mcpCatalogue,
} from "./catalogue";
export { describeMcpFailure, MCP_LIMITS, type McpEndpoint } from "./connection";
export { type McpArguments, mcpTool } from "./mcp-tool";
