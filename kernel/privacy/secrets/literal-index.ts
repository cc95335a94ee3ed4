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

/** `literals` of at least two characters; with `caseInsensitive` they must already be lowercase. */
export function createLiteralFinder(
  literals: readonly string[],
  options: { caseInsensitive: boolean },
): (text: string) => LiteralHit[] {
  const { caseInsensitive } = options;
  const unique = [...new Set(literals)].filter((literal) => literal.length >= 2);
  const marked = new Uint8Array(65536);
  const byPair = new Map<number, string[]>();
  for (const literal of unique) {
    const pair = pairOf(literal.charCodeAt(0), literal.charCodeAt(1));
    marked[pair] = 1;
    const bucket = byPair.get(pair);
    if (bucket) bucket.push(literal);
    else byPair.set(pair, [literal]);
  }
  const matchesAt = (text: string, literal: string, i: number) => {
    if (i + literal.length > text.length) return false;
    for (let k = 0; k < literal.length; k++) {
      if (fold(text.charCodeAt(i + k), caseInsensitive) !== literal.charCodeAt(k)) return false;
    }
    return true;
  };
  return (text) => {
    const hits: LiteralHit[] = [];
    if (unique.length === 0 || text.length < 2) return hits;
    let previous = fold(text.charCodeAt(0), caseInsensitive);
    for (let i = 1; i < text.length; i++) {
      const current = fold(text.charCodeAt(i), caseInsensitive);
      const pair = pairOf(previous, current);
      previous = current;
      if (marked[pair] === 0) continue;
      for (const literal of byPair.get(pair)!)
        if (matchesAt(text, literal, i - 1)) hits.push({ literal, index: i - 1 });
    }
    return hits;
  };
}
