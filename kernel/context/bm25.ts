import { searchTerms } from "./search-terms";

/**
 * Okapi BM25 over a set of short documents (a thread's messages, its facts). Small on purpose: an
 * index is built per turn from what the thread already holds, in a few milliseconds for thousands
 * of messages, so nothing is persisted and nothing can go stale. See
 * docs/decisions/context-retrieval-bm25-hybrid.md for why not a search library.
 */

export interface Bm25Parameters {
  /** Term-frequency saturation: how fast repeating a word stops adding to the score. */
  k1: number;
  /** Length normalisation: 0 ignores document length, 1 fully normalises by it. */
  b: number;
}

export const DEFAULT_BM25: Bm25Parameters = { k1: 1.2, b: 0.75 };

export interface Bm25Index {
  /** Scores every document against the query; documents sharing no term score 0. */
  score(query: string): Float64Array;
  /** The same, with a weight per term (query expansion adds terms at less than full weight). */
  scoreTerms(terms: ReadonlyMap<string, number>): Float64Array;
  /** A document's terms, as indexed. */
  termsOf(doc: number): readonly string[];
  /** How many documents hold the term. */
  documentFrequency(term: string): number;
  readonly size: number;
}

/**
 * @example
 * const index = buildBm25Index(["the deadline is Friday", "lunch at noon"]);
 * index.score("when is the deadline") // Float64Array [0.98…, 0]
 */
export function buildBm25Index(
  documents: readonly string[],
  parameters: Bm25Parameters = DEFAULT_BM25,
): Bm25Index {
  // No inverted index: a question has a handful of terms, so counting them in each document's
  // (remembered) term list is cheaper per turn than building postings for every term.
  const termLists = documents.map((text) => searchTerms(text));
  const total = documents.length;
  const averageLength =
    total === 0 ? 0 : termLists.reduce((sum, terms) => sum + terms.length, 0) / total || 1;
  const { k1, b } = parameters;

  const frequencyCache = new Map<string, number>();
  const documentFrequency = (term: string) => {
    let df = frequencyCache.get(term);
    if (df === undefined) {
      df = 0;
      for (const terms of termLists) if (terms.includes(term)) df += 1;
      frequencyCache.set(term, df);
    }
    return df;
  };
  const scoreTerms = (weighted: ReadonlyMap<string, number>) => {
    const scores = new Float64Array(total);
    for (const [term, weight] of weighted) {
      const df = documentFrequency(term);
      if (df === 0 || weight === 0) continue;
      // The "+1" form of IDF stays positive for terms in more than half the documents.
      const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
      for (let doc = 0; doc < total; doc++) {
        let tf = 0;
        for (const candidate of termLists[doc]!) if (candidate === term) tf += 1;
        if (tf === 0) continue;
        const norm = k1 * (1 - b + (b * termLists[doc]!.length) / averageLength);
        scores[doc]! += (weight * idf * tf * (k1 + 1)) / (tf + norm);
      }
    }
    return scores;
  };
  return {
    size: total,
    score: (query) => scoreTerms(new Map([...new Set(searchTerms(query))].map((term) => [term, 1]))),
    scoreTerms,
    termsOf: (doc) => termLists[doc] ?? [],
    documentFrequency,
  };
}
