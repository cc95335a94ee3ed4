/**
 * The MCP tools one turn may call: for every server the tenant registered, either the tools it
 * listed (validated, namespaced `mcp:<server>:<tool>`) or the reason it is unavailable (the
 * network policy refuses its host, it did not answer, it answered garbage). Built once per turn
 * by the host and carried on the tool context, so the policy check stays synchronous.
 */
import { z } from "zod";
import { mcpToolName, parseMcpToolName, wireToolName } from "../../kernel/mcp";
import type { ToolHints } from "../../kernel/policy/types";
import { describeMcpFailure, MCP_LIMITS, type McpEndpoint, timeoutOf, withMcpSession } from "./connection";

/** A tool as its server listed it, reduced to what Cairn uses. */
export interface McpToolDefinition {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  hints: ToolHints;
}

export type McpServerListing =
  | { endpoint: McpEndpoint; available: true; tools: McpToolDefinition[]; skipped: string[] }
  | { endpoint: McpEndpoint; available: false; reason: string };

export interface McpCatalogueEntry {
  /** `mcp:<server>:<tool>` */
  name: string;
  endpoint: McpEndpoint;
  definition: McpToolDefinition;
}

export interface McpCatalogue {
  /** Every callable tool, in server then tool order. */
  entries(): McpCatalogueEntry[];
  find(name: string): McpCatalogueEntry | undefined;
  /** Why `name` cannot be called: no such server, the server is unavailable, no such tool. */
  whyMissing(name: string): string;
}

const JsonObject = z.record(z.string(), z.unknown());
/** The fields of the spec's Tool that Cairn reads; anything else a server sends is ignored. */
const ListedTool = z.object({
  name: z.string().min(1).max(128),
  description: z.string().optional(),
  inputSchema: JsonObject.refine((schema) => schema.type === "object", "inputSchema.type must be object"),
  outputSchema: JsonObject.refine(
    (schema) => schema.type === "object",
    "outputSchema.type must be object",
  ).optional(),
  annotations: z
    .object({ destructiveHint: z.boolean().optional(), openWorldHint: z.boolean().optional() })
    .optional(),
});

/** Lists a server's tools; every failure becomes an unavailable listing with its reason. */
export async function listServerTools(
  endpoint: McpEndpoint,
  doFetch: typeof fetch,
): Promise<McpServerListing> {
  let listed: unknown[];
  try {
    listed = await withMcpSession(endpoint, doFetch, async (client) => {
      const page = await client.listTools(undefined, { timeout: timeoutOf(endpoint) });
      return page.tools;
    });
  } catch (error) {
    return { endpoint, available: false, reason: `listing its tools failed: ${describeMcpFailure(error)}` };
  }
  const tools: McpToolDefinition[] = [];
  const skipped: string[] = [];
  for (const raw of listed) {
    const parsed = ListedTool.safeParse(raw);
    const rawName = (raw as { name?: unknown })?.name;
    const label = typeof rawName === "string" ? rawName.slice(0, 128) : "(unnamed)";
    if (!parsed.success) {
      skipped.push(`${label}: ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}`);
      continue;
    }
    const name = mcpToolName(endpoint.name, parsed.data.name);
    if (!parseMcpToolName(name) || !wireToolName(name)) {
      skipped.push(`${label}: the name cannot be offered to a model (letters, digits, _ and - only)`);
      continue;
    }
    if (tools.length >= MCP_LIMITS.toolsPerServer) {
      skipped.push(`${label}: more than ${MCP_LIMITS.toolsPerServer} tools`);
      continue;
    }
    const { annotations } = parsed.data;
    tools.push({
      name: parsed.data.name,
      description: (parsed.data.description ?? "").slice(0, MCP_LIMITS.descriptionChars),
      inputSchema: parsed.data.inputSchema,
      ...(parsed.data.outputSchema ? { outputSchema: parsed.data.outputSchema } : {}),
      hints: {
        ...(annotations?.destructiveHint !== undefined ? { destructive: annotations.destructiveHint } : {}),
        ...(annotations?.openWorldHint !== undefined ? { openWorld: annotations.openWorldHint } : {}),
      },
    });
  }
  return { endpoint, available: true, tools, skipped };
}

export function mcpCatalogue(listings: readonly McpServerListing[]): McpCatalogue {
  const byServer = new Map(listings.map((listing) => [listing.endpoint.name, listing]));
  const entries: McpCatalogueEntry[] = listings.flatMap((listing) =>
    listing.available
      ? listing.tools.map((definition) => ({
          name: mcpToolName(listing.endpoint.name, definition.name),
          endpoint: listing.endpoint,
          definition,
        }))
      : [],
  );
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  return {
    entries: () => entries,
    find: (name) => byName.get(name),
    whyMissing(name) {
      const ref = parseMcpToolName(name);
      if (!ref) return `"${name}" is not an MCP tool name (mcp:<server>:<tool>)`;
      const listing = byServer.get(ref.server);
      if (!listing) return `no MCP server named "${ref.server}" is registered`;
      if (!listing.available) return `MCP server "${ref.server}" is unavailable: ${listing.reason}`;
      return `MCP server "${ref.server}" has no tool "${ref.tool}"`;
    },
  };
}

/** A catalogue with no servers, for hosts that load none. */
export const EMPTY_MCP_CATALOGUE: McpCatalogue = mcpCatalogue([]);
