/**
 * A small scanner for sed scripts that finds the commands that reach outside the text stream:
 * `e` (run a command), `w`/`W` (write a file) and the `e`/`w` flags of `s///`. It walks the
 * script the way sed does — addresses, then one command letter, then that command's
 * arguments — so that an `e` inside a regular expression is not mistaken for the command.
 * Anything it cannot follow is reported as unreadable, which the caller denies.
 */

export type SedFinding = "executes commands" | "writes files" | "unreadable script";

function skipDelimited(script: string, start: number, delimiter: string): number {
  for (let i = start; i < script.length; i++) {
    if (script[i] === "\\") i++;
    else if (script[i] === delimiter) return i + 1;
  }
  return -1;
}

function skipAddress(script: string, start: number): number {
  let i = start;
  for (let part = 0; part < 2; part++) {
    while (script[i] === " " || script[i] === "\t") i++;
    const char = script[i];
    if (char === "/") i = skipDelimited(script, i + 1, "/");
    else if (char === "\\" && script[i + 1] !== undefined)
      i = skipDelimited(script, i + 2, script[i + 1] as string);
    else if (char !== undefined && /[0-9$~+]/.test(char))
      while (script[i] !== undefined && /[0-9$~+]/.test(script[i] as string)) i++;
    if (i < 0) return -1;
    while (script[i] === "I" || script[i] === "M") i++;
    if (script[i] === ",") i++;
    else break;
  }
  while (script[i] === " " || script[i] === "!") i++;
  return i;
}

function lineEnd(script: string, start: number): number {
  const end = script.indexOf("\n", start);
  return end < 0 ? script.length : end;
}

/** What a sed script does beyond editing its input, or undefined when it only edits text. */
export function scanSedScript(script: string): SedFinding | undefined {
  let i = 0;
  while (i < script.length) {
    const char = script[i] as string;
    if (/[\s;{}]/.test(char)) {
      i++;
      continue;
    }
    if (char === "#") {
      i = lineEnd(script, i);
      continue;
    }
    i = skipAddress(script, i);
    if (i < 0 || i >= script.length) return i < 0 ? "unreadable script" : undefined;
    const command = script[i] as string;
    i++;
    if (command === "e") return "executes commands";
    if (command === "w" || command === "W") return "writes files";
    if (command === "s" || command === "y") {
      const delimiter = script[i];
      if (delimiter === undefined || delimiter === "\n" || delimiter === "\\") return "unreadable script";
      i = skipDelimited(script, i + 1, delimiter);
      if (i >= 0) i = skipDelimited(script, i, delimiter);
      if (i < 0) return "unreadable script";
      if (command === "s") {
        while (i < script.length && /[gpiImMe0-9w]/.test(script[i] as string)) {
          if (script[i] === "e") return "executes commands";
          if (script[i] === "w") return "writes files";
          i++;
        }
      }
    } else if ("aicrRbtTlLqQvz:".includes(command)) {
      // These take the rest of the line as text, a label or a file to read.
      i = "bTtv:".includes(command)
        ? Math.min(lineEnd(script, i), nextSemicolon(script, i))
        : lineEnd(script, i);
    } else if (!"=dDgGhHnNpPxFu".includes(command)) {
      return "unreadable script";
    }
  }
  return undefined;
}

function nextSemicolon(script: string, start: number): number {
  const end = script.indexOf(";", start);
  return end < 0 ? script.length : end;
}
