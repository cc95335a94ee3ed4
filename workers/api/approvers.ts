/**
 * /api/approvers: the tenant's approver list — who may approve, reject, roll back or cancel
 * proposals from a chat (by platform and user id). The admin token itself may always decide.
 */
import { z } from "zod";
import { PlatformNameSchema } from "../../channels/registry";
import { database } from "../../db/client";
import { addApprover, listApprovers, removeApprover } from "../../db/queries/proposal-approvals";
import { systemClock } from "../../kernel/clock";
import { errorResponse } from "../errors";
import { apiRouter, ID_PATTERN, parseJsonBody } from "./request";

const NewApprover = z
  .object({
    platform: PlatformNameSchema,
    userId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "a platform user id"),
    name: z.string().min(1).max(120),
  })
  .strict();

export const approverRoutes = apiRouter()
  .get("/", async (c) => c.json({ approvers: await listApprovers(database(c.env.DB), c.var.tenantId) }))
  .post("/", async (c) => {
    const body = await parseJsonBody(c, NewApprover);
    if (!body.ok) return body.response;
    const { platform, userId, name } = body.data;
    // One row per (tenant, platform, user): the id is derived from them, so a repeat adds nothing.
    const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "_");
    await addApprover(database(c.env.DB), {
      id: `apr_${slug(c.var.tenantId)}_${platform}_${slug(userId)}`,
      tenantId: c.var.tenantId,
      platform,
      userId,
      name,
      createdAt: systemClock.now(),
    });
    const approvers = await listApprovers(database(c.env.DB), c.var.tenantId);
    const approver = approvers.find((a) => a.platform === platform && a.userId === userId);
    return c.json({ approver }, 201);
  })
  .delete("/:id", async (c) => {
    const id = c.req.param("id");
    if (!ID_PATTERN.test(id)) return errorResponse(c, 404, "no such approver", "id");
    const removed = await removeApprover(database(c.env.DB), c.var.tenantId, id);
    return removed ? c.body(null, 204) : errorResponse(c, 404, "no such approver", "id");
  });
