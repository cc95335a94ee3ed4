/**
 * Long shell commands in E2B run in the background: the thread records the job, its alarm polls
 * it (bounded interval, deadline), and the result — or the kill — is posted to the chat, fed
 * back into the thread and audited. E2B is the fake at the HTTP boundary, driven by the real SDK.
 *
 * Time: Date runs a year ahead and moves only when a test says, so the thread's alarm fires
 * only through runDurableObjectAlarm.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ContextThread } from "../../durable-objects/context-thread/context-thread";
import { MAX_ATTEMPTS } from "../../durable-objects/schedules";
import { threadIdFor, threadStub } from "../../durable-objects/stubs";
import { FIRST_POLL_MS, MAX_POLL_MS } from "../../runtime/threads/sandbox-jobs";
import { JOB_GRACE_MS } from "../../tools/sandbox/e2b";
import { createFakeE2B } from "./fake-e2b";
import { createFakeTelegram } from "./fake-telegram";
import { api, seedTenant, type TestTenant } from "./fixtures";
import { drainOutbox } from "./outbox-drain";
import { threadTurn } from "./thread-turn";

const TEN_MINUTES = 600_000;
const OVERLAY = `version: 1
name: sandboxco-e2b
network:
  allow:
    - { id: e2b, hosts: ["api.e2b.app", "*.e2b.app"], schemes: [https], methods: [POST, GET] }
limits:
  shell:
    - { id: long-builds, timeoutMs: ${TEN_MINUTES} }
`;

let tenant: TestTenant;
let telegram: ReturnType<typeof createFakeTelegram>;
const e2b = createFakeE2B("e2b_test_key");

type JobRow = {
  id: string;
  status: string;
  pid: number | null;
  sandbox_id: string;
  exit_code: number | null;
  polls: number;
  poll_ms: number;
  report: string | null;
  reported: number;
};

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + 365 * 24 * 3_600_000);
  tenant = await seedTenant("sandboxco");
  telegram = createFakeTelegram(tenant.botToken);
  telegram.server.use(...e2b.handlers);
  telegram.server.listen();
  const put = await exports.default.fetch(
    api(tenant, "/policies/tenant", {
      method: "PUT",
      body: OVERLAY,
      headers: { "content-type": "text/yaml" },
    }),
  );
  expect(put.status).toBe(201);
});
afterAll(async () => {
  await drainOutbox();
  telegram.server.close();
  vi.useRealTimers();
});

const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

function thread(conversationId: string) {
  return threadStub(env, threadIdFor(tenant.tenantId, "telegram", conversationId));
}

/** The thread's job rows, its timers and its alarm, read inside the object. */
function inspect(conversationId: string) {
  return runInDurableObject(thread(conversationId), async (_instance: ContextThread, state) => ({
    jobs: state.storage.sql.exec<JobRow>("SELECT * FROM sandbox_jobs ORDER BY started_at").toArray(),
    timers: state.storage.sql
      .exec<{ key: string; kind: string; due_at: number }>(
        "SELECT key, kind, due_at FROM schedules ORDER BY due_at",
      )
      .toArray(),
    alarm: await state.storage.getAlarm(),
    messages: state.storage.sql
      .exec<{ dedup_key: string; role: string; text: string }>("SELECT dedup_key, role, text FROM messages")
      .toArray(),
  }));
}

async function auditActions() {
  const { results } = await env.DB.prepare(
    "SELECT action, subject_id FROM audit_log WHERE tenant_id = 'sandboxco' AND action LIKE 'sandbox.%' ORDER BY at, action",
  ).all<{ action: string; subject_id: string }>();
  return results;
}

async function startInBackground(updateId: number, conversationId: string, command: string) {
  e2b.hold(/^sleep/);
  const turn = await threadTurn(tenant, updateId, `run ${command}`, conversationId);
  const jobId = /started in the background as (job_[a-f0-9]+)/.exec(turn.reply ?? "")?.[1];
  expect(turn.reply, turn.reply).toMatch(/started in the background as job_/);
  return jobId!;
}

describe("background jobs in E2B", () => {
  it("runs a command whose policy timeout is long in the background and posts its result from the alarm", async () => {
    const jobId = await startInBackground(1, "42", "sleep 1; echo built; echo 'warn: slow' >&2");
    let state = await inspect("42");
    expect(state.jobs).toMatchObject([{ id: jobId, status: "running", polls: 0 }]);
    const [job] = state.jobs;
    expect(e2b.running(job!.sandbox_id)).toEqual([job!.pid]);
    // One timer on the thread's one alarm, armed for the first poll.
    expect(state.timers).toEqual([
      { key: `sandbox-job:${jobId}`, kind: "sandbox-job.poll", due_at: expect.any(Number) },
    ]);
    expect(state.alarm).toBe(state.timers[0]!.due_at);

    // Still running: polled again later, the interval doubling but bounded.
    advance(FIRST_POLL_MS);
    expect(await runDurableObjectAlarm(thread("42"))).toBe(true);
    state = await inspect("42");
    expect(state.jobs[0]).toMatchObject({ status: "running", polls: 1, poll_ms: 2 * FIRST_POLL_MS });
    expect(state.timers[0]!.due_at).toBe(Date.now() + FIRST_POLL_MS);
    expect(state.alarm).toBe(state.timers[0]!.due_at);
    for (let poll = 2; poll <= 6; poll++) {
      advance(MAX_POLL_MS);
      await runDurableObjectAlarm(thread("42"));
    }
    state = await inspect("42");
    expect(state.jobs[0]).toMatchObject({ status: "running", polls: 6, poll_ms: MAX_POLL_MS });

    await e2b.finishHeld();
    advance(MAX_POLL_MS);
    expect(await runDurableObjectAlarm(thread("42"))).toBe(true);
    state = await inspect("42");
    expect(state.jobs[0]).toMatchObject({ status: "finished", exit_code: 0, reported: 1 });
    expect(state.timers).toEqual([]);
    expect(state.alarm).toBeNull();
    const report = `Background job ${jobId} (\`sleep 1; echo built; echo 'warn: slow' >&2\`) finished: exit 0\nbuilt\nstderr: warn: slow`;
    expect(state.jobs[0]!.report).toBe(report);
    // Fed back: the next turn's model sees the result in the thread's messages.
    expect(state.messages).toContainEqual({
      dedup_key: `sandbox-job:${jobId}`,
      role: "assistant",
      text: report,
    });

    await drainOutbox();
    expect(telegram.sentMessages()).toContainEqual(expect.objectContaining({ chat_id: "42", text: report }));
    expect(await auditActions()).toEqual([
      { action: "sandbox.job_started", subject_id: jobId },
      { action: "sandbox.job_finished", subject_id: jobId },
    ]);
    // The job's files are removed once its result is recorded.
    const listing = await e2b.sandboxes.get(job!.sandbox_id)!.bash.exec("ls /tmp/cairn-jobs");
    expect(listing.stdout).toBe("");
  });

  it("does not start a second job when a turn that started one is retried", async () => {
    const first = await startInBackground(2, "43", "sleep 1");
    // The turn was cut off after the job started (its message never marked done), so the same
    // message is handled again: the same tool call finds its job instead of starting another.
    await runInDurableObject(thread("43"), async (_instance: ContextThread, state) => {
      state.storage.sql.exec("UPDATE messages SET turn_done = 0 WHERE dedup_key = 'telegram:update:2'");
    });
    const again = await threadTurn(tenant, 2, "run sleep 1", "43");
    expect(again.reply).toMatch(new RegExp(`already started in the background as ${first}`));
    const state = await inspect("43");
    expect(state.jobs.map((job) => job.id)).toEqual([first]);
    expect(e2b.running(state.jobs[0]!.sandbox_id)).toHaveLength(1);
  });

  it("kills a job that runs past its time limit and says so in the chat", async () => {
    await e2b.finishHeld();
    const jobId = await startInBackground(3, "44", "sleep 1");
    const [job] = (await inspect("44")).jobs;
    advance(TEN_MINUTES + 1);
    expect(await runDurableObjectAlarm(thread("44"))).toBe(true);
    const state = await inspect("44");
    expect(state.jobs[0]).toMatchObject({ status: "expired", reported: 1 });
    expect(state.jobs[0]!.report).toBe(
      `Background job ${jobId} (\`sleep 1\`) was stopped: it ran past its time limit of 600 s.`,
    );
    expect(e2b.running(job!.sandbox_id)).toEqual([]);
    expect(e2b.calls.some((call) => call.method === "SendSignal" && call.sandboxId === job!.sandbox_id)).toBe(
      true,
    );
    expect(state.alarm).toBeNull();
    await drainOutbox();
    expect(telegram.sentMessages()).toContainEqual(
      expect.objectContaining({ chat_id: "44", text: state.jobs[0]!.report }),
    );
  });

  it("reports a job whose sandbox is gone as killed", async () => {
    await e2b.finishHeld();
    const jobId = await startInBackground(4, "45", "sleep 1");
    const [job] = (await inspect("45")).jobs;
    e2b.expireSandbox(job!.sandbox_id);
    advance(FIRST_POLL_MS);
    await runDurableObjectAlarm(thread("45"));
    const state = await inspect("45");
    expect(state.jobs[0]).toMatchObject({ status: "killed", reported: 1 });
    expect(state.jobs[0]!.report).toBe(
      `Background job ${jobId} (\`sleep 1\`) was killed before it finished: sandbox ${job!.sandbox_id} is gone.`,
    );
    expect(await auditActions()).toContainEqual({ action: "sandbox.job_killed", subject_id: jobId });
  });

  it("keeps polling through an E2B outage, and gives up only once the sandbox would be gone", async () => {
    await e2b.finishHeld();
    const jobId = await startInBackground(5, "46", "sleep 1");
    e2b.outage.on = true;
    advance(FIRST_POLL_MS);
    await runDurableObjectAlarm(thread("46"));
    let state = await inspect("46");
    expect(state.jobs[0]).toMatchObject({ status: "running", polls: 1 });
    expect(state.alarm).toBe(state.timers[0]!.due_at);
    // Past the deadline and its grace, still unreachable: reported, not polled forever.
    advance(TEN_MINUTES + JOB_GRACE_MS);
    await runDurableObjectAlarm(thread("46"));
    state = await inspect("46");
    expect(state.jobs[0]).toMatchObject({ status: "killed", reported: 1 });
    expect(state.jobs[0]!.report).toMatch(
      new RegExp(
        `^Background job ${jobId} \\(\`sleep 1\`\\) was killed before it finished: E2B could not be reached since its deadline`,
      ),
    );
    expect(state.alarm).toBeNull();
    e2b.outage.on = false;
  });

  it("reports a job whose every poll was cut short as given up, once, and polls it no more", async () => {
    await e2b.finishHeld();
    const jobId = await startInBackground(7, "48", "sleep 1");
    // As if the object died during each of its polls: the timer has every attempt counted.
    await runInDurableObject(thread("48"), async (_instance: ContextThread, state) => {
      state.storage.sql.exec(
        "UPDATE schedules SET attempts = ? WHERE kind = 'sandbox-job.poll'",
        MAX_ATTEMPTS,
      );
    });
    advance(FIRST_POLL_MS);
    await runDurableObjectAlarm(thread("48"));
    const state = await inspect("48");
    expect(state.jobs[0]).toMatchObject({ status: "killed", reported: 1 });
    expect(state.jobs[0]!.report).toBe(
      `Background job ${jobId} (\`sleep 1\`) could no longer be followed and was given up: interrupted ${MAX_ATTEMPTS} times before it finished.`,
    );
    expect(state.timers).toEqual([]);
    expect(state.alarm).toBeNull();
    expect(await auditActions()).toContainEqual({ action: "sandbox.job_killed", subject_id: jobId });
  });

  it("says a job could not start when E2B is down, and records nothing", async () => {
    e2b.outage.on = true;
    const turn = await threadTurn(tenant, 6, "run sleep 1", "47");
    e2b.outage.on = false;
    expect(turn.reply).toMatch(/not started: could not start in E2B: /);
    const state = await inspect("47");
    expect(state.jobs).toEqual([]);
    expect(state.timers).toEqual([]);
    expect(await auditActions()).toContainEqual({
      action: "sandbox.job_failed",
      subject_id: expect.stringMatching(/^job_/),
    });
  });
});
