/**
 * Shared set-up of the proposal lifecycle tests: a tenant with an overlay that grants the
 * catalogue's record, workspace and http tools, a fake Telegram, a fake Resend email API and a
 * fake invoicing API (all MSW at the HTTP boundary), a thread bound to the chat, and a way to
 * make one tool call inside the thread exactly as an agent turn does.
 *
 * Time: tests run on a fake clock set a year ahead, so the thread's alarms are never due in
 * real time and fire only when a test runs them (runDurableObjectAlarm) after moving the clock.
 */
import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { HttpResponse, http } from "msw";
import { vi } from "vitest";
import type { InboundMessage } from "../../channels/message";
import { connectedChannel } from "../../channels/registry";
import { database } from "../../db/client";
import { getChannel } from "../../db/queries/channels";
import { upsertEntity } from "../../db/queries/entities";
import { insertNextPolicyVersion, TENANT_SCOPE } from "../../db/queries/policies";
import type { ContextThread } from "../../durable-objects/context-thread/context-thread";
import { threadIdFor, threadStub } from "../../durable-objects/stubs";
import { auditWriter } from "../../kernel/audit/chain";
import { systemClock } from "../../kernel/clock";
import { createIdSource } from "../../kernel/ids";
import { scopedLogger } from "../../kernel/log";
import { auditChain } from "../../runtime/audit-chain";
import { AuditBuffer } from "../../runtime/turn/audit-buffer";
import { loadEffectivePolicy } from "../../runtime/turn/policy";
import { handleToolCall, type ToolCallOutcome } from "../../runtime/turn/tool-calls";
import type { ToolScope } from "../../runtime/turn/turn-engine";
import type { ThreadScope } from "../../runtime/turn/turn-scope";
import type { ToolContext } from "../../tools/types";
import { createFakeTelegram } from "./fake-telegram";
import { api, seedTenant, type TestTenant } from "./fixtures";
import { CHAT_ID, USER } from "./telegram-updates";

export const MINUTE = 60_000;
const OVERLAY = `version: 1
name: proposals-test
tools:
  allow:
    - id: records-and-files
      tools: [record, workspace, http]
network:
  allow:
    - hosts: [api.example.test]
      methods: [POST, DELETE]
`;

export interface SentEmail {
  /** The Idempotency-Key header as sent (null when there was none: nothing to deduplicate on). */
  idempotencyKey: string | null;
  to: string[];
  subject: string;
  text: string;
}

/**
 * Resend's POST /emails: bearer key, JSON body with from/to/subject, an Idempotency-Key of 1–256
 * characters when given, and a repeat of a key sends nothing. Without a key every request sends.
 */
export function fakeResend() {
  const delivered: SentEmail[] = [];
  const seen = new Map<string, string>();
  const handler = http.post("https://api.resend.com/emails", async ({ request }) => {
    if (request.headers.get("Authorization") !== "Bearer re_test_key")
      return HttpResponse.json(
        { statusCode: 401, name: "validation_error", message: "API key is invalid" },
        { status: 401 },
      );
    const key = request.headers.get("Idempotency-Key");
    if (key !== null && (key.length === 0 || key.length > 256))
      return HttpResponse.json(
        {
          statusCode: 400,
          name: "invalid_idempotency_key",
          message: "Idempotency key must be 1-256 characters.",
        },
        { status: 400 },
      );
    if (request.headers.get("Content-Type") !== "application/json")
      return HttpResponse.json(
        { statusCode: 422, name: "validation_error", message: "Invalid content type." },
        { status: 422 },
      );
    const body = (await request.json()) as { from?: string; to?: string[]; subject?: string; text?: string };
    if (!body.from || !body.to?.length || !body.subject)
      return HttpResponse.json(
        { statusCode: 422, name: "missing_required_field", message: "Missing `to` field." },
        { status: 422 },
      );
    const earlier = key === null ? undefined : seen.get(key);
    if (earlier) return HttpResponse.json({ id: earlier });
    const id = `4ef9a417-02e9-4d39-ad75-9611e0fcc${String(delivered.length).padStart(3, "0")}`;
    if (key !== null) seen.set(key, id);
    delivered.push({ idempotencyKey: key, to: body.to, subject: body.subject, text: body.text ?? "" });
    return HttpResponse.json({ id });
  });
  return { handler, delivered };
}

/** The invoicing API's key; a tool call passes it as `Authorization: Bearer …`. */
export const INVOICING_AUTH = { Authorization: "Bearer inv_test_key" };

export interface InvoicingCall {
  method: string;
  path: string;
  idempotencyKey: string | null;
  /** The request body as sent, or null when there was none. */
  body: string | null;
}

/**
 * A small invoicing API with only the routes it has: POST /invoices (JSON with a `client`)
 * creates an invoice, POST /invoices/:id issues one, POST /payments pays, DELETE /invoices/:id
 * removes one (the compensating call). Every request needs the bearer key and an Idempotency-Key;
 * any other method or path is a 404. Accepted requests are recorded with their body.
 */
export function fakeInvoicing() {
  const calls: InvoicingCall[] = [];
  const fail = (status: number, error: string) => HttpResponse.json({ error }, { status });
  type Received = { method: string; url: string; headers: Headers; text(): Promise<string> };
  const accepted = async (request: Received, route: string): Promise<Response | InvoicingCall> => {
    if (request.headers.get("Authorization") !== INVOICING_AUTH.Authorization)
      return fail(401, "missing or invalid API key");
    const idempotencyKey = request.headers.get("Idempotency-Key");
    if (!idempotencyKey) return fail(400, "Idempotency-Key header is required");
    const text = await request.text();
    const body = text === "" ? null : text;
    if (route === "create") {
      let parsed: unknown = null;
      try {
        parsed = body === null ? null : JSON.parse(body);
      } catch {
        return fail(400, "body is not JSON");
      }
      if (typeof (parsed as { client?: unknown } | null)?.client !== "string")
        return fail(422, "client is required");
    }
    return { method: request.method, path: new URL(request.url).pathname, idempotencyKey, body };
  };
  const handle = async (request: Received, route: string, answer: () => Response) => {
    const call = await accepted(request, route);
    if (call instanceof Response) return call;
    calls.push(call);
    return answer();
  };
  const created = () => HttpResponse.json({ id: "inv_1" }, { status: 201 });
  return {
    calls,
    handlers: [
      http.post("https://api.example.test/invoices", ({ request }) => handle(request, "create", created)),
      http.post("https://api.example.test/invoices/:id", ({ request }) => handle(request, "issue", created)),
      http.post("https://api.example.test/payments", ({ request }) => handle(request, "pay", created)),
      http.delete("https://api.example.test/invoices/:id", ({ request }) =>
        handle(request, "delete", () => new HttpResponse(null, { status: 204 })),
      ),
      http.all("https://api.example.test/*", () => fail(404, "no such route")),
    ],
  };
}

export async function setUpProposalTenant(tenantId: string) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + 365 * 24 * 60 * MINUTE);
  const tenant = await seedTenant(tenantId);
  // Date is frozen here, and send pacing frees a slot only as time passes: this tenant's channel
  // sends unpaced (pacing has its own tests, test/workers/channels-pacing.test.ts).
  await env.DB.prepare(
    "UPDATE channels SET config = json_set(config, '$.pacing', json(?)) WHERE tenant_id = ? AND id = ?",
  )
    .bind(
      JSON.stringify({ telegram: { perChat: null, perGroup: null, perBot: null } }),
      tenantId,
      tenant.channelId,
    )
    .run();
  const telegram = createFakeTelegram(tenant.botToken);
  const email = fakeResend();
  const invoicing = fakeInvoicing();
  telegram.server.use(email.handler, ...invoicing.handlers);
  telegram.server.listen();
  const db = database(env.DB);
  await insertNextPolicyVersion(db, {
    id: `pol_${tenantId}_proposals`,
    tenantId,
    scope: TENANT_SCOPE,
    text: OVERLAY,
    createdBy: "test",
    createdAt: Date.now(),
  });
  const threadId = threadIdFor(tenantId, "telegram", String(CHAT_ID));
  const harness = { tenant, telegram, email, invoicing, db, threadId, stub: threadStub(env, threadId) };
  // The thread learns its chat from a first message.
  await harness.stub.receive(threadId, inbound(tenant, "hello", `hello:${tenantId}`));
  return harness;
}
export type Harness = Awaited<ReturnType<typeof setUpProposalTenant>>;

/** Lets the outbound queue drain first: a send after the fake is gone would reach for the network. */
export async function tearDown(harness: Harness) {
  await vi.waitFor(
    async () => {
      const row = await env.DB.prepare(
        "SELECT count(*) AS n FROM outbox WHERE tenant_id = ? AND status = 'pending'",
      )
        .bind(harness.tenant.tenantId)
        .first<{ n: number }>();
      if (row?.n) throw new Error(`${row.n} sends still pending`);
    },
    { timeout: 20_000, interval: 200 },
  );
  harness.telegram.server.close();
  vi.useRealTimers();
}

export function advance(ms: number) {
  vi.setSystemTime(Date.now() + ms);
}

function inbound(
  tenant: TestTenant,
  text: string,
  dedupKey: string,
  callback?: { id: string; data: string },
): InboundMessage {
  return {
    tenantId: tenant.tenantId,
    channelId: tenant.channelId,
    platform: "telegram",
    conversationId: String(CHAT_ID),
    sender: { id: String(USER.id), name: "Ada Lovelace", isBot: false },
    text,
    dedupKey,
    receivedAt: Date.now(),
    ...(callback ? { callback, platformMessageId: "1000" } : {}),
  };
}

/** An approver pressing a card's button (Telegram callback_query), straight into the thread. */
export async function pressButton(
  harness: Harness,
  data: string,
  pressId: string,
  from: string = String(USER.id),
) {
  const message = inbound(harness.tenant, "", `telegram:update:${pressId}`, { id: `cb_${pressId}`, data });
  message.sender = { id: from, name: from === String(USER.id) ? "Ada Lovelace" : "Mallory", isBot: false };
  return harness.stub.receive(harness.threadId, message);
}

/** An approver's emoji reaction on a message of the chat (Telegram message_reaction), straight into the thread. */
export async function react(
  harness: Harness,
  emoji: string,
  targetMessageId: string,
  reactId: string,
  from: string = String(USER.id),
) {
  const message = inbound(harness.tenant, "", `telegram:update:${reactId}`);
  message.sender = { id: from, name: from === String(USER.id) ? "Ada Lovelace" : "Mallory", isBot: false };
  message.reaction = { name: emoji, targetMessageId };
  return harness.stub.receive(harness.threadId, message);
}

/** Another chat's thread of the harness tenant, for a second agent working elsewhere at once. */
export interface OtherThread {
  threadId: string;
  stub: Harness["stub"];
  agentId: string;
}

/** Opens the thread of another private chat of the tenant (it learns its chat from a first message). */
export async function openThread(harness: Harness, chatId: number, agentId: string): Promise<OtherThread> {
  const threadId = threadIdFor(harness.tenant.tenantId, "telegram", String(chatId));
  const stub = threadStub(env, threadId);
  await stub.receive(threadId, {
    ...inbound(harness.tenant, "hello", `hello:${harness.tenant.tenantId}:${chatId}`),
    conversationId: String(chatId),
  });
  return { threadId, stub, agentId };
}

/** One tool call made inside the thread (the harness's, or `where`) exactly as an agent turn makes it. */
export async function callTool(
  harness: Harness,
  name: string,
  input: Record<string, unknown>,
  callKey: string,
  where?: OtherThread,
): Promise<ToolCallOutcome> {
  const { tenant } = harness;
  const threadId = where?.threadId ?? harness.threadId;
  const agentId = where?.agentId ?? "operations";
  return runInDurableObject(where?.stub ?? harness.stub, async (instance: ContextThread) => {
    // The tool context is built by the thread's host (thread-host.ts), as a turn would build it.
    const thread = (
      instance as unknown as {
        host: {
          toolContext(tool: ToolScope, scope: ThreadScope, callKey: string, policy: unknown): ToolContext;
        };
      }
    ).host;
    const db = database(env.DB);
    const channel = connectedChannel((await getChannel(db, tenant.tenantId, tenant.channelId))!);
    const policy = await loadEffectivePolicy(db, tenant.tenantId, agentId);
    const audit = new AuditBuffer(
      createIdSource(systemClock),
      { tenantId: tenant.tenantId, threadId },
      () => Date.now(),
      auditChain(env, tenant.tenantId, auditWriter.thread(threadId)),
    );
    const outcome = await handleToolCall(
      {
        db,
        policy,
        audit,
        now: Date.now(),
        context: thread.toolContext(
          { tenantId: tenant.tenantId, threadId, channel: channel!, agentId },
          {
            tenantId: tenant.tenantId,
            threadId,
            channel: channel!,
            clock: systemClock,
            logger: scopedLogger({ tenant: tenant.tenantId, thread: threadId }),
          },
          callKey,
          policy,
        ),
        proposalId: `prop_${callKey}`,
        agentTools: [name],
      },
      { id: `call_${callKey}`, name, input },
    );
    await audit.flush(db);
    return outcome;
  });
}

export async function addEntity(
  harness: Harness,
  id: string,
  fields: { name: string; aliases?: string[]; flags?: string[]; data?: Record<string, unknown> },
) {
  await upsertEntity(harness.db, {
    id,
    tenantId: harness.tenant.tenantId,
    kind: "client",
    name: fields.name,
    aliases: fields.aliases ?? [],
    flags: fields.flags ?? [],
    data: fields.data ?? {},
    createdAt: Date.now(),
    updatedAt: Date.now(),
  });
}

export async function apiCall(harness: Harness, path: string, method = "GET", payload?: unknown) {
  const response = await exports.default.fetch(
    api(harness.tenant, path, { method, ...(payload ? { body: JSON.stringify(payload) } : {}) }),
  );
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever shape each endpoint answers.
  const body = response.status === 204 ? {} : ((await response.json()) as Record<string, any>);
  return { status: response.status, body };
}

export async function proposalRow(harness: Harness, id: string) {
  return (await apiCall(harness, `/proposals/${id}`)).body;
}
