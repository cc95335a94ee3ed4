/**
 * What common development programs do with their arguments, for the path check of
 * path-arguments.ts: which arguments they read and which they write. Without an entry a
 * program's every argument is checked as both, which under a policy that asks before workspace
 * writes would turn `git status` or `python3 report.py` into a proposal.
 *
 * Interpreters and build tools run code: what that code opens is not visible here at all (the
 * sandbox and its egress are the boundary there, docs/security.md). Their arguments are checked
 * as reads, so a path outside the readable tree is still refused.
 */
import { operands, optionValues } from "./argv";
import type { ArgValue } from "./words";

export interface ArgumentFiles {
  reads: ArgValue[];
  writes: ArgValue[];
}

type Semantics = (
  args: readonly ArgValue[],
  pathLike: (args: readonly ArgValue[]) => ArgValue[],
) => ArgumentFiles;

const readsAll: Semantics = (args, pathLike) => ({ reads: pathLike(args), writes: [] });

/** git subcommands that rewrite working-tree files named on the command line. */
const gitWorkingTreeWriters = new Set([
  "checkout",
  "restore",
  "mv",
  "rm",
  "clean",
  "apply",
  "am",
  "reset",
  "stash",
]);
/** Global options before the subcommand that take a value. */
const gitGlobalWithValue = new Set(["-C", "-c", "--git-dir", "--work-tree", "--namespace", "--exec-path"]);

const git: Semantics = (args, pathLike) => {
  let index = 0;
  const globalPaths: ArgValue[] = [];
  while (index < args.length) {
    const arg = args[index] as ArgValue;
    if (arg.kind !== "static" || !arg.value.startsWith("-")) break;
    if (gitGlobalWithValue.has(arg.value)) {
      const value = args[index + 1];
      // -c name=value is configuration, not a path (escapes.ts judges it).
      if (value && arg.value !== "-c") globalPaths.push(value);
      index += 2;
    } else {
      const equals = arg.value.indexOf("=");
      if (equals > 0) globalPaths.push({ kind: "static", value: arg.value.slice(equals + 1) });
      index += 1;
    }
  }
  const subcommand = args[index];
  const rest = args.slice(index + 1);
  const paths = pathLike(rest);
  const output = optionValues(rest, "-o", ["--output", "--output-directory"]);
  const writesTree = subcommand?.kind === "static" && gitWorkingTreeWriters.has(subcommand.value);
  return {
    // The repository and work tree git is pointed at are written (index, objects, checkout).
    reads: [...globalPaths, ...paths],
    writes: [...globalPaths, ...output, ...(writesTree ? paths : [])],
  };
};

const tsc: Semantics = (args, pathLike) => ({
  reads: pathLike(args),
  writes: optionValues(args, undefined, [
    "--outFile",
    "--outDir",
    "--declarationDir",
    "--tsBuildInfoFile",
    "--out",
  ]),
});

/**
 * The database file is read and written; the SQL after it is text (its dot-commands, file
 * functions and ATTACH are escapes, escapes.ts).
 */
const sqlite3: Semantics = (args) => {
  const [database] = operands(args);
  return database ? { reads: [database], writes: [database] } : { reads: [], writes: [] };
};

const semantics: Record<string, Semantics> = {
  git,
  tsc,
  sqlite3,
  node: readsAll,
  python3: readsAll,
  python: readsAll,
  npm: readsAll,
  npx: readsAll,
  make: readsAll,
  pytest: readsAll,
  bc: readsAll,
  // Numbers to format; input comes from standard input.
  numfmt: () => ({ reads: [], writes: [] }),
};

/** The files `program`'s arguments name, by what the program does; undefined when unknown. */
export function argumentFiles(
  program: string,
  args: readonly ArgValue[],
  pathLike: (args: readonly ArgValue[]) => ArgValue[],
): ArgumentFiles | undefined {
  const known = Object.hasOwn(semantics, program) ? semantics[program] : undefined;
  return known?.(args, pathLike);
}
