/**
 * Shell decisions. The command line is parsed with just-bash's parser (the same parser the
 * embedded sandbox executes with), every command it would run is collected, wrappers are
 * unwrapped, and each command must be granted by a shell rule, pass the block rules and the
 * known-escape detectors, and have every file it writes accepted by the filesystem rules.
 * The strictest part decides; a script that cannot be parsed or analysed is denied.
 */
import type { CompiledPolicy, CompiledShellAllowRule, CompiledShellBlockRule } from "../compile";
import { decideNetwork } from "../decide-network";
import { bestGrant, defaultDeny, deny, escalate, grantDecision, stricter } from "../effects";
import { matchesAny } from "../glob";
import type { Decision, ShellCommandLimits } from "../types";
import { collectScript, type Invocation, MAX_NESTING, parseScript } from "./collect";
import { dangerousVariable } from "./environment";
import { detectEscape } from "./escapes";
import { splitFindExec } from "./find-exec";
import { networkUse } from "./network-commands";
import { pathArgumentFiles } from "./path-arguments";
import { readTargets } from "./reads";
import { checkPath, checkRedirect, type ShellContext } from "./shell-paths";
import { type ArgValue, describeArg, matchableText } from "./words";
import { possibleWorkingDirectories } from "./working-directory";
import { unwrapCommand } from "./wrappers";
import { writeTargets } from "./writes";

const ANALYSIS_RULE = "shell.analysis";
const ESCAPE_RULE = "shell.escape";
/** Directories whose programs are the same as the bare name (`/bin/ls` is `ls`). */
const binDirectories = /^\/(?:usr\/)?(?:local\/)?s?bin\/([A-Za-z0-9._+-]+)$/;

const allowed = (rule: string, reason: string): Decision => ({ effect: "allow", rule, reason });

/**
 * @example decideShell(compiled, "cat notes.txt | grep total > summary.txt") // ask: writes summary.txt
 */
export function decideShell(policy: CompiledPolicy, command: string): Decision {
  const { maxCommandBytes, timeoutMs, maxOutputBytes } = policy.shell.limits;
  if (command.length > maxCommandBytes) {
    return defaultDeny(`the command is longer than the ${maxCommandBytes}-byte limit`);
  }
  if (command.trim() === "") return defaultDeny("an empty command runs nothing");
  const context: ShellContext = {
    policy,
    functions: new Map(),
    directories: [policy.shell.limits.cwd],
    limits: { timeoutMs, maxOutputBytes },
  };
  const decision = decideScriptText(context, command, 0);
  return decision.effect === "deny" ? decision : { ...decision, limits: context.limits };
}

function decideScriptText(context: ShellContext, text: string, depth: number): Decision {
  if (depth > MAX_NESTING) return deny(ANALYSIS_RULE, "commands nested too deeply to analyse");
  let analysis: ReturnType<typeof collectScript>;
  try {
    analysis = collectScript(parseScript(text), depth);
  } catch (error) {
    return deny(ANALYSIS_RULE, `the command cannot be parsed: ${(error as Error).message}`);
  }
  if (analysis.problems.length > 0)
    return deny(ANALYSIS_RULE, `the command cannot be analysed: ${analysis.problems[0]}`);
  if (analysis.invocations.length === 0 && analysis.compoundRedirects.length === 0) {
    return defaultDeny("the command runs nothing");
  }
  const directories =
    context.directories && possibleWorkingDirectories(context.directories, analysis.invocations);
  // Each script has its own functions: `sh -c '…'` does not see the caller's, nor the reverse.
  const scoped: ShellContext = { ...context, directories, functions: analysis.functions };
  let decision: Decision | undefined;
  for (const [index, invocation] of analysis.invocations.entries()) {
    const site = { index, scopes: invocation.scopes };
    decision = stricter(decision, decideInvocation(scoped, invocation, depth, site));
    if (decision.effect === "deny") return decision;
  }
  for (const redirect of analysis.compoundRedirects) {
    decision = stricter(decision, checkRedirect(scoped, redirect));
    if (decision.effect === "deny") return decision;
  }
  return decision ?? defaultDeny("the command runs nothing");
}

/** Where a command sits, to tell whether a function of its name is certainly defined there. */
interface CallSite {
  index: number;
  scopes: readonly number[];
}

function decideInvocation(
  context: ShellContext,
  invocation: Invocation,
  depth: number,
  site: CallSite,
): Decision {
  for (const assignment of invocation.assignments) {
    const danger = dangerousVariable(assignment.name);
    if (danger) return deny(ANALYSIS_RULE, danger);
  }
  let decision =
    invocation.argv.length > 0
      ? decideArgv(context, invocation.argv, depth, site)
      : allowed("shell.assignment", "only sets shell variables");
  for (const redirect of invocation.redirects) {
    if (decision.effect === "deny") return decision;
    decision = stricter(decision, checkRedirect(context, redirect));
  }
  return decision;
}

function programName(arg: ArgValue): string | Decision {
  // The parser reads the test builtin "[" as the start of a glob.
  if (arg.kind === "glob" && arg.pattern === "[") return "[";
  if (arg.kind !== "static") return deny(ANALYSIS_RULE, `the command name comes from ${describeArg(arg)}`);
  if (!arg.value.includes("/")) return arg.value;
  const match = binDirectories.exec(arg.value);
  return match?.[1] ?? deny(ANALYSIS_RULE, `running ${arg.value} by path is not allowed`);
}

/**
 * `site` is set for a command as the script wrote it, and unset for one a wrapper runs
 * (`command f`, `env f`, `xargs f` run programs, never shell functions).
 */
function decideArgv(
  context: ShellContext,
  argv: readonly ArgValue[],
  depth: number,
  site?: CallSite,
): Decision {
  // Wrappers nest (`env nice timeout 5 env …`): each level is one step deeper, like sh -c.
  if (depth > MAX_NESTING) return deny(ANALYSIS_RULE, "commands nested too deeply to analyse");
  const [nameArg, ...args] = argv;
  if (!nameArg) return defaultDeny("no command");
  const program = programName(nameArg);
  if (typeof program !== "string") return program;
  const definitions =
    site && nameArg.kind === "static" && nameArg.value === program
      ? context.functions.get(program)
      : undefined;
  if (
    definitions?.some((d) => site && site.index >= d.firstInvocationAfter && site.scopes.includes(d.scope))
  ) {
    return allowed(
      "shell.function",
      `${program} is a function defined in this command, and its body was checked`,
    );
  }
  const blocked = blockingRule(context.policy.shell.block, program, args);
  if (blocked) return deny(blocked.label, `${program} is blocked: ${blocked.reason ?? blocked.label}`);
  const decision = decideUnblocked(context, program, args, depth);
  // An ask rule escalates what the rest allowed; it never grants (a denial stays one).
  const asking =
    decision.effect === "allow" ? blockingRule(context.policy.shell.ask, program, args) : undefined;
  return escalate(decision, asking, program);
}

function decideUnblocked(
  context: ShellContext,
  program: string,
  args: readonly ArgValue[],
  depth: number,
): Decision {
  if (program === "find") return decideFind(context, args, depth);
  const unwrapped = unwrapCommand(program, args);
  if (!unwrapped) return decideProgram(context, program, args);
  switch (unwrapped.kind) {
    case "deny":
      return deny(ANALYSIS_RULE, `${program}: ${unwrapped.reason}`);
    case "nothing":
      return allowed("shell.builtin", `${program} runs no other command here`);
    case "itself":
      for (const name of unwrapped.assignments) {
        const danger = dangerousVariable(name);
        if (danger) return deny(ANALYSIS_RULE, danger);
      }
      return decideProgram(context, program, args);
    case "script":
      return decideScriptText(context, unwrapped.text, depth + 1);
    case "command": {
      for (const name of unwrapped.assignments) {
        const danger = dangerousVariable(name);
        if (danger) return deny(ANALYSIS_RULE, danger);
      }
      const innerDecision = decideArgv(context, unwrapped.argv, depth + 1);
      if (!unwrapped.wrapperNeedsGrant || innerDecision.effect === "deny") return innerDecision;
      return stricter(decideProgram(context, program, args), innerDecision);
    }
  }
}

/** find itself without its -exec parts, then every command -exec would run. */
function decideFind(context: ShellContext, args: readonly ArgValue[], depth: number): Decision {
  const split = splitFindExec(args);
  if (!split) return deny(ANALYSIS_RULE, "find: an -exec without its terminating ; or {} +");
  if (split.commands.length === 0) return decideProgram(context, "find", args);
  // The whole command first: a grant pinning this exact use decides it, and a denial for any
  // reason but the -exec escape itself (a blocked argument, a file) stands.
  const whole = decideProgram(context, "find", args);
  if (whole.effect !== "deny" || whole.rule !== ESCAPE_RULE) return whole;
  let decision = decideProgram(context, "find", split.findArgs);
  for (const command of split.commands) {
    if (decision.effect === "deny") return decision;
    decision = stricter(decision, decideArgv(context, command, depth + 1));
  }
  return decision;
}

/** The first of `rules` (block or ask rules) that matches this command, if any. */
function blockingRule(
  rules: readonly CompiledShellBlockRule[],
  program: string,
  args: readonly ArgValue[],
): CompiledShellBlockRule | undefined {
  for (const rule of rules) {
    if (!rule.program.test(program)) continue;
    if (rule.args) {
      const line = argumentLine(args);
      // An argument only known at run time could complete the blocked pattern.
      if (line !== undefined && !rule.args.test(line)) continue;
    }
    if (
      rule.anyArg.length > 0 &&
      !args.some((arg) => {
        const text = matchableText(arg);
        return text === undefined || matchesAny(rule.anyArg, text);
      })
    )
      continue;
    return rule;
  }
  return undefined;
}

function argumentLine(args: readonly ArgValue[]): string | undefined {
  const texts: string[] = [];
  for (const arg of args) {
    if (arg.kind !== "static") return undefined;
    texts.push(arg.value);
  }
  return texts.join(" ");
}

function ruleMatchesArgs(rule: CompiledShellAllowRule, line: string | undefined): boolean {
  if (!rule.args) return true;
  return line !== undefined && matchesAny(rule.args, line);
}

function decideProgram(context: ShellContext, program: string, args: readonly ArgValue[]): Decision {
  const rules = context.policy.shell.allowByProgram.get(program);
  if (!rules) return defaultDeny(`${program} is not an allowed program for agent ${context.policy.agentId}`);
  const line = argumentLine(args);
  const matching = rules.filter((rule) => ruleMatchesArgs(rule, line));
  if (matching.length === 0) return defaultDeny(`no shell.allow rule for ${program} covers these arguments`);
  for (const rule of matching) {
    for (const arg of args) {
      const text = matchableText(arg);
      if (rule.blockedArgs.length > 0 && (text === undefined || matchesAny(rule.blockedArgs, text))) {
        return deny(rule.label, `${program} ${text ?? describeArg(arg)} is excluded by ${rule.label}`);
      }
    }
  }
  // A known escape is lifted only by a rule that pins this exact use; that rule then decides.
  const knownEscape = detectEscape(program, args);
  const deciding = knownEscape ? matching.filter((rule) => rule.allowKnownEscapes) : matching;
  if (knownEscape && deciding.length === 0) return deny(ESCAPE_RULE, `${program}: ${knownEscape}`);
  const grant = bestGrant(deciding) as CompiledShellAllowRule;
  let decision = grantDecision(grant, program);
  const targets = writeTargets(program, args);
  if (!Array.isArray(targets)) return deny(ANALYSIS_RULE, `${program}: ${targets.unknown}`);
  for (const target of targets) {
    decision = stricter(decision, checkPath(context, "write", target));
    if (decision.effect === "deny") return decision;
  }
  for (const target of readTargets(program, args)) {
    // "-" is standard input, not a file.
    if (target.kind === "static" && target.value === "-") continue;
    decision = stricter(decision, checkPath(context, "read", target));
    if (decision.effect === "deny") return decision;
  }
  decision = stricter(decision, checkPathArguments(context, program, args, grant));
  if (decision.effect === "deny") return decision;
  const network = networkUse(program, args);
  if (network && "refused" in network) return deny(ANALYSIS_RULE, `${program}: ${network.refused}`);
  for (const upload of network?.uploads ?? []) {
    decision = stricter(decision, checkPath(context, "read", upload));
    if (decision.effect === "deny") return decision;
  }
  for (const written of network?.writes ?? []) {
    if (written.kind === "static" && written.value === "-") continue;
    decision = stricter(decision, checkPath(context, "write", written));
    if (decision.effect === "deny") return decision;
  }
  for (const request of network?.requests ?? []) {
    if (request.url.kind !== "static")
      return deny(ANALYSIS_RULE, `${program}: a URL from ${describeArg(request.url)}`);
    decision = stricter(decision, decideNetwork(context.policy, request.url.value, request.method));
    if (decision.effect === "deny") return decision;
  }
  tightenLimits(context.limits, grant);
  return decision;
}

/** Arguments of a program the analyser has no table for, checked as the files they may name. */
function checkPathArguments(
  context: ShellContext,
  program: string,
  args: readonly ArgValue[],
  grant: CompiledShellAllowRule,
): Decision {
  const files = pathArgumentFiles(program, args, grant.pathArgs);
  let decision: Decision = allowed("shell", "no argument names a file");
  const checks = [
    ...files.reads.map((target) => ["read", target] as const),
    ...files.writes.map((target) => ["write", target] as const),
  ];
  for (const [operation, target] of checks) {
    // "-" is standard input or output, not a file.
    if (target.kind === "static" && target.value === "-") continue;
    const checked = checkPath(context, operation, target);
    if (checked.effect === "deny") {
      const why = `${program} may ${operation} its argument ${describeArg(target)}`;
      return { ...checked, reason: `${why}: ${checked.reason}` };
    }
    decision = stricter(decision, checked);
  }
  return decision;
}

function tightenLimits(limits: ShellCommandLimits, rule: CompiledShellAllowRule): void {
  if (rule.timeoutMs !== undefined) limits.timeoutMs = Math.min(limits.timeoutMs, rule.timeoutMs);
  if (rule.maxOutputBytes !== undefined)
    limits.maxOutputBytes = Math.min(limits.maxOutputBytes, rule.maxOutputBytes);
}
