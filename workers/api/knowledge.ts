/**
 * /api/knowledge: the tenant's knowledge base (memory tier 6). Documents are embedded and stored
 * in the tenant's knowledge object (or Upstash Vector when configured); agents' turns search it
 * by meaning. `GET /search?q=` shows what a turn would find.
 */
import { z } from "zod";
import { threadStub } from "../../durable-objects/stubs";
import { isRefusal } from "../../kernel/refusal";
import { KnowledgeDocumentSchema, knowledgeObjectName } from "../../runtime/memory/knowledge";
import { searchTenantKnowledge } from "../../runtime/memory/turn-context";
import { errorResponse } from "../errors";
import { apiRouter, parseJsonBody, parseQuery } from "./request";

const IndexBody = z.object({ documents: z.array(KnowledgeDocumentSchema).min(1).max(100) }).strict();
const SearchQuery = z
  .object({ q: z.string().trim().min(1).max(1_000), topK: z.coerce.number().int().min(1).max(20).default(5) })
  .strict();

export const knowledgeRoutes = apiRouter()
  .post("/", async (c) => {
    const body = await parseJsonBody(c, IndexBody);
    if (!body.ok) return body.response;
    const tenantId = c.var.tenantId;
    const answer = await threadStub(c.env, knowledgeObjectName(tenantId)).knowledgeIndex(
      tenantId,
      body.data.documents,
    );
    if (isRefusal(answer)) return errorResponse(c, 409, answer.refused);
    return c.json({ indexed: answer.indexed }, 201);
  })
  .get("/search", async (c) => {
    const query = parseQuery(c, SearchQuery);
    if (!query.ok) return query.response;
    const hits = await searchTenantKnowledge(c.env, c.var.tenantId, query.data.q, query.data.topK);
    return c.json({ hits });
  });
