/**
 * /api/approvers: everyone who may approve, reject, roll back or cancel the tenant's proposals
 * from a chat — one list, from the two places an approver can be named:
 *   - the tenant's list (`source: "tenant"`, rows added here): an approver on every channel of
 *     their platform;
 *   - a channel's own `approvers` (`source: "channel"`, set when the channel is connected or with
 *     PATCH /api/channels/:id): an approver on that channel only; the first is its owner.
 * DELETE removes either kind; a channel's owner is removed by naming a new one on the channel.
 * The admin token itself may always decide.
 */
import { z } from "zod";
import { ChannelConfigSchema, PlatformNameSchema } from "../../channels/registry";
import { database } from "../../db/client";
import { listChannels, updateChannelConfig } from "../../db/queries/channels";
import { addApprover, listApprovers, removeApprover } from "../../db/queries/proposal-approvals";
import { systemClock } from "../../kernel/clock";
import { forgetChannel } from "../channels/channel-cache";
import { errorResponse } from "../errors";
import { apiRouter, ID_PATTERN, parseJsonBody } from "./request";

const NewApprover = z
  .object({
    platform: PlatformNameSchema,
    userId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "a platform user id"),
    name: z.string().min(1).max(120),
  })
  .strict();

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "_");

type Db = ReturnType<typeof database>;

/** The approvers that channels name, each with the id this API knows it by. */
async function channelApprovers(db: Db, tenantId: string) {
  const channels = await listChannels(db, tenantId);
  return channels.flatMap((channel) => {
    const config = ChannelConfigSchema.parse(channel.config);
    return config.approvers.map((userId, index) => ({
      id: `chapr_${slug(channel.id)}_${slug(userId)}`,
      source: "channel" as const,
      platform: channel.kind,
      userId,
      channelId: channel.id,
      owner: index === 0,
      config,
    }));
  });
}

async function everyApprover(db: Db, tenantId: string) {
  const [listed, named] = await Promise.all([listApprovers(db, tenantId), channelApprovers(db, tenantId)]);
  return [
    ...listed.map((row) => ({
      id: row.id,
      source: "tenant" as const,
      platform: row.platform,
      userId: row.userId,
      name: row.name,
      createdAt: row.createdAt,
    })),
    ...named.map(({ config: _config, ...approver }) => approver),
  ];
}

export const approverRoutes = apiRouter()
  .get("/", async (c) => c.json({ approvers: await everyApprover(database(c.env.DB), c.var.tenantId) }))
  .post("/", async (c) => {
    const body = await parseJsonBody(c, NewApprover);
    if (!body.ok) return body.response;
    const { platform, userId, name } = body.data;
    // One row per (tenant, platform, user): the id is derived from them, so a repeat adds nothing.
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
    return c.json({ approver: approver && { ...approver, source: "tenant" } }, 201);
  })
  .delete("/:id", async (c) => {
    const id = c.req.param("id");
    if (!ID_PATTERN.test(id)) return errorResponse(c, 404, "no such approver", "id");
    const db = database(c.env.DB);
    if (id.startsWith("chapr_")) {
      const named = (await channelApprovers(db, c.var.tenantId)).find((approver) => approver.id === id);
      if (!named) return errorResponse(c, 404, "no such approver", "id");
      if (named.owner)
        return errorResponse(
          c,
          409,
          `${named.userId} is the owner of channel ${named.channelId}: name another owner first (PATCH /api/channels/${named.channelId} with approvers)`,
          "id",
        );
      const approvers = named.config.approvers.filter((userId) => userId !== named.userId);
      await updateChannelConfig(db, c.var.tenantId, named.channelId, { ...named.config, approvers });
      forgetChannel(c.var.tenantId, named.platform);
      return c.body(null, 204);
    }
    const removed = await removeApprover(db, c.var.tenantId, id);
    return removed ? c.body(null, 204) : errorResponse(c, 404, "no such approver", "id");
  });
