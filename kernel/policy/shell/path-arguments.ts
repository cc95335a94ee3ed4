/**
 * Arguments that may name files, for every program. The extractors in reads.ts, writes.ts and
 * network-commands.ts know what their programs do with each argument; for any other program an
 * argument may be a file it reads or writes (`git diff --no-index /etc/shadow /dev/null`,
 * `tsc x.ts --outFile /elsewhere`), so every operand and option value is checked as both,
 * unless the granting rule declares otherwise (`pathArgs: read | none`).
 */
import { type ArgumentFiles, argumentFiles } from "./program-semantics";
import { hasReadSemantics } from "./reads";
import type { ArgValue } from "./words";
import { hasWriteSemantics } from "./writes";

/** How a program's arguments are checked beyond what its known semantics name. */
export type PathArgumentsMode = "read-write" | "read" | "none";

/**
 * Programs whose arguments are never files: text, numbers, variable names, or a command that
 * is unwrapped and checked on its own (`timeout 5 git …` checks git's arguments as git's).
 * `test`/`[` reveal whether a path exists, not its content, and take arbitrary strings.
 */
const withoutFileArguments = new Set([
  "echo",
  "printf",
  "pwd",
  "true",
  "false",
  ":",
  "test",
  "[",
  "seq",
  "basename",
  "dirname",
  "sleep",
  "whoami",
  "hostname",
  "uname",
  "tr",
  "which",
  "cd",
  "export",
  "read",
  "env",
  "timeout",
  "nice",
  "nohup",
  "stdbuf",
  "command",
  "builtin",
  "exec",
  "eval",
  "time",
  "busybox",
  "xargs",
  "find",
  "curl",
  "wget",
]);

/** Whether `program`'s arguments are described by the analyser's tables. */
export function hasKnownArgumentSemantics(program: string): boolean {
  return withoutFileArguments.has(program) || hasReadSemantics(program) || hasWriteSemantics(program);
}

/**
 * The files `program`'s arguments may name, beyond those reads.ts and writes.ts extract:
 * what the granting rule declares (`pathArgs`), else what program-semantics.ts knows, else
 * nothing for a program of the other tables, else every path-like argument, read and written.
 */
export function pathArgumentFiles(
  program: string,
  args: readonly ArgValue[],
  declared: PathArgumentsMode | undefined,
): ArgumentFiles {
  const none: ArgumentFiles = { reads: [], writes: [] };
  if (declared === "none") return none;
  if (declared === "read") return { reads: pathLikeArguments(args), writes: [] };
  if (declared === undefined) {
    const known = argumentFiles(program, args, pathLikeArguments);
    if (known) return known;
    if (hasKnownArgumentSemantics(program)) return none;
  }
  const paths = pathLikeArguments(args);
  return { reads: paths, writes: paths };
}

/** `scheme://…` other than file: names no local file (the network policy judges URLs). */
const remoteUrl = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * Every argument that may name a file: operands (everything not an option, all after `--`),
 * values of `--name=value`, and attached short values that look like paths (`-I/etc`). A
 * `file:` URL names its path. Dynamic values are kept: they could name any file.
 */
export function pathLikeArguments(args: readonly ArgValue[]): ArgValue[] {
  const found: ArgValue[] = [];
  let optionsEnded = false;
  for (const arg of args) {
    if (arg.kind !== "static") {
      found.push(arg);
      continue;
    }
    const value = arg.value;
    if (!optionsEnded && value === "--") {
      optionsEnded = true;
      continue;
    }
    if (optionsEnded || !value.startsWith("-") || value === "-") {
      pushPath(found, value);
      continue;
    }
    const equals = value.indexOf("=");
    if (value.startsWith("--") && equals > 2) pushPath(found, value.slice(equals + 1));
    else if (!value.startsWith("--") && /^-[A-Za-z](?:[/.~]|$)/.test(value.slice(0, 3)) && value.length > 2)
      pushPath(found, value.slice(2));
  }
  return found;
}

function pushPath(found: ArgValue[], text: string): void {
  if (text === "" || text === "-") return;
  if (text.startsWith("file:")) {
    found.push({ kind: "static", value: text.replace(/^file:(?:\/\/[^/]*)?/, "") || "/" });
    return;
  }
  if (remoteUrl.test(text)) return;
  found.push({ kind: "static", value: text });
}
