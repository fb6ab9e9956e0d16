// Text embeddings for agent memory, from one factory.
//
// - `offline` (default): deterministic *feature hashing* — word unigrams, word bigrams and character
//   trigrams hashed (signed) into EMBEDDING_DIMENSIONS buckets, then L2-normalized. It is LEXICAL, not
//   semantic: "loves museums" is close to "museum lover" (shared trigrams) but not to "enjoys galleries".
//   Good enough to rank a user's handful of memories without any network or model download. With only
//   384 buckets, unrelated short texts sometimes collide (cosine ≈ 0.2 by accident), so the memory store
//   additionally requires a shared content word when recalling with this embedder (sharesContentWord).
// - `openai-compatible`: OpenAIEmbeddings from @langchain/openai against EMBEDDINGS_BASE_URL, asking the
//   server for `dimensions: 384` so vectors fit the `vector(384)` column.
import { Embeddings } from '@langchain/core/embeddings';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { OpenAIEmbeddings } from '@langchain/openai';
import type { Config } from '../infra/config.js';
import { EMBEDDING_DIMENSIONS } from '../infra/db.js';

export type { EmbeddingsInterface };

type EmbeddingsConfig = Pick<Config, 'EMBEDDINGS_PROVIDER' | 'EMBEDDINGS_MODEL' | 'EMBEDDINGS_API_KEY' | 'EMBEDDINGS_BASE_URL'>;

export function createEmbeddings(config: EmbeddingsConfig): EmbeddingsInterface {
  switch (config.EMBEDDINGS_PROVIDER) {
    case 'offline':
      return new HashingEmbeddings();
    case 'openai-compatible':
      return new OpenAIEmbeddings({
        model: config.EMBEDDINGS_MODEL,
        dimensions: EMBEDDING_DIMENSIONS,
        apiKey: config.EMBEDDINGS_API_KEY ?? 'not-needed',
        configuration: { baseURL: config.EMBEDDINGS_BASE_URL },
        maxRetries: 1,
        timeout: 20_000,
      });
  }
}

// Function words carry no preference signal; dropping them keeps "I love X" and "I love Y" apart.
const STOPWORDS = new Set(
  ('a an and are as at be but by for from has have i i\'m im in is it its me my of on or our so that the their them they this to ' +
    'us was we were will with you your would like really very also just').split(' '),
);

/** Weights of the three feature families (before normalization). */
const WEIGHTS = { unigram: 1, bigram: 0.7, trigram: 0.35 } as const;

/** Lower-case words with accents stripped and stopwords removed. */
export function lexicalTokens(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0 && !STOPWORDS.has(word));
}

/** FNV-1a, 32-bit. */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Deterministic signed feature hashing of `text` into `dimensions` buckets, L2-normalized (all zeros for empty text). */
export function hashEmbedding(text: string, dimensions = EMBEDDING_DIMENSIONS): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const add = (feature: string, weight: number) => {
    const hash = fnv1a(feature);
    const sign = fnv1a(feature, 0x9747b28c) & 1 ? 1 : -1;
    vector[hash % dimensions]! += sign * weight;
  };
  const words = lexicalTokens(text);
  words.forEach((word, index) => {
    add(`w:${word}`, WEIGHTS.unigram);
    const next = words[index + 1];
    if (next !== undefined) add(`b:${word} ${next}`, WEIGHTS.bigram);
    const padded = `^${word}$`;
    for (let start = 0; start + 3 <= padded.length; start += 1) add(`c:${padded.slice(start, start + 3)}`, WEIGHTS.trigram);
  });
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  return norm === 0 ? vector : vector.map((value) => value / norm);
}

export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < Math.min(a.length, b.length); index += 1) {
    const x = a[index]!;
    const y = b[index]!;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

/** Word stems (first five letters of words of three or more characters) for a lexical overlap check. */
function termStems(text: string): Set<string> {
  return new Set(lexicalTokens(text).filter((word) => word.length >= 3).map((word) => word.slice(0, 5)));
}

/**
 * Whether two texts share a content word (by 5-letter stem: "museum"/"museums", "travel"/"traveling").
 * Hashing 384 dimensions makes unrelated short texts collide now and then (cosine ≈ 0.2 by accident);
 * the memory store uses this check to drop such matches when it runs on the offline embedder.
 */
export function sharesContentWord(a: string, b: string): boolean {
  const stems = termStems(a);
  for (const stem of termStems(b)) if (stems.has(stem)) return true;
  return false;
}

/** The offline embedder: lexical feature hashing (see the file header). */
export class HashingEmbeddings extends Embeddings {
  constructor(readonly dimensions = EMBEDDING_DIMENSIONS) {
    super({});
  }

  embedDocuments(documents: string[]): Promise<number[][]> {
    return Promise.resolve(documents.map((document) => hashEmbedding(document, this.dimensions)));
  }

  embedQuery(document: string): Promise<number[]> {
    return Promise.resolve(hashEmbedding(document, this.dimensions));
  }
}
