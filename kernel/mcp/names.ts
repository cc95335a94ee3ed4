/**
 * How MCP tools are named inside Cairn. A tenant's server `crm` with a tool `find_contact` is
 * the tool `mcp:crm:find_contact` for the policy, the audit log and proposals. Model APIs accept
 * only `[A-Za-z0-9_-]{1,64}` as a function name, so the model is offered `mcp__crm__find_contact`
 * (tools/registry.ts) and the turn maps each call back (runtime/turn/agent-turn.ts).
 */
import { z } from "zod";

export const MCP_TOOL_PREFIX = "mcp:";

/**
 * A server's name: lower-case letters, digits and single hyphens. No underscore, so the wire
 * name's `__` separator can never occur inside it and decoding is unambiguous.
 */
export const McpServerNameSchema = z
  .string()
  .regex(/^[a-z0-9](?:-?[a-z0-9])*$/, "a server name is lower-case letters, digits and hyphens, e.g. crm")
  .max(32);

/** Tool names as the MCP specification recommends them: 1–128 of A–Z a–z 0–9 _ - . */
const MCP_TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
const WIRE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export interface McpToolRef {
  server: string;
  tool: string;
}

/** @example mcpToolName("crm", "find_contact") // "mcp:crm:find_contact" */
export function mcpToolName(server: string, tool: string): string {
  return `${MCP_TOOL_PREFIX}${server}:${tool}`;
}

export function isMcpToolName(name: string): boolean {
  return name.startsWith(MCP_TOOL_PREFIX);
}

/** The server and tool of `mcp:<server>:<tool>`, or null when the name is not one. */
export function parseMcpToolName(name: string): McpToolRef | null {
  if (!isMcpToolName(name)) return null;
  const rest = name.slice(MCP_TOOL_PREFIX.length);
  const colon = rest.indexOf(":");
  if (colon <= 0) return null;
  const server = rest.slice(0, colon);
  const tool = rest.slice(colon + 1);
  if (!McpServerNameSchema.safeParse(server).success || !MCP_TOOL_NAME.test(tool)) return null;
  return { server, tool };
}

/**
 * The name a model API is given for a tool, or null when it cannot carry it (a dot in the MCP
 * tool's name, or too long): such a tool is not offered. Catalogue tools pass unchanged.
 */
export function wireToolName(name: string): string | null {
  const ref = parseMcpToolName(name);
  if (!ref) return name;
  const wire = `mcp__${ref.server}__${ref.tool}`;
  return WIRE_NAME.test(wire) ? wire : null;
}

/** The inverse of wireToolName: `mcp__crm__find_contact` → `mcp:crm:find_contact`. */
export function canonicalToolName(wire: string): string {
  if (!wire.startsWith("mcp__")) return wire;
  const rest = wire.slice("mcp__".length);
  const separator = rest.indexOf("__");
  if (separator <= 0) return wire;
  return mcpToolName(rest.slice(0, separator), rest.slice(separator + 2));
}
