/**
 * Token estimation, in one place for every script. Exact counts need the model's tokenizer, which
 * differs per provider and is megabytes of tables we will not ship to every isolate; budgeting only
 * needs a stable, slightly pessimistic estimate. The provider's reported usage remains the truth
 * for billing.
 *
 * "Four characters per token" holds for English prose and nothing else: BPE vocabularies are
 * trained mostly on English, so a Chinese character, a run of hex digits or an emoji costs one to
 * three tokens each. The rates below were fitted against OpenAI's cl100k_base and o200k_base
 * encodings, taking the larger of the two (bench/token-estimates.ts measures them; see
 * docs/context.md): 5–15% above the real count on English, and no longer 2–3×
 * under on CJK, long ids and emoji.
 */
export type TokenEstimator = (text: string) => number;

/** The old rule, kept for callers that want it by name; under-counts everything but English. */
export const estimateTokensByCharacters: TokenEstimator = (text) => Math.ceil(text.length / 4);

/**
 * Tokens per unit, by the kind of run. A "word" is a run of ASCII letters; ids are ASCII runs that
 * mix letters and digits (hex hashes, UUID parts, base64), which BPE splits into pieces of two or
 * three characters.
 */
const RATE = {
  /** Per ASCII letter in a word, with a one-token floor per word (short words are whole tokens). */
  letter: 1 / 5,
  /** Digits are split in groups of up to three by both encodings. */
  digitGroup: 1,
  /** Per character of an ASCII run that mixes letters and digits. */
  idChar: 1 / 1.6,
  /** ASCII punctuation: most marks are their own token; common pairs merge, hence under one. */
  punctuation: 0.8,
  /** A run of whitespace containing a line break. Spaces before words merge into the word. */
  lineBreak: 1,
  /** Han, kana and hangul: about one token per character, more for rare ones. */
  cjk: 1.25,
  /** Other letters (accented Latin, Cyrillic, Greek, Arabic, Indic…), per character. */
  otherLetter: 1,
  /** Emoji and other pictographs, per code point (joiners and selectors count too). */
  pictograph: 2.6,
  /** Any other non-ASCII code point (symbols, combining marks). */
  otherSymbol: 1,
} as const;

const RUN =
  /(?<word>[A-Za-z]+(?![A-Za-z0-9]))|(?<id>[A-Za-z0-9]*[0-9][A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z]+[0-9][A-Za-z0-9]*)|(?<digits>[0-9]+)|(?<cjk>[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])|(?<pictograph>\p{Extended_Pictographic}|\u200d|\ufe0f|[\u{1F3FB}-\u{1F3FF}])|(?<letter>\p{L}|\p{M})|(?<space>\s+)|(?<punct>[\x21-\x7e])|(?<other>[^])/gu;

/**
 * @example
 * estimateTokens("The invoice is due on 2026-03-01.")          // 12 (cl100k: 13, o200k: 13)
 * estimateTokens("会议改到下周三下午三点")                        // 14 (cl100k: 11, o200k: 9)
 * estimateTokens("commit 9f86d081884c7d659a2feaa0c55ad015") // 22 (cl100k: 21, o200k: 21)
 */
export const estimateTokens: TokenEstimator = (text) => {
  let total = 0;
  for (const match of text.matchAll(RUN)) {
    const run = match.groups!;
    if (run.word !== undefined) total += Math.max(1, run.word.length * RATE.letter);
    else if (run.id !== undefined) total += Math.max(1, run.id.length * RATE.idChar);
    else if (run.digits !== undefined) total += Math.ceil(run.digits.length / 3) * RATE.digitGroup;
    else if (run.cjk !== undefined) total += RATE.cjk;
    else if (run.pictograph !== undefined) total += RATE.pictograph;
    else if (run.letter !== undefined) total += RATE.otherLetter;
    else if (run.space !== undefined) total += run.space.includes("\n") ? RATE.lineBreak : 0;
    else if (run.punct !== undefined) total += RATE.punctuation;
    else total += RATE.otherSymbol;
  }
  return Math.ceil(total);
};
