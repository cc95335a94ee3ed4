/**
 * The test-only loopback platform passes the channel contract. It is registered here, at run
 * time: no file outside this folder and the registry's public function knows it exists.
 */
import { exports } from "cloudflare:workers";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, expect } from "vitest";
import { registerChannelAdapter } from "../../../../channels/registry";
import { api, seedTenant, type TestTenant } from "../../fixtures";
import { setupFetchNetwork } from "../../msw-network";
import { channelContract, type SentMessage } from "../contract";
import { LOOPBACK_SECRET_HEADER, loopbackAdapter } from "./loopback-adapter";

const API_BASE = "https://loopback.test/api";
const SECRET = "loopback-secret-0123456789";
const TOKEN = "loopback-token-abc";
const APPROVER = "ada";

let tenant: TestTenant;
const sent: Array<SentMessage & { id: string }> = [];
let answers = 0;
const network = setupFetchNetwork(
  http.post(`${API_BASE}/:method`, async ({ request, params }) => {
    if (request.headers.get("authorization") !== `Bearer ${TOKEN}`)
      return HttpResponse.json({ error: "unauthorized" }, { status: 401 });
    const body = (await request.json()) as {
      chat?: string;
      text?: string;
      buttons?: Array<{ data: string }>;
    };
    if (params.method === "answer") {
      answers++;
      return HttpResponse.json({});
    }
    if (params.method === "edit") return HttpResponse.json({});
    if (params.method !== "send" || !body.chat || typeof body.text !== "string")
      return HttpResponse.json({ error: "bad request" }, { status: 400 });
    const id = `m-${sent.length + 1}`;
    sent.push({
      id,
      conversation: body.chat,
      text: body.text,
      buttons: (body.buttons ?? []).map((b) => b.data),
    });
    return HttpResponse.json({ id });
  }),
);

registerChannelAdapter(loopbackAdapter);

beforeAll(async () => {
  network.listen();
  tenant = await seedTenant("loop");
  const connected = await exports.default.fetch(
    api(tenant, "/channels/loopback", {
      method: "PUT",
      body: JSON.stringify({
        agentId: "operations",
        secret: SECRET,
        token: TOKEN,
        apiBase: API_BASE,
        approvers: [APPROVER],
      }),
    }),
  );
  expect(connected.status).toBe(200);
});
afterAll(() => network.close());

const webhook = async (body: unknown, secret = SECRET) =>
  new Request(`https://cairn.test/webhooks/loopback/${tenant.tenantId}`, {
    method: "POST",
    headers: { "content-type": "application/json", [LOOPBACK_SECRET_HEADER]: secret },
    body: JSON.stringify(body),
  });
const from = { id: APPROVER, name: "Ada" };

channelContract({
  platform: "loopback",
  tenant: () => tenant,
  message: (text, seq) => webhook({ id: `evt-${seq}`, chat: "room-1", from, text }),
  press: (data, seq, cardId) =>
    webhook({ id: `evt-${seq}`, chat: "room-1", from, press: { message: cardId ?? "", data } }),
  unauthenticated: (text, seq) =>
    webhook({ id: `evt-${seq}`, chat: "room-1", from, text }, "wrong-secret-0123456789"),
  sent: () => sent,
  pressesAnswered: () => answers,
  sentId: (index) => sent[index]?.id,
});
