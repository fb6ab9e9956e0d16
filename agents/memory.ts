// Long-term agent memory: short statements about a traveler (preferences, past trips, feedback, facts)
// stored in `memories` with a pgvector embedding and recalled by cosine similarity.
//
// Scope: a memory is about the traveler (interests, home airport, cabin, pace, likes/dislikes) or about
// one trip (its record, party, stated budget; metadata `scope: 'trip'` + `tripId`). Recall for a trip
// returns the traveler's memories, that trip's own, and other trips only once they are over.
// Tense: a trip record is stored once (kind `past_trip` in the database) and read as `planned_trip` until
// its return date has passed — decided when it is read, so no job has to rewrite rows as trips end.
//
// Embeddings are written and queried with raw SQL (the column is `Unsupported("vector(384)")` in Prisma);
// every query carries `embedding IS NOT NULL` so PostgreSQL can use the partial HNSW index
// memories_embedding_hnsw_idx (vector_cosine_ops → order by `<=>`).
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { MemoryRef } from '../domain/trip.js';
import { EMBEDDING_DIMENSIONS, toVectorSql, type MemoryKind, type PrismaClient } from '../infra/db.js';
import { cosineSimilarity, HashingEmbeddings, sharesContentWord } from './embeddings.js';
import type { MemoryViewKind } from '../contracts/memories.js';

export type MemoryKindName = `${MemoryKind}`;
export const memoryKinds: readonly MemoryKindName[] = ['preference', 'past_trip', 'feedback', 'fact'];

export type MemoryScope = 'traveler' | 'trip';

export interface MemoryRecord {
  id: string;
  kind: MemoryViewKind;
  content: string;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface NewMemory {
  kind: MemoryKindName;
  content: string;
  metadata?: Record<string, unknown>;
}

export interface RememberResult {
  id: string;
  /** false when a near-duplicate (cosine > duplicateSimilarity) already existed; `id` is then that memory's. */
  created: boolean;
}

export interface MemoryStore {
  /** Stores a memory unless the user already has a near-duplicate (which is then only touched). */
  remember(userId: string, kind: MemoryKindName, content: string, metadata?: Record<string, unknown>): Promise<RememberResult>;
  /**
   * remember() for several memories in one transaction, in order (a later one can be a near-duplicate of an
   * earlier one). `after`: a write they must not precede (the turn's plan); they are embedded meanwhile, and
   * written only once it has succeeded.
   */
  rememberAll(userId: string, memories: readonly NewMemory[], after?: Promise<unknown>): Promise<RememberResult[]>;
  /**
   * The user's memories most similar to `query`, best first, with similarity = 1 − cosine distance.
   * With `forTrip`, only memories that apply to that trip (see the scope rules at the top).
   */
  recall(userId: string, query: string, k?: number, minSimilarity?: number, forTrip?: RecallScope): Promise<MemoryRef[]>;
  /** All of the user's memories, newest first (`today` decides planned vs past trips; default: now). */
  list(userId: string, today?: string): Promise<MemoryRecord[]>;
  /**
   * The user's memories on one of `topics`: the traveler's own, and of a trip's topics only trip `tripId`'s
   * (newest first). What a new statement may replace, without reading every memory of a frequent traveler.
   */
  onTopics(userId: string, topics: readonly string[], tripId: string | null, today?: string): Promise<MemoryRecord[]>;
  /** Deletes the memory if it belongs to `userId`; false when it does not exist or is someone else's. */
  delete(userId: string, id: string): Promise<boolean>;
}

export interface RecallScope {
  /** The trip being planned (null: a conversation about no trip in particular). */
  tripId: string | null;
  /** YYYY-MM-DD: trips that end before it are past. */
  today: string;
}

export interface MemoryStoreOptions {
  prisma: PrismaClient;
  embeddings: EmbeddingsInterface;
  /** Cosine similarity above which a new memory counts as a duplicate (default 0.95). */
  duplicateSimilarity?: number;
  /** Default floor for recall (default 0.15). */
  minSimilarity?: number;
  /**
   * Extra check a recalled memory must pass. Defaults to "shares a content word with the query" for the
   * offline hashing embeddings (whose hash collisions occasionally match unrelated text), else none.
   */
  confirm?: (query: string, content: string) => boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_CONTENT_LENGTH = 2_000;

export function createMemoryStore(options: MemoryStoreOptions): MemoryStore {
  const { prisma, embeddings } = options;
  const duplicateSimilarity = options.duplicateSimilarity ?? 0.95;
  const defaultMinSimilarity = options.minSimilarity ?? 0.15;
  const confirm = options.confirm ?? (embeddings instanceof HashingEmbeddings ? sharesContentWord : undefined);

  const embed = async (text: string, as: 'query' | 'document'): Promise<number[] | null> => {
    const vector = as === 'query' ? await embeddings.embedQuery(text) : ((await embeddings.embedDocuments([text]))[0] ?? []);
    if (vector.length !== EMBEDDING_DIMENSIONS) {
      throw new RangeError(`embedding has ${vector.length} dimensions, the memories table stores ${EMBEDDING_DIMENSIONS}`);
    }
    // A zero vector has no direction: cosine distance to it is undefined (NaN in pgvector).
    return vector.some((value) => value !== 0) ? vector : null;
  };

  async function rememberAll(userId: string, memories: readonly NewMemory[], after?: Promise<unknown>): Promise<RememberResult[]> {
    if (!UUID.test(userId)) throw new TypeError('userId must be a uuid');
    const rows = await Promise.all(memories.map(async ({ kind, content, metadata = {} }) => {
      const text = content.trim().slice(0, MAX_CONTENT_LENGTH);
      if (!memoryKinds.includes(kind)) throw new TypeError(`unknown memory kind ${kind}`);
      if (text === '') throw new TypeError('memory content must not be empty');
      const vector = await embed(text, 'document');
      return { kind, text, metadata, vector };
    }));
    if (rows.length === 0) return [];
    // A row that repeats an earlier one of the batch is that one's, as if the earlier had been stored first
    // (the statement below sees only the memories stored before it).
    const isTwin = (row: (typeof rows)[number], other: (typeof rows)[number]) =>
      row.vector && other.vector ? cosineSimilarity(row.vector, other.vector) > duplicateSimilarity : !row.vector && other.text === row.text;
    const distinctIndexes: number[] = [];
    const twinOf = rows.map((row, index) => {
      const twin = distinctIndexes.find((earlier) => isTwin(row, rows[earlier]!));
      if (twin === undefined) distinctIndexes.push(index);
      return twin ?? index;
    });
    const distinct = distinctIndexes.map((index) => {
      const row = rows[index]!;
      return { idx: index, kind: row.kind, content: row.text, metadata: row.metadata, embedding: row.vector ? toVectorSql(row.vector, EMBEDDING_DIMENSIONS) : null };
    });
    await after;
    // One round trip for the batch (the remember_memories function, prisma/migrations/…_remember_memories):
    // after the user's lock (one writer per user, so two concurrent turns cannot both insert the same
    // memory), each row's nearest neighbour among the stored memories (by embedding, or by the same text
    // where it has none) is touched when a near-duplicate, else the row is inserted.
    const written = await prisma.$queryRaw<(RememberResult & { idx: number })[]>`
      SELECT idx, id, created FROM remember_memories(${userId}::uuid, ${JSON.stringify(distinct)}::jsonb, ${duplicateSimilarity}::float8)`;
    const stored = new Map(written.map((row) => [row.idx, { id: row.id, created: row.created }]));
    return twinOf.map((twin, index) => {
      const result = stored.get(twin);
      if (!result) throw new Error('memory write returned no row');
      return twin === index ? result : { id: result.id, created: false };
    });
  }

  return {
    rememberAll,

    async remember(userId, kind, content, metadata = {}) {
      const [result] = await rememberAll(userId, [{ kind, content, metadata }]);
      if (!result) throw new Error('memory write returned no result');
      return result;
    },

    async recall(userId, query, k = 5, minSimilarity = defaultMinSimilarity, forTrip) {
      if (!UUID.test(userId) || query.trim() === '' || k <= 0) return [];
      const vector = await embed(query, 'query');
      if (!vector) return [];
      const vectorSql = toVectorSql(vector, EMBEDDING_DIMENSIONS);
      const limit = Math.min(Math.floor(k), 50);
      // Over-fetch when a confirmation or scope filter may drop some of the nearest rows.
      const candidates = confirm || forTrip ? limit * 4 : limit;
      const rows = await prisma.$queryRaw<{ id: string; kind: MemoryKindName; content: string; metadata: unknown; distance: number }[]>`
        SELECT id::text AS id, kind::text AS kind, content, metadata, (embedding <=> ${vectorSql}::vector)::float8 AS distance
        FROM memories
        WHERE "userId" = ${userId}::uuid AND embedding IS NOT NULL
        ORDER BY embedding <=> ${vectorSql}::vector
        LIMIT ${candidates}`;
      const today = forTrip?.today ?? todayUtc();
      return rows
        .filter((row) => !forTrip || appliesToTrip(row.kind, isRecord(row.metadata) ? row.metadata : {}, forTrip))
        .map((row) => ({ id: row.id, kind: viewKind(row.kind, isRecord(row.metadata) ? row.metadata : {}, today), content: row.content, similarity: round(1 - row.distance) }))
        .filter((memory) => memory.similarity >= minSimilarity && (!confirm || confirm(query, memory.content)))
        .slice(0, limit);
    },

    async list(userId, today = todayUtc()) {
      if (!UUID.test(userId)) return [];
      const rows = await prisma.memory.findMany({
        where: { userId },
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        select: { id: true, kind: true, content: true, metadata: true, createdAt: true, updatedAt: true },
      });
      return rows.map((row) => memoryRecord(row, today));
    },

    async onTopics(userId, topics, tripId, today = todayUtc()) {
      if (!UUID.test(userId) || topics.length === 0) return [];
      const rows = await prisma.$queryRaw<{ id: string; kind: MemoryKindName; content: string; metadata: unknown; createdAt: Date; updatedAt: Date }[]>`
        SELECT id::text AS id, kind::text AS kind, content, metadata, "createdAt", "updatedAt" FROM memories
        WHERE "userId" = ${userId}::uuid AND metadata->>'topic' = ANY(${[...topics]}::text[])
          AND (NOT metadata->>'topic' = ANY(${[...TRIP_TOPICS]}::text[]) OR metadata->>'tripId' = ${tripId})
        ORDER BY "createdAt" DESC, id ASC`;
      return rows.map((row) => memoryRecord(row, today));
    },

    async delete(userId, id) {
      if (!UUID.test(userId) || !UUID.test(id)) return false;
      const { count } = await prisma.memory.deleteMany({ where: { id, userId } });
      return count > 0;
    },
  };
}

/** Topics that describe one trip. Rows written before `scope` existed are classified by their topic. */
const TRIP_TOPICS = new Set(['trip', 'party', 'budget']);

export function memoryScope(metadata: Record<string, unknown>): MemoryScope {
  if (metadata.scope === 'trip' || metadata.scope === 'traveler') return metadata.scope;
  return typeof metadata.topic === 'string' && TRIP_TOPICS.has(metadata.topic) ? 'trip' : 'traveler';
}

/** A trip record reads as planned until its return (or departure) date has passed. */
export function viewKind(kind: MemoryKindName, metadata: Record<string, unknown>, today: string): MemoryViewKind {
  if (kind !== 'past_trip') return kind;
  const lastDay = typeof metadata.returnDate === 'string' ? metadata.returnDate : typeof metadata.departDate === 'string' ? metadata.departDate : null;
  return lastDay !== null && lastDay >= today ? 'planned_trip' : 'past_trip';
}

/** Traveler memories always; a trip's own memories; other trips only as past trips. */
export function appliesToTrip(kind: MemoryKindName, metadata: Record<string, unknown>, scope: RecallScope): boolean {
  if (memoryScope(metadata) === 'traveler') return true;
  if (scope.tripId !== null && metadata.tripId === scope.tripId) return true;
  return viewKind(kind, metadata, scope.today) === 'past_trip';
}

function memoryRecord(row: { id: string; kind: MemoryKindName; content: string; metadata: unknown; createdAt: Date; updatedAt: Date }, today: string): MemoryRecord {
  const metadata = isRecord(row.metadata) ? row.metadata : {};
  return { id: row.id, kind: viewKind(row.kind, metadata, today), content: row.content, metadata, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
