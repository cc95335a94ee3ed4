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

const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const LETTER = /[\p{L}\p{M}]/u;
const SPACE = /\s/u;

function isCjk(code: number): boolean {
  return (
    (code >= 0x3040 && code <= 0x30ff) || // hiragana, katakana
    (code >= 0x3400 && code <= 0x4dbf) || // Han extension A
    (code >= 0x4e00 && code <= 0x9fff) || // Han
    (code >= 0xac00 && code <= 0xd7af) || // hangul syllables
    (code >= 0x1100 && code <= 0x11ff) || // hangul jamo
    (code >= 0xf900 && code <= 0xfaff) || // Han compatibility
    (code >= 0x20000 && code <= 0x3ffff) // Han extensions B–H
  );
}

const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isAsciiDigit = (c: number) => c >= 48 && c <= 57;

/** One pass over the text, by code point; the unrounded sum, so callers can add pieces. */
function tokenCost(text: string): number {
  let total = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isAsciiLetter(c) || isAsciiDigit(c)) {
      let letters = 0;
      let digits = 0;
      while (i < text.length) {
        const d = text.charCodeAt(i);
        if (isAsciiLetter(d)) letters += 1;
        else if (isAsciiDigit(d)) digits += 1;
        else break;
        i += 1;
      }
      if (digits === 0) total += Math.max(1, letters * RATE.letter);
      else if (letters === 0) total += Math.ceil(digits / 3) * RATE.digitGroup;
      else total += Math.max(1, (letters + digits) * RATE.idChar);
      continue;
    }
    if (c < 0x80) {
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12) {
        let lineBreak = false;
        while (i < text.length && SPACE.test(text[i]!)) {
          if (text[i] === "\n") lineBreak = true;
          i += 1;
        }
        if (lineBreak) total += RATE.lineBreak;
        continue;
      }
      total += c >= 0x21 && c <= 0x7e ? RATE.punctuation : RATE.otherSymbol;
      i += 1;
      continue;
    }
    const code = text.codePointAt(i)!;
    const char = String.fromCodePoint(code);
    i += char.length;
    if (isCjk(code)) total += RATE.cjk;
    else if (
      PICTOGRAPH.test(char) ||
      code === 0x200d ||
      code === 0xfe0f ||
      (code >= 0x1f3fb && code <= 0x1f3ff)
    )
      total += RATE.pictograph;
    else if (LETTER.test(char)) total += RATE.otherLetter;
    else if (!SPACE.test(char)) total += RATE.otherSymbol;
  }
  return total;
}

/**
 * Thread messages are estimated again at every turn; the same text always costs the same, so
 * recent answers are remembered (bounded, and cleared whole when full: no eviction bookkeeping).
 */
const memo = new Map<string, number>();
const MEMO_LIMIT = 50_000;

/**
 * @example
 * estimateTokens("The invoice is due on 2026-03-01.")          // 12 (cl100k: 13, o200k: 13)
 * estimateTokens("会议改到下周三下午三点")                        // 14 (cl100k: 11, o200k: 9)
 * estimateTokens("commit 9f86d081884c7d659a2feaa0c55ad015") // 22 (cl100k: 21, o200k: 21)
 */
export const estimateTokens: TokenEstimator = (text) => {
  const known = memo.get(text);
  if (known !== undefined) return known;
  const tokens = Math.ceil(tokenCost(text));
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(text, tokens);
  return tokens;
};
