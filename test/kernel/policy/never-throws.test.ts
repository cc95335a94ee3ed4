/**
 * The kernel never throws (issue 19): every input, however malformed, large or deeply nested,
 * gets a decision with a reason. Generated shell text, paths, URLs, actions and policy YAML.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import {
  type Action,
  type Decision,
  decide,
  mergePolicies,
  type Policy,
  PolicyError,
  parsePolicy,
} from "../../../kernel/policy/index";
import { defaultPolicy, loadPolicyFile } from "./helpers";

const teamPolicy = mergePolicies(defaultPolicy, loadPolicyFile("policies/sample-team.yaml"));
const runs = { numRuns: 300 };

function expectDecision(policy: Policy, action: Action): Decision {
  let decision: Decision | undefined;
  expect(
    () => {
      decision = decide(policy, action);
    },
    JSON.stringify(action).slice(0, 300),
  ).not.toThrow();
  const made = decision as Decision;
  expect(["allow", "ask", "deny"]).toContain(made.effect);
  expect(made.rule.length).toBeGreaterThan(0);
  expect(made.reason.length).toBeGreaterThan(0);
  return made;
}

/** Pieces of shell syntax, so that random text reaches the parser's and analyser's corners. */
const shellToken = fc.constantFrom(
  "env",
  "ls",
  "cat",
  "sh -c",
  "bash -c",
  "eval",
  "xargs",
  "find . -exec",
  "timeout 5",
  "nice",
  "command",
  "$(",
  ")",
  "`",
  "$((",
  "))",
  "<(",
  ">(",
  "{",
  "}",
  "(",
  ")",
  ";",
  "&",
  "&&",
  "||",
  "|",
  "|&",
  "!",
  "'",
  '"',
  "\\",
  "$",
  "${",
  "${x:-",
  "~",
  "*",
  "?",
  "[",
  "]",
  "{a,b}",
  "{1..9}",
  "<<EOF",
  "EOF",
  "<<<",
  ">",
  ">>",
  "<",
  "2>&1",
  "&>",
  "f()",
  ":()",
  ":",
  "while true; do",
  "done",
  "for x in",
  "do",
  "if",
  "then",
  "fi",
  "case",
  "esac",
  "in",
  "x=",
  "PATH=",
  "LD_PRELOAD=",
  "/etc/shadow",
  "/tmp/x",
  "..",
  "-rf",
  "--",
  "\n",
  " ",
  "\t",
  "\u0000",
  "é",
  "\u202e",
);
const shellText = fc.oneof(
  fc.array(shellToken, { maxLength: 40 }).map((tokens) => tokens.join(" ")),
  fc.array(shellToken, { maxLength: 40 }).map((tokens) => tokens.join("")),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 100 }),
);
/** Nesting and expansion that once grew without bound, repeated n times. */
const deepText = fc
  .tuple(
    fc.constantFrom(
      ["env ", "ls"],
      ["$(", ")"],
      ["sh -c '", "'"],
      ["eval ", "ls"],
      ["(", ")"],
      ["{ ", "; }"],
      ["$((", "))"],
      ["{a,b}", ""],
      ["f() { ", "; }"],
      ["nice timeout 1 ", "ls"],
      ["if true; then ", "; fi"],
      ["[", "]"],
    ),
    fc.integer({ min: 1, max: 400 }),
  )
  .map(([[open, close], n]) => `${open.repeat(n)}ls${close.repeat(n)}`);

describe("the kernel decides every shell text", () => {
  it("random shell text", () => {
    fc.assert(
      fc.property(shellText, fc.constantFrom("dev", "finance", "assistant"), (command, agentId) => {
        expectDecision(teamPolicy, { kind: "shell", agentId, command });
      }),
      runs,
    );
  });

  it("deeply nested and repeated constructs", () => {
    fc.assert(
      fc.property(deepText, (command) => {
        expectDecision(teamPolicy, { kind: "shell", agentId: "dev", command });
      }),
      { numRuns: 200 },
    );
  });

  it("commands far beyond the size limit", () => {
    const decision = expectDecision(teamPolicy, {
      kind: "shell",
      agentId: "dev",
      command: "ls ".repeat(2_000_000),
    });
    expect(decision.effect).toBe("deny");
  });
});

const pathText = fc.oneof(
  fc
    .array(fc.constantFrom("a", "..", ".", "", "%2e%2e", "%", "%zz", "\u0000", "~", "\\", "etc", "é", "*"), {
      maxLength: 30,
    })
    .map((parts) => parts.join("/")),
  fc.string({ maxLength: 300 }),
  fc.integer({ min: 1, max: 20_000 }).map((n) => "/a".repeat(n)),
);
const urlText = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.string({ maxLength: 200 }),
  fc
    .tuple(fc.constantFrom("https://", "http://", "ftp://", "//", ""), fc.string({ maxLength: 80 }))
    .map(([scheme, rest]) => scheme + rest),
  fc.integer({ min: 1, max: 10_000 }).map((n) => `https://api.github.com/${"%2e%2e/".repeat(n)}`),
);

describe("the kernel decides every path, URL and action", () => {
  it("random paths, read and write", () => {
    fc.assert(
      fc.property(pathText, fc.constantFrom("read", "write"), (path, operation) => {
        expectDecision(teamPolicy, { kind: "filesystem", agentId: "dev", operation, path } as Action);
      }),
      runs,
    );
  });

  it("random URLs and methods", () => {
    fc.assert(
      fc.property(urlText, fc.string({ maxLength: 12 }), (url, method) => {
        expectDecision(teamPolicy, { kind: "network", agentId: "dev", url, method });
      }),
      runs,
    );
  });

  it("actions of the wrong shape, as model output or a request body may carry them", () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            kind: fc.constantFrom("shell", "filesystem", "network", "message", "tool", "other", 7, null),
            agentId: fc.anything(),
            command: fc.anything(),
            path: fc.anything(),
            operation: fc.anything(),
            url: fc.anything(),
            method: fc.anything(),
            channel: fc.anything(),
            recipient: fc.anything(),
            tool: fc.anything(),
          },
          { requiredKeys: [] },
        ),
        (action) => {
          expectDecision(teamPolicy, action as unknown as Action);
        },
      ),
      runs,
    );
  });
});

/** Policy-shaped objects: real section names with random contents, written out as YAML. */
const policyObject = fc.record(
  {
    version: fc.constantFrom(1, 2, "1"),
    shell: fc.record(
      {
        allow: fc.array(
          fc.record(
            {
              program: fc.constantFrom("ls", "*", "g?t", "[", ""),
              args: fc.array(fc.string({ maxLength: 8 })),
            },
            { requiredKeys: ["program"] },
          ),
          { maxLength: 4 },
        ),
        block: fc.array(fc.record({ program: fc.string({ maxLength: 6 }), reason: fc.string() }), {
          maxLength: 3,
        }),
      },
      { requiredKeys: [] },
    ),
    filesystem: fc.record(
      {
        read: fc.array(
          fc.record({ paths: fc.array(fc.constantFrom("/**", "/workspace/**", "**", "[", "{a,b}", "")) }),
          { maxLength: 3 },
        ),
        block: fc.array(fc.record({ paths: fc.array(fc.string({ maxLength: 10 })), reason: fc.string() }), {
          maxLength: 2,
        }),
      },
      { requiredKeys: [] },
    ),
    network: fc.record(
      {
        allow: fc.array(
          fc.record({
            hosts: fc.array(fc.constantFrom("*", "api.github.com", "*.x", "", "[::1]")),
            methods: fc.array(fc.constantFrom("GET", "get", "")),
          }),
          { maxLength: 3 },
        ),
      },
      { requiredKeys: [] },
    ),
    extra: fc.anything(),
  },
  { requiredKeys: [] },
);
const policyText = fc.oneof(
  policyObject.map((object) => stringify(object)),
  fc.string({ maxLength: 300 }),
  fc.integer({ min: 1, max: 3000 }).map((n) => `${"[".repeat(n)}${"]".repeat(n)}`),
  fc.constant(
    `a: &a ["x","x","x","x","x","x","x","x","x"]\n${Array.from(
      { length: 12 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(",")}]`,
    ).join("\n")}\n`,
  ),
);

describe("policy YAML", () => {
  it("is parsed or refused with a PolicyError, and a parsed policy decides every action", () => {
    fc.assert(
      fc.property(policyText, shellText, pathText, (text, command, path) => {
        let policy: Policy | undefined;
        try {
          policy = parsePolicy(text, "generated.yaml");
        } catch (error) {
          expect(error, String(error)).toBeInstanceOf(PolicyError);
          return;
        }
        for (const agentId of ["a", "dev"]) {
          expectDecision(policy, { kind: "shell", agentId, command });
          expectDecision(policy, { kind: "filesystem", agentId, operation: "write", path });
          expectDecision(policy, {
            kind: "network",
            agentId,
            url: "https://api.github.com/x",
            method: "GET",
          });
          expectDecision(mergePolicies(defaultPolicy, policy), { kind: "shell", agentId, command });
        }
      }),
      { numRuns: 300 },
    );
  });

  it("refuses a file beyond the size limit without reading it", () => {
    expect(() => parsePolicy(`version: 1\n#${"x".repeat(300_000)}\n`, "big.yaml")).toThrow(PolicyError);
  });
});
