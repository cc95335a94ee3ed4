/**
 * Thread resolution against real local D1: each rule in turn (explicit reference, platform thread,
 * participant, entity mention, new conversation), a button press following its proposal's thread,
 * findings and tasks, and tenant isolation of every lookup.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { emailThreadKeys } from "../../channels/email/thread-keys";
import type { InboundMessage } from "../../channels/message";
import { database } from "../../db/client";
import { addEntityParticipant } from "../../db/queries/context-threads";
import { getThreadRow } from "../../db/queries/threads";
import { entities } from "../../db/schema-proposals";
import {
  entityThreadId,
  resolveFindingThread,
  resolveInboundThread,
  resolveItemThread,
  resolveTaskThread,
} from "../../runtime/threads/thread-resolution";
import { seedTenant, type TestTenant } from "./fixtures";

const db = () => database(env.DB);
const NOW = Date.UTC(2026, 10, 1);
let tenant: TestTenant;
let other: TestTenant;
let update = 0;

function chat(
  text: string,
  options: { messageId?: number; replyTo?: number; sender?: string; tenantId?: string } = {},
) {
  update += 1;
  const messageId = options.messageId ?? 9000 + update;
  const message: InboundMessage = {
    tenantId: options.tenantId ?? tenant.tenantId,
    channelId: tenant.channelId,
    platform: "telegram",
    conversationId: "-100200300",
    sender: { id: options.sender ?? "4242", name: "Bea", isBot: false },
    text,
    platformMessageId: String(messageId),
    ...(options.replyTo ? { replyToMessageId: String(options.replyTo) } : {}),
    dedupKey: `telegram:update:${update}`,
    receivedAt: NOW + update,
    chatType: "group",
  };
  return message;
}

const resolve = (message: InboundMessage) => resolveInboundThread(db(), message, NOW + update);

async function addEntity(tenantId: string, id: string, kind: string, name: string, aliases: string[] = []) {
  await db().insert(entities).values({ id, tenantId, kind, name, aliases, createdAt: NOW, updatedAt: NOW });
}

beforeAll(async () => {
  tenant = await seedTenant("resolve");
  other = await seedTenant("other");
  await addEntity(tenant.tenantId, "ent_acme", "client", "Acme Corp", ["acme", "ana@acme.example"]);
  await addEntity(tenant.tenantId, "ent_inv1042", "invoice", "INV-1042");
  await addEntity(tenant.tenantId, "ent_globex", "client", "Globex");
  await addEntity(other.tenantId, "ent_other_acme", "client", "Acme Corp");
  await addEntityParticipant(db(), {
    tenantId: tenant.tenantId,
    participant: "telegram:5151",
    entityId: "ent_globex",
    at: NOW,
  });
});

describe("resolution rules", () => {
  it("opens an entity thread on the first mention of the entity, filed under the entity's kind", async () => {
    const resolved = await resolve(chat("Acme wants the moodboard by Friday"));
    expect(resolved).toMatchObject({
      threadId: entityThreadId(tenant.tenantId, "ent_acme"),
      rule: "entity_mention",
      opened: true,
    });
    const row = await getThreadRow(db(), tenant.tenantId, resolved.threadId);
    expect(row).toMatchObject({ kind: "client", title: "Acme Corp", externalRef: "entity:ent_acme" });
    // A second mention attaches to the same thread.
    expect(await resolve(chat("Any news from ACME?"))).toMatchObject({
      threadId: resolved.threadId,
      rule: "entity_mention",
      opened: false,
    });
  });

  it("follows an explicit reference to the thread it names", async () => {
    const opened = await resolve(chat("INV-1042 went out today"));
    expect(opened).toMatchObject({
      threadId: entityThreadId(tenant.tenantId, "ent_inv1042"),
      rule: "entity_mention",
    });
    // "inv1042" is not the entity's name as written, but it is the same reference.
    expect(await resolve(chat("Acme says inv1042 is paid"))).toMatchObject({
      threadId: opened.threadId,
      rule: "explicit_reference",
    });
  });

  it("follows a Telegram reply chain to the thread of the message replied to", async () => {
    const root = chat("Globex signed the contract", { messageId: 7001 });
    const rootThread = await resolve(root);
    expect(rootThread.threadId).toBe(entityThreadId(tenant.tenantId, "ent_globex"));
    const reply = await resolve(chat("Great, send them the kickoff deck", { replyTo: 7001 }));
    expect(reply).toMatchObject({ threadId: rootThread.threadId, rule: "platform_thread" });
  });

  it("places a message by its sender when the sender belongs to an entity", async () => {
    expect(await resolve(chat("Can you resend it?", { sender: "5151" }))).toMatchObject({
      threadId: entityThreadId(tenant.tenantId, "ent_globex"),
      rule: "participant",
    });
  });

  it("treats an entity's email alias as a participant", async () => {
    const email = await resolveItemThread(
      db(),
      {
        kind: "message",
        id: "mail-1",
        tenantId: tenant.tenantId,
        text: "Please resend the file",
        source: emailThreadKeys({ messageId: "<m1@acme.example>" }),
        participants: ["Ana@Acme.example"],
      },
      { now: NOW },
    );
    expect(email).toMatchObject({
      threadId: entityThreadId(tenant.tenantId, "ent_acme"),
      rule: "participant",
    });
    // A reply to that mail follows its Message-ID.
    const reply = await resolveItemThread(
      db(),
      {
        kind: "message",
        id: "mail-2",
        tenantId: tenant.tenantId,
        text: "Attached again",
        source: emailThreadKeys({ messageId: "<m2@example.org>", inReplyTo: "<M1@acme.example>" }),
        participants: ["someone@example.org"],
      },
      { now: NOW },
    );
    expect(reply).toMatchObject({ threadId: email.threadId, rule: "platform_thread" });
  });

  it("files a finding by what it mentions", async () => {
    const finding = await resolveFindingThread(
      db(),
      { tenantId: tenant.tenantId, findingId: "fnd_1", text: "Globex has not answered in 9 days" },
      NOW,
    );
    expect(finding).toMatchObject({
      threadId: entityThreadId(tenant.tenantId, "ent_globex"),
      rule: "entity_mention",
    });
  });

  it("keeps a message no rule places in its chat's own conversation thread", async () => {
    const resolved = await resolve(chat("Lunch on Friday?"));
    expect(resolved).toMatchObject({
      threadId: `${tenant.tenantId}:telegram:-100200300`,
      rule: "new_conversation",
    });
    expect(await getThreadRow(db(), tenant.tenantId, resolved.threadId)).toMatchObject({
      kind: "conversation",
    });
  });

  it("binds a task to its thread so a later mention of the task id lands there", async () => {
    const task = await resolveTaskThread(
      db(),
      { tenantId: tenant.tenantId, taskId: "TASK-77", text: "Chase INV-1042" },
      NOW,
    );
    expect(task).toMatchObject({
      threadId: entityThreadId(tenant.tenantId, "ent_inv1042"),
      rule: "explicit_reference",
    });
    const later = await resolve(chat("task 77 is done? see TASK-77"));
    expect(later).toMatchObject({ threadId: task.threadId, rule: "explicit_reference" });
  });

  it("never sees another tenant's entities, keys or threads", async () => {
    const resolved = await resolve(chat("Acme Corp called about INV-1042", { tenantId: other.tenantId }));
    expect(resolved.threadId).toBe(entityThreadId(other.tenantId, "ent_other_acme"));
    expect(resolved.rule).toBe("entity_mention");
  });
});
