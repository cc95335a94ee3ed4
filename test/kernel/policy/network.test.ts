/** Network rules: the URL is parsed the way fetch() parses it; special hosts need exact rules. */
import { describe, expect, it } from "vitest";
import { decide } from "../../../kernel/policy/index";
import { policyFrom } from "./helpers";

const policy = policyFrom(`
version: 1
network:
  allow:
    - hosts: [api.github.com]
      methods: [GET, POST]
      paths: ["/repos/acme/**"]
    - hosts: ["*.stripe.com"]
    - hosts: [hooks.slack.com]
      methods: [POST]
      effect: ask
    - hosts: [internal.example.com]
      schemes: [http]
      ports: [8080]
    - id: anything-public
      agents: [researcher]
      hosts: ["*"]
    - id: metadata-for-ops
      agents: [ops]
      hosts: [169.254.169.254]
      schemes: [http]
    - agents: [ops]
      hosts: [api.github.com]
      allowCredentials: true
  block:
    - hosts: [evil.stripe.com]
      reason: compromised
`);

function net(url: string, method = "GET", agentId = "assistant") {
  return decide(policy, { kind: "network", agentId, url, method });
}

describe("network decisions", () => {
  it("grants scheme, host, method and path as written", () => {
    expect(net("https://api.github.com/repos/acme/app/issues").effect).toBe("allow");
    expect(net("https://api.github.com/repos/acme/app/issues", "post").effect).toBe("allow");
    expect(net("https://api.github.com/repos/acme/app", "DELETE").effect).toBe("deny");
    expect(net("https://api.github.com/users/acme").effect).toBe("deny");
    expect(net("http://api.github.com/repos/acme/x").effect).toBe("deny");
    expect(net("https://hooks.slack.com/services/x", "POST")).toMatchObject({
      effect: "ask",
      rule: "network.allow[2]",
    });
  });

  it("checks ports: the scheme's default unless the rule lists others", () => {
    expect(net("https://api.github.com:8443/repos/acme/x").effect).toBe("deny");
    expect(net("https://api.github.com:443/repos/acme/x").effect).toBe("allow");
    expect(net("http://internal.example.com:8080/").effect).toBe("allow");
    expect(net("http://internal.example.com/").effect).toBe("deny");
  });

  it("does not let dot segments or encoded slashes leave an allowed path", () => {
    expect(net("https://api.github.com/repos/acme/../other/x").effect).toBe("deny");
    expect(net("https://api.github.com/repos/acme/%2e%2e/other").effect).toBe("deny");
    expect(net("https://api.github.com/repos/acme%2f..%2fother").effect).toBe("deny");
  });

  it("matches wildcard subdomains but not the look-alike parent", () => {
    expect(net("https://api.stripe.com/v1/charges").effect).toBe("allow");
    expect(net("https://stripe.com/").effect).toBe("deny");
    expect(net("https://stripe.com.evil.example/").effect).toBe("deny");
    expect(net("https://evilstripe.com/").effect).toBe("deny");
  });

  it("lets a block rule win over a wildcard grant", () => {
    expect(net("https://evil.stripe.com/")).toMatchObject({ effect: "deny", rule: "network.block[0]" });
    expect(net("https://EVIL.Stripe.com./")).toMatchObject({ effect: "deny", rule: "network.block[0]" });
  });

  it.each([
    "http://127.0.0.1/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0177.0.0.1/",
    "http://0x7f.1/",
    "http://127.1/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[0:0:0:0:0:ffff:7f00:1]/",
    "http://localhost/",
    "http://LOCALHOST./",
    "http://app.localhost/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[fd00:ec2::254]/",
    "http://metadata.google.internal/",
    "http://10.0.0.1/",
    "http://192.168.1.1/",
    "http://[fe80::1]/",
    "http://0.0.0.0/",
    "http://intranet/",
    "https://xn--gthub-n4a.com/",
    "https://gіthub.com/",
  ])("keeps %s out of a wildcard rule", (url) => {
    const decision = net(url, "GET", "researcher");
    expect(decision.effect).toBe("deny");
    expect(decision.reason).toMatch(/only a rule naming it exactly/);
  });

  it("allows an ordinary public host under the wildcard rule", () => {
    expect(net("https://en.wikipedia.org/wiki/Cairn", "GET", "researcher")).toMatchObject({
      effect: "allow",
      rule: "anything-public",
    });
  });

  it("allows a special address only where a rule names it exactly", () => {
    expect(net("http://169.254.169.254/latest/", "GET", "ops")).toMatchObject({
      effect: "allow",
      rule: "metadata-for-ops",
    });
    expect(net("http://2852039166/latest/", "GET", "ops").effect).toBe("allow");
    expect(net("http://169.254.169.254/latest/", "GET", "researcher").effect).toBe("deny");
  });

  it("refuses user:password@ URLs unless the rule accepts credentials", () => {
    expect(net("https://user:pw@api.github.com/repos/acme/x").effect).toBe("deny");
    expect(net("https://api.github.com@evil.example/repos/acme/x").effect).toBe("deny");
    expect(net("https://token@api.github.com/anything", "GET", "ops").effect).toBe("allow");
  });

  it("refuses other schemes and unparseable URLs", () => {
    for (const url of [
      "file:///etc/passwd",
      "ftp://api.github.com/",
      "gopher://x/",
      "javascript:alert(1)",
      "not a url",
      "//api.github.com/x",
    ]) {
      expect(net(url).effect).toBe("deny");
    }
  });
});
