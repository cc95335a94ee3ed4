/**
 * POST /webhooks/slack/:tenant/{events,commands,interactivity}: verify Slack's signature over the
 * raw body, validate, enqueue, answer at once (Slack wants 2xx within 3 seconds). Nothing else is
 * stored here; the ContextThread dedups retries (X-Slack-Retry-Num) by the event's own ids.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import type { z } from "zod";
import type { InboundQueueMessage } from "../../channels/queue-messages";
import { BlockActionsSchema, EventsRequestSchema, SlashCommandSchema } from "../../channels/slack/payloads";
import {
  SLACK_SIGNATURE_HEADER,
  SLACK_TIMESTAMP_HEADER,
  verifySlackSignature,
} from "../../channels/slack/signature";
import { log } from "../../kernel/log";
import { errorResponse, validationError } from "../errors";
import { loadSlackApp, type SlackApp, TENANT_ID } from "./slack-app";

type SlackContext = Context<{ Bindings: Env }>;
type Verified = { ok: true; app: SlackApp; raw: string } | { ok: false; response: Response };

/** Authenticates the request before anything in its body is believed. */
async function verified(c: SlackContext): Promise<Verified> {
  const tenantId = c.req.param("tenant") ?? "";
  if (!TENANT_ID.test(tenantId))
    return { ok: false, response: errorResponse(c, 400, "invalid tenant id", "tenant") };
  const raw = await c.req.text();
  const app = await loadSlackApp(c.env, tenantId);
  const check = await verifySlackSignature({
    // An unknown tenant is checked against a throwaway secret, so it costs the same time and fails.
    signingSecret: app?.secrets.signingSecret ?? "no-such-tenant",
    timestamp: c.req.header(SLACK_TIMESTAMP_HEADER),
    signature: c.req.header(SLACK_SIGNATURE_HEADER),
    rawBody: raw,
    nowSeconds: Math.floor(Date.now() / 1000),
  });
  if (!app || !check.ok) {
    const reason = check.ok ? "no slack channel" : check.reason;
    log("warn", "webhook.rejected", { tenant: tenantId, platform: "slack", reason });
    return { ok: false, response: errorResponse(c, 401, `Slack signature rejected: ${reason}`) };
  }
  return { ok: true, app, raw };
}

function parsed<T>(c: SlackContext, schema: z.ZodType<T>, value: unknown) {
  const result = schema.safeParse(value);
  return result.success
    ? ({ ok: true, data: result.data } as const)
    : ({ ok: false, response: validationError(c, result.error.issues) } as const);
}

async function enqueue(c: SlackContext, message: InboundQueueMessage) {
  await c.env.INBOUND_QUEUE.send(message, { contentType: "json" });
}

function formFields(raw: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(raw));
}

export const slackWebhook = new Hono<{ Bindings: Env }>()
  .post("/:tenant/events", async (c) => {
    const check = await verified(c);
    if (!check.ok) return check.response;
    let json: unknown;
    try {
      json = JSON.parse(check.raw);
    } catch {
      return errorResponse(c, 400, "body is not valid JSON", "(body)");
    }
    const body = parsed(c, EventsRequestSchema, json);
    if (!body.ok) return body.response;
    if (body.data.type === "url_verification") return c.json({ challenge: body.data.challenge });
    const { app } = check;
    await enqueue(c, {
      kind: "slack.event",
      tenantId: app.channel.tenantId,
      channelId: app.channel.id,
      receivedAt: Date.now(),
      envelope: body.data,
    });
    log("info", "webhook.accepted", {
      tenant: app.channel.tenantId,
      platform: "slack",
      event_id: body.data.event_id,
      retry: c.req.header("X-Slack-Retry-Num"),
    });
    return c.body(null, 200);
  })
  .post("/:tenant/commands", async (c) => {
    const check = await verified(c);
    if (!check.ok) return check.response;
    const command = parsed(c, SlashCommandSchema, formFields(check.raw));
    if (!command.ok) return command.response;
    await enqueue(c, {
      kind: "slack.command",
      tenantId: check.app.channel.tenantId,
      channelId: check.app.channel.id,
      receivedAt: Date.now(),
      command: command.data,
    });
    // An empty 200 acknowledges without posting anything; the answer arrives as a message.
    return c.body(null, 200);
  })
  .post("/:tenant/interactivity", async (c) => {
    const check = await verified(c);
    if (!check.ok) return check.response;
    const field = formFields(check.raw).payload;
    if (!field) return errorResponse(c, 400, "form field payload is missing", "payload");
    let json: unknown;
    try {
      json = JSON.parse(field);
    } catch {
      return errorResponse(c, 400, "payload is not valid JSON", "payload");
    }
    // Only button presses are interactions Cairn handles; others are acknowledged and dropped.
    if ((json as { type?: unknown } | null)?.type !== "block_actions") return c.body(null, 200);
    const payload = parsed(c, BlockActionsSchema, json);
    if (!payload.ok) return payload.response;
    await enqueue(c, {
      kind: "slack.interaction",
      tenantId: check.app.channel.tenantId,
      channelId: check.app.channel.id,
      receivedAt: Date.now(),
      payload: payload.data,
    });
    return c.body(null, 200);
  });
