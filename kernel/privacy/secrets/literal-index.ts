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
  const byPair = new Map<number, string[]>();
  for (const literal of unique) {
    const first = literal.charCodeAt(0);
    const second = literal.charCodeAt(1);
    for (const a of variantsOf(first, caseInsensitive))
      for (const b of variantsOf(second, caseInsensitive)) marked[pairOf(a, b)] = 1;
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
      if (marked[pairOf(previous, current)] === 0) {
        previous = current;
        continue;
      }
      const bucket = byPair.get(pairOf(fold(previous, caseInsensitive), fold(current, caseInsensitive)));
      previous = current;
      if (bucket === undefined) continue;
      for (const literal of bucket) if (matchesAt(text, literal, i - 1)) hits.push({ literal, index: i - 1 });
    }
    return hits;
  };
}
