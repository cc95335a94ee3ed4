/**
 * `find … -exec CMD ARGS ;` runs CMD once per match (or once with many matches for `+`).
 * Rather than refuse every -exec, the commands are split out and analysed like any other
 * command, with `{}` standing for a path only known at run time — so `-exec echo {} ;` passes,
 * `-exec sh ;` or `-exec rm -rf {} +` meet the same rules as when typed directly.
 */
import type { ArgValue } from "./words";

const execActions = new Set(["-exec", "-execdir", "-ok", "-okdir"]);
const matchedPath: ArgValue = { kind: "dynamic", why: "the paths find matches ({})" };

export interface FindExecSplit {
  /** find's own arguments, without the -exec parts. */
  findArgs: ArgValue[];
  /** Each command -exec would run, `{}` replaced by an unknown path. */
  commands: ArgValue[][];
}

/** Splits the -exec commands out of find's arguments; undefined when an -exec never ends. */
export function splitFindExec(args: readonly ArgValue[]): FindExecSplit | undefined {
  const findArgs: ArgValue[] = [];
  const commands: ArgValue[][] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as ArgValue;
    if (arg.kind !== "static" || !execActions.has(arg.value)) {
      findArgs.push(arg);
      continue;
    }
    const command: ArgValue[] = [];
    let ended = false;
    for (i++; i < args.length; i++) {
      const word = args[i] as ArgValue;
      if (
        word.kind === "static" &&
        (word.value === ";" || (word.value === "+" && command.at(-1)?.kind === "dynamic"))
      ) {
        ended = true;
        break;
      }
      command.push(word.kind === "static" && word.value.includes("{}") ? matchedPath : word);
    }
    if (!ended || command.length === 0) return undefined;
    commands.push(command);
  }
  return { findArgs, commands };
}
