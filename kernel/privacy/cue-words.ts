/**
 * Which context words occur in a text, found in one pass for every finder. Many finders first test
 * a context regex over the whole text ("steuer", "bsn", "passport", "my name is"…) and most of those
 * words are absent from most messages, yet each case-insensitive test read the whole kilobyte again.
 *
 * A gate pairs such a regex with words one of which every match of the regex contains (compared
 * ignoring ASCII case). When none occurs, the regex cannot match and is not run; when one does, the
 * regex decides exactly as before. So a gate only saves time: it never changes what is found.
 * test/kernel/privacy/cue-words.test.ts checks every gate's words against its regex.
 */
import { createLiteralFinder, type LiteralHit } from "./secrets/literal-index";

/** The cue words present in one text (lowercase, as the gates list them). */
export type CueWords = ReadonlySet<string>;

export interface CueGate {
  /** The regex this gate saves from running; matched as before whenever the gate opens. */
  readonly regex: RegExp;
  /**
   * Lowercase words (ASCII case is ignored in the text; any other character must be listed in both
   * cases, e.g. "allée" and "allÉe"), one of which is in every match of `regex`.
   */
  readonly words: readonly string[];
}

const gates: CueGate[] = [];
let findWords: ((text: string) => LiteralHit[]) | undefined;

/**
 * Declares a gate; finders call this once, at module load. A gate that could close where its regex
 * matches is refused here rather than found missing in a message: a word of one character (the
 * finder ignores those), an ASCII capital (never found: the text is folded to lowercase), no words,
 * or a regex with the u or v flag (under which "ſ" matches s and the Kelvin sign k, which ASCII
 * folding does not see).
 */
export function cueGate(regex: RegExp, words: readonly string[]): CueGate {
  if (/[uv]/.test(regex.flags))
    throw new Error(`cue gate on /${regex.source}/${regex.flags}: no u or v flag`);
  if (words.length === 0) throw new Error(`cue gate on /${regex.source}/: no words`);
  for (const word of words) {
    if (word.length < 2 || /[A-Z]/.test(word)) {
      throw new Error(`cue gate on /${regex.source}/: "${word}" must be two characters or more, lowercase`);
    }
  }
  const gate = { regex, words };
  gates.push(gate);
  findWords = undefined;
  return gate;
}

/** Every gate declared so far (for the test that checks their words). */
export function allCueGates(): readonly CueGate[] {
  return gates;
}

/** One pass over the text for the words of every gate. */
export function findCueWords(text: string): CueWords {
  findWords ??= createLiteralFinder(
    gates.flatMap((gate) => gate.words),
    { caseInsensitive: true },
  );
  const present = new Set<string>();
  for (const hit of findWords(text)) present.add(hit.literal);
  return present;
}

/** False only when none of the gate's words occurs, so its regex cannot match. Without `cues`, true. */
export function mayMatch(gate: CueGate, cues: CueWords | undefined): boolean {
  return cues === undefined || gate.words.some((word) => cues.has(word));
}

/** `gate.regex.test(text)`, skipped when the gate is closed. For regexes without the g or y flag. */
export function gatedTest(gate: CueGate, text: string, cues: CueWords | undefined): boolean {
  return mayMatch(gate, cues) && gate.regex.test(text);
}
