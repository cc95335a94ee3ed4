/**
 * /api/channels: the tenant's chat channels, who may talk to their agents, and the Slack app.
 *   GET    /                         channels (no secrets) and Slack workspace installations
 *   PATCH  /:id                      sender and group policy, bot username, approvers, send pacing
 *   GET    /:id/senders              allow list and pending pairings
 *   POST   /:id/senders              allow a sender by platform user id
 *   DELETE /:id/senders/:senderId    remove a sender
 *   POST   /:id/pairings             approve a pairing code a stranger was given
 *   PUT    /telegram                 connect a Telegram bot (token sealed, webhook secret hashed)
 *   PUT    /slack                    configure the tenant's Slack app (secrets sealed)
 *   POST   /slack/install-link       a signed, short-lived /slack/install link
 */
import { z } from "zod";
import { ChannelConfigSchema } from "../../channels/channel-config";
import { PacingConfigSchema } from "../../channels/pacing";
import { INSTALL_STATE_TTL_MS, signInstallState } from "../../channels/slack/oauth";
import { SLACK_API_BASE } from "../../channels/slack/web-api";
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
import { listSlackInstallations } from "../../db/queries/channels-slack";
import { pairingCodeDigest } from "../../durable-objects/context-thread/sender-gate";
import { sha256Hex } from "../../kernel/digest";
import { randomSecret } from "../../kernel/ids";
import { open, seal } from "../../kernel/secret-box";
import { errorResponse } from "../errors";
import { forgetChannel } from "../gateway/channel-cache";
import { apiRouter, parseJsonBody } from "./request";

const SenderId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "a platform user id");
const PatchBody = z
  .object({
    senderPolicy: z.enum(["allow_list", "open"]).optional(),
    groupPolicy: z.enum(["mention", "open"]).optional(),
    botUsername: z
      .string()
      .regex(/^[A-Za-z0-9_]{3,64}$/)
      .optional(),
    approvers: z.array(SenderId).max(100).optional(),
    /** Replaces the channel's pacing overrides as a whole (channels/pacing.ts). */
    pacing: PacingConfigSchema.optional(),
  })
  .strict();
const SenderBody = z.object({ senderId: SenderId, name: z.string().max(200).optional() }).strict();
const PairingBody = z
  .object({ code: z.string().regex(/^[A-Za-z0-9 -]{8,12}$/, "a code like ABCD-EFGH") })
  .strict();
const SlackAppBody = z
  .object({
    agentId: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/),
    signingSecret: z.string().min(16).max(200),
    clientId: z.string().min(1).max(100),
    clientSecret: z.string().min(16).max(200),
    apiBase: z.url().optional(),
    approvers: z.array(SenderId).max(100).default([]),
  })
  .strict();

const TelegramBody = z
  .object({
    agentId: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/),
    botToken: z.string().regex(/^\d{3,20}:[A-Za-z0-9_-]{8,}$/, "a bot token like 123456:ABC…"),
    webhookSecret: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, "1–256 characters of A-Z a-z 0-9 _ -, at least 16"),
    apiBase: z.url().optional(),
    botUsername: z
      .string()
      .regex(/^[A-Za-z0-9_]{3,64}$/)
      .optional(),
    approvers: z.array(SenderId).max(100).optional(),
  })
  .strict();

export const channelRoutes = apiRouter()
  .get("/", async (c) => {
    const db = database(c.env.DB);
    return c.json({
      channels: await listChannels(db, c.var.tenantId),
      slackInstallations: await listSlackInstallations(db, c.var.tenantId),
    });
  })
  .put("/telegram", async (c) => {
    const body = await parseJsonBody(c, TelegramBody);
    if (!body.ok) return body.response;
    const db = database(c.env.DB);
    const tenantId = c.var.tenantId;
    if (!(await getAgent(db, tenantId, body.data.agentId)))
      return errorResponse(c, 400, "no such agent", "agentId");
    const existing = await getChannelByKind(db, tenantId, "telegram");
    const previous = existing ? ChannelConfigSchema.parse(existing.config) : null;
    const { agentId, botToken, webhookSecret, apiBase, botUsername, approvers } = body.data;
    // Reconnecting keeps the approvers and policies already set unless the request names new ones.
    const config = ChannelConfigSchema.parse({
      ...(previous ?? {}),
      apiBase: apiBase ?? previous?.apiBase ?? "https://api.telegram.org",
      approvers: approvers ?? previous?.approvers ?? [],
      ...(botUsername ? { botUsername } : {}),
    });
    const channel = await upsertChannel(db, {
      id: existing?.id ?? `ch_${tenantId}_telegram`,
      tenantId,
      kind: "telegram",
      agentId,
      webhookSecretHash: await sha256Hex(webhookSecret),
      credentialsSealed: await seal(botToken, tenantId, c.env.CAIRN_ENCRYPTION_KEY),
      config,
      createdAt: Date.now(),
    });
    forgetChannel(tenantId, "telegram");
    return c.json({
      channel: { id: channel.id, kind: channel.kind, agentId: channel.agentId, config: channel.config },
      webhookUrl: `${new URL(c.req.url).origin}/webhooks/telegram/${tenantId}`,
    });
  })
  .put("/slack", async (c) => {
    const body = await parseJsonBody(c, SlackAppBody);
    if (!body.ok) return body.response;
    const db = database(c.env.DB);
    const tenantId = c.var.tenantId;
    if (!(await getAgent(db, tenantId, body.data.agentId)))
      return errorResponse(c, 400, "no such agent", "agentId");
    const { signingSecret, clientSecret, clientId, apiBase, approvers, agentId } = body.data;
    const channel = await upsertChannel(db, {
      id: `ch_${tenantId}_slack`,
      tenantId,
      kind: "slack",
      agentId,
      webhookSecretHash: await sha256Hex(signingSecret),
      credentialsSealed: await seal(
        JSON.stringify({ signingSecret, clientSecret }),
        tenantId,
        c.env.CAIRN_ENCRYPTION_KEY,
      ),
      config: ChannelConfigSchema.parse({
        apiBase: apiBase ?? SLACK_API_BASE,
        approvers,
        slackClientId: clientId,
      }),
      createdAt: Date.now(),
    });
    forgetChannel(tenantId, "slack");
    const origin = new URL(c.req.url).origin;
    return c.json({
      channel: { id: channel.id, kind: channel.kind, agentId: channel.agentId, config: channel.config },
      requestUrls: {
        events: `${origin}/webhooks/slack/${tenantId}/events`,
        commands: `${origin}/webhooks/slack/${tenantId}/commands`,
        interactivity: `${origin}/webhooks/slack/${tenantId}/interactivity`,
        oauthRedirect: `${origin}/slack/oauth/callback`,
      },
    });
  })
  .post("/slack/install-link", async (c) => {
    const db = database(c.env.DB);
    const channel = await getChannelByKind(db, c.var.tenantId, "slack");
    if (!channel) return errorResponse(c, 409, "configure the Slack app first (PUT /api/channels/slack)");
    const secrets = JSON.parse(
      await open(channel.credentialsSealed, c.var.tenantId, c.env.CAIRN_ENCRYPTION_KEY),
    ) as {
      clientSecret: string;
    };
    const expiresAt = Date.now() + INSTALL_STATE_TTL_MS;
    const state = await signInstallState(c.var.tenantId, expiresAt, randomSecret(12), secrets.clientSecret);
    const url = new URL("/slack/install", c.req.url);
    url.searchParams.set("state", state);
    return c.json({ url: url.toString(), expiresAt });
  })
  .patch("/:id", async (c) => {
    const body = await parseJsonBody(c, PatchBody);
    if (!body.ok) return body.response;
    const db = database(c.env.DB);
    const channel = await getChannel(db, c.var.tenantId, c.req.param("id"));
    if (!channel) return errorResponse(c, 404, "no such channel", "id");
    const config = ChannelConfigSchema.parse({ ...ChannelConfigSchema.parse(channel.config), ...body.data });
    await updateChannelConfig(db, c.var.tenantId, channel.id, config);
    forgetChannel(c.var.tenantId, channel.kind);
    return c.json({ channel: { id: channel.id, kind: channel.kind, config } });
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
  });
