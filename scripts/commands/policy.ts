/**
 * `npm run cairn -- policy …`: check one action against a policy, or lint policy files.
 * It runs the same kernel code as the Worker, so what it prints is what an agent would get.
 *
 *   policy check --agent <id> (--shell "<cmd>" | --fetch <url> [--method GET] | --write <path> | --read <path>)
 *                [--policy <file>]… [--json]
 *   policy lint [dir]
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import {
  type Action,
  DEFAULT_POLICY_PATH,
  decide,
  mergePolicies,
  type Policy,
  PolicyError,
  parsePolicy,
} from "../../kernel/policy/index.js";

export const summary = "check an action against a policy, or lint policy files";

const usage = `usage:
  npm run cairn -- policy check --agent <id> --shell "<command>" [--policy <file>]… [--json]
  npm run cairn -- policy check --agent <id> --fetch <url> [--method GET] [--policy <file>]…
  npm run cairn -- policy check --agent <id> --write <path> | --read <path> [--policy <file>]…
  npm run cairn -- policy lint [dir]
Policies given with --policy are overlays on ${DEFAULT_POLICY_PATH} (use --no-default to skip it).`;

interface CheckOptions {
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

const valueFlags = new Set(["--agent", "--shell", "--fetch", "--method", "--write", "--read", "--policy"]);

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
      else options[flag.slice(2) as "agent" | "shell" | "fetch" | "write" | "read"] = value;
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

function loadPolicy(file: string): Policy {
  return parsePolicy(readFileSync(file, "utf8"), file);
}

async function check(args: string[]): Promise<number> {
  const options = parseCheckArgs(args);
  if (typeof options === "string") {
    console.error(`policy check: ${options}\n${usage}`);
    return 2;
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
  const files = [...(options.useDefault ? [DEFAULT_POLICY_PATH] : []), ...options.policies];
  if (files.length === 0) {
    console.error("policy check: no policy (remove --no-default or add --policy)");
    return 2;
  }
  const [base, ...overlays] = files.map(loadPolicy) as [Policy, ...Policy[]];
  const decision = decide(mergePolicies(base, ...overlays), action);
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

function policyFiles(target: string): string[] {
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target, { recursive: true, encoding: "utf8" })
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(target, name));
}

const policySections = ["shell", "filesystem", "network", "channels", "tools", "limits"];

/**
 * Other YAML lives beside policies (policies/proposal-modes.yaml). A file with none of the
 * policy sections is another kind of file: it is listed as skipped, visibly, not failed.
 */
function notAPolicyFile(file: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(file, "utf8"));
  } catch {
    return undefined; // not YAML at all: let the policy parser report it with its line
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const keys = Object.keys(parsed);
  if (keys.some((key) => policySections.includes(key))) return undefined;
  const others = keys.filter((key) => !["version", "name", "description"].includes(key));
  return others.length > 0 ? `not a policy file (top-level keys: ${others.join(", ")})` : undefined;
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
  let failures = 0;
  let skipped = 0;
  for (const file of files) {
    const notPolicy = notAPolicyFile(file);
    if (notPolicy) {
      skipped++;
      console.log(`skip  ${file}: ${notPolicy}`);
      continue;
    }
    try {
      loadPolicy(file);
      console.log(`ok    ${file}`);
    } catch (error) {
      failures++;
      console.log(
        `error ${error instanceof PolicyError ? error.message : `${file}: ${(error as Error).message}`}`,
      );
    }
  }
  const checked = files.length - skipped;
  console.log(`${checked - failures}/${checked} policy files valid`);
  return failures === 0 ? 0 : 1;
}

export async function run(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === "check") return check(rest);
  if (subcommand === "lint") return lint(rest);
  console.error(usage);
  return 2;
}
