/**
 * Where relative paths can point once the script has run its `cd`s. Control flow (loops,
 * conditionals, subshells) makes the order of `cd`s unknowable without running the script,
 * so the analyser takes every directory any `cd` could reach, applied in any order, and a
 * relative path must be acceptable from all of them. A `cd` to a computed place (`cd $X`,
 * `cd`, `cd -`) leaves the directory unknown, and relative paths are then refused.
 */
import { resolvePath } from "../paths";
import { operands } from "./argv";
import type { Invocation } from "./collect";

const maxDirectories = 32;
const directoryChangers = new Set(["cd", "pushd"]);

/** Candidate working directories after the script's `cd`s, or undefined when unknowable. */
export function possibleWorkingDirectories(
  start: readonly string[],
  invocations: readonly Invocation[],
): string[] | undefined {
  const targets: string[] = [];
  for (const invocation of invocations) {
    const name = invocation.argv[0];
    if (name?.kind !== "static" || !directoryChangers.has(name.value)) continue;
    const target = operands(invocation.argv.slice(1))[0];
    if (target?.kind !== "static" || target.value === "-") return undefined;
    targets.push(target.value);
  }
  if (targets.length === 0) return [...start];
  const directories = new Set(start);
  // Each round lets one more `cd` apply after the others; `targets.length` rounds cover every order.
  for (let round = 0; round < targets.length; round++) {
    const before = directories.size;
    for (const target of targets) {
      for (const directory of [...directories]) directories.add(resolvePath(target, directory));
      if (directories.size > maxDirectories) return undefined;
    }
    if (directories.size === before) break;
  }
  return [...directories];
}
