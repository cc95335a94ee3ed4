/**
 * What a shell word is worth before it runs. A word is either fully known now (literals and
 * quotes, with brace expansion applied), a glob whose matches depend on the filesystem, or
 * dynamic: its value comes from a variable, a substitution or the user's home, so no rule
 * can be checked against it and callers treat it as "could be anything".
 */
import type { BraceItem, WordNode, WordPart } from "./ast";

export type ArgValue =
  | { kind: "static"; value: string }
  | { kind: "glob"; pattern: string }
  | { kind: "dynamic"; why: string };

/** Values of variables known where a word sits (trustworthy loop variables in their body). */
export type KnownVariables = ReadonlyMap<string, readonly ArgValue[]>;
const noVariables: KnownVariables = new Map();

/** What bash puts in place of `<(…)` / `>(…)`: a pipe, never a file the agent chose. */
export const PROCESS_SUBSTITUTION_PATH = "/dev/fd/63";

/** Brace expansions that would produce more words than this are treated as dynamic. */
const maxBraceWords = 64;

interface Partial {
  text: string;
  glob: boolean;
  dynamic?: string;
}

function dynamicWhy(part: WordPart): string | undefined {
  switch (part.type) {
    case "ParameterExpansion":
      return `the variable $${part.parameter}`;
    case "CommandSubstitution":
      return "a command substitution";
    case "ArithmeticExpansion":
      return "an arithmetic expansion";
    case "ProcessSubstitution":
      return "a process substitution";
    case "TildeExpansion":
      return "a ~ home-directory expansion";
    default:
      return undefined;
  }
}

function rangeWords(item: Extract<BraceItem, { type: "Range" }>): string[] | undefined {
  const step = Math.abs(item.step ?? 1) || 1;
  const start = typeof item.start === "number" ? item.start : item.start.charCodeAt(0);
  const end = typeof item.end === "number" ? item.end : item.end.charCodeAt(0);
  if (Math.abs(end - start) / step >= maxBraceWords) return undefined;
  const words: string[] = [];
  const direction = end >= start ? 1 : -1;
  for (let n = start; direction > 0 ? n <= end : n >= end; n += direction * step) {
    words.push(typeof item.start === "number" ? String(n) : String.fromCharCode(n));
  }
  return words;
}

/** A variable's value as word text; unquoted values that would be split or globbed stay unknown. */
function variableValue(value: ArgValue, quoted: boolean): Partial {
  if (value.kind === "dynamic") return { text: "", glob: false, dynamic: value.why };
  if (value.kind === "glob") {
    // An unquoted file name is split on spaces again, so only a quoted one is one of the matches.
    return quoted
      ? { text: value.pattern, glob: true }
      : { text: "", glob: false, dynamic: "an unquoted loop variable" };
  }
  if (!quoted && /[\s*?[\]]/.test(value.value))
    return { text: "", glob: false, dynamic: "an unquoted loop variable" };
  return { text: value.value, glob: false };
}

/** Every combination of a prefix from `results` and a suffix (brace expansion multiplies). */
function appendAll(results: readonly Partial[], suffixes: readonly Partial[]): Partial[] {
  const next: Partial[] = [];
  for (const head of results) {
    for (const tail of suffixes) {
      const dynamic = head.dynamic ?? tail.dynamic;
      next.push(
        dynamic
          ? { text: head.text + tail.text, glob: head.glob || tail.glob, dynamic }
          : { text: head.text + tail.text, glob: head.glob || tail.glob },
      );
    }
  }
  return next.length > maxBraceWords ? [{ text: "", glob: false, dynamic: "a large brace expansion" }] : next;
}

/** Expands the parts of one word into every text it can produce (brace expansion multiplies). */
function expandParts(parts: readonly WordPart[], variables: KnownVariables, quoted = false): Partial[] {
  let results: Partial[] = [{ text: "", glob: false }];
  for (const part of parts) {
    switch (part.type) {
      case "Literal":
      case "SingleQuoted":
      case "Escaped":
        results = appendAll(results, [{ text: part.value, glob: false }]);
        break;
      case "DoubleQuoted":
        results = appendAll(results, expandParts(part.parts, variables, true));
        break;
      case "Glob":
        results = appendAll(results, [{ text: part.pattern, glob: true }]);
        break;
      case "BraceExpansion": {
        const alternatives: Partial[] = [];
        for (const item of part.items) {
          if (item.type === "Word") alternatives.push(...expandParts(item.word.parts, variables, quoted));
          else {
            const words = rangeWords(item);
            if (!words) alternatives.push({ text: "", glob: false, dynamic: "a large brace range" });
            else for (const word of words) alternatives.push({ text: word, glob: false });
          }
        }
        results = appendAll(results, alternatives);
        break;
      }
      case "ParameterExpansion": {
        const values = part.operation === null ? variables.get(part.parameter) : undefined;
        results = appendAll(
          results,
          values
            ? values.map((value) => variableValue(value, quoted))
            : [{ text: "", glob: false, dynamic: dynamicWhy(part) ?? "a parameter expansion" }],
        );
        break;
      }
      case "ProcessSubstitution":
        results = appendAll(
          results,
          parts.length === 1
            ? [{ text: PROCESS_SUBSTITUTION_PATH, glob: false }]
            : [{ text: "", glob: false, dynamic: "a process substitution inside a word" }],
        );
        break;
      default:
        results = appendAll(results, [
          { text: "", glob: false, dynamic: dynamicWhy(part) ?? `a ${part.type} expansion` },
        ]);
    }
  }
  return results;
}

/** Every value a word can take (several when it holds a brace expansion). */
export function wordValues(word: WordNode, variables: KnownVariables = noVariables): ArgValue[] {
  // Most words are one literal or quoted string: answer those without the general expansion.
  const only = word.parts.length === 1 ? word.parts[0] : undefined;
  if (only && (only.type === "Literal" || only.type === "SingleQuoted" || only.type === "Escaped")) {
    return [{ kind: "static", value: only.value }];
  }
  return expandParts(word.parts, variables).map((partial): ArgValue => {
    if (partial.dynamic) return { kind: "dynamic", why: partial.dynamic };
    if (partial.glob) return { kind: "glob", pattern: partial.text };
    return { kind: "static", value: partial.text };
  });
}

export function staticText(arg: ArgValue): string | undefined {
  return arg.kind === "static" ? arg.value : undefined;
}

/** The text a rule can be matched against: a glob's own pattern, or nothing for dynamic values. */
export function matchableText(arg: ArgValue): string | undefined {
  if (arg.kind === "static") return arg.value;
  if (arg.kind === "glob") return arg.pattern;
  return undefined;
}

export function describeArg(arg: ArgValue): string {
  if (arg.kind === "static") return JSON.stringify(arg.value);
  if (arg.kind === "glob") return `the glob ${JSON.stringify(arg.pattern)}`;
  return arg.why;
}
