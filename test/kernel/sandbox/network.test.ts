/** The sandbox's egress comes from the agent's network policy, resolved towards less access. */
import { describe, expect, it } from "vitest";
import { mergePolicies, parsePolicy, sandboxNetworkFor } from "../../../kernel/policy";
import { e2bNetworkOptions } from "../../../tools/sandbox/e2b";
import { justBashNetwork } from "../../../tools/sandbox/just-bash";
import { defaultPolicy, loadPolicyFile } from "../policy/helpers";

const teamPolicy = mergePolicies(defaultPolicy, loadPolicyFile("policies/sample-team.yaml"));

describe("sandboxNetworkFor", () => {
  it("gives an agent with no network grant no host at all", () => {
    const network = sandboxNetworkFor(teamPolicy, "assistant");
    expect(network).toMatchObject({ hosts: [], anyHost: false, urlPrefixes: [] });
    expect(e2bNetworkOptions(network)).toEqual({
      allowInternetAccess: false,
      network: { denyOut: ["0.0.0.0/0"] },
    });
    expect(justBashNetwork(network)).toBeUndefined();
  });

  it("gives the sample team's agents exactly their hosts", () => {
    const dev = sandboxNetworkFor(teamPolicy, "dev");
    expect(dev.hosts).toEqual(["api.github.com", "registry.npmjs.org"]);
    expect(dev.omitted).toEqual([
      { host: "api.github.com", reason: "its grant needs approval, which code in a sandbox cannot wait for" },
    ]);
    expect(justBashNetwork(dev)).toEqual({
      allowedUrlPrefixes: ["https://api.github.com", "https://registry.npmjs.org"],
      allowedMethods: ["GET", "HEAD"],
      maxRedirects: 0,
    });
    const finance = sandboxNetworkFor(teamPolicy, "finance");
    expect(finance.hosts).toEqual(["*.stripe.com"]);
    // A wildcard cannot be said to just-bash, whose allow list holds origins.
    expect(finance.urlPrefixes).toEqual([]);
  });

  it("leaves out hosts a block or ask rule touches, and the sandbox provider's control plane", () => {
    const policy = parsePolicy(
      `version: 1
network:
  allow:
    - { hosts: ["*.saas.example", api.other.example, api.e2b.app, "*.e2b.app"], methods: [GET, POST], paths: ["/v1/**"] }
    - { hosts: [files.example], ports: [8443], schemes: [https, http], methods: [GET] }
  block:
    - { hosts: [uploads.saas.example], reason: export endpoint }
  ask:
    - { hosts: [api.other.example], methods: [POST], reason: changes }
`,
      "inline.yaml",
    );
    const network = sandboxNetworkFor(policy, "any");
    expect(network.hosts).toEqual(["files.example"]);
    expect(network.omitted.map((entry) => entry.host)).toEqual([
      "*.saas.example",
      "api.other.example",
      "api.e2b.app",
      "*.e2b.app",
    ]);
    expect(network.urlPrefixes).toEqual(["https://files.example:8443", "http://files.example:8443"]);
    expect(network.methods).toEqual(["GET"]);
    expect(e2bNetworkOptions(network)).toEqual({
      network: { allowOut: ["files.example"], denyOut: ["0.0.0.0/0"] },
    });
  });

  it("opens the internet, minus private ranges, only for a grant of any host", () => {
    const network = sandboxNetworkFor(
      parsePolicy("version: 1\nnetwork:\n  allow:\n    - { hosts: ['*'] }\n", "x"),
      "a",
    );
    expect(network.anyHost).toBe(true);
    const options = e2bNetworkOptions(network);
    expect(options.allowInternetAccess).toBe(true);
    expect(options.network.denyOut).toContain("169.254.0.0/16");
    expect(options.network.allowOut).toBeUndefined();
  });

  it("keeps path prefixes, and drops a rule whose path glob is no plain prefix", () => {
    const policy = parsePolicy(
      `version: 1
network:
  allow:
    - { hosts: [api.github.com], paths: ["/repos/acme/**"] }
    - { hosts: [api.example.com], paths: ["/v*/items"] }
`,
      "x",
    );
    const network = sandboxNetworkFor(policy, "a");
    expect(network.hosts).toEqual(["api.github.com", "api.example.com"]);
    expect(network.urlPrefixes).toEqual(["https://api.github.com/repos/acme/"]);
  });
});
