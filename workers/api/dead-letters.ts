/**
 * /api/dead-letters: the tenant's messages that could not be processed (D1 `dead_letters`), and
 * their replay. A thread's message is stored again in its thread under a new key and run by the
 * thread's alarm; a queue's body is sent back to the queue it came from. Replays are audited
 * (`dead_letter.replayed`); another tenant's id is 404 like an unknown one.
 */

import { z } from "zod";
import { InboundMessageSchema } from "../../channels/message";
import { database } from "../../db/client";
import { getDeadLetter, listDeadLetters, markDeadLetterReplayed } from "../../db/queries/dead-letters";
import { threadStub } from "../../durable-objects/stubs";
import { auditWriter } from "../../kernel/audit/chain";
import { systemClock } from "../../kernel/clock";
import { createIdSource } from "../../kernel/ids";
import { isRefusal } from "../../kernel/refusal";
import { auditChain } from "../../runtime/audit-chain";
import { AuditBuffer } from "../../runtime/turn/audit-buffer";
import { errorResponse } from "../errors";
import { apiRouter, LimitSchema, parseQuery } from "./request";

const ids = createIdSource(systemClock);
const ListQuery = z.object({ limit: LimitSchema }).strict();

export const deadLetterRoutes = apiRouter()
  .get("/", async (c) => {
    const query = parseQuery(c, ListQuery);
    if (!query.ok) return query.response;
    const rows = await listDeadLetters(database(c.env.DB), c.var.tenantId, query.data.limit);
    return c.json({ deadLetters: rows });
  })
  .get("/:id", async (c) => {
    const row = await getDeadLetter(database(c.env.DB), c.var.tenantId, c.req.param("id"));
    if (!row) return errorResponse(c, 404, "no such dead letter", "id");
    return c.json({ deadLetter: row });
  })
  .post("/:id/replay", async (c) => {
    const tenantId = c.var.tenantId;
    const db = database(c.env.DB);
    const row = await getDeadLetter(db, tenantId, c.req.param("id"));
    if (!row) return errorResponse(c, 404, "no such dead letter", "id");
    const now = systemClock.now();
    let replayed: { threadId?: string; dedupKey?: string; queue?: string };
    if (row.source === "thread") {
      const inbound = InboundMessageSchema.safeParse(row.body);
      if (!inbound.success || !row.threadId)
        return errorResponse(c, 409, "the stored message can no longer be read", "id");
      // A new key: the original is done (answered as poison); the replay is a turn of its own.
      const dedupKey = `replay:${row.id}:${now}`;
      const result = await threadStub(c.env, row.threadId).replay(row.threadId, {
        ...inbound.data,
        dedupKey,
      });
      if (isRefusal(result)) return errorResponse(c, 409, result.refused, "id");
      replayed = { threadId: row.threadId, dedupKey };
    } else {
      // The dead-letter queue does not say which queue a body came from; its shape does.
      const outbound = typeof (row.body as { outboxId?: unknown } | null)?.outboxId === "string";
      await (outbound ? c.env.OUTBOUND_QUEUE : c.env.INBOUND_QUEUE).send(row.body as never, {
        contentType: "json",
      });
      replayed = { queue: outbound ? "cairn-outbound" : "cairn-inbound" };
    }
    await markDeadLetterReplayed(db, tenantId, row.id, now);
    const audit = new AuditBuffer(ids, { tenantId }, () => now, auditChain(c.env, tenantId, auditWriter.api));
    audit.add({
      actor: c.var.actor,
      action: "dead_letter.replayed",
      subjectType: "dead_letter",
      subjectId: row.id,
      detail: replayed,
    });
    await audit.flush(db);
    return c.json({ replayed: { id: row.id, ...replayed } }, 202);
  });
