/**
 * Over 400 lines on purpose: one platform's end-to-end story shares one tenant, install and fake.
 *
 * Slack end to end on real local components: app configuration and the OAuth v2 install through
 * the admin API, signed Events API / slash command / interactivity requests, the inbound queue,
 * the ContextThread (sender gate, commands, agent turn), the outbox and the outbound queue, with
 * Slack itself faked at the HTTP boundary.
 */
import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { slackSignature } from "../../channels/slack/signature";
import {
  APP_ID,
  appMention,
  BOT_USER,
  blockActions,
  botMessage,
  CHANNEL,
  channelMessage,
  DM,
  directMessage,
  editedMessage,
  envelope,
  OWNER,
  reactionAdded,
  STRANGER,
  slashCommand,
  TEAM,
} from "./channels-slack-payloads";
import { createFakeSlack, SLACK_API } from "./fake-slack";
import { api, seedTenant, type TestTenant } from "./fixtures";
import { drainOutbox } from "./outbox-drain";

const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5-acme";
const CLIENT_ID = "1234567890.0987654321";
const CLIENT_SECRET = "c1i3nt-s3cr3t-of-the-acme-slack-app";
const BOT_TOKEN = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy";

let tenant: TestTenant;
const slack = createFakeSlack({
  tokens: { [BOT_TOKEN]: TEAM },
  oauth: {
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    code: "install-code-1",
    grant: {
      access_token: BOT_TOKEN,
      token_type: "bot",
      scope: "app_mentions:read,chat:write,commands",
      bot_user_id: BOT_USER,
      app_id: APP_ID,
      team: { name: "Acme", id: TEAM },
      enterprise: null,
      authed_user: { id: OWNER },
      is_enterprise_install: false,
    },
  },
});

async function signed(path: string, body: string, contentType: string, headers: Record<string, string> = {}) {
  const timestamp = headers["X-Slack-Request-Timestamp"] ?? String(Math.floor(Date.now() / 1000));
  return exports.default.fetch(
    new Request(`https://cairn.test/webhooks/slack/${tenant.tenantId}/${path}`, {
      method: "POST",
      headers: {
        "content-type": contentType,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": await slackSignature(SIGNING_SECRET, timestamp, body),
        ...headers,
      },
      body,
    }),
  );
}

async function event(
  eventId: string,
  payload: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const response = await signed(
    "events",
    JSON.stringify(envelope(eventId, payload)),
    "application/json",
    headers,
  );
  expect(response.status).toBe(200);
}

/** Waits until Slack received `n` chat.postMessage calls in total. */
async function posted(n: number) {
  return vi.waitFor(
    () => {
      const calls = slack.posted();
      if (calls.length < n) throw new Error(`only ${calls.length} of ${n} posts so far`);
      return calls[n - 1]!.body;
    },
    { timeout: 15_000, interval: 100 },
  );
}

function sectionText(body: Record<string, unknown>): string {
  const blocks = body.blocks as Array<{ type: string; text?: { text: string } }>;
  return blocks.find((b) => b.type === "section")?.text?.text ?? "";
}

/** Waits until the approved proposal's result is posted in its thread (posts are paced, so it trails). */
async function resultPosted(proposalId: string, root: string) {
  return vi.waitFor(
    () => {
      const result = slack
        .posted()
        .find(
          (c) =>
            c.body.thread_ts === root &&
            sectionText(c.body).startsWith(`Proposal ${proposalId} (approved by`),
        );
      if (!result) throw new Error(`no result of ${proposalId} posted yet`);
      return sectionText(result.body);
    },
    { timeout: 15_000, interval: 100 },
  );
}

beforeAll(async () => {
  tenant = await seedTenant("acme");
  slack.server.listen();
});
afterAll(() => slack.server.close());

describe("Slack app configuration and OAuth v2 install", () => {
  it("rejects an app configuration without a signing secret, naming the field", async () => {
    const response = await exports.default.fetch(
      api(tenant, "/channels/slack", {
        method: "PUT",
        body: JSON.stringify({ agentId: "operations", clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }),
      }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: "signingSecret" });
    const { results } = await env.DB.prepare("SELECT id FROM channels WHERE kind = 'slack'").all();
    expect(results).toEqual([]);
  });

  it("configures the app with its secrets sealed and returns the request URLs", async () => {
    const response = await exports.default.fetch(
      api(tenant, "/channels/slack", {
        method: "PUT",
        body: JSON.stringify({
          agentId: "operations",
          signingSecret: SIGNING_SECRET,
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          apiBase: SLACK_API,
          approvers: [OWNER],
        }),
      }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { requestUrls: Record<string, string> };
    expect(body.requestUrls.events).toBe("https://cairn.test/webhooks/slack/acme/events");
    const row = await env.DB.prepare(
      "SELECT credentials_sealed FROM channels WHERE tenant_id = ? AND kind = 'slack'",
    )
      .bind(tenant.tenantId)
      .first<{ credentials_sealed: string }>();
    expect(row?.credentials_sealed).toMatch(/^v1\./);
    expect(row?.credentials_sealed).not.toContain(SIGNING_SECRET);
  });

  it("installs into a workspace only through a signed link, storing the bot token sealed", async () => {
    const link = await exports.default.fetch(api(tenant, "/channels/slack/install-link", { method: "POST" }));
    const { url } = (await link.json()) as { url: string };

    const forged = new URL(url);
    forged.searchParams.set(
      "state",
      forged.searchParams.get("state")!.replace(/.$/, (c) => (c === "0" ? "1" : "0")),
    );
    const refused = await exports.default.fetch(new Request(forged, { redirect: "manual" }));
    expect(refused.status).toBe(400);

    const redirect = await exports.default.fetch(new Request(url, { redirect: "manual" }));
    expect(redirect.status).toBe(302);
    const authorize = new URL(redirect.headers.get("location")!);
    expect(authorize.origin + authorize.pathname).toBe("https://slack.com/oauth/v2/authorize");
    expect(authorize.searchParams.get("client_id")).toBe(CLIENT_ID);
    expect(authorize.searchParams.get("scope")).toContain("chat:write");
    expect(authorize.searchParams.get("redirect_uri")).toBe("https://cairn.test/slack/oauth/callback");
    const state = authorize.searchParams.get("state")!;

    const callback = await exports.default.fetch(
      `https://cairn.test/slack/oauth/callback?code=install-code-1&state=${encodeURIComponent(state)}`,
    );
    expect(callback.status).toBe(200);
    expect(await callback.text()).toContain("installed in the Slack workspace Acme");
    const exchange = slack.calls.find((c) => c.method === "oauth.v2.access");
    expect(exchange?.body).toMatchObject({ client_id: CLIENT_ID, code: "install-code-1" });

    const row = await env.DB.prepare(
      "SELECT bot_token_sealed, bot_user_id FROM slack_installations WHERE tenant_id = ?",
    )
      .bind(tenant.tenantId)
      .first<{ bot_token_sealed: string; bot_user_id: string }>();
    expect(row?.bot_user_id).toBe(BOT_USER);
    expect(row?.bot_token_sealed).not.toContain("xoxb-");
  });
});

describe("Slack Events API", () => {
  it("answers url_verification with the challenge", async () => {
    const body = JSON.stringify({
      token: "Jhj5dZrVaK7ZwHHjRyZWjbDl",
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
      type: "url_verification",
    });
    const response = await signed("events", body, "application/json");
    expect(await response.json()).toEqual({
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    });
  });

  it("rejects a wrong signature and a replayed (stale) timestamp", async () => {
    const body = JSON.stringify(envelope("Ev0BAD", appMention("1764000000.000001", "hi")));
    const wrong = await exports.default.fetch(
      new Request("https://cairn.test/webhooks/slack/acme/events", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "X-Slack-Request-Timestamp": String(Math.floor(Date.now() / 1000)),
          "X-Slack-Signature": `v0=${"0".repeat(64)}`,
        },
        body,
      }),
    );
    // Present but wrong credentials: 403 (401 is for missing or malformed ones), as in the README.
    expect(wrong.status).toBe(403);
    const stale = await signed("events", body, "application/json", {
      "X-Slack-Request-Timestamp": String(Math.floor(Date.now() / 1000) - 301),
    });
    expect(stale.status).toBe(403);
    expect(await stale.json()).toMatchObject({ error: expect.stringMatching(/five minutes/) });
  });

  it("answers a mention in the mention's thread, with Block Kit, once across retries and the twin message event", async () => {
    const ts = "1764000100.000100";
    await event("Ev0MENTION1", appMention(ts, "hello there"));
    await event("Ev0MENTION1", appMention(ts, "hello there"), {
      "X-Slack-Retry-Num": "1",
      "X-Slack-Retry-Reason": "http_timeout",
    });
    await event("Ev0TWIN0001", channelMessage(ts, `<@${BOT_USER}> hello there`));
    const reply = await posted(1);
    expect(reply).toMatchObject({ channel: CHANNEL, thread_ts: ts });
    expect(sectionText(reply)).toMatch(/offline: no model is configured/);
    // A follow-up in the same Slack thread is the same Cairn thread and gets the next answer.
    await event("Ev0MENTION2", appMention("1764000101.000100", "and again", { threadTs: ts }));
    const second = await posted(2);
    expect(second.thread_ts).toBe(ts);
    expect(slack.posted()).toHaveLength(2);
    const { results } = await env.DB.prepare(
      "SELECT id FROM context_threads WHERE tenant_id = ? AND external_ref LIKE ?",
    )
      .bind(tenant.tenantId, `${TEAM}:${CHANNEL}/%`)
      .all();
    expect(results).toHaveLength(1);
  });

  it("ignores bot messages, edits, reactions and channel chatter that does not address the bot", async () => {
    const before = slack.posted().length;
    await event("Ev0BOT00001", botMessage("1764000200.000100", "I am a bot"));
    await event("Ev0EDIT0001", editedMessage("1764000100.000100", "edited text"));
    await event("Ev0REACT001", reactionAdded("1764000201.000100", "1764000100.000100"));
    await event("Ev0CHATTER1", channelMessage("1764000202.000100", "lunch anyone?"));
    await event("Ev0MARKER01", appMention("1764000203.000100", "marker"));
    const marker = await posted(before + 1);
    expect(marker.thread_ts).toBe("1764000203.000100");
    expect(slack.posted()).toHaveLength(before + 1);
  });

  it("gives a stranger a pairing code in a DM and admits them once the owner approves it", async () => {
    const before = slack.posted().length;
    await event("Ev0STRANGE1", directMessage("1764000300.000100", "let me in", STRANGER));
    const offer = await posted(before + 1);
    expect(offer.channel).toBe(DM);
    const code = /pairing code is ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(sectionText(offer))?.[1];
    expect(code).toBeDefined();

    const wrong = await exports.default.fetch(
      api(tenant, "/channels/ch_acme_slack/pairings", {
        method: "POST",
        body: JSON.stringify({ code: "ZZZZ-ZZZZ" }),
      }),
    );
    expect(wrong.status).toBe(404);
    const approved = await exports.default.fetch(
      api(tenant, "/channels/ch_acme_slack/pairings", { method: "POST", body: JSON.stringify({ code }) }),
    );
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ sender: { senderId: STRANGER, status: "allowed" } });
    const reused = await exports.default.fetch(
      api(tenant, "/channels/ch_acme_slack/pairings", { method: "POST", body: JSON.stringify({ code }) }),
    );
    expect(reused.status).toBe(404);

    await event("Ev0STRANGE2", directMessage("1764000301.000100", "hello now", STRANGER));
    const answer = await posted(before + 2);
    expect(sectionText(answer)).toMatch(/offline: no model is configured/);
    expect(answer.thread_ts).toBeUndefined();
  });
});

describe("Slack slash commands and buttons", () => {
  it("answers /cairn tasks without a model and ignores a stranger's command in a channel", async () => {
    const before = slack.posted().length;
    const stranger = await signed(
      "commands",
      slashCommand("tasks", "111.222.stranger", "U0NOBODY01"),
      "application/x-www-form-urlencoded",
    );
    expect(stranger.status).toBe(200);
    const response = await signed(
      "commands",
      slashCommand("tasks", "111.222.owner"),
      "application/x-www-form-urlencoded",
    );
    expect(response.status).toBe(200);
    const reply = await posted(before + 1);
    expect(sectionText(reply)).toMatch(/No tasks on the board|Latest tasks/);
    expect(slack.posted()).toHaveLength(before + 1);
  });

  it("rejects a slash command without its response_url, naming the field", async () => {
    const form = new URLSearchParams(slashCommand("tasks", "111.333"));
    form.delete("response_url");
    const response = await signed("commands", form.toString(), "application/x-www-form-urlencoded");
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: "response_url" });
  });

  it("turns an approve button press into the same decision the Telegram button makes", async () => {
    const before = slack.posted().length;
    const root = "1764000400.000100";
    await event("Ev0PROPOSE1", appMention(root, "run echo 'Q3 invoices' > notes.txt"));
    const card = await posted(before + 1);
    const actions = (
      card.blocks as Array<{ type: string; elements?: Array<{ value: string; text: { text: string } }> }>
    ).find((b) => b.type === "actions");
    expect(actions?.elements?.map((e) => e.text.text)).toEqual(["Approve", "Reject"]);
    const approve = actions!.elements![0]!.value;
    expect(approve).toMatch(/^p:prop_[a-z0-9_]+:a$/);
    const proposalId = approve.split(":")[1]!;

    const cardTs = "1764000400.000200";
    const press = await signed(
      "interactivity",
      blockActions({ value: approve, messageTs: cardTs, threadTs: root, actionTs: "1764000401.000300" }),
      "application/x-www-form-urlencoded",
    );
    expect(press.status).toBe(200);
    await vi.waitFor(
      () => {
        const answer = slack.calls.find((c) => c.method === "response_url");
        expect(answer?.body).toMatchObject({ response_type: "ephemeral", text: "Approved: running it now." });
      },
      { timeout: 15_000, interval: 100 },
    );
    const proposal = await exports.default.fetch(api(tenant, `/proposals/${proposalId}`));
    const { proposal: row } = (await proposal.json()) as { proposal: { status: string; decidedBy: string } };
    expect(row.status).not.toBe("pending");
    expect(row.decidedBy).toBe(`user:slack:${OWNER}`);
    expect(await resultPosted(proposalId, root)).toMatch(/ran:/);
  });

  it("delivers after Slack answers 429, waiting for Retry-After, exactly once", async () => {
    // The earlier tests' last posts are paced (one a second per channel): let them land first,
    // so the 429 meets this test's reply.
    await drainOutbox();
    const before = slack.posted().length;
    const receivedBefore = slack.received.length;
    slack.failNext(429, 1);
    await event("Ev0LIMITED1", appMention("1764000500.000100", "are you there?"));
    const reply = await posted(before + 1);
    expect(reply.thread_ts).toBe("1764000500.000100");
    const pause = await env.DB.prepare("SELECT scope FROM channel_send_pauses WHERE tenant_id = ?")
      .bind(tenant.tenantId)
      .first<{ scope: string }>();
    expect(pause?.scope).toBe(`bot:ch_acme_slack:${TEAM}`);
    // The refused call and the resend, as Slack recorded them: the resend came Retry-After later.
    const posts = slack.received.slice(receivedBefore).filter((r) => r.method === "chat.postMessage");
    expect(posts.map((r) => r.status)).toEqual([429, 200]);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(1_000);
    // Once: the row is sent with the ts Slack gave the resend, and nothing is left to send it again.
    await drainOutbox();
    const row = await env.DB.prepare(
      "SELECT status, platform_message_id FROM outbox WHERE tenant_id = ? AND payload LIKE '%1764000500.000100%'",
    )
      .bind(tenant.tenantId)
      .all<{ status: string; platform_message_id: string }>();
    expect(row.results).toEqual([{ status: "sent", platform_message_id: slack.posted().at(-1)!.ts }]);
    expect(slack.posted()).toHaveLength(before + 1);
  });
});

describe("Slack reactions on a proposal card", () => {
  /** Asks for a proposal in a new thread; returns its id and the ts Slack gave its card. */
  async function proposeInThread(root: string, eventId: string, command: string) {
    await drainOutbox();
    const before = slack.posted().length;
    await event(eventId, appMention(root, `run ${command}`));
    const card = await posted(before + 1);
    const actions = (card.blocks as Array<{ type: string; elements?: Array<{ value: string }> }>).find(
      (b) => b.type === "actions",
    );
    const proposalId = actions!.elements![0]!.value.split(":")[1]!;
    const cardTs = await vi.waitFor(
      async () => {
        const row = await env.DB.prepare(
          "SELECT platform_message_id AS ts FROM outbox WHERE tenant_id = ? AND status = 'sent' AND payload LIKE ?",
        )
          .bind(tenant.tenantId, `%p:${proposalId}:a%`)
          .first<{ ts: string }>();
        if (!row?.ts) throw new Error("card not recorded as sent yet");
        return row.ts;
      },
      { timeout: 15_000, interval: 100 },
    );
    return { proposalId, cardTs };
  }

  async function proposal(id: string) {
    const response = await exports.default.fetch(api(tenant, `/proposals/${id}`));
    return ((await response.json()) as { proposal: { status: string; decidedBy: string | null } }).proposal;
  }

  it("approves on an approver's :white_check_mark:, ignoring strangers, other emoji and other messages", async () => {
    const root = "1764000600.000100";
    const { proposalId, cardTs } = await proposeInThread(root, "Ev0REACTP01", "echo 'reacted' > reacted.txt");
    await event(
      "Ev0REACTS01",
      reactionAdded("1764000601.000100", cardTs, { user: STRANGER, reaction: "+1" }),
    );
    await event("Ev0REACTE01", reactionAdded("1764000602.000100", cardTs, { reaction: "eyes" }));
    await event("Ev0REACTR01", reactionAdded("1764000603.000100", root, { reaction: "white_check_mark" }));
    await event("Ev0REACTA01", reactionAdded("1764000604.000100", cardTs, { reaction: "white_check_mark" }));
    await vi.waitFor(
      async () => {
        expect(await proposal(proposalId)).toMatchObject({ decidedBy: `user:slack:${OWNER}` });
      },
      { timeout: 15_000, interval: 200 },
    );
    expect((await proposal(proposalId)).status).not.toBe("pending");
    expect(await resultPosted(proposalId, root)).toMatch(
      new RegExp(`approved by user:slack:${OWNER}\\) ran:`),
    );
    // The card is edited in place, as after a button press.
    await vi.waitFor(
      () => {
        const edit = slack.calls.find((c) => c.method === "chat.update" && c.body.ts === cardTs);
        expect(edit).toBeDefined();
      },
      { timeout: 15_000, interval: 100 },
    );
    const refused = await env.DB.prepare(
      "SELECT actor, detail FROM audit_log WHERE tenant_id = ? AND action = 'proposal.approval_refused' AND subject_id = ?",
    )
      .bind(tenant.tenantId, proposalId)
      .all<{ actor: string; detail: string }>();
    expect(refused.results).toEqual([
      {
        actor: `user:slack:${STRANGER}`,
        detail: JSON.stringify({ reason: "not an approver", reaction: "+1" }),
      },
    ]);
  });

  it("rejects on an approver's :x:, once, and tells the thread", async () => {
    const root = "1764000700.000100";
    const { proposalId, cardTs } = await proposeInThread(
      root,
      "Ev0REACTP02",
      "echo 'unwanted' > unwanted.txt",
    );
    const before = slack.posted().length;
    await event("Ev0REACTX01", reactionAdded("1764000701.000100", cardTs, { reaction: "x" }));
    // Slack retries an event it thinks was not acknowledged: the same event_id decides nothing twice.
    await event("Ev0REACTX01", reactionAdded("1764000701.000100", cardTs, { reaction: "x" }), {
      "X-Slack-Retry-Num": "1",
    });
    const notice = await posted(before + 1);
    expect(sectionText(notice)).toMatch(new RegExp(`${proposalId} was rejected by user:slack:${OWNER}`));
    expect(notice.thread_ts).toBe(root);
    expect(await proposal(proposalId)).toMatchObject({
      status: "rejected",
      decidedBy: `user:slack:${OWNER}`,
    });
    await drainOutbox();
    expect(
      slack.posted().filter((c) => sectionText(c.body).includes(`${proposalId} was rejected`)),
    ).toHaveLength(1);
  });
});
