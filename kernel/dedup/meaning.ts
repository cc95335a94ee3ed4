/**
 * Comparing two short texts by meaning with word vectors (an injected `WordMeaning`, e.g. the
 * offline GloVe table): each content word is aligned with its nearest word on the other side,
 * weighted by how much it says (SIF weights: "the" ≈ 0, "payroll" ≈ 1), which catches a request
 * reworded with other verbs. Word vectors place "fridge" next to "freezer" and "October" next to
 * "November" — words of one kind, not synonyms — so the same alignment also finds the slot that
 * tells two near-identical requests apart: a word on each side, unmatched, of one kind
 * (`substitutedSlot`). The leading verb of a clause is the request's wording, not a slot.
 */
import { cleanText, nameTokens } from "./normalize";
import { stem } from "./stem";
import { canonicalWord, stopWords } from "./vocabulary";

/** Word meanings, injected so the kernel stays pure (providers/embeddings/offline-word-vectors.ts). */
export interface WordMeaning {
  /** Unit-length vector of the word, or undefined for a word the model does not know. */
  vector(word: string): ArrayLike<number> | undefined;
  /** How much the word says, in (0, 1]: near 0 for "the", 1 for rare and unknown words. */
  weight(word: string): number;
}

export interface MeaningTerm {
  word: string;
  /** Stemmed and mapped to its synonym group: equal canons are the same word. */
  canon: string;
  /** The verb that opens a clause (or follows "to"): how the request is worded, never a slot. */
  action: boolean;
  /** A name or identifier (normalize.ts `nameTokens`): checked for identity there, light here. */
  name: boolean;
}

/**
 * Names and identifiers must agree (nameDifferent checks that), but two requests to the same
 * person are not alike because of the person: a name counts this much of a content word.
 */
const nameWeight = 0.25;

/** Words that introduce the request rather than name its parts ("can someone", "we need to"). */
const leadIns: ReadonlySet<string> = new Set(
  "someone somebody anyone needs need needed want wants wanted have has got let lets go going make sure".split(
    " ",
  ),
);

/**
 * German and French function words. The shared stop list (vocabulary.ts) is English; these are
 * dropped here only, where they would otherwise align "le" with "au" and count as content.
 */
const foreignFunctionWords: ReadonlySet<string> = new Set(
  (
    "der die das den dem des ein eine einen einem einer und oder mit fur von vom zu zum zur bei beim " +
    "im am auf aus nach wegen sie ihr ihre ihren ihrem wir ich bitte noch nicht ist sind hat haben " +
    "wird werden le la les l un une des du de d au aux et ou avec pour par sur dans en son sa ses " +
    "leur leurs nous vous il elle est sont ce cette ces qui que ici"
  ).split(" "),
);

/** Content words of a text with their role; stored as "^word" (action) or "word" on the record. */
export function meaningTerms(text: string): MeaningTerm[] {
  const names = nameTokens(text);
  const terms: MeaningTerm[] = [];
  for (const clause of cleanText(text).split(/[.!?;:,()\n—–]+|\s-\s/)) {
    let expectAction = true;
    for (const word of clause.match(/[\p{L}0-9]+(?:[-/.'][\p{L}0-9]+)*/gu) ?? []) {
      if (word === "to") {
        expectAction = true;
        continue;
      }
      if (stopWords.has(word) || leadIns.has(word) || foreignFunctionWords.has(word)) continue;
      const canon = canonOf(word);
      const name = /\d/.test(word) || names.has(canon) || names.has(word);
      terms.push({ word, canon, action: expectAction && !/\d/.test(word), name });
      expectAction = false;
    }
  }
  return terms;
}

/** As normalize.ts's content tokens: hyphens inside words dropped ("kick-off" = "kickoff"), stemmed, synonyms mapped. */
const canonOf = (word: string) => canonicalWord(stem(/\d/.test(word) ? word : word.replace(/-/g, "")));

/** Stored form: "^word" for an action, "@word" for a name, "word" otherwise. */
export const encodeTerms = (terms: readonly MeaningTerm[]) =>
  terms.map((t) => (t.action ? `^${t.word}` : t.name ? `@${t.word}` : t.word));

/** Stored records are decoded on every check; the same word list decodes to the same terms. */
const decoded = new Map<string, MeaningTerm[]>();

export function decodeTerms(words: readonly string[]): MeaningTerm[] {
  const key = words.join(" ");
  const cached = decoded.get(key);
  if (cached) return cached;
  if (decoded.size > 20_000) decoded.clear();
  const terms = words.map((entry) => {
    const marked = entry.startsWith("^") || entry.startsWith("@");
    const word = marked ? entry.slice(1) : entry;
    return { word, canon: canonOf(word), action: entry.startsWith("^"), name: entry.startsWith("@") };
  });
  decoded.set(key, terms);
  return terms;
}

/**
 * Kinds of word where two members name two different things. Days and months are frequent
 * (light by weight) yet say which occurrence of the work is meant: a word whose vector sits next
 * to a weekday or month anchor is a date word, which also covers "Freitag" and "vendredi"
 * (they borrow the vector of "friday"). Documents: word vectors put "invoice" far from "quote",
 * so the kind is named; a translated "facture" carries the vector of "invoice" and so its kind.
 */
const kindAnchors: ReadonlyArray<{ kind: string; words: readonly string[]; cosine: number }> = [
  { kind: "date", words: ["monday", "january"], cosine: 0.8 },
  {
    kind: "document",
    words: (
      "invoice quote estimate receipt contract statement report proposal agreement letter notice " +
      "newsletter brochure timesheet payslip return"
    ).split(" "),
    cosine: 0.97,
  },
];

/** The kind of each word, per word model: a word's kind never changes, and finding it costs 18 cosines. */
const kindCache = new WeakMap<WordMeaning, Map<string, string | null>>();

/** A bare quantity: "12", "40kg", "2.5". Amounts with a currency sign arrive here as plain numbers. */
const quantity = /^\d+(?:[.,]\d+)?[a-z]{0,3}$/;

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

export interface MeaningOptions {
  /** Word cosine at or above which two different words count as partly the same (scaled by it). */
  softMatch: number;
  /** Word cosine at or above which two unmatched content words are two values of one slot. */
  slotCosine: number;
  /** Only words at least this informative can be a slot ("room", "more" cannot). */
  slotWeight: number;
  /** Two unmatched words this informative, one on each side, are two slot values whatever their cosine. */
  rareSlotWeight: number;
}

export interface MeaningComparison {
  /** Weighted share of both texts' words that have a counterpart on the other side, 0…1. */
  score: number;
  /** Present when the texts name two different things of one kind: "fridge" vs "freezer". */
  conflict?: { kind: "quantity" | "slot"; ours: string; theirs: string; cosine: number };
}

/** Align two term lists; see the file comment. */
export function compareMeaning(
  ours: readonly MeaningTerm[],
  theirs: readonly MeaningTerm[],
  words: WordMeaning,
  options: MeaningOptions,
): MeaningComparison {
  const vectors = new Map<string, ArrayLike<number> | undefined>();
  const vectorOf = (word: string) => {
    if (!vectors.has(word)) vectors.set(word, words.vector(word));
    return vectors.get(word);
  };
  const similarity = (a: MeaningTerm, b: MeaningTerm) => {
    if (a.canon === b.canon || a.word === b.word) return 1;
    const va = vectorOf(a.word);
    const vb = vectorOf(b.word);
    return va && vb ? cosine(va, vb) : 0;
  };
  const matrix = ours.map((a) => theirs.map((b) => similarity(a, b)));
  let covered = 0;
  let total = 0;
  const credit = (best: number) => (best >= 1 ? 1 : best >= options.softMatch ? best : 0);
  const weightOf = (term: MeaningTerm) => (term.name ? nameWeight : 1) * words.weight(term.word);
  const bestOfTheirs = new Array<number>(theirs.length).fill(0);
  ours.forEach((term, i) => {
    const weight = weightOf(term);
    let best = 0;
    matrix[i]!.forEach((score, j) => {
      if (score > best) best = score;
      if (score > bestOfTheirs[j]!) bestOfTheirs[j] = score;
    });
    total += weight;
    covered += weight * credit(best);
  });
  theirs.forEach((term, j) => {
    const weight = weightOf(term);
    total += weight;
    covered += weight * credit(bestOfTheirs[j]!);
  });
  const score = total === 0 ? 1 : covered / total;
  const conflict =
    differentQuantities(ours, theirs) ?? substitutedSlot(ours, theirs, matrix, words, options, vectorOf);
  return conflict ? { score, conflict } : { score };
}

/** "12 bags" against "20 bags", "£58" against "£85": each gives a quantity the other lacks. */
function differentQuantities(
  ours: readonly MeaningTerm[],
  theirs: readonly MeaningTerm[],
): MeaningComparison["conflict"] {
  // "40kg" and "40 kg" are one quantity: compare the number only.
  const amounts = (terms: readonly MeaningTerm[]) =>
    terms.filter((t) => quantity.test(t.word)).map((t) => t.word.replace(",", ".").replace(/[a-z]+$/, ""));
  const a = amounts(ours);
  const b = amounts(theirs);
  const onlyOurs = a.find((x) => !b.includes(x));
  const onlyTheirs = b.find((x) => !a.includes(x));
  if (onlyOurs === undefined || onlyTheirs === undefined) return undefined;
  return { kind: "quantity", ours: onlyOurs, theirs: onlyTheirs, cosine: 0 };
}

/** The most alike pair of unmatched, informative, non-action words, one from each side, if alike enough. */
function substitutedSlot(
  ours: readonly MeaningTerm[],
  theirs: readonly MeaningTerm[],
  matrix: readonly number[][],
  words: WordMeaning,
  options: MeaningOptions,
  vectorOf: (word: string) => ArrayLike<number> | undefined,
): MeaningComparison["conflict"] {
  const kinds = kindCache.get(words) ?? new Map<string, string | null>();
  kindCache.set(words, kinds);
  const kindOf = (word: string) => {
    const known = kinds.get(word);
    if (known !== undefined) return known ?? undefined;
    const vector = vectorOf(word);
    let found: string | null = null;
    if (vector) {
      search: for (const { kind, words: anchors, cosine: least } of kindAnchors) {
        for (const anchor of anchors) {
          const anchorVector = vectorOf(anchor);
          if (anchorVector && cosine(anchorVector, vector) >= least) {
            found = kind;
            break search;
          }
        }
      }
    }
    kinds.set(word, found);
    return found ?? undefined;
  };
  // A date is a slot even after "to" ("moved to Friday"); other action words never are.
  // A capitalised word with a meaning ("LinkedIn", "Montag") can be a slot; an id cannot.
  const slot = (term: MeaningTerm) =>
    !/\d/.test(term.word) &&
    (kindOf(term.word) === "date" || (!term.action && words.weight(term.word) >= options.slotWeight));
  const unmatchedOurs = ours.map((term, i) => slot(term) && !matrix[i]!.some((s) => s >= 1));
  const unmatchedTheirs = theirs.map((term, j) => slot(term) && !matrix.some((row) => row[j]! >= 1));
  let best: MeaningComparison["conflict"];
  ours.forEach((a, i) => {
    if (!unmatchedOurs[i]) return;
    theirs.forEach((b, j) => {
      const cosine = matrix[i]![j]!;
      // Unknown words (surnames, ids) have no meaning to compare; names.ts-style checks handle them.
      const rare =
        vectorOf(a.word) !== undefined &&
        vectorOf(b.word) !== undefined &&
        words.weight(a.word) >= options.rareSlotWeight &&
        words.weight(b.word) >= options.rareSlotWeight;
      const sameKind = kindOf(a.word) !== undefined && kindOf(a.word) === kindOf(b.word);
      if (
        unmatchedTheirs[j] &&
        (cosine >= options.slotCosine || rare || sameKind) &&
        (!best || cosine > best.cosine)
      )
        best = { kind: "slot", ours: a.word, theirs: b.word, cosine };
    });
  });
  return best;
}
