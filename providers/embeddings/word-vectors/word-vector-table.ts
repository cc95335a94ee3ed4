/**
 * The distilled word vectors (vectors.generated.ts), decoded once on first use. Lookups fold case
 * and accents, borrow English vectors for German and French words (translations.ts), try the
 * plain form of an inflected word ("invoices" → "invoice"), and give any other word a hashed
 * vector: a fixed pseudo-random direction that matches only the same word. Nothing here reads
 * a file, so it runs unchanged in workerd.
 */
import { translatedWords } from "./translations";
import {
  commonDirection,
  dimensionRanges,
  vectorsBase64,
  vocabularyText,
  weightsBase64,
  wordVectorDimension,
} from "./vectors.generated";
import { wordKey } from "./word-key";

export interface WordVector {
  /** Unit length. */
  vector: Float32Array;
  /** SIF weight in (0, 1]: near 0 for "the", near 1 for rare words. */
  weight: number;
  /** False when the word was not in the vocabulary and got a hashed vector. */
  known: boolean;
}

export interface WordVectorTable {
  readonly dimension: number;
  readonly size: number;
  /** The direction shared by most word vectors (removed from sentence vectors). */
  readonly commonDirection: Float32Array;
  lookup(word: string): WordVector;
}

let table: WordVectorTable | undefined;

/** The shared table; the first call decodes about 1 MB of vectors (tens of milliseconds; see docs/decisions). */
export function wordVectorTable(): WordVectorTable {
  table ??= decodeTable();
  return table;
}

const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const base64Values = new Uint8Array(128);
for (let i = 0; i < base64Alphabet.length; i++) base64Values[base64Alphabet.charCodeAt(i)] = i;

/** Base64 to bytes without atob's intermediate string (several times faster on a megabyte). */
export function decodeBase64(text: string): Uint8Array {
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let out = 0;
  for (let i = 0; i < text.length; i += 4) {
    const chunk =
      (base64Values[text.charCodeAt(i)]! << 18) |
      (base64Values[text.charCodeAt(i + 1)]! << 12) |
      (base64Values[text.charCodeAt(i + 2)]! << 6) |
      base64Values[text.charCodeAt(i + 3)]!;
    if (out < bytes.length) bytes[out++] = chunk >> 16;
    if (out < bytes.length) bytes[out++] = (chunk >> 8) & 0xff;
    if (out < bytes.length) bytes[out++] = chunk & 0xff;
  }
  return bytes;
}

function decodeTable(): WordVectorTable {
  const dimension = wordVectorDimension;
  const words = vocabularyText.split(" ");
  const index = new Map<string, number>();
  for (const [i, word] of words.entries()) index.set(word, i);
  const weights = decodeBase64(weightsBase64);
  const packed = decodeBase64(vectorsBase64);
  const vectors = new Float32Array(words.length * dimension);
  for (let i = 0; i < words.length; i++) {
    let norm = 0;
    for (let d = 0; d < dimension; d++) {
      const byte = packed[(i * dimension + d) >> 1]!;
      const level = d % 2 === 0 ? byte & 0x0f : byte >> 4;
      const value = ((level / 15) * 2 - 1) * dimensionRanges[d]!;
      vectors[i * dimension + d] = value;
      norm += value * value;
    }
    // Quantisation changes the length a little; cosine wants unit vectors.
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dimension; d++) vectors[i * dimension + d]! *= scale;
  }
  const known = (i: number): WordVector => ({
    vector: vectors.subarray(i * dimension, (i + 1) * dimension),
    weight: weights[i]! / 255,
    known: true,
  });
  const cache = new Map<string, WordVector>();
  return {
    dimension,
    size: words.length,
    commonDirection: Float32Array.from(commonDirection),
    lookup(word) {
      // Cached by the word as given first: Unicode normalisation costs more than the lookup.
      const seen = cache.get(word);
      if (seen) return seen;
      const key = wordKey(word);
      const cached = cache.get(key);
      if (cached) {
        cache.set(word, cached);
        return cached;
      }
      const found = findIndex(key, index);
      const result = found === undefined ? hashedWordVector(key, dimension) : known(found);
      if (cache.size > 50_000) cache.clear();
      cache.set(key, result);
      cache.set(word, result);
      return result;
    },
  };
}

/** The vocabulary entry for a key: itself, its translation, or the plain form of an inflection. */
function findIndex(key: string, index: ReadonlyMap<string, number>): number | undefined {
  // The translation first: "societe" is in GloVe too, but with a vector from French-language contexts.
  const translated = translatedWords.get(key);
  const direct = (translated === undefined ? undefined : index.get(translated)) ?? index.get(key);
  if (direct !== undefined) return direct;
  if (key.includes("-")) return findIndex(key.replace(/-/g, ""), index);
  if (key.length <= 3) return undefined;
  for (const candidate of [
    key.replace(/ies$/, "y"),
    key.replace(/es$/, ""),
    key.replace(/s$/, ""),
    key.replace(/ed$/, ""),
    key.replace(/ed$/, "e"),
    key.replace(/ing$/, ""),
    key.replace(/ing$/, "e"),
  ]) {
    if (candidate === key || candidate.length < 3) continue;
    const found = index.get(candidate);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * An unknown word ("INV-1042", a surname, a typo) as a fixed pseudo-random unit vector: it is
 * orthogonal in expectation to every other word, equal to itself, and weighs as a rare word.
 */
export function hashedWordVector(key: string, dimension: number): WordVector {
  let state = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) state = Math.imul(state ^ key.charCodeAt(i), 0x01000193);
  const vector = new Float32Array(dimension);
  let norm = 0;
  for (let d = 0; d < dimension; d++) {
    // xorshift32: the same numbers in every runtime.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const value = (state >>> 0) / 0xffffffff - 0.5;
    vector[d] = value;
    norm += value * value;
  }
  for (let d = 0; d < dimension; d++) vector[d]! /= Math.sqrt(norm) || 1;
  return { vector, weight: 1, known: false };
}
