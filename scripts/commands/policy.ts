/**
 * `npm run cairn -- policy …`: check one action against a policy, or lint policy files.
 * It runs the same kernel code as the Worker, so what it prints is what an agent would get.
 *
 *   policy check --agent <id> (--shell "<cmd>" | --fetch <url> [--method GET] | --write <path> | --read <path>)
 *                [--policy <file>]… [--json]
 *   policy check --batch <file.jsonl> [--policy <file>]… [--no-default]
 *   policy lint [dir]
 */
import { createReadStream, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { z } from "zod";
import { parseAgentDefinition } from "../../kernel/agents/load";
import {
  type Action,
  DEFAULT_POLICY_PATH,
  decide,
  mergePolicies,
  type Policy,
  PolicyError,
} from "../../kernel/policy/index";
import { lintPolicyFiles, loadPolicy, policyFiles } from "../cli/policy-files";

const AGENTS_DIR = path.join(import.meta.dirname, "..", "..", "agents");

export const summary = "check an action against a policy, or lint policy files";

export const usage = `usage:
  npm run cairn -- policy check --agent <id> --shell "<command>" [--policy <file>]… [--json]
  npm run cairn -- policy check --agent <id> --fetch <url> [--method GET] [--policy <file>]…
  npm run cairn -- policy check --agent <id> --write <path> | --read <path> [--policy <file>]…
  npm run cairn -- policy check --batch <file.jsonl> [--policy <file>]… [--no-default]
  npm run cairn -- policy lint [dir]
Policies given with --policy are overlays on ${DEFAULT_POLICY_PATH} (use --no-default to skip it).
Exit codes of check: 0 allow, 3 ask, 1 deny, 2 a usage error (an unknown --agent among them:
the agents are those of agents/*.yaml and those the policies name).

--batch decides every line of a JSON Lines file, in order, one output line each:
  input   {"agent": "dev", "shell": "git status"}
          {"agent": "dev", "fetch": "https://api.github.com/user", "method": "GET"}
          {"agent": "dev", "read": "/etc/shadow"}   {"agent": "dev", "write": "src/a.ts"}
  output  {"effect": "allow", "rule": "shell.allow[74]", "reason": "…"}
          {"error": "line 7: …"} for a line that cannot be read; the run goes on.
  Exit code 0 when every line was decided, 1 when some line was an error, 2 a usage error.`;

interface CheckOptions {
  batch?: string;
  agent?: string;
  shell?: string;
  fetch?: string;
  method: string;
  write?: string;
  read?: string;
  policies: string[];
  json: boolean;
  useDefault: boolean;
}

const valueFlags = new Set([
  "--agent",
  "--shell",
  "--fetch",
  "--method",
  "--write",
  "--read",
  "--policy",
  "--batch",
]);

function parseCheckArgs(args: string[]): CheckOptions | string {
  const options: CheckOptions = { method: "GET", policies: [], json: false, useDefault: true };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i] as string;
    if (flag === "--json") options.json = true;
    else if (flag === "--no-default") options.useDefault = false;
    else if (valueFlags.has(flag)) {
      const value = args[++i];
      if (value === undefined) return `${flag} needs a value`;
      if (flag === "--policy") options.policies.push(value);
      else if (flag === "--method") options.method = value.toUpperCase();
      else options[flag.slice(2) as "agent" | "shell" | "fetch" | "write" | "read" | "batch"] = value;
    } else return `unknown argument ${JSON.stringify(flag)}`;
  }
  return options;
}

function actionFor(options: CheckOptions, agentId: string): Action | string {
  const given = [options.shell, options.fetch, options.write, options.read].filter((v) => v !== undefined);
  if (given.length !== 1) return "give exactly one of --shell, --fetch, --write, --read";
  if (options.shell !== undefined) return { kind: "shell", agentId, command: options.shell };
  if (options.fetch !== undefined)
    return { kind: "network", agentId, url: options.fetch, method: options.method };
  if (options.write !== undefined)
    return { kind: "filesystem", agentId, operation: "write", path: options.write };
  return { kind: "filesystem", agentId, operation: "read", path: options.read as string };
}

/** The merged policy of the default (unless --no-default) and every --policy, or what is wrong. */
function loadPolicies(options: CheckOptions): Policy | string {
  const files = [...(options.useDefault ? [DEFAULT_POLICY_PATH] : []), ...options.policies];
  if (files.length === 0) return "no policy (remove --no-default or add --policy)";
  try {
    const [base, ...overlays] = files.map(loadPolicy) as [Policy, ...Policy[]];
    return mergePolicies(base, ...overlays);
  } catch (error) {
    if (error instanceof PolicyError) return error.message;
    return `cannot read a policy file: ${(error as Error).message}`;
  }
}

/**
 * The agents a check can be about: the repository's agent definitions (agents/*.yaml) and every
 * agent a rule of the loaded policies names. A misspelt id would otherwise get the answer for
 * "any agent" (the rules for `*`), which reads like a real decision about a real agent.
 */
function knownAgents(policy: Policy): Set<string> {
  const known = new Set<string>();
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === "object" && value !== null)
      for (const [key, inner] of Object.entries(value)) {
        if (key === "agents" && Array.isArray(inner))
          for (const id of inner) if (typeof id === "string" && id !== "*") known.add(id);
        collect(inner);
      }
  };
  collect(policy);
  for (const file of readdirSync(AGENTS_DIR).filter((name) => name.endsWith(".yaml")))
    known.add(parseAgentDefinition(readFileSync(path.join(AGENTS_DIR, file), "utf8"), `agents/${file}`).id);
  return known;
}

/** One line of a --batch file: an agent and exactly one action. */
const batchLineSchema = z
  .strictObject({
    agent: z.string().min(1),
    shell: z.string().optional(),
    fetch: z.string().optional(),
    method: z.string().min(1).optional(),
    read: z.string().optional(),
    write: z.string().optional(),
  })
  .refine(
    (line) => [line.shell, line.fetch, line.read, line.write].filter((v) => v !== undefined).length === 1,
    'exactly one of "shell", "fetch", "read", "write"',
  )
  .refine((line) => line.method === undefined || line.fetch !== undefined, '"method" goes with "fetch"');

function batchAction(text: string): Action | string {
  if (text.trim() === "") return "an empty line";
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return `not JSON: ${(error as Error).message}`;
  }
  const parsed = batchLineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return `${where}${issue?.message ?? "invalid line"}`;
  }
  const line = parsed.data;
  return actionFor(
    { ...line, method: (line.method ?? "GET").toUpperCase(), policies: [], json: true, useDefault: true },
    line.agent,
  ) as Action;
}

/** Streams the file: a corpus of any size is decided in constant memory, in order. */
async function checkBatch(options: CheckOptions, file: string): Promise<number> {
  const policy = loadPolicies(options);
  if (typeof policy === "string") {
    console.error(`policy check: ${policy}`);
    return 2;
  }
  let input: ReturnType<typeof createReadStream>;
  try {
    if (!statSync(file).isFile()) throw new Error("not a file");
    input = createReadStream(file, { encoding: "utf8" });
  } catch (error) {
    console.error(`policy check: cannot read ${file}: ${(error as Error).message}`);
    return 2;
  }
  let lineNumber = 0;
  let errors = 0;
  for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNumber++;
    const action = batchAction(text);
    if (typeof action === "string") {
      errors++;
      console.log(JSON.stringify({ error: `line ${lineNumber}: ${action}` }));
      continue;
    }
    const { effect, rule, reason } = decide(policy, action);
    console.log(JSON.stringify({ effect, rule, reason }));
  }
  return errors === 0 ? 0 : 1;
}

async function check(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(usage);
    return 0;
  }
  const options = parseCheckArgs(args);
  if (typeof options === "string") {
    console.error(`policy check: ${options}\n${usage}`);
    return 2;
  }
  if (options.batch !== undefined) {
    const single = [options.agent, options.shell, options.fetch, options.write, options.read];
    if (single.some((value) => value !== undefined) || options.json) {
      console.error(`policy check: --batch takes its agents and actions from the file\n${usage}`);
      return 2;
    }
    return checkBatch(options, options.batch);
  }
  if (!options.agent) {
    console.error(`policy check: --agent is required\n${usage}`);
    return 2;
  }
  const action = actionFor(options, options.agent);
  if (typeof action === "string") {
    console.error(`policy check: ${action}\n${usage}`);
    return 2;
  }
  const policy = loadPolicies(options);
  if (typeof policy === "string") {
    console.error(`policy check: ${policy}`);
    return 2;
  }
  const agents = knownAgents(policy);
  if (!agents.has(options.agent)) {
    console.error(
      `policy check: unknown agent "${options.agent}": the agents are ${[...agents].sort().join(", ")} (agents/*.yaml and the agents the policies name)`,
    );
    return 2;
  }
  const decision = decide(policy, action);
  if (options.json) console.log(JSON.stringify(decision));
  else {
    console.log(`${decision.effect.toUpperCase()}  rule: ${decision.rule}\n  ${decision.reason}`);
    if (decision.limits)
      console.log(
        `  limits: ${decision.limits.timeoutMs} ms, ${decision.limits.maxOutputBytes} bytes of output`,
      );
  }
  // Exit codes let scripts branch on the effect: 0 allow, 1 deny, 3 ask.
  return decision.effect === "allow" ? 0 : decision.effect === "ask" ? 3 : 1;
}

async function lint(args: string[]): Promise<number> {
  const target = args[0] ?? "policies";
  let files: string[];
  try {
    files = policyFiles(target);
  } catch (error) {
    console.error(`policy lint: cannot read ${target}: ${(error as Error).message}`);
    return 2;
  }
  if (files.length === 0) {
    console.error(`policy lint: no .yaml files in ${target}`);
    return 1;
  }
  const results = lintPolicyFiles(files);
  for (const entry of results) {
    if (entry.result === "ok") console.log(`ok    ${entry.file}`);
    else if (entry.result === "skip") console.log(`skip  ${entry.file}: ${entry.message}`);
    else console.log(`error ${entry.message}`);
  }
  const failures = results.filter((entry) => entry.result === "error").length;
  const skipped = results.filter((entry) => entry.result === "skip").length;
  const checked = files.length - skipped;
  console.log(`${checked - failures}/${checked} policy files valid`);
  return failures === 0 ? 0 : 1;
}

export async function run(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === "--help" || subcommand === "-h" || subcommand === "help") {
    console.log(usage);
    return 0;
  }
  if (subcommand === "check") return check(rest);
  if (subcommand === "lint") return lint(rest);
  console.error(usage);
  return 2;
}
