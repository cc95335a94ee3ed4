/** GitHub passes the channel contract with approvals in text (its own details are in channels-github.test.ts). */
import { exports } from "cloudflare:workers";
import { afterAll, beforeAll, expect } from "vitest";
import { createFakeGithub, GITHUB_API } from "../fake-github";
import { api, seedTenant, type TestTenant } from "../fixtures";
import { GITHUB_APPROVER, GITHUB_BOT, githubDelivery, issueComment } from "../github-events";
import { channelContract } from "./contract";

const SECRET = "gh-hook-secret-contract-0123456789";
const TOKEN = "ghp_contractToken0123456789abcdefABCDEF";

let tenant: TestTenant;
const github = createFakeGithub(TOKEN, GITHUB_BOT);

beforeAll(async () => {
  github.server.listen();
  tenant = await seedTenant("ghcontract");
  const connected = await exports.default.fetch(
    api(tenant, "/channels/github", {
      method: "PUT",
      body: JSON.stringify({
        agentId: "operations",
        webhookSecret: SECRET,
        token: TOKEN,
        botLogin: GITHUB_BOT,
        apiBase: GITHUB_API,
        approvers: [GITHUB_APPROVER],
      }),
    }),
  );
  expect(connected.status).toBe(200);
});
afterAll(() => github.server.close());

/** A comment addressed to the bot (an issue is a room: the bot answers when mentioned). */
const addressed = (text: string, seq: number) => issueComment(seq, `${text} @${GITHUB_BOT}`);
/** A press is the approver's comment with the command the card lists. */
const command = (data: string) => {
  const [, id, verb] = data.split(":");
  return `${verb === "a" ? "approve" : "reject"} ${id}`;
};
const ANSWERS = /^(Approved prop_|Rejected prop_|Proposal prop_\S+ is already|There is no proposal)/;

channelContract({
  platform: "github",
  approvals: "text",
  tenant: () => tenant,
  message: (text, seq) => githubDelivery(tenant.tenantId, addressed(text, seq), SECRET),
  press: (data, seq) => githubDelivery(tenant.tenantId, issueComment(seq, command(data)), SECRET),
  unauthenticated: (text, seq) =>
    githubDelivery(tenant.tenantId, addressed(text, seq), "not-the-hook-secret-0000"),
  sent: () => github.comments().map((c) => ({ conversation: c.issue, text: c.body, buttons: [] })),
  pressesAnswered: () => github.comments().filter((c) => ANSWERS.test(c.body)).length,
  sentId: (index) => (github.comments()[index] ? String(github.comments()[index]!.id) : undefined),
});
