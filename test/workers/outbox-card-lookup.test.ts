/**
 * Finding the proposal card a reaction is on: by the message's platform id, through the
 * outbox_sent_message index (migration 0009), so the lookup reads that message's sends only,
 * however many the tenant has made; and only sends in the reaction's own conversation count.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { database } from "../../db/client";
import { sentButtonData, sentMessageRows } from "../../db/queries/proposal-cards";
import { seedTenant, type TestTenant } from "./fixtures";

let acme: TestTenant;

async function recordSent(key: string, conversationId: string, platformMessageId: string, data: string) {
  const payload = {
    type: "message",
    conversationId,
    text: `card ${key}`,
    buttons: [[{ text: "Approve", data }]],
  };
  await env.DB.prepare(
    `INSERT INTO outbox (id, tenant_id, channel_id, idempotency_key, payload, status, platform_message_id, created_at, sent_at)
     VALUES (?, 'acme', ?, ?, ?, 'sent', ?, 1, 2)`,
  )
    .bind(`out_${key}`, acme.channelId, key, JSON.stringify(payload), platformMessageId)
    .run();
}

beforeAll(async () => {
  acme = await seedTenant("acme");
  await recordSent("card_a", "100", "7", "p:prop_a:approve");
  // Telegram numbers messages per chat: message 7 of another chat is another message.
  await recordSent("card_b", "200", "7", "p:prop_b:approve");
  await recordSent("card_c", "100", "8", "p:prop_c:approve");
});

describe("card lookup by platform message id", () => {
  it("finds the buttons of that message in that conversation only", async () => {
    const db = database(env.DB);
    const target = { tenantId: "acme", channelId: acme.channelId, platformMessageId: "7" };
    expect(await sentButtonData(db, { ...target, conversationId: "100" })).toEqual(["p:prop_a:approve"]);
    expect(await sentButtonData(db, { ...target, conversationId: "200" })).toEqual(["p:prop_b:approve"]);
    expect(await sentButtonData(db, { ...target, conversationId: "300" })).toEqual([]);
  });

  it("reads through the outbox_sent_message index, not a scan of the tenant's sends", async () => {
    const query = sentMessageRows(database(env.DB), {
      tenantId: "acme",
      channelId: acme.channelId,
      platformMessageId: "7",
    }).toSQL();
    const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
      .bind(...query.params)
      .all<{ detail: string }>();
    const plan = results.map((row) => row.detail).join("\n");
    expect(plan).toMatch(
      /USING INDEX outbox_sent_message \(tenant_id=\? AND channel_id=\? AND platform_message_id=\?\)/,
    );
  });
});
