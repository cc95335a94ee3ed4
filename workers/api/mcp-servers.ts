/**
 * /api/mcp-servers: the MCP servers whose tools the tenant's agents may be offered
 * (docs/mcp.md). Registering a server grants nothing: its tools stay denied until the tenant's
 * policy names them (`tools.allow: [{ tools: ["mcp:<name>:…"] }]`) and its host is allowed by
 * the network policy.
 *   GET    /          the servers (never a token: only whether one is stored)
 *   GET    /:name     one server
 *   PUT    /:name     register or replace it: { url, token?, description? }; the token is sealed
 *   DELETE /:name     forget it
 */
import { z } from "zod";
import { database } from "../../db/client";
import {
  deleteMcpServer,
  getMcpServer,
  listMcpServers,
  type McpServerRow,
  upsertMcpServer,
} from "../../db/queries/mcp-servers";
import { McpServerNameSchema } from "../../kernel/mcp";
import { seal } from "../../kernel/secret-box";
import { errorResponse, validationError } from "../errors";
import { apiRouter, parseJsonBody } from "./request";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** https anywhere; http only on loopback (a server started next to `wrangler dev`). */
const EndpointUrl = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .refine((url) => {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || LOOPBACK.has(parsed.hostname);
  }, "use https (http only for localhost)")
  .refine((url) => {
    const parsed = new URL(url);
    return parsed.username === "" && parsed.password === "";
  }, "put credentials in `token`, not in the URL");

const Registration = z.strictObject({
  url: EndpointUrl,
  /** Sent as `Authorization: Bearer <token>`; sealed at rest, never shown again. */
  token: z
    .string()
    .regex(/^[\x21-\x7e]{1,4096}$/, "a token is 1–4096 printable characters without spaces")
    .optional(),
  description: z.string().max(500).optional(),
});

function shown(row: McpServerRow) {
  return {
    name: row.name,
    url: row.url,
    description: row.description,
    hasToken: row.tokenSealed !== null,
    /** The pattern a policy names this server's tools by. */
    toolPattern: `mcp:${row.name}:*`,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export const mcpServerRoutes = apiRouter()
  .get("/", async (c) => {
    const rows = await listMcpServers(database(c.env.DB), c.var.tenantId);
    return c.json({ servers: rows.map(shown) });
  })
  .get("/:name", async (c) => {
    const row = await getMcpServer(database(c.env.DB), c.var.tenantId, c.req.param("name"));
    return row ? c.json({ server: shown(row) }) : errorResponse(c, 404, "no such MCP server", "name");
  })
  .put("/:name", async (c) => {
    const name = McpServerNameSchema.safeParse(c.req.param("name"));
    if (!name.success)
      return validationError(
        c,
        name.error.issues.map((i) => ({ ...i, path: ["name"] })),
      );
    const body = await parseJsonBody(c, Registration);
    if (!body.ok) return body.response;
    const db = database(c.env.DB);
    const tenantId = c.var.tenantId;
    const existing = await getMcpServer(db, tenantId, name.data);
    const now = Date.now();
    const row = await upsertMcpServer(db, {
      tenantId,
      name: name.data,
      url: body.data.url,
      tokenSealed: body.data.token ? await seal(body.data.token, tenantId, c.env.CAIRN_ENCRYPTION_KEY) : null,
      description: body.data.description ?? "",
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    });
    return c.json(
      {
        server: shown(row),
        next: `its tools are denied until the policy allows them (tools.allow: mcp:${row.name}:<tool>) and the network policy allows POST to ${new URL(row.url).host}`,
      },
      existing ? 200 : 201,
    );
  })
  .delete("/:name", async (c) => {
    const removed = await deleteMcpServer(database(c.env.DB), c.var.tenantId, c.req.param("name"));
    return removed ? c.body(null, 204) : errorResponse(c, 404, "no such MCP server", "name");
  });
