/**
 * /api/channels: the tenant's chat channels and who may talk to their agents. Every platform is
 * connected the same way, through its adapter (channels/registry.ts):
 *   GET    /                         channels (no secrets) and workspace installations
 *   PUT    /:platform                connect a channel (credentials sealed, webhook secret hashed);
 *                                    the body is the adapter's (docs/channels.md)
 *   POST   /:platform/:action        an adapter's own admin action (Slack: install-link)
 *   PATCH  /:id                      sender and group policy, approvers, send pacing, and the
 *                                    platform's own settings (Telegram: botUsername)
 *   GET    /:id/senders              allow list and pending pairings
 *   POST   /:id/senders              allow a sender by platform user id
 *   DELETE /:id/senders/:senderId    remove a sender
 *   POST   /:id/pairings             approve a pairing code a stranger was given
 */
import { z } from "zod";
import { PacingConfigSchema } from "../../channels/pacing";
import { ChannelConfigSchema, channelAdapter, connectedChannel } from "../../channels/registry";
import { SenderIdSchema } from "../../channels/sender-id";
import { database } from "../../db/client";
import { getAgent } from "../../db/queries/agents";
import {
  getChannel,
  getChannelByKind,
  listChannels,
  updateChannelConfig,
  upsertChannel,
} from "../../db/queries/channels";
import { allowSender, approvePairing, listSenders, removeSender } from "../../db/queries/channels-senders";
import { getTenant } from "../../db/queries/tenancy";
import { listWorkspaceInstallations } from "../../db/queries/workspace-installations";
import { sha256Hex } from "../../kernel/digest";
import { overQuota, quotasOf } from "../../kernel/tenancy/quotas";
import { channelPorts } from "../../runtime/channels/channel-ports";
import { pairingCodeDigest } from "../../runtime/channels/sender-gate";
import { forgetChannel } from "../channels/channel-cache";
import { errorResponse, validationError } from "../errors";
import { apiRouter, parseJsonBody } from "./request";

/** The settings every platform has; a platform adds its own (ChannelAdapter.settings). */
const CommonPatch = z.object({
  senderPolicy: z.enum(["allow_list", "open"]).optional(),
  groupPolicy: z.enum(["mention", "open"]).optional(),
  approvers: z.array(SenderIdSchema).max(100).optional(),
  /** Replaces the channel's pacing overrides as a whole (channels/pacing.ts). */
  pacing: PacingConfigSchema.optional(),
});
const SenderBody = z.object({ senderId: SenderIdSchema, name: z.string().max(200).optional() }).strict();
const PairingBody = z
  .object({ code: z.string().regex(/^[A-Za-z0-9 -]{8,12}$/, "a code like ABCD-EFGH") })
  .strict();

export const channelRoutes = apiRouter()
  .get("/", async (c) => {
    const db = database(c.env.DB);
    return c.json({
      channels: await listChannels(db, c.var.tenantId),
      installations: await listWorkspaceInstallations(db, c.var.tenantId),
    });
  })
  .put("/:platform", async (c) => {
    const adapter = channelAdapter(c.req.param("platform"));
    if (!adapter) return errorResponse(c, 404, `no platform ${c.req.param("platform")}`, "platform");
    const body = await parseJsonBody(c, adapter.connector.body);
    if (!body.ok) return body.response;
    const db = database(c.env.DB);
    const tenantId = c.var.tenantId;
    const existingRow = await getChannelByKind(db, tenantId, adapter.platform);
    const existing = existingRow ? connectedChannel(existingRow) : null;
    if (!existing) {
      // A new channel counts against the plan's quota (kernel/tenancy/quotas.ts); reconnecting one does not.
      const limit = quotasOf((await getTenant(db, tenantId))?.quotas).channels;
      const connected = (await listChannels(db, tenantId)).length;
      if (limit !== undefined && overQuota(limit, connected + 1))
        return errorResponse(
          c,
          403,
          `this workspace's plan allows ${limit} channel(s), and ${connected} are connected`,
          "platform",
        );
    }
    const origin = new URL(c.req.url).origin;
    const ports = channelPorts(c.env, tenantId);
    const connection = await adapter.connector.connect(body.data, existing, { origin, ports });
    if (!(await getAgent(db, tenantId, connection.agentId)))
      return errorResponse(c, 400, "no such agent", "agentId");
    const config = ChannelConfigSchema.safeParse(connection.config);
    if (!config.success) return validationError(c, config.error.issues);
    const channel = await upsertChannel(db, {
      id: existing?.id ?? `ch_${tenantId}_${adapter.platform}`,
      tenantId,
      kind: adapter.platform,
      agentId: connection.agentId,
      webhookSecretHash: await sha256Hex(connection.webhookSecret),
      credentialsSealed: await ports.sealSecret(connection.credentials),
      config: config.data,
      createdAt: Date.now(),
    });
    forgetChannel(tenantId, adapter.platform);
    return c.json({
      channel: { id: channel.id, kind: channel.kind, agentId: channel.agentId, config: channel.config },
      ...connection.answer,
    });
  })
  .patch("/:id", async (c) => {
    const db = database(c.env.DB);
    const channel = await getChannel(db, c.var.tenantId, c.req.param("id"));
    if (!channel) return errorResponse(c, 404, "no such channel", "id");
    const own = channelAdapter(channel.kind)?.settings;
    const body = await parseJsonBody(c, (own ? CommonPatch.extend(own.shape) : CommonPatch).strict());
    if (!body.ok) return body.response;
    const config = ChannelConfigSchema.safeParse({ ...connectedChannel(channel).config, ...body.data });
    if (!config.success) return validationError(c, config.error.issues);
    await updateChannelConfig(db, c.var.tenantId, channel.id, config.data);
    forgetChannel(c.var.tenantId, channel.kind);
    return c.json({ channel: { id: channel.id, kind: channel.kind, config: config.data } });
  })
  .get("/:id/senders", async (c) => {
    const db = database(c.env.DB);
    const channel = await getChannel(db, c.var.tenantId, c.req.param("id"));
    if (!channel) return errorResponse(c, 404, "no such channel", "id");
    return c.json({ senders: await listSenders(db, c.var.tenantId, channel.id) });
  })
  .post("/:id/senders", async (c) => {
    const body = await parseJsonBody(c, SenderBody);
    if (!body.ok) return body.response;
    const db = database(c.env.DB);
    const channel = await getChannel(db, c.var.tenantId, c.req.param("id"));
    if (!channel) return errorResponse(c, 404, "no such channel", "id");
    await allowSender(db, {
      tenantId: c.var.tenantId,
      channelId: channel.id,
      senderId: body.data.senderId,
      senderName: body.data.name ?? body.data.senderId,
      approvedBy: c.var.actor,
      at: Date.now(),
    });
    return c.json({ sender: { senderId: body.data.senderId, status: "allowed" } }, 201);
  })
  .delete("/:id/senders/:senderId", async (c) => {
    const db = database(c.env.DB);
    const channel = await getChannel(db, c.var.tenantId, c.req.param("id"));
    if (!channel) return errorResponse(c, 404, "no such channel", "id");
    const removed = await removeSender(db, c.var.tenantId, channel.id, c.req.param("senderId"));
    if (!removed) return errorResponse(c, 404, "no such sender", "senderId");
    return c.json({ removed: true });
  })
  .post("/:id/pairings", async (c) => {
    const body = await parseJsonBody(c, PairingBody);
    if (!body.ok) return body.response;
    const db = database(c.env.DB);
    const channel = await getChannel(db, c.var.tenantId, c.req.param("id"));
    if (!channel) return errorResponse(c, 404, "no such channel", "id");
    const approved = await approvePairing(db, {
      tenantId: c.var.tenantId,
      channelId: channel.id,
      codeHash: await pairingCodeDigest(channel.id, body.data.code),
      approvedBy: c.var.actor,
      now: Date.now(),
    });
    if (!approved)
      return errorResponse(c, 404, "no pending pairing with this code (wrong, used or expired)", "code");
    return c.json({
      sender: { senderId: approved.senderId, senderName: approved.senderName, status: approved.status },
    });
  })
  // Last: /:id/senders and /:id/pairings above take their paths first.
  .post("/:platform/:action", async (c) => {
    const adapter = channelAdapter(c.req.param("platform"));
    const action = adapter?.actions?.[c.req.param("action")];
    if (!adapter || !action) return errorResponse(c, 404, `no route for POST ${new URL(c.req.url).pathname}`);
    const row = await getChannelByKind(database(c.env.DB), c.var.tenantId, adapter.platform);
    const result = await action(row ? connectedChannel(row) : null, {
      origin: new URL(c.req.url).origin,
      ports: channelPorts(c.env, c.var.tenantId),
    });
    return c.json(result.body, result.status);
  });
