/**
 * The MCP catalogue of one turn: the tenant's registered servers (D1), each token opened from its
 * sealed form, each server's host checked against the network policy before Cairn connects to it,
 * and each server's tools listed with the SDK. A server that is refused or fails is kept with its
 * reason, audited, so a call to it is answered with why — never with a thrown turn.
 */
import type { Database } from "../../db/client";
import { listMcpServers } from "../../db/queries/mcp-servers";
import { decide } from "../../kernel/policy";
import type { Policy } from "../../kernel/policy/schema";
import { open } from "../../kernel/secret-box";
import {
  EMPTY_MCP_CATALOGUE,
  listServerTools,
  type McpCatalogue,
  type McpServerListing,
  mcpCatalogue,
} from "../../tools/mcp";
import { MCP_TOOLS_ENTRY } from "../../tools/registry";
import type { AuditBuffer } from "./audit-buffer";

export interface McpCatalogueRequest {
  db: Database;
  tenantId: string;
  agentId: string;
  /** Lists `mcp` or not: an agent that does not is offered no MCP tool and connects to nothing. */
  agentTools: readonly string[];
  policy: Policy;
  encryptionKey: string | undefined;
  fetch: typeof fetch;
  audit?: AuditBuffer;
  /** Per MCP request; MCP_LIMITS.requestTimeoutMs when left out (tests shorten it). */
  timeoutMs?: number;
}

export async function loadMcpCatalogue(request: McpCatalogueRequest): Promise<McpCatalogue> {
  if (!request.agentTools.includes(MCP_TOOLS_ENTRY)) return EMPTY_MCP_CATALOGUE;
  const rows = await listMcpServers(request.db, request.tenantId);
  if (rows.length === 0) return EMPTY_MCP_CATALOGUE;
  const listings = await Promise.all(rows.map((row) => listingFor(request, row)));
  for (const listing of listings) {
    if (listing.available && listing.skipped.length === 0) continue;
    request.audit?.add({
      actor: "system",
      action: listing.available ? "mcp.tools_skipped" : "mcp.unavailable",
      agentId: request.agentId,
      subjectType: "mcp_server",
      subjectId: listing.endpoint.name,
      detail: listing.available
        ? { server: listing.endpoint.name, skipped: listing.skipped }
        : { server: listing.endpoint.name, reason: listing.reason },
    });
  }
  return mcpCatalogue(listings);
}

/**
 * The catalogue an approved proposal's execution lists again: its agent was offered MCP tools
 * when it made the proposal, and the policy in force now decides once more.
 */
export function proposalMcpCatalogue(
  request: Pick<McpCatalogueRequest, "db" | "tenantId" | "agentId" | "policy" | "encryptionKey">,
): Promise<McpCatalogue> {
  return loadMcpCatalogue({
    ...request,
    agentTools: [MCP_TOOLS_ENTRY],
    fetch: (input, init) => fetch(input, init),
  });
}

async function listingFor(
  request: McpCatalogueRequest,
  row: Awaited<ReturnType<typeof listMcpServers>>[number],
): Promise<McpServerListing> {
  const unavailable = (reason: string): McpServerListing => ({
    endpoint: { name: row.name, url: row.url, token: null },
    available: false,
    reason,
  });
  // Connecting is already a request to the host: it needs the network policy's allow first.
  const network = decide(request.policy, {
    kind: "network",
    agentId: request.agentId,
    url: row.url,
    method: "POST",
  });
  if (network.effect !== "allow")
    return unavailable(
      `the network policy does not allow POST ${row.url} for agent ${request.agentId} (${network.rule}: ${network.reason})`,
    );
  let token: string | null = null;
  if (row.tokenSealed) {
    try {
      token = await open(row.tokenSealed, request.tenantId, request.encryptionKey);
    } catch (error) {
      return unavailable(
        `its token does not open (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
  return listServerTools(
    {
      name: row.name,
      url: row.url,
      token,
      ...(request.timeoutMs !== undefined ? { timeoutMs: request.timeoutMs } : {}),
    },
    request.fetch,
  );
}
