-- A batch of memories written in one round trip (agents/memory.ts rememberAll): the user's lock, then one
-- statement that touches each row's stored near-duplicate or inserts it. A VOLATILE PL/pgSQL function gives
-- each statement a fresh snapshot, so the statement after the lock sees every memory committed before it:
-- what BEGIN; lock; statement; COMMIT did in four round trips.
CREATE FUNCTION remember_memories(p_user_id uuid, p_rows jsonb, p_duplicate_similarity float8)
RETURNS TABLE (idx int, id text, created boolean)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
  -- One writer per user: two concurrent turns cannot both insert the same memory.
  PERFORM pg_advisory_xact_lock(hashtext('memories:' || p_user_id::text));
  RETURN QUERY
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(p_rows) AS row(idx int, kind text, content text, metadata jsonb, embedding text)),
    nearest AS (
      SELECT input.idx, match.id, match.distance FROM input CROSS JOIN LATERAL (
        SELECT memories.id, (memories.embedding <=> input.embedding::vector)::float8 AS distance FROM memories
        WHERE input.embedding IS NOT NULL AND memories."userId" = p_user_id AND memories.embedding IS NOT NULL
        ORDER BY memories.embedding <=> input.embedding::vector LIMIT 1) AS match
      UNION ALL
      SELECT input.idx, match.id, 0::float8 FROM input CROSS JOIN LATERAL (
        SELECT memories.id FROM memories
        WHERE input.embedding IS NULL AND memories."userId" = p_user_id AND memories.content = input.content LIMIT 1) AS match),
    duplicates AS (SELECT nearest.idx, nearest.id FROM nearest WHERE 1 - nearest.distance > p_duplicate_similarity),
    touched AS (UPDATE memories SET "updatedAt" = now() FROM duplicates WHERE memories.id = duplicates.id),
    inserted AS (
      INSERT INTO memories ("userId", kind, content, metadata, embedding)
      SELECT p_user_id, input.kind::memory_kind, input.content, input.metadata, input.embedding::vector FROM input
      WHERE NOT EXISTS (SELECT 1 FROM duplicates WHERE duplicates.idx = input.idx)
      RETURNING memories.id, memories.content)
    SELECT input.idx, COALESCE(duplicates.id, inserted.id)::text, duplicates.id IS NULL
    FROM input LEFT JOIN duplicates ON duplicates.idx = input.idx LEFT JOIN inserted ON inserted.content = input.content AND duplicates.id IS NULL
    ORDER BY input.idx;
END
$$;
