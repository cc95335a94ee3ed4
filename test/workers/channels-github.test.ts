/**
 * GitHub end to end: ping, events and actions Cairn does not handle, comments by bots and by its
 * own account (no reply loops), redeliveries, one thread per issue, and the REST API's rate limits.
 * The shared contract is in channels/github-contract.test.ts; GitHub is faked at its HTTP boundary.
 */
import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { INGRESS_HEADER } from "../../workers/gateway/webhooks";
import { badInputSuite, sendRecorded } from "./channels/bad-input";
import { createFakeGithub, GITHUB_API } from "./fake-github";
import { api, seedTenant, type TestTenant } from "./fixtures";
import { GITHUB_APPROVER, GITHUB_BOT, GITHUB_REPO, githubDelivery, issueComment } from "./github-events";
import { drainOutbox } from "./outbox-drain";

const SECRET = "gh-hook-secret-details-0123456789";
const TOKEN = "ghp_detailsToken0123456789abcdefABCDEF";
const APP_ID = 424242;

let tenant: TestTenant;
const github = createFakeGithub(TOKEN, GITHUB_BOT);

beforeAll(async () => {
  github.server.listen();
  tenant = await seedTenant("ghdetails");
  const connected = await exports.default.fetch(
    api(tenant, "/channels/github", {
      method: "PUT",
      body: JSON.stringify({
        agentId: "operations",
        webhookSecret: SECRET,
        token: TOKEN,
        botLogin: GITHUB_BOT,
        appId: APP_ID,
        apiBase: GITHUB_API,
        approvers: [GITHUB_APPROVER],
      }),
    }),
  );
  expect(connected.status).toBe(200);
});
// Late sends (an execution report, an answer) finish before the fake goes away.
afterAll(async () => {
  await drainOutbox();
  github.server.close();
});

const deliver = (payload: unknown, options: Parameters<typeof githubDelivery>[3] = {}) =>
  githubDelivery(tenant.tenantId, payload, SECRET, options);
const addressed = (seq: number, text: string, options: Parameters<typeof issueComment>[2] = {}) =>
  issueComment(seq, `${text} @${GITHUB_BOT}`, options);
const waitFor = <T>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 20_000, interval: 100 });

badInputSuite({
  platform: "github",
  signed: (body, options) =>
    deliver(null, { raw: body, ...(options?.contentType ? { contentType: options.contentType } : {}) }),
  unsigned: async (body) =>
    new Request(`https://cairn.test/webhooks/github/${tenant.tenantId}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": "issue_comment" },
      body,
    }),
  wrongSecret: (body) => githubDelivery(tenant.tenantId, null, "another-hook-secret-00000", { raw: body }),
  validBody: JSON.stringify(addressed(1, "hello")),
  invalidBodies: {
    "not JSON": "{",
    "no comment": JSON.stringify({ ...addressed(2, "x"), comment: undefined }),
    "a repository that is no owner/name": JSON.stringify({
      ...addressed(3, "x"),
      repository: { full_name: "widgets" },
    }),
  },
  unknownEvent: JSON.stringify({ action: "opened", issue: { number: 1 } }),
});

describe("GitHub deliveries Cairn acknowledges and drops", () => {
  it("answers ping with 200 and queues nothing", async () => {
    const { response, enqueued } = await sendRecorded(
      await deliver({ zen: "Keep it logically awesome.", hook_id: 292430182 }, { event: "ping" }),
    );
    expect(response.status).toBe(200);
    expect(enqueued).toEqual([]);
  });

  it("drops an unknown event, an edit, a bot's comment and Cairn's own comments (by login or by app)", async () => {
    for (const [what, request] of [
      ["issues event", await deliver({ action: "opened" }, { event: "issues" })],
      ["edited comment", await deliver(addressed(10, "hello", { action: "edited" }))],
      ["bot", await deliver(addressed(11, "hello", { login: "dependabot[bot]", type: "Bot" }))],
      ["own login", await deliver(addressed(12, "hello", { login: "Cairn-Bot" }))],
      ["own app", await deliver(addressed(13, "hello", { login: "someone", viaApp: APP_ID }))],
    ] as const) {
      const { response, enqueued } = await sendRecorded(request);
      expect(response.status, what).toBe(200);
      expect(enqueued, what).toEqual([]);
    }
  });

  it("answers a copy of a delivery (same X-GitHub-Delivery) as accepted without queueing it again", async () => {
    const request = await deliver(addressed(14, "hello"), {
      delivery: "72d3162e-cc78-11e3-81ab-4c9367dc0958",
    });
    expect((await sendRecorded(request.clone())).enqueued).toHaveLength(1);
    const copy = await sendRecorded(request);
    expect(copy.response.headers.get(INGRESS_HEADER)).toBe("replay");
    expect(copy.enqueued).toEqual([]);
  });
});

describe("GitHub conversations", () => {
  it("answers a comment once when GitHub redelivers it under a new delivery id, and keeps the issue one thread", async () => {
    const issue = `${GITHUB_REPO}#20`;
    await exports.default.fetch(await deliver(addressed(20, "hello", { issue: 20 })));
    await exports.default.fetch(await deliver(addressed(20, "hello", { issue: 20 })));
    await waitFor(() => expect(github.commentsOn(issue)).toHaveLength(1));
    await exports.default.fetch(await deliver(addressed(21, "and again", { issue: 20 })));
    await waitFor(() => expect(github.commentsOn(issue)).toHaveLength(2));
    const threads = await env.DB.prepare(
      "SELECT DISTINCT thread_id AS id FROM outbox WHERE tenant_id = ? AND json_extract(payload, '$.conversationId') = ?",
    )
      .bind(tenant.tenantId, issue)
      .all<{ id: string }>();
    expect(threads.results).toHaveLength(1);
  });

  it("treats a pull request's comments like an issue's, and does not page anyone the answer names", async () => {
    const issue = `${GITHUB_REPO}#21`;
    await exports.default.fetch(await deliver(addressed(30, "/help", { issue: 21, pullRequest: true })));
    await waitFor(() => expect(github.commentsOn(issue)).toHaveLength(1));
    expect(github.commentsOn(issue)[0]!.body).not.toMatch(/(^|[^`])@[a-z]/i);
  });

  it("ignores a comment that does not address the bot", async () => {
    const issue = `${GITHUB_REPO}#22`;
    const { response, enqueued } = await sendRecorded(
      await deliver(issueComment(40, "just talking", { issue: 22 })),
    );
    expect(response.status).toBe(200);
    expect(enqueued).toHaveLength(1);
    // Recorded, not answered: wait for a later, addressed comment's answer, then count.
    await exports.default.fetch(await deliver(issueComment(40, "just talking", { issue: 22 })));
    await exports.default.fetch(await deliver(addressed(41, "hello", { issue: 22 })));
    await waitFor(() => expect(github.commentsOn(issue)).toHaveLength(1));
  });
});

describe("commenting on GitHub", () => {
  const outboxRow = (issue: string) =>
    env.DB.prepare(
      "SELECT status, attempts FROM outbox WHERE tenant_id = ? AND json_extract(payload, '$.conversationId') = ?",
    )
      .bind(tenant.tenantId, issue)
      .first<{ status: string; attempts: number }>();

  it("waits out a secondary rate limit (403 + retry-after), then a primary one (remaining 0 until reset)", async () => {
    const issue = `${GITHUB_REPO}#50`;
    github.failNextOn(issue, {
      status: 403,
      headers: { "retry-after": "1" },
      message: "You have exceeded a secondary rate limit",
    });
    github.failNextOn(issue, {
      status: 403,
      headers: {
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 1),
      },
      message: "API rate limit exceeded",
    });
    await exports.default.fetch(await deliver(addressed(50, "hello", { issue: 50 })));
    await waitFor(async () => expect((await outboxRow(issue))?.status).toBe("sent"));
    expect(github.commentsOn(issue)).toHaveLength(1);
    expect(github.attemptsOn(issue)).toBe(3);
  });
});
