/**
 * Properties checked on generated inputs (fast-check): nothing outside the allow rules is
 * ever allowed, and a deny rule beats any allow rule whichever layer each comes from.
 * The oracles are written independently of the kernel (node:path, the URL parser). Each
 * property also checks a plainly granted input in the same run, so a kernel that denied
 * everything would fail them rather than pass them vacuously.
 */
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Action, decide, mergePolicies, type Policy } from "../../../kernel/policy/index";
import { policyFrom } from "./helpers";

const runs = { numRuns: 400 };

/** What some layer could turn `raw` into: fully percent-decoded, Unicode-folded, resolved. */
function decodedResolved(raw: string): string {
  let decoded = raw;
  for (let i = 0; i < 5; i++) {
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      break;
    }
  }
  decoded = decoded.normalize("NFKC").replace(/[\\\u2215\u2044]/g, "/");
  return path.posix.resolve("/workspace", decoded);
}

const segment = fc.constantFrom(
  "a",
  "b",
  "data",
  ".",
  "..",
  "",
  "%2e%2e",
  "%252e%252e",
  "..%2f",
  "\uff0e\uff0e",
  "\u2215..",
  "x\\..",
  ".env",
);
/** Paths made of plain names only: their meaning needs no decoding. */
const plainParts = fc.array(fc.constantFrom("a", "b", "x.txt", "2024", "report.csv"), {
  minLength: 1,
  maxLength: 5,
});

const pathArb = fc
  .tuple(fc.boolean(), fc.array(segment, { maxLength: 7 }))
  .map(([absolute, parts]) => `${absolute ? "/" : ""}${parts.join("/")}`)
  .filter((p) => p.length > 0);

describe("filesystem properties", () => {
  const policy = policyFrom(`
version: 1
filesystem:
  read:
    - paths: ["/workspace/data/**"]
  write:
    - paths: ["/workspace/a/**"]
      effect: ask
  block:
    - paths: ["**/.env"]
      reason: secrets
`);

  it("never grants a path that decodes outside the granted directories", () => {
    fc.assert(
      fc.property(pathArb, fc.constantFrom("read", "write"), plainParts, (raw, operation, plain) => {
        const granted = operation === "read" ? `/workspace/data/${plain.join("/")}` : `a/${plain.join("/")}`;
        expect(
          decide(policy, { kind: "filesystem", agentId: "a", operation, path: granted } as Action).effect,
          granted,
        ).toBe(operation === "read" ? "allow" : "ask");
        const decision = decide(policy, { kind: "filesystem", agentId: "a", operation, path: raw } as Action);
        if (decision.effect === "deny") return;
        const resolved = decodedResolved(raw);
        const root = operation === "read" ? "/workspace/data" : "/workspace/a";
        expect(resolved === root || resolved.startsWith(`${root}/`), `${raw} → ${resolved}`).toBe(true);
        expect(resolved.endsWith("/.env")).toBe(false);
      }),
      runs,
    );
  });
});

const labels = fc.constantFrom(
  "api",
  "example",
  "com",
  "evil",
  "xn--xmpl-loa",
  "localhost",
  "internal",
  "127",
  "0x7f",
  "1",
);
const hostArb = fc.oneof(
  fc.array(labels, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(".")),
  fc.constantFrom(
    "[::1]",
    "[::ffff:7f00:1]",
    "2130706433",
    "0177.0.0.1",
    "169.254.169.254",
    "ex\u0430mple.com",
    "api.example.com.",
  ),
);
const urlArb = fc
  .tuple(
    fc.constantFrom("https", "http", "ftp", "file", "HTTPS"),
    fc.constantFrom("", "user@", "user:pw@", "api.example.com@"),
    hostArb,
    fc.constantFrom("", ":443", ":8443", ":80"),
    fc.constantFrom("/", "/v1/x", "/v1/../admin", "/v1/%2e%2e/admin", "/admin"),
  )
  .map(([scheme, userinfo, host, port, urlPath]) => `${scheme}://${userinfo}${host}${port}${urlPath}`);

describe("network properties", () => {
  const policy = policyFrom(`
version: 1
network:
  allow:
    - hosts: [api.example.com]
      paths: ["/v1/**"]
`);

  it("never grants a request outside the one allowed host, scheme, port and path", () => {
    fc.assert(
      fc.property(urlArb, fc.constantFrom("GET", "POST", "HEAD"), plainParts, (url, method, plain) => {
        const granted = `https://api.example.com/v1/${plain.join("/")}`;
        expect(decide(policy, { kind: "network", agentId: "a", url: granted, method }).effect, granted).toBe(
          method === "POST" ? "deny" : "allow",
        );
        const decision = decide(policy, { kind: "network", agentId: "a", url, method });
        if (decision.effect === "deny") return;
        const parsed = new URL(url);
        expect(parsed.protocol).toBe("https:");
        expect(parsed.hostname.replace(/\.$/, "")).toBe("api.example.com");
        expect(parsed.port === "" || parsed.port === "443").toBe(true);
        expect(parsed.username + parsed.password).toBe("");
        expect(parsed.pathname.startsWith("/v1/")).toBe(true);
        expect(["GET", "HEAD"]).toContain(method);
      }),
      runs,
    );
  });
});

/** A generated shell script together with every program it runs. */
interface Script {
  text: string;
  programs: string[];
}

const allowedPrograms = ["echo", "ls", "cat", "grep", "sort"];
const otherPrograms = ["rm", "tac", "python3", "nc", "chmod"];
const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

const simpleCommand: fc.Arbitrary<Script> = fc
  .tuple(fc.constantFrom(...allowedPrograms, ...otherPrograms), fc.constantFrom("", " x", " -n 1", " a b"))
  .map(([program, args]) => ({ text: `${program}${args}`, programs: [program] }));

const scriptArb: fc.Arbitrary<Script> = fc.letrec<{ script: Script }>((tie) => ({
  script: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    simpleCommand,
    fc
      .tuple(tie("script"), fc.constantFrom(" | ", " && ", " || ", "; ", " & "), tie("script"))
      .map(([a, op, b]) => ({ text: `${a.text}${op}${b.text}`, programs: [...a.programs, ...b.programs] })),
    tie("script").map((s) => ({ text: `( ${s.text} )`, programs: s.programs })),
    tie("script").map((s) => ({ text: `{ ${s.text}; }`, programs: s.programs })),
    tie("script").map((s) => ({ text: `echo $( ${s.text} )`, programs: ["echo", ...s.programs] })),
    tie("script").map((s) => ({ text: `cat <( ${s.text} )`, programs: ["cat", ...s.programs] })),
    tie("script").map((s) => ({ text: `sh -c ${quote(s.text)}`, programs: s.programs })),
    tie("script").map((s) => ({ text: `eval ${quote(s.text)}`, programs: s.programs })),
    tie("script").map((s) => ({ text: `if true; then ${s.text}; fi`, programs: ["true", ...s.programs] })),
    // Braced so that the definition and the call stay together when composed: in
    // `echo | f() { …; }; f` bash defines f in the pipeline's subshell and then runs a program f.
    tie("script").map((s) => ({ text: `{ f() { ${s.text}; }; f; }`, programs: s.programs })),
  ),
})).script;

describe("shell properties", () => {
  const policy = policyFrom(`
version: 1
shell:
  allow:
${[...allowedPrograms, "true"].map((program) => `    - { program: "${program}" }`).join("\n")}
filesystem:
  read:
    - paths: ["/workspace/**"]
`);

  it("allows a script only when every program it runs is allowed", () => {
    fc.assert(
      fc.property(scriptArb, (script) => {
        const decision = decide(policy, { kind: "shell", agentId: "a", command: script.text });
        const runsOther = script.programs.some((program) => otherPrograms.includes(program));
        if (runsOther) expect(decision.effect, script.text).toBe("deny");
        else expect(decision.effect, `${script.text}: ${decision.reason}`).toBe("allow");
      }),
      runs,
    );
  });

  it("denies any script running a blocked program, whichever layer allows it", () => {
    fc.assert(
      fc.property(
        scriptArb,
        fc.constantFrom(...allowedPrograms),
        fc.boolean(),
        (script, blocked, blockFirst) => {
          const block = policyFrom(
            `version: 1\nshell:\n  block:\n    - { program: ${blocked}, reason: test }\n`,
          );
          const merged = blockFirst ? mergePolicies(block, policy) : mergePolicies(policy, block);
          const decision = decide(merged, { kind: "shell", agentId: "a", command: script.text });
          if (script.programs.includes(blocked)) expect(decision.effect, script.text).toBe("deny");
          else if (!script.programs.some((program) => otherPrograms.includes(program)))
            expect(decision.effect, `${script.text}: ${decision.reason}`).toBe("allow");
        },
      ),
      runs,
    );
  });
});

describe("deny overrides allow in every section", () => {
  const names = fc.constantFrom("alpha", "beta", "gamma", "delta");

  function layered(allow: string, block: string, blockFirst: boolean): Policy {
    const allowPolicy = policyFrom(allow);
    const blockPolicy = policyFrom(block);
    return blockFirst ? mergePolicies(blockPolicy, allowPolicy) : mergePolicies(allowPolicy, blockPolicy);
  }

  it("for tools, channels, network hosts and paths", () => {
    fc.assert(
      fc.property(names, names, fc.boolean(), (asked, blocked, blockFirst) => {
        const policy = layered(
          `version: 1
tools: { allow: [{ tools: ["*"] }] }
channels: { allow: [{ channels: ["*"], recipients: ["*"] }] }
network: { allow: [{ hosts: ["*"], methods: [GET] }] }
filesystem: { read: [{ paths: ["/**"] }] }`,
          `version: 1
tools: { block: [{ tools: [${blocked}], reason: r }] }
channels: { block: [{ channels: ["*"], recipients: [${blocked}], reason: r }] }
network: { block: [{ hosts: [${blocked}.example.com], reason: r }] }
filesystem: { block: [{ paths: ["/${blocked}/**"], reason: r }] }`,
          blockFirst,
        );
        const expected = asked === blocked ? "deny" : "allow";
        const actions: Action[] = [
          { kind: "tool", agentId: "a", tool: asked },
          { kind: "message", agentId: "a", channel: "slack", recipient: asked },
          { kind: "network", agentId: "a", url: `https://${asked}.example.com/`, method: "GET" },
          { kind: "filesystem", agentId: "a", operation: "read", path: `/${asked}/file` },
        ];
        for (const action of actions)
          expect(decide(policy, action).effect, JSON.stringify(action)).toBe(expected);
      }),
      runs,
    );
  });
});
