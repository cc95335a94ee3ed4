import { describe, expect, it } from "vitest";
import { decide, parsePolicy } from "../../../kernel/policy";
import { E2B_API_URL, e2bApiKeyFor, selectSandbox } from "../../../tools/sandbox/select";

const store = { load: async () => new Map<string, string>(), save: async () => {} };
const noNetwork = { hosts: [], anyHost: false, urlPrefixes: [], methods: [], omitted: [] };
const base = { store, sandboxId: undefined, onCreated: async () => {}, metadata: {}, network: noNetwork };

function egressUnder(policyText: string) {
  const policy = parsePolicy(policyText, "test.yaml");
  return (url: string) => {
    const decision = decide(policy, { kind: "network", agentId: "ops", url, method: "POST" });
    return { allowed: decision.effect === "allow", rule: decision.rule, reason: decision.reason };
  };
}

describe("sandbox selection", () => {
  it("uses just-bash when no E2B key is set", () => {
    const sandbox = selectSandbox(
      {},
      { ...base, egress: () => ({ allowed: false, rule: "x", reason: "x" }) },
    );
    expect(sandbox.kind).toBe("just-bash");
  });

  it("refuses to reach E2B when the network policy does not allow it, naming the rule", async () => {
    const sandbox = selectSandbox(
      { E2B_API_KEY: "e2b_test" },
      { ...base, egress: egressUnder("version: 1\n") },
    );
    expect(sandbox.kind).toBe("e2b");
    const run = await sandbox.run("ls", { timeoutMs: 1_000, maxOutputBytes: 1_000 });
    expect(run.exitCode).toBe(126);
    expect(run.stderr).toMatch(/^E2B is not reachable under the network policy: default-deny/);
  });

  it("hands commands to E2B when the policy allows its API", () => {
    const allowE2B = `version: 1
network:
  allow:
    - { id: e2b, hosts: ["api.e2b.app", "*.e2b.app"], schemes: [https], methods: [POST, GET] }
`;
    const egress = egressUnder(allowE2B);
    expect(egress(E2B_API_URL)).toMatchObject({ allowed: true, rule: "e2b" });
    const sandbox = selectSandbox({ E2B_API_KEY: "e2b_test" }, { ...base, egress });
    expect(sandbox.kind).toBe("e2b");
  });
});

describe("the E2B key for a tenant", () => {
  it("prefers the tenant's own secret, then the deployment's, then none", () => {
    const env = { E2B_API_KEY: "shared", CAIRN_TENANT_ACME_CO__E2B_API_KEY: "acme-own" };
    expect(e2bApiKeyFor(env, "acme-co")).toBe("acme-own");
    expect(e2bApiKeyFor(env, "globex")).toBe("shared");
    expect(e2bApiKeyFor({}, "globex")).toBeUndefined();
  });
});
