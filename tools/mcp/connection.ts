/**
 * One short MCP session over Streamable HTTP with the official SDK: connect (initialize), do one
 * piece of work (list the tools, or call one), close. Sessions are not kept between calls: a
 * turn runs in a Durable Object that may be evicted at any time, and a fresh session per call
 * costs one extra round trip, not a reconnection protocol.
 *
 * The SDK's default JSON Schema validator (Ajv) compiles schemas with `new Function`, which
 * workerd forbids (EvalError on any tool with an outputSchema); the @cfworker one interprets.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CfWorkerJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/cfworker";
import { guardedFetch } from "./guarded-fetch";

export interface McpEndpoint {
  /** The registered name: the `<server>` of `mcp:<server>:<tool>`. */
  name: string;
  url: string;
  /** The bearer token, opened from its sealed form for this session only; null when none. */
  token: string | null;
  /** Per request; MCP_LIMITS.requestTimeoutMs unless the host sets another. */
  timeoutMs?: number;
}

/** How long one request to `endpoint` may take before the call fails with a timeout. */
export function timeoutOf(endpoint: McpEndpoint): number {
  return endpoint.timeoutMs ?? MCP_LIMITS.requestTimeoutMs;
}

export const MCP_LIMITS = {
  /** Per request (initialize, tools/list, tools/call). */
  requestTimeoutMs: 20_000,
  /** Bytes of one HTTP answer read from a server before it is refused. */
  responseBytes: 1_000_000,
  /** Characters of one result the model reads; the rest is cut with a note. */
  resultChars: 16_000,
  /** Tools taken from one server's list; more are left out (and the listing says so). */
  toolsPerServer: 100,
  /** Characters of a tool's description offered to the model. */
  descriptionChars: 1_000,
} as const;

export const CAIRN_CLIENT = { name: "cairn", version: "0.1.0" } as const;

export async function withMcpSession<T>(
  endpoint: McpEndpoint,
  doFetch: typeof fetch,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client(CAIRN_CLIENT, {
    capabilities: {},
    jsonSchemaValidator: new CfWorkerJsonSchemaValidator(),
  });
  const transport = new StreamableHTTPClientTransport(new URL(endpoint.url), {
    fetch: guardedFetch(endpoint.url, doFetch, MCP_LIMITS),
    ...(endpoint.token ? { requestInit: { headers: { Authorization: `Bearer ${endpoint.token}` } } } : {}),
  });
  await client.connect(transport, { timeout: timeoutOf(endpoint) });
  try {
    return await work(client);
  } finally {
    // A stateful server gets its session ended (DELETE with the session id); a stateless one
    // issued none, and nothing is sent.
    await transport.terminateSession().catch(() => undefined);
    await client.close().catch(() => undefined);
  }
}

/** What went wrong talking to a server, in one line a model or an operator can read. */
export function describeMcpFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 300);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  // The SDK's StreamableHTTPError carries the HTTP status as `code` (JSON-RPC errors are negative).
  const code = (error as { code?: unknown }).code;
  const status = typeof code === "number" && code >= 100 && code < 600 ? `HTTP ${code}: ` : "";
  return `${status}${error.message}${cause}`.replace(/\s+/g, " ").slice(0, 300);
}
