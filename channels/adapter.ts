/**
 * The channel adapter: everything one messaging platform needs, behind one interface. An adapter
 * lives in `channels/<platform>/`, is listed once in `channels/registry.ts`, and is the only code
 * that knows the platform: how its webhooks are authenticated and parsed, how its threads and
 * users are keyed, how a message is sent and paced, what its errors mean, how approvals look.
 * The gateway, the queues, thread resolution, the sender gate and the admin API ask the registry
 * for the adapter of a channel and never branch on a platform name.
 *
 * Adapters import only `channels/` and `kernel/`: what they need from storage (secrets, workspace
 * installations) reaches them through `ChannelPorts`, bound to one tenant by the caller.
 */
import type { Hono } from "hono";
import type { z } from "zod";
import type { PlatformSource } from "../kernel/context/threads";
import type { IngressReplay, IngressScope } from "../kernel/ingress";
import type { ChannelConfig } from "./channel-config";
import type { PlatformSender } from "./deliver";
import type { InboundMessage, OutboundPayload } from "./message";
import type { PaceLimit, PaceRule } from "./pacing";

/** A connected channel as adapters see it: its stored row, its settings parsed once. */
export interface ConnectedChannel {
  id: string;
  tenantId: string;
  platform: string;
  agentId: string;
  /** SHA-256 of the platform's webhook secret or signing secret, when it has one. */
  webhookSecretHash: string | null;
  /** The channel's credentials (a bot token, an app's secrets), sealed for its tenant. */
  credentialsSealed: string;
  config: ChannelConfig;
}

/** One workspace an OAuth app is installed into (Slack today): one bot token per workspace. */
export interface WorkspaceInstallation {
  workspaceId: string;
  workspaceName: string;
  channelId: string;
  botUserId: string;
  appId: string;
  scopes: string;
  tokenSealed: string;
  installedBy: string;
  installedAt: number;
}

/** What the rest of Cairn offers an adapter, bound to one tenant. */
export interface ChannelPorts {
  tenantId: string;
  now(): number;
  openSecret(sealed: string): Promise<string>;
  sealSecret(plain: string): Promise<string>;
  installation(workspaceId: string): Promise<WorkspaceInstallation | null>;
  saveInstallation(installation: WorkspaceInstallation): Promise<void>;
}

/** The bot's own identity on the platform: its messages are ignored, mentions of it address it. */
export interface BotIdentity {
  /** Platform user ids of the bot. */
  ids: string[];
  /** Lower-cased @usernames of the bot. */
  usernames: string[];
}

// ── Inbound ─────────────────────────────────────────────────────────────────────────────────

/** One webhook request, read once by the gateway. */
export interface WebhookRequest {
  tenantId: string;
  /** The path after `/webhooks/<platform>/<tenant>`: "" or, for Slack, "events", "commands", … */
  path: string;
  headers: Headers;
  /** The raw body: signatures are computed over the bytes as sent. */
  rawBody: string;
  now: number;
}

/**
 * An event for the inbound queue. `kind` is `<platform>.<event>` (the registry finds the adapter
 * by its prefix); the adapter names its own payload field, which it re-validates when consumed.
 */
export interface QueuedEvent {
  kind: string;
  [payload: string]: unknown;
}

export type WebhookOutcome =
  /** Authentication or framing failed: answered with this status, nothing is queued. */
  | { kind: "rejected"; status: 400 | 401 | 403 | 404 | 409 | 413; message: string; field?: string }
  /** The body does not have the platform's documented shape (answered 400 with every issue). */
  | { kind: "invalid"; issues: z.core.$ZodIssue[] }
  /**
   * Authenticated, but nothing Cairn can act on: a body that fails the platform's schema, an event
   * type Cairn does not handle. Answered with `reply` (2xx) so the platform does not redeliver it
   * forever, logged with `reason`, queued and stored nowhere.
   */
  | { kind: "ignored"; reason: string; reply: WebhookReply; logged?: Record<string, unknown> }
  /** Authenticated and valid: the events are queued, then the reply is sent. */
  | {
      kind: "accepted";
      events: QueuedEvent[];
      reply: WebhookReply;
      logged?: Record<string, unknown>;
      /** What the gateway's ingress guard counts and remembers (docs/security.md, "Ingress"). */
      ingress?: WebhookIngress;
    };

/**
 * Read by the adapter after verification, where it is cheap: the sender the request is counted
 * against, and the request's stable identity for the replay cache with how long a replay of it
 * could still pass verification (Slack: the signature until its timestamp leaves the window).
 */
export interface WebhookIngress {
  sender?: string;
  replay?: IngressReplay;
}

/**
 * How a platform wants to hear "too many": `retry-later` answers 429 with Retry-After (the
 * platform redelivers later); `acknowledge` answers as if accepted and does no work (for a
 * platform that redelivers every non-2xx, where a refusal would only prolong a flood).
 */
export type IngressAnswer = "retry-later" | "acknowledge";

export type WebhookReply = { json: unknown } | { empty: true };

export interface WebhookContext {
  /** The tenant's channel of this platform (cached per isolate), or null when it has none. */
  channel(): Promise<ConnectedChannel | null>;
  ports: ChannelPorts;
}

export type WebhookEndpoint = (request: WebhookRequest, context: WebhookContext) => Promise<WebhookOutcome>;

export type Normalized = { ok: true; inbound: InboundMessage | null } | { ok: false; issue: string };

// ── Outbound ────────────────────────────────────────────────────────────────────────────────

/** How one payload goes out: the sender, and the pause scopes and pacing rules it is subject to. */
export interface OutboundRoute {
  sender: PlatformSender;
  /** Scopes whose pause (after a 429) holds this send back. */
  scopes: string[];
  /** The scope a 429 on this send pauses. */
  limitedScope: string;
  /** The pacing rules this send must pass before it is tried. */
  pace: PaceRule[];
}

// ── Administration ─────────────────────────────────────────────────────────────────────────

/** What connecting a channel (PUT /api/channels/<platform>) stores, and what the answer adds. */
export interface ChannelConnection {
  agentId: string;
  /** The plain webhook or signing secret; only its SHA-256 is stored. */
  webhookSecret: string;
  /** The plain credentials; stored sealed for the tenant. */
  credentials: string;
  /** The settings to store; the caller parses them with the registry's ChannelConfigSchema. */
  config: Record<string, unknown>;
  /** Fields added to the answer (the webhook URL to register, request URLs, …). */
  answer: Record<string, unknown>;
}

export interface ChannelConnector<Body = unknown> {
  /** The request body, strict: an unknown field is refused. Must include `agentId`. */
  body: z.ZodType<Body>;
  connect(
    body: Body,
    existing: ConnectedChannel | null,
    context: { origin: string; ports: ChannelPorts },
  ): Promise<ChannelConnection>;
}

/** The reaction emoji that decide a proposal on this platform. */
export type ReactionDecision = "approve" | "reject";

export interface ChannelAdapter {
  /** Lower-case id: the URL segment under /webhooks, `channels.kind`, the prefix of queue kinds. */
  platform: string;
  /** What a person sees: "Telegram". */
  displayName: string;
  /** POST /webhooks/<platform>/<tenant>/<path>, by path ("" for the bare URL). */
  webhooks: Record<string, WebhookEndpoint>;
  /**
   * The media types the platform sends to each webhook path, as its documentation states. The
   * gateway answers any other Content-Type (or none) with 415 before the body is read; a path
   * left out accepts any.
   */
  webhookMediaTypes?: Record<string, readonly string[]>;
  /**
   * A queued event (one this adapter produced) → the common message, or null for nothing to act
   * on. It sets `command` for a leading bot command (channels/commands.ts `parseCommand`): chat
   * commands, text approvals among them, are read from it.
   */
  normalize(event: QueuedEvent, ref: { tenantId: string; channelId: string }, receivedAt: number): Normalized;
  /** The message's place in the platform's threading, as keys for thread resolution. */
  threadKeys(inbound: InboundMessage): PlatformSource;
  botIdentity(channel: ConnectedChannel, inbound: InboundMessage, ports: ChannelPorts): Promise<BotIdentity>;
  /** How one payload is sent. Send failures are `ChannelSendError`s (channels/send-error.ts). */
  route(channel: ConnectedChannel, payload: OutboundPayload, ports: ChannelPorts): Promise<OutboundRoute>;
  /** The answer to a request over its sender's or its tenant's ingress limit; `retry-later` if absent. */
  ingressAnswer?: (scope: IngressScope) => IngressAnswer;
  /** Documented default limits by rule name; `config.pacing[<platform>][<rule>]` overrides one. */
  pacingDefaults: Record<string, PaceLimit | undefined>;
  /** The reaction that decides a proposal, if this one does. */
  reactionDecision(name: string): ReactionDecision | undefined;
  /**
   * How approvals are asked for: `buttons` puts Approve / Reject buttons on the card; `text`
   * asks for a reply such as `approve prop_123` (chat commands read it).
   */
  approvals: "buttons" | "text";
  /** Settings only this platform has, accepted by PATCH /api/channels/:id next to the common ones. */
  settings?: z.ZodObject;
  connector: ChannelConnector;
  /** Admin actions, POST /api/channels/<platform>/<action> (Slack: `install-link`). */
  actions?: Record<string, ChannelAction>;
  /** Webhook set-up from the CLI (`npm run cairn -- channels <platform> …`), where the platform has an API for it. */
  setup?: { usage: string; run(args: string[], deps: ChannelSetupDeps): Promise<number> };
  /** Further public HTTP routes, mounted at /<platform> (Slack's OAuth install flow). */
  routes?: (deps: ChannelHttpDeps) => Hono<{ Bindings: Env }>;
}

export type ChannelAction = (
  channel: ConnectedChannel | null,
  context: { origin: string; ports: ChannelPorts },
) => Promise<{ status: 200 | 201 | 409; body: Record<string, unknown> }>;

/** What a CLI set-up may use: the network, the environment, output, and a source of secrets. */
export interface ChannelSetupDeps {
  fetch: typeof fetch;
  env: Record<string, string | undefined>;
  out: (line: string) => void;
  err: (line: string) => void;
  secret: () => string;
}

/** What public routes of an adapter may reach, per request. */
export interface ChannelHttpDeps {
  ports(env: Env, tenantId: string): ChannelPorts;
  channel(env: Env, tenantId: string): Promise<ConnectedChannel | null>;
}
