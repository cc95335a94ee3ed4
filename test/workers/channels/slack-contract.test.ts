/** Slack passes the channel contract (its own details are in channels-slack.test.ts). */
import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, expect } from "vitest";
import { slackSignature } from "../../../channels/slack/signature";
import { channelPorts } from "../../../runtime/channels/channel-ports";
import {
  APP_ID,
  appMention,
  BOT_USER,
  blockActions,
  envelope,
  OWNER,
  TEAM,
} from "../channels-slack-payloads";
import { createFakeSlack, SLACK_API } from "../fake-slack";
import { api, seedTenant, type TestTenant } from "../fixtures";
import { channelContract } from "./contract";

const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5-contract";
const BOT_TOKEN = "xoxb-17653672481-19874698323-contractToken1";
const ROOT = "1764100000.000100";

let tenant: TestTenant;
const slack = createFakeSlack({ tokens: { [BOT_TOKEN]: TEAM } });

beforeAll(async () => {
  tenant = await seedTenant("slcontract");
  slack.server.listen();
  const connected = await exports.default.fetch(
    api(tenant, "/channels/slack", {
      method: "PUT",
      body: JSON.stringify({
        agentId: "operations",
        signingSecret: SIGNING_SECRET,
        clientId: "1234567890.0987654321",
        clientSecret: "c1i3nt-s3cr3t-of-the-contract-app",
        apiBase: SLACK_API,
        approvers: [OWNER],
      }),
    }),
  );
  expect(connected.status).toBe(200);
  // The OAuth install itself is covered in channels-slack.test.ts; here the workspace is installed.
  const ports = channelPorts(env, tenant.tenantId);
  await ports.saveInstallation({
    workspaceId: TEAM,
    workspaceName: "Acme",
    channelId: `ch_${tenant.tenantId}_slack`,
    botUserId: BOT_USER,
    appId: APP_ID,
    scopes: "app_mentions:read,chat:write,commands",
    tokenSealed: await ports.sealSecret(BOT_TOKEN),
    installedBy: OWNER,
    installedAt: Date.now(),
  });
});
afterAll(() => slack.server.close());

async function signed(path: string, body: string, contentType: string, secret = SIGNING_SECRET) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return new Request(`https://cairn.test/webhooks/slack/${tenant.tenantId}/${path}`, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "X-Slack-Request-Timestamp": timestamp,
      "X-Slack-Signature": await slackSignature(secret, timestamp, body),
    },
    body,
  });
}

/** Every message of the contract goes in one Slack thread, under the first mention. */
const ts = (seq: number) => (seq === 1 || seq === 2 ? ROOT : `1764100000.00${100 + seq}`);
const mention = (text: string, seq: number) =>
  JSON.stringify(
    envelope(`Ev0CONTRACT${seq}`, appMention(ts(seq), text, seq === 2 ? {} : { threadTs: ROOT })),
  );

interface PostBody {
  channel: string;
  blocks: Array<{ type: string; text?: { text: string }; elements?: Array<{ value: string }> }>;
  ts?: string;
}

channelContract({
  platform: "slack",
  tenant: () => tenant,
  message: (text, seq) => signed("events", mention(text, seq), "application/json"),
  press: (data, seq, cardId) =>
    signed(
      "interactivity",
      blockActions({ value: data, messageTs: cardId ?? "", threadTs: ROOT, actionTs: `1764100001.00${seq}` }),
      "application/x-www-form-urlencoded",
    ),
  unauthenticated: (text, seq) =>
    signed("events", mention(text, seq), "application/json", "not-the-signing-secret"),
  sent: () =>
    slack.posted().map((call) => {
      const body = call.body as unknown as PostBody;
      return {
        conversation: body.channel,
        text: body.blocks.find((b) => b.type === "section")?.text?.text ?? "",
        buttons: body.blocks.flatMap((b) => (b.elements ?? []).map((e) => e.value)),
      };
    }),
  pressesAnswered: () => slack.calls.filter((call) => call.method === "response_url").length,
  sentId: (index) => slack.posted()[index]?.ts,
});
