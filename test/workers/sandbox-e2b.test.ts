/** The E2B sandbox and its background jobs, through the real `e2b` SDK against the fake E2B. */
import { Sandbox as E2BSandbox } from "e2b";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mergePolicies, parsePolicy, type SandboxNetwork, sandboxNetworkFor } from "../../kernel/policy";
import defaultPolicyText from "../../policies/default.yaml";
import sampleTeamText from "../../policies/sample-team.yaml";
import { createE2BSandbox } from "../../tools/sandbox/e2b";
import { killE2BJob, pollE2BJob } from "../../tools/sandbox/e2b-jobs";
import { createFakeE2B } from "./fake-e2b";
import { setupFetchNetwork } from "./msw-network";

const API_KEY = "e2b_test_key";
const e2b = createFakeE2B(API_KEY);
const network = setupFetchNetwork(...e2b.handlers);
const LIMITS = { timeoutMs: 5_000, maxOutputBytes: 64 };

beforeAll(() => network.listen());
afterAll(() => network.close());
beforeEach(() => e2b.reset());

const teamPolicy = mergePolicies(
  parsePolicy(defaultPolicyText, "policies/default.yaml"),
  parsePolicy(sampleTeamText, "policies/sample-team.yaml"),
);
const NO_NETWORK = sandboxNetworkFor(teamPolicy, "assistant");

function sandboxFor(remembered: { id?: string } = {}, network: SandboxNetwork = NO_NETWORK) {
  return createE2BSandbox({
    apiKey: API_KEY,
    sandboxId: remembered.id,
    onCreated: async (id) => {
      remembered.id = id;
    },
    metadata: { tenant: "acme" },
    network,
  });
}

describe("E2B sandbox", () => {
  it("runs a command, keeps files between commands, and reports the exit code", async () => {
    const remembered: { id?: string } = {};
    const first = await sandboxFor(remembered).run("echo 'net 30' > terms.txt && pwd", LIMITS);
    expect(first).toMatchObject({ exitCode: 0, stdout: "/workspace\n" });
    const second = await sandboxFor(remembered).run("cat terms.txt; exit 3", LIMITS);
    expect(second).toMatchObject({ exitCode: 3, stdout: "net 30\n" });
    expect(e2b.sandboxes.size).toBe(1);
  });

  it("reconnects to the thread's sandbox and creates a new one once it has expired", async () => {
    const remembered: { id?: string } = {};
    await sandboxFor(remembered).run("touch a.txt", LIMITS);
    const first = remembered.id!;
    e2b.expireSandbox(first);
    const run = await sandboxFor(remembered).run("ls", LIMITS);
    expect(run).toMatchObject({ exitCode: 0, stdout: "" });
    expect(remembered.id).not.toBe(first);
  });
});

describe("E2B sandbox egress follows the agent's network policy", () => {
  it("starts with internet access off when the policy grants no host", async () => {
    await sandboxFor().run("true", LIMITS);
    expect(e2b.creates).toHaveLength(1);
    expect(e2b.creates[0]).toMatchObject({
      allow_internet_access: false,
      network: { denyOut: ["0.0.0.0/0"] },
    });
    expect(e2b.creates[0]?.network).toEqual({ denyOut: ["0.0.0.0/0"] });
  });

  it("allows only the granted hosts, everything else denied", async () => {
    await sandboxFor({}, sandboxNetworkFor(teamPolicy, "dev")).run("true", LIMITS);
    expect(e2b.creates[0]?.network).toEqual({
      allowOut: ["api.github.com", "registry.npmjs.org"],
      denyOut: ["0.0.0.0/0"],
    });
    expect(e2b.creates[0]?.allow_internet_access).toBeUndefined();
    await sandboxFor({}, sandboxNetworkFor(teamPolicy, "finance")).run("true", LIMITS);
    expect(e2b.creates[1]?.network).toEqual({ allowOut: ["*.stripe.com"], denyOut: ["0.0.0.0/0"] });
  });

  it("replaces the rules of a sandbox it reconnects to with today's policy", async () => {
    const remembered: { id?: string } = {};
    await sandboxFor(remembered, sandboxNetworkFor(teamPolicy, "dev")).run("true", LIMITS);
    await sandboxFor(remembered, NO_NETWORK).run("true", LIMITS);
    expect(e2b.creates).toHaveLength(1);
    expect(e2b.networkUpdates).toEqual([
      { sandboxId: remembered.id, body: { allow_internet_access: false, denyOut: ["0.0.0.0/0"] } },
    ]);
    expect(e2b.sandboxes.get(remembered.id as string)?.network).toEqual({
      allowInternetAccess: false,
      allowOut: undefined,
      denyOut: ["0.0.0.0/0"],
    });
  });

  it("is checked by the fake as E2B documents it (a domain in denyOut is refused)", async () => {
    await expect(
      E2BSandbox.create({ apiKey: API_KEY, network: { denyOut: ["evil.example"] } }),
    ).rejects.toThrow(/denyOut/);
    expect(e2b.creates).toHaveLength(0);
  });
});

describe("E2B background jobs", () => {
  async function startHeld(command: string, lifetimeMs = 60_000) {
    e2b.hold(/^sleep/);
    const remembered: { id?: string } = {};
    const started = await sandboxFor(remembered).startBackground!("job_1", command, lifetimeMs);
    const connection = { apiKey: API_KEY, sandboxId: started.sandboxId, keepAliveMs: 120_000 };
    return { started, connection };
  }

  it("starts a job that keeps running after the call returns, then reads its result from files", async () => {
    const { started, connection } = await startHeld("sleep 1; echo built; echo warn >&2; exit 2");
    expect(e2b.running(started.sandboxId)).toEqual([started.pid]);
    // The command reached the sandbox as data, not as part of the script.
    const start = e2b.calls.find(
      (call) => call.method === "Start" && JSON.stringify(call.body).includes("echo built"),
    );
    expect(start).toBeDefined();
    expect(JSON.stringify((start!.body.process as { args: string[] }).args)).not.toContain("echo built");
    expect(await pollE2BJob(connection, { id: "job_1", pid: started.pid }, LIMITS)).toEqual({
      state: "running",
    });
    // Each poll pushes the sandbox's end of life out.
    expect(e2b.sandboxes.get(started.sandboxId)?.timeoutSeconds).toBe(120);
    await e2b.finishHeld();
    expect(await pollE2BJob(connection, { id: "job_1", pid: started.pid }, LIMITS)).toEqual({
      state: "finished",
      run: { exitCode: 2, stdout: "built\n", stderr: "warn\n", truncated: false, timedOut: false },
    });
  });

  it("cuts a finished job's output to the limit", async () => {
    const { started, connection } = await startHeld("sleep 1; printf 'x%.0s' $(seq 1 500)");
    await e2b.finishHeld();
    const polled = await pollE2BJob(connection, { id: "job_1", pid: started.pid }, LIMITS);
    expect(polled).toMatchObject({ state: "finished", run: { truncated: true } });
    expect(polled.state === "finished" && polled.run.stdout).toMatch(/^x{64}\n… \[output cut at 64 bytes\]$/);
  });

  it("reports a job whose process died without an exit status, or whose sandbox is gone, as lost", async () => {
    const { started, connection } = await startHeld("sleep 1");
    e2b.killProcess(started.sandboxId, started.pid);
    expect(await pollE2BJob(connection, { id: "job_1", pid: started.pid }, LIMITS)).toMatchObject({
      state: "lost",
      reason: expect.stringMatching(/without an exit status/),
    });
    e2b.expireSandbox(started.sandboxId);
    expect(await pollE2BJob(connection, { id: "job_1", pid: started.pid }, LIMITS)).toMatchObject({
      state: "lost",
      reason: `sandbox ${started.sandboxId} is gone`,
    });
  });

  it("kills a running job through envd", async () => {
    const { started, connection } = await startHeld("sleep 1");
    expect(await killE2BJob(connection, { id: "job_1", pid: started.pid })).toBe(true);
    expect(e2b.running(started.sandboxId)).toEqual([]);
    expect(await killE2BJob(connection, { id: "job_1", pid: null })).toBe(false);
  });
});
