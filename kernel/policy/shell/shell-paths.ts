/**
 * Files a shell command touches — redirection targets and the write targets of commands such
 * as touch or cp — checked against the filesystem rules from every directory the script may
 * be in when it touches them.
 */
import type { CompiledPolicy } from "../compile";
import { decideFilesystem, type FilesystemOperation } from "../decide-filesystem";
import { deny, stricter } from "../effects";
import type { Decision, ShellCommandLimits } from "../types";
import type { FunctionDefinition, Redirect } from "./collect";
import { type ArgValue, describeArg, PROCESS_SUBSTITUTION_PATH } from "./words";

export interface ShellContext {
  policy: CompiledPolicy;
  /** Function definitions of the script being decided (see ShellScriptAnalysis.functions). */
  functions: ReadonlyMap<string, readonly FunctionDefinition[]>;
  /** Possible working directories; undefined once a `cd` went somewhere unknowable. */
  directories: string[] | undefined;
  limits: ShellCommandLimits;
}

const RULE = "shell.analysis";
const noFile: Decision = { effect: "allow", rule: "shell", reason: "no file is touched" };
const fileDescriptor = /^(?:\d+-?|-)$/;

/** A glob segment that could expand to `..` or `.` (a leading dot, or a bracket expression). */
function globCouldClimb(pattern: string): boolean {
  return pattern
    .split("/")
    .some((segment) => /[*?[]/.test(segment) && (segment.startsWith(".") || segment.includes("[")));
}

export function checkPath(context: ShellContext, operation: FilesystemOperation, target: ArgValue): Decision {
  if (target.kind === "dynamic")
    return deny(RULE, `${operation} of a path from ${target.why} cannot be checked`);
  if (target.kind === "glob" && globCouldClimb(target.pattern)) {
    return deny(RULE, `${operation} through ${describeArg(target)} could reach outside the rules`);
  }
  // The pipe of a process substitution is no file; the command feeding it is checked itself.
  if (target.kind === "static" && target.value === PROCESS_SUBSTITUTION_PATH) return noFile;
  const path = target.kind === "static" ? target.value : target.pattern;
  if (path.startsWith("/")) return decideFilesystem(context.policy, operation, path, "/");
  if (!context.directories) return deny(RULE, `${operation} of ${path} after a cd to an unknown directory`);
  let decision: Decision | undefined;
  for (const directory of context.directories) {
    const forDirectory = decideFilesystem(context.policy, operation, path, directory);
    decision = decision ? stricter(decision, forDirectory) : forDirectory;
    if (decision.effect === "deny") return decision;
  }
  return decision ?? deny(RULE, "no working directory");
}

function redirectOperations(redirect: Redirect): FilesystemOperation[] | "descriptor" {
  switch (redirect.operator) {
    case ">":
    case ">>":
    case ">|":
    case "&>":
    case "&>>":
      return ["write"];
    case "<":
      return ["read"];
    case "<>":
      return ["read", "write"];
    case ">&":
    case "<&": {
      const [target] = redirect.targets ?? [];
      if (redirect.targets?.length === 1 && target?.kind === "static" && fileDescriptor.test(target.value)) {
        return "descriptor";
      }
      // `>&file` is `&>file`; `<&word` with a non-number only errors in bash, so refuse it.
      return redirect.operator === ">&" ? ["write"] : ["read", "write"];
    }
    default:
      return "descriptor";
  }
}

export function checkRedirect(context: ShellContext, redirect: Redirect): Decision {
  if (!redirect.targets) return noFile;
  const operations = redirectOperations(redirect);
  if (operations === "descriptor") return noFile;
  if (redirect.targets.length !== 1)
    return deny(RULE, "a redirection to several files (brace expansion) is ambiguous");
  let decision = noFile;
  for (const operation of operations) {
    decision = stricter(decision, checkPath(context, operation, redirect.targets[0] as ArgValue));
    if (decision.effect === "deny") return decision;
  }
  return decision;
}
