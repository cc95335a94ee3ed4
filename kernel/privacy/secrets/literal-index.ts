/**
 * Finds many literal strings in one pass over a text. Each literal's first two characters mark a
 * 64 K-entry table; the scan reads one table entry per position and only where it is marked
 * compares the literals filed under those two characters. The cost depends on the text's length,
 * not on how many literals there are — which matters for the configured secrets of many tenants
 * and for the ~130 rule keywords.
 */

export interface LiteralHit {
  literal: string;
  index: number;
}

const fold = (code: number, caseInsensitive: boolean) =>
  caseInsensitive && code >= 65 && code <= 90 ? code | 0x20 : code;

const pairOf = (first: number, second: number) => ((first & 0xff) << 8) | (second & 0xff);

/** ASCII letters in both cases (for a case-insensitive index), any other character as it is. */
const variantsOf = (code: number, caseInsensitive: boolean) =>
  caseInsensitive && code >= 97 && code <= 122 ? [code, code - 32] : [code];

/** A hash of three (folded) characters; unequal triples may share one, which only costs a compare. */
const tripleOf = (first: number, second: number, third: number) =>
  (((first & 0xff) << 8) | (second & 0xff)) ^ ((third & 0xff) * 0x0101);

/** In `marked`: a literal of three or more characters starts with this pair, or one of exactly two is it. */
const longStarts = 1;
const twoCharacters = 2;

/** `literals` of at least two characters; with `caseInsensitive` they must already be lowercase. */
export function createLiteralFinder(
  literals: readonly string[],
  options: { caseInsensitive: boolean },
): (text: string) => LiteralHit[] {
  const { caseInsensitive } = options;
  const unique = [...new Set(literals)].filter((literal) => literal.length >= 2);
  // Marked by the text's own characters, every case variant of the pair: the scan then reads one
  // table entry per position without folding case, and folds only where a pair is marked.
  const marked = new Uint8Array(65536);
  // Common pairs ("in", "te", "pa") are marked at a tenth of a text's positions; the third
  // character, looked up here, rules most of them out before the literals are compared.
  const thirds = new Uint8Array(65536);
  const byPair = new Map<number, string[]>();
  for (const literal of unique) {
    const first = literal.charCodeAt(0);
    const second = literal.charCodeAt(1);
    const kind = literal.length === 2 ? twoCharacters : longStarts;
    for (const a of variantsOf(first, caseInsensitive))
      for (const b of variantsOf(second, caseInsensitive)) marked[pairOf(a, b)]! |= kind;
    if (literal.length > 2) thirds[tripleOf(first, second, literal.charCodeAt(2))] = 1;
    const pair = pairOf(first, second);
    const bucket = byPair.get(pair);
    if (bucket) bucket.push(literal);
    else byPair.set(pair, [literal]);
  }
  const matchesAt = (text: string, literal: string, i: number) => {
    if (i + literal.length > text.length) return false;
    // The last character first: literals sharing a prefix (tenants' keys) differ there at once.
    const last = literal.length - 1;
    if (fold(text.charCodeAt(i + last), caseInsensitive) !== literal.charCodeAt(last)) return false;
    for (let k = 0; k < last; k++) {
      if (fold(text.charCodeAt(i + k), caseInsensitive) !== literal.charCodeAt(k)) return false;
    }
    return true;
  };
  return (text) => {
    const hits: LiteralHit[] = [];
    if (unique.length === 0 || text.length < 2) return hits;
    let previous = text.charCodeAt(0);
    for (let i = 1; i < text.length; i++) {
      const current = text.charCodeAt(i);
      const kind = marked[pairOf(previous, current)]!;
      if (kind === 0) {
        previous = current;
        continue;
      }
      const first = fold(previous, caseInsensitive);
      const second = fold(current, caseInsensitive);
      previous = current;
      // No literal of two characters here: one of three or more needs its third character next.
      if (
        kind === longStarts &&
        (i + 1 >= text.length ||
          thirds[tripleOf(first, second, fold(text.charCodeAt(i + 1), caseInsensitive))] === 0)
      )
        continue;
      const bucket = byPair.get(pairOf(first, second));
      if (bucket === undefined) continue;
      for (const literal of bucket) if (matchesAt(text, literal, i - 1)) hits.push({ literal, index: i - 1 });
    }
    return hits;
  };
}
