/** The generic signed webhook passes the channel contract (its own details are in channels-generic.test.ts). */
import { exports } from "cloudflare:workers";
import { afterAll, beforeAll, expect } from "vitest";
import { signedWebhookHeaders } from "../../../channels/generic/signature";
import { createFakeWebhookReceiver } from "../fake-generic-receiver";
import { api, seedTenant, type TestTenant } from "../fixtures";
import { channelContract } from "./contract";

const SECRET = "whsec-contract-0123456789abcdef-0123456789";
const CALLBACK = "https://hooks.example.test/cairn/contract";
const APPROVER = "ada";

let tenant: TestTenant;
const receiver = createFakeWebhookReceiver(CALLBACK, SECRET);

beforeAll(async () => {
  receiver.server.listen();
  tenant = await seedTenant("whcontract");
  const connected = await exports.default.fetch(
    api(tenant, "/channels/generic", {
      method: "PUT",
      body: JSON.stringify({
        agentId: "operations",
        signingSecret: SECRET,
        callbackUrl: CALLBACK,
        approvers: [APPROVER],
      }),
    }),
  );
  expect(connected.status).toBe(200);
});
afterAll(() => receiver.server.close());

async function signed(event: unknown, secret = SECRET) {
  const body = JSON.stringify(event);
  return new Request(`https://cairn.test/webhooks/generic/${tenant.tenantId}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(await signedWebhookHeaders(secret, body, Math.floor(Date.now() / 1000))),
    },
    body,
  });
}

const conversation = { id: "room-1", type: "private" };
const sender = { id: APPROVER, name: "Ada" };

channelContract({
  platform: "generic",
  tenant: () => tenant,
  message: (text, seq) => signed({ id: `evt-${seq}`, type: "message", conversation, sender, text }),
  press: (data, seq, cardId) =>
    signed({ id: `evt-${seq}`, type: "button", conversation, sender, data, messageId: cardId }),
  unauthenticated: (text, seq) =>
    signed(
      { id: `evt-${seq}`, type: "message", conversation, sender, text },
      "not-the-secret-0123456789abcdef-00",
    ),
  sent: () =>
    receiver.messages().map((m) => ({
      conversation: m.conversation ?? "",
      text: m.text,
      buttons: (m.buttons ?? []).flat().map((b) => b.data),
    })),
  pressesAnswered: () => receiver.accepted().filter((c) => c.type === "button_answer").length,
  sentId: (index) => receiver.messages()[index]?.assignedId,
});
