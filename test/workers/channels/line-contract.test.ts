/** LINE passes the channel contract (its own details are in channels-line.test.ts). */
import { exports } from "cloudflare:workers";
import { afterAll, beforeAll, expect } from "vitest";
import { actionsOf, createFakeLine, LINE_API } from "../fake-line";
import { api, seedTenant, type TestTenant } from "../fixtures";
import { LINE_APPROVER, LINE_BOT_ID, lineBody, lineRequest, postbackEvent, textEvent } from "../line-events";
import { channelContract } from "./contract";

const SECRET = "0123456789abcdef0123456789abcdef";
const TOKEN = "line-contract-access-token-0123456789/abc=";

let tenant: TestTenant;
const line = createFakeLine(TOKEN);

beforeAll(async () => {
  line.server.listen();
  tenant = await seedTenant("lncontract");
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
});
afterAll(() => line.server.close());

const textOf = (message: Record<string, unknown>) =>
  message.type === "text"
    ? String(message.text)
    : String(
        (message.contents as { body: { contents: Array<{ text: string }> } }).body.contents[0]?.text ?? "",
      );

channelContract({
  platform: "line",
  tenant: () => tenant,
  message: (text, seq) => lineRequest(tenant.tenantId, lineBody(textEvent(seq, text)), SECRET),
  press: (data, seq) => lineRequest(tenant.tenantId, lineBody(postbackEvent(seq, data)), SECRET),
  unauthenticated: (text, seq) =>
    lineRequest(tenant.tenantId, lineBody(textEvent(seq, text)), "ffffffffffffffffffffffffffffffff"),
  sent: () =>
    line.pushed().map((push) => ({
      conversation: push.to,
      text: textOf(push.message),
      buttons: actionsOf(push.message).map((action) => String(action.data)),
    })),
  pressesAnswered: () => line.replies().length,
  sentId: (index) => line.pushed()[index]?.id,
});
