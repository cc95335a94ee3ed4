/**
 * Commands that run other commands. Each is unwrapped to what it will really run, so the
 * inner command meets the same rules: `env X=1 rm -rf /`, `xargs rm`, `timeout 5 sh -c '…'`,
 * `busybox rm`, `eval "…"`, `bash -c "…"`. What cannot be unwrapped (a script file, a program
 * read from standard input, a command string only known at run time) is denied.
 */
import type { ArgValue } from "./words";

export type Unwrapped =
  /** Runs `argv`; `wrapperNeedsGrant` when the wrapper is a program of its own (env, xargs…). */
  | { kind: "command"; argv: ArgValue[]; wrapperNeedsGrant: boolean; assignments: string[] }
  /** Runs shell source text, to be parsed and analysed like the outer command. */
  | { kind: "script"; text: string }
  /** Runs nothing beyond printing (`command -v ls`, `exec` with only redirections). */
  | { kind: "nothing" }
  /** Runs no other command: the wrapper itself is the program (bare `env` prints the environment). */
  | { kind: "itself"; assignments: string[] }
  | { kind: "deny"; reason: string };

export const SHELLS = new Set(["sh", "bash", "dash", "zsh", "ksh", "ash", "mksh", "yash", "rbash", "fish"]);

function isStatic(arg: ArgValue | undefined, value?: string): arg is { kind: "static"; value: string } {
  return arg?.kind === "static" && (value === undefined || arg.value === value);
}

/** Skips leading options; `withValue` lists options whose value is the next word. */
function skipOptions(args: readonly ArgValue[], withValue: ReadonlySet<string>): number | { deny: string } {
  let i = 0;
  while (i < args.length) {
    const arg = args[i];
    if (arg === undefined) return i;
    if (arg.kind !== "static") return { deny: `an option only known at run time (${arg.kind})` };
    if (arg.value === "--") return i + 1;
    if (!arg.value.startsWith("-") || arg.value === "-") return i;
    i += withValue.has(arg.value) ? 2 : 1;
  }
  return i;
}

function inner(
  args: readonly ArgValue[],
  start: number | { deny: string },
  needsGrant: boolean,
  assignments: string[] = [],
): Unwrapped {
  if (typeof start !== "number") return { kind: "deny", reason: start.deny };
  const argv = args.slice(start);
  return argv.length === 0
    ? { kind: "nothing" }
    : { kind: "command", argv, wrapperNeedsGrant: needsGrant, assignments };
}

function unwrapEnv(args: readonly ArgValue[]): Unwrapped {
  const start = skipOptions(args, new Set(["-u", "--unset"]));
  if (typeof start !== "number") return { kind: "deny", reason: start.deny };
  let i = start;
  const assignments: string[] = [];
  while (isStatic(args[i]) && /^[A-Za-z_][A-Za-z0-9_]*=/.test((args[i] as { value: string }).value)) {
    assignments.push((args[i] as { value: string }).value.split("=")[0] as string);
    i++;
  }
  // `env` alone prints the environment: env itself runs, judged as a program. (This once
  // returned `env` as the command to unwrap, which unwrapped to itself for ever.)
  if (i >= args.length) return { kind: "itself", assignments };
  return inner(args, i, true, assignments);
}

function unwrapXargs(args: readonly ArgValue[]): Unwrapped {
  const start = skipOptions(
    args,
    new Set([
      "-a",
      "-d",
      "-E",
      "-e",
      "-I",
      "-i",
      "-L",
      "-l",
      "-n",
      "-P",
      "-s",
      "--arg-file",
      "--delimiter",
      "--eof",
      "--replace",
      "--max-lines",
      "--max-args",
      "--max-procs",
      "--max-chars",
      "--process-slot-var",
    ]),
  );
  if (typeof start !== "number") return { kind: "deny", reason: start.deny };
  const replaceIndex = args.findIndex(
    (arg) => isStatic(arg) && ["-I", "-i", "--replace"].includes(arg.value),
  );
  const replace =
    replaceIndex >= 0 && replaceIndex < start
      ? ((args[replaceIndex + 1] as { value?: string })?.value ?? "{}")
      : undefined;
  const command = args.length > start ? args.slice(start) : [{ kind: "static" as const, value: "echo" }];
  // Input lines become arguments: unknown values, placed where -I puts them or at the end.
  const stdinArg: ArgValue = { kind: "dynamic", why: "arguments read by xargs from standard input" };
  const argv = replace
    ? command.map((arg) => (isStatic(arg) && arg.value.includes(replace) ? stdinArg : arg))
    : [...command, stdinArg];
  return { kind: "command", argv, wrapperNeedsGrant: true, assignments: [] };
}

function unwrapShell(args: readonly ArgValue[]): Unwrapped {
  let i = 0;
  let commandString = false;
  while (i < args.length) {
    const arg = args[i];
    if (!isStatic(arg)) return { kind: "deny", reason: "a shell option only known at run time" };
    if (arg.value === "-o" || arg.value === "+o") {
      i += 2;
      continue;
    }
    if (/^--(rcfile|init-file)$/.test(arg.value) || /^-[a-zA-Z]*[is]/.test(arg.value)) {
      return {
        kind: "deny",
        reason: "an interactive shell or one reading standard input cannot be analysed",
      };
    }
    if (arg.value === "--") {
      i++;
      break;
    }
    if (!/^[-+]/.test(arg.value)) break;
    if (/^-[a-zA-Z]*c/.test(arg.value)) commandString = true;
    i++;
  }
  const operand = args[i];
  if (!commandString) {
    return {
      kind: "deny",
      reason: operand
        ? "running a script file that the policy cannot read"
        : "a shell reading its program from standard input",
    };
  }
  if (!operand) return { kind: "deny", reason: "sh -c without a command string" };
  if (!isStatic(operand)) return { kind: "deny", reason: "a command string only known at run time" };
  return { kind: "script", text: operand.value };
}

const withValue = (...names: string[]): ReadonlySet<string> => new Set(names);

/** What running `program args` really runs, or undefined when `program` is not a wrapper. */
export function unwrapCommand(program: string, args: readonly ArgValue[]): Unwrapped | undefined {
  if (SHELLS.has(program)) return unwrapShell(args);
  switch (program) {
    case "env":
      return unwrapEnv(args);
    case "xargs":
      return unwrapXargs(args);
    case "eval": {
      if (!args.every((arg) => isStatic(arg)))
        return { kind: "deny", reason: "eval of text only known at run time" };
      return { kind: "script", text: args.map((arg) => (arg as { value: string }).value).join(" ") };
    }
    case "command":
      if (args.some((arg) => isStatic(arg, "-v") || isStatic(arg, "-V"))) return { kind: "nothing" };
      return inner(args, skipOptions(args, withValue()), false);
    case "builtin":
      return inner(args, 0, false);
    case "exec":
      return inner(args, skipOptions(args, withValue("-a")), false);
    case "time":
      if (args.some((arg) => isStatic(arg, "-o") || isStatic(arg, "--output")))
        return { kind: "deny", reason: "time -o writes a file" };
      return inner(args, skipOptions(args, withValue("-f", "--format")), false);
    case "nohup":
      return inner(args, skipOptions(args, withValue()), true);
    case "nice":
      return inner(args, skipOptions(args, withValue("-n", "--adjustment")), true);
    case "stdbuf":
      return inner(
        args,
        skipOptions(args, withValue("-i", "-o", "-e", "--input", "--output", "--error")),
        true,
      );
    case "timeout": {
      const start = skipOptions(args, withValue("-s", "--signal", "-k", "--kill-after"));
      return inner(args, typeof start === "number" ? start + 1 : start, true);
    }
    case "busybox":
      return inner(args, skipOptions(args, withValue()), false);
    default:
      return undefined;
  }
}
