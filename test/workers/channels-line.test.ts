/**
 * LINE end to end: batched events (one unusable event does not fail the rest), the console's
 * Verify request, redeliveries, standby mode, typed approvals and refused presses, and the push
 * API's 429, 5xx and lost answers (the retry key makes the retry a 409, not a second message).
 * The shared contract is in channels/line-contract.test.ts; LINE is faked at its HTTP boundary.
 */
import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { INGRESS_HEADER } from "../../workers/gateway/webhooks";
import { badInputSuite, sendRecorded } from "./channels/bad-input";
import { createFakeLine, LINE_API } from "./fake-line";
import { api, seedTenant, type TestTenant } from "./fixtures";
import {
  eventId,
  LINE_APPROVER,
  LINE_BOT_ID,
  lineBody,
  lineRequest,
  postbackEvent,
  textEvent,
} from "./line-events";
import { drainOutbox } from "./outbox-drain";

const SECRET = "fedcba9876543210fedcba9876543210";
const TOKEN = "line-details-access-token-0123456789/xyz=";
const STRANGER = "Ubbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

let tenant: TestTenant;
const line = createFakeLine(TOKEN);

beforeAll(async () => {
  line.server.listen();
  tenant = await seedTenant("lndetails");
  const connected = await exports.default.fetch(
    api(tenant, "/channels/line", {
      method: "PUT",
      body: JSON.stringify({
        agentId: "operations",
        channelSecret: SECRET,
        channelAccessToken: TOKEN,
        botUserId: LINE_BOT_ID,
        apiBase: LINE_API,
        approvers: [LINE_APPROVER],
      }),
    }),
  );
  expect(connected.status).toBe(200);
  expect(await connected.json()).toMatchObject({
    webhookUrl: `https://cairn.test/webhooks/line/${tenant.tenantId}`,
  });
});
// Late sends (an execution report, an answer) finish before the fake goes away.
afterAll(async () => {
  await drainOutbox();
  line.server.close();
});

const signed = (body: string, contentType?: string) =>
  lineRequest(tenant.tenantId, body, SECRET, contentType);
/** Each test talks in its own group, so pushes are told apart by recipient. */
const group = (n: number) => `C${String(n).padStart(32, "0")}`;
const pushesTo = (to: string) => line.pushed().filter((p) => p.to === to);
const waitFor = <T>(check: () => T) => vi.waitFor(check, { timeout: 20_000, interval: 100 });

badInputSuite({
  platform: "line",
  signed: (body, options) => signed(body, options?.contentType),
  unsigned: async (body) =>
    new Request(`https://cairn.test/webhooks/line/${tenant.tenantId}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    }),
  wrongSecret: (body) => lineRequest(tenant.tenantId, body, "00000000000000000000000000000000"),
  validBody: lineBody(textEvent(1, "hello", { groupId: group(1) })),
  invalidBodies: {
    "not JSON": "{events:",
    "no destination": JSON.stringify({ events: [textEvent(2, "hi")] }),
    "events not an array": JSON.stringify({ destination: LINE_BOT_ID, events: {} }),
    "a text message without text": lineBody({ ...textEvent(3, "x"), message: { id: "1", type: "text" } }),
    "a webhookEventId that is no ULID": lineBody({ ...textEvent(4, "x"), webhookEventId: "nope" }),
  },
  unknownEvent: lineBody({
    type: "follow",
    webhookEventId: eventId(5),
    deliveryContext: { isRedelivery: false },
    timestamp: 1,
    source: { type: "user", userId: LINE_APPROVER },
    replyToken: "rt-follow",
    mode: "active",
  }),
});

describe("LINE's webhook requests", () => {
  it("answers the console's Verify request (no events) with 200 and queues nothing", async () => {
    const { response, enqueued } = await sendRecorded(
      await signed(JSON.stringify({ destination: LINE_BOT_ID, events: [] })),
    );
    expect(response.status).toBe(200);
    expect(enqueued).toEqual([]);
  });

  it("queues the usable events of a batch and skips a sticker, a standby event and one without a user", async () => {
    const sticker = {
      ...textEvent(11, ""),
      message: { id: "9", type: "sticker", packageId: "1", stickerId: "1" },
    };
    const standby = { ...textEvent(12, "in standby"), mode: "standby" };
    const anonymous = { ...textEvent(13, "who?"), source: { type: "group", groupId: group(13) } };
    const body = lineBody(
      sticker,
      textEvent(14, "usable"),
      standby,
      anonymous,
      postbackEvent(15, "p:prop_x:a"),
    );
    const { response, enqueued } = await sendRecorded(await signed(body));
    expect(response.status).toBe(200);
    expect(enqueued.map((e) => (e as { event: { webhookEventId: string } }).event.webhookEventId)).toEqual([
      eventId(14),
      eventId(15),
    ]);
  });

  it("answers a byte-identical copy of a request as accepted without queueing it again", async () => {
    const request = await signed(lineBody(textEvent(16, "once", { groupId: group(16) })));
    const first = await sendRecorded(request.clone());
    const copy = await sendRecorded(request);
    expect(first.enqueued).toHaveLength(1);
    expect(copy.response.status).toBe(200);
    expect(copy.response.headers.get(INGRESS_HEADER)).toBe("replay");
    expect(copy.enqueued).toEqual([]);
  });

  it("answers a redelivered event (isRedelivery, same webhookEventId) once", async () => {
    const to = group(20);
    expect(
      (await exports.default.fetch(await signed(lineBody(textEvent(20, "hello once", { groupId: to })))))
        .status,
    ).toBe(200);
    const again = lineBody(textEvent(20, "hello once", { groupId: to, redelivery: true }));
    expect((await exports.default.fetch(await signed(again))).status).toBe(200);
    await waitFor(() => expect(pushesTo(to)).toHaveLength(1));
    // A new event in the same group is answered: the drop was by event id, not by chat.
    await exports.default.fetch(await signed(lineBody(textEvent(21, "hello again", { groupId: to }))));
    await waitFor(() => expect(pushesTo(to)).toHaveLength(2));
  });
});

describe("approvals on LINE", () => {
  it("answers a stranger's press with a refusal and executes an approver's typed `approve <id>` once", async () => {
    const to = group(30);
    await exports.default.fetch(
      await signed(lineBody(textEvent(30, "run echo 'line' > line.txt", { groupId: to }))),
    );
    const card = await waitFor(() => {
      const found = pushesTo(to).find((p) => p.message.type === "flex");
      if (!found) throw new Error("no card yet");
      return found;
    });
    expect(String(card.message.altText)).toMatch(/^Approval needed \(prop_/);
    const id = /\((prop_[a-z0-9_]+)\)/.exec(String(card.message.altText))?.[1];
    expect(id).toBeDefined();

    // The stranger must be allowed to talk first; talking is not approving.
    await exports.default.fetch(
      api(tenant, `/channels/ch_${tenant.tenantId}_line/senders`, {
        method: "POST",
        body: JSON.stringify({ senderId: STRANGER }),
      }),
    );
    await exports.default.fetch(await signed(lineBody(postbackEvent(31, `p:${id}:a`, STRANGER))));
    await waitFor(() =>
      expect(line.replies()).toContainEqual({
        replyToken: "rt-postback-31",
        text: "You are not on this team's approver list.",
      }),
    );

    await exports.default.fetch(
      await signed(lineBody(textEvent(32, `approve ${id}`, { groupId: to, mention: false }))),
    );
    await exports.default.fetch(
      await signed(lineBody(textEvent(33, `approve ${id}`, { groupId: to, mention: false }))),
    );
    await waitFor(async () => {
      const row = await env.DB.prepare(
        "SELECT count(*) AS n FROM audit_log WHERE tenant_id = ? AND action = 'proposal.executed' AND subject_id = ?",
      )
        .bind(tenant.tenantId, id)
        .first<{ n: number }>();
      expect(row?.n).toBe(1);
    });
    const refused = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE tenant_id = ? AND action = 'proposal.approval_refused' AND actor = ?",
    )
      .bind(tenant.tenantId, `user:line:${STRANGER}`)
      .first<{ n: number }>();
    expect(refused?.n).toBe(1);
  });
});

describe("pushing to LINE", () => {
  const outboxRow = (to: string) =>
    env.DB.prepare(
      "SELECT status, attempts FROM outbox WHERE tenant_id = ? AND json_extract(payload, '$.conversationId') = ?",
    )
      .bind(tenant.tenantId, to)
      .first<{ status: string; attempts: number }>();

  it("waits out a 429, backs off after a 500, and delivers one message under one retry key", async () => {
    const to = group(40);
    line.failNextTo(to, 429);
    line.failNextTo(to, 500);
    await exports.default.fetch(
      await signed(lineBody(textEvent(40, "hello through a busy LINE", { groupId: to }))),
    );
    await waitFor(async () => expect((await outboxRow(to))?.status).toBe("sent"));
    expect(pushesTo(to)).toHaveLength(1);
    expect((await outboxRow(to))?.attempts).toBe(2);
    const keys = line.retryKeysTo(to);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
  });

  it("takes a 409 for a retry key LINE already accepted as delivered: the message shows once", async () => {
    const to = group(41);
    line.acceptThenFailTo(to, 500);
    await exports.default.fetch(await signed(lineBody(textEvent(41, "hello, answer lost", { groupId: to }))));
    await waitFor(async () => expect((await outboxRow(to))?.status).toBe("sent"));
    expect(pushesTo(to)).toHaveLength(1);
    // Two attempts with one key: accepted (answer lost), then 409.
    expect(line.retryKeysTo(to)).toEqual([pushesTo(to)[0]!.retryKey, pushesTo(to)[0]!.retryKey]);
  });
});

describe("PUT /api/channels/line", () => {
  const put = (body: unknown) =>
    exports.default.fetch(api(tenant, "/channels/line", { method: "PUT", body: JSON.stringify(body) }));
  const valid = { agentId: "operations", channelSecret: SECRET, channelAccessToken: TOKEN };

  it("refuses a malformed secret, bot id or an unknown field with 400 naming the field", async () => {
    for (const [body, field] of [
      [{ ...valid, channelSecret: "not-hex" }, "channelSecret"],
      [{ ...valid, botUserId: "bot" }, "botUserId"],
      [{ ...valid, webhook: "x" }, "webhook"],
    ] as const) {
      const response = await put(body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { field: string }).field).toBe(field);
    }
  });

  it("keeps the secret and the token sealed: the channel list shows neither", async () => {
    const listed = await (await exports.default.fetch(api(tenant, "/channels"))).text();
    expect(listed).toContain(`ch_${tenant.tenantId}_line`);
    expect(listed).not.toContain(SECRET);
    expect(listed).not.toContain(TOKEN);
  });
});
