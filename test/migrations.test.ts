import { readFileSync, mkdtempSync, cpSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { applyMigrations, dropDatabase, ensureDatabase, migrationChecksum } from '../scripts/lib/migrations.js';
import { migrationsDir } from '../scripts/provision.js';

// A database of this test's own, so it starts empty whatever the shared test database holds.
const databaseUrl = (() => {
  const url = new URL(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tripsage_test');
  url.pathname = `${url.pathname.slice(1)}_migrations_${process.pid}`;
  return url.toString();
})();

describe('migrations on an empty PostgreSQL database', () => {
  let client: pg.Client;

  beforeAll(async () => {
    await dropDatabase(databaseUrl);
    expect(await ensureDatabase(databaseUrl)).toBe(true);
    expect(await ensureDatabase(databaseUrl)).toBe(false);
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
    await dropDatabase(databaseUrl);
  });

  it('applies every migration once and records it as Prisma does', async () => {
    const folders = readdirSync(migrationsDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
    const first = await applyMigrations(databaseUrl, migrationsDir);
    expect(first.applied).toEqual(folders);
    const second = await applyMigrations(databaseUrl, migrationsDir);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe(folders.length);

    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((row) => row.migration_name)).toEqual(folders);
    for (const row of rows) {
      expect(row.finished_at).not.toBeNull();
      expect(row.checksum).toBe(migrationChecksum(readFileSync(path.join(migrationsDir, row.migration_name, 'migration.sql'))));
    }
  });

  it('creates the data model tables, the vector extension and the HNSW index', async () => {
    const tables = await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    const names = tables.rows.map((row) => row.tablename);
    for (const table of ['users', 'api_keys', 'trips', 'trip_collaborators', 'itinerary_items', 'chat_messages', 'trip_events', 'bookings', 'booking_items', 'price_watches', 'price_points', 'memories', 'audit_logs']) {
      expect(names).toContain(table);
    }
    const extension = await client.query("SELECT extversion FROM pg_extension WHERE extname = 'vector'");
    expect(extension.rowCount).toBe(1);
    const index = await client.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE tablename = 'memories' AND indexdef ILIKE '%hnsw%'");
    expect(index.rows[0]?.indexdef).toMatch(/USING hnsw \(embedding vector_cosine_ops\)/);
    const uniqueSeq = await client.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE tablename = 'trip_events' AND indexdef LIKE 'CREATE UNIQUE%'");
    expect(uniqueSeq.rows.some((row) => /\("tripId", seq\)/.test(row.indexdef))).toBe(true);
  });

  it('refuses to continue when an applied migration was edited', async () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'migrations-'));
    cpSync(migrationsDir, copy, { recursive: true });
    const first = readdirSync(copy, { withFileTypes: true }).find((entry) => entry.isDirectory());
    if (!first) throw new Error('no migration folder');
    const file = path.join(copy, first.name, 'migration.sql');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n-- edited after it was applied\n`);
    await expect(applyMigrations(databaseUrl, copy)).rejects.toThrow(/checksum|modified|changed/i);
  });
});
