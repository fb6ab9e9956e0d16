// Deploy-only migration runner for hosts without Prisma's native schema engine (no internet, so
// `prisma migrate deploy` cannot download it). It is compatible with Prisma's own bookkeeping: the
// `_prisma_migrations` table is created with the schema engine's exact DDL, rows are written the way
// the engine writes them (sha256 checksum of migration.sql, finished_at, applied_steps_count = 1), and
// the same advisory lock key is taken, so a later plain `prisma migrate deploy` / `migrate status`
// sees these migrations as applied and neither tool can race the other.
//
// Differences from the engine, on purpose: each migration runs in one explicit transaction together
// with its `_prisma_migrations` row (all or nothing, so no "failed" rows are ever left behind by this
// runner); an edited, already-applied migration is refused instead of only warned about.
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

/** Prisma Migrate's advisory lock key (schema-engine postgres flavour, `pg_advisory_lock(72707369)`). */
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

/** The schema engine's DDL for the migrations table (postgres flavour), verbatim. */
const CREATE_MIGRATIONS_TABLE_SQL = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`;

const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';
const SYNTAX_ERROR = '42601';

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export interface ApplyMigrationsOptions {
  /** Progress messages (one line each). Default: silent. */
  log?: (message: string) => void;
  /** How long to wait for another runner (or `prisma migrate`) holding the lock. Default 60 s. */
  lockTimeoutMs?: number;
}

export interface ApplyMigrationsResult {
  /** Names of the migrations applied by this call, in order. */
  applied: string[];
  /** How many local migrations were already applied before this call. */
  alreadyApplied: number;
}

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

interface LocalMigration {
  name: string;
  script: Buffer;
  checksum: string;
}

interface ParsedDatabaseUrl {
  /** Connection string for `pg` (Prisma-only parameters such as `schema` removed). */
  connectionString: string;
  database: string;
  /** Prisma's `?schema=` parameter, if any (defaults to the server's search_path, i.e. public). */
  schema: string | undefined;
}

function parseDatabaseUrl(databaseUrl: string): ParsedDatabaseUrl {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch (error) {
    throw new MigrationError('DATABASE_URL is not a valid URL', { cause: error });
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new MigrationError(`DATABASE_URL must be a postgresql:// URL (got ${url.protocol}//...)`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database === '') throw new MigrationError('DATABASE_URL has no database name');
  const schema = url.searchParams.get('schema') ?? undefined;
  url.searchParams.delete('schema');
  return { connectionString: url.toString(), database, schema: schema === '' ? undefined : schema };
}

/** The same server, but the `postgres` maintenance database. */
function maintenanceUrl(databaseUrl: string): string {
  const url = new URL(parseDatabaseUrl(databaseUrl).connectionString);
  url.pathname = '/postgres';
  return url.toString();
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

async function withClient<T>(connectionString: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  // An idle-connection error must not crash the process; the pending query rejects anyway.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Creates the database named in `databaseUrl` if it does not exist (connecting to the `postgres`
 * maintenance database of the same server). Returns true if this call created it. Safe to run
 * concurrently: losing the CREATE DATABASE race counts as "already existed".
 */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const { database } = parseDatabaseUrl(databaseUrl);
  return withClient(maintenanceUrl(databaseUrl), async (client) => {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (existing.rowCount !== null && existing.rowCount > 0) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(database)}`);
      return true;
    } catch (error) {
      const code = errorCode(error);
      // 42P04 duplicate_database; 23505 when two CREATE DATABASE commands collide on pg_database's index.
      if (code === DUPLICATE_DATABASE || code === UNIQUE_VIOLATION) return false;
      throw error;
    }
  });
}

/** Drops the database named in `databaseUrl` (if it exists), disconnecting other sessions. For tests. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const { database } = parseDatabaseUrl(databaseUrl);
  await withClient(maintenanceUrl(databaseUrl), async (client) => {
    try {
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
    } catch (error) {
      if (errorCode(error) !== SYNTAX_ERROR) throw error;
      // PostgreSQL < 13 has no WITH (FORCE).
      await client.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [database],
      );
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)}`);
    }
  });
}

/** sha256 hex of the script, as the schema engine computes it (over the file's UTF-8 text). */
/** `baseUrl` with its database name suffixed (`tripsage` → `tripsage_<suffix>`): a database of its own on the same server. */
export function suffixedDatabaseUrl(baseUrl: string, suffix: string): string {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.slice(1) || 'tripsage'}_${suffix}`;
  return url.toString();
}

/** A fresh, migrated database at `databaseUrl`: dropped if it exists, created, every migration applied. For tests and benchmarks. */
export async function recreateDatabase(databaseUrl: string, migrationsDir: string): Promise<void> {
  await dropDatabase(databaseUrl);
  await ensureDatabase(databaseUrl);
  await applyMigrations(databaseUrl, migrationsDir);
}

export function migrationChecksum(script: Buffer | string): string {
  return createHash('sha256').update(script).digest('hex');
}

/**
 * Mirrors the engine's `script_matches_checksum`: line-ending agnostic (CRLF vs LF, since git may
 * rewrite them) and accepting the non-zero-padded hex of old engine versions.
 */
function scriptMatchesChecksum(script: Buffer, checksum: string): boolean {
  const text = script.toString('utf8');
  const variants = [script, text.replaceAll('\r\n', '\n'), text.replaceAll('\n', '\r\n')];
  return variants.some((variant) => {
    const digest = createHash('sha256').update(variant).digest();
    const rendered =
      checksum !== '' && checksum.length !== 64
        ? Array.from(digest, (byte) => byte.toString(16)).join('')
        : digest.toString('hex');
    return rendered === checksum;
  });
}

async function readLocalMigrations(migrationsDir: string): Promise<LocalMigration[]> {
  let entries;
  try {
    entries = await readdir(migrationsDir, { withFileTypes: true });
  } catch (error) {
    throw new MigrationError(`Cannot read migrations directory ${migrationsDir}`, { cause: error });
  }

  try {
    const lock = await readFile(path.join(migrationsDir, 'migration_lock.toml'), 'utf8');
    const provider = /^\s*provider\s*=\s*"([^"]*)"/m.exec(lock)?.[1];
    if (provider !== undefined && provider !== 'postgresql') {
      throw new MigrationError(
        `${migrationsDir}/migration_lock.toml is for provider "${provider}", this runner only handles "postgresql"`,
      );
    }
  } catch (error) {
    if (error instanceof MigrationError) throw error;
    if (errorCode(error) !== 'ENOENT') throw error;
  }

  // The engine orders migration directories by name (their timestamp prefix).
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const migrations: LocalMigration[] = [];
  for (const name of names) {
    const file = path.join(migrationsDir, name, 'migration.sql');
    let script: Buffer;
    try {
      script = await readFile(file);
    } catch (error) {
      throw new MigrationError(`Migration directory ${name} has no readable migration.sql (${file})`, {
        cause: error,
      });
    }
    migrations.push({ name, script, checksum: migrationChecksum(script) });
  }
  return migrations;
}

async function acquireLock(client: pg.Client, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      PRISMA_MIGRATE_LOCK_KEY,
    ]);
    if (result.rows[0]?.locked === true) return;
    if (Date.now() >= deadline) {
      throw new MigrationError(
        `Timed out after ${timeoutMs} ms waiting for the migration advisory lock (${PRISMA_MIGRATE_LOCK_KEY}); ` +
          'another migration run (this runner or `prisma migrate`) is holding it.',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Applies, in name order, every migration folder under `migrationsDir` (each `<name>/migration.sql`)
 * not yet recorded as finished in `_prisma_migrations`. Each one runs in its own transaction together
 * with its bookkeeping row. Refuses to run if an applied migration was edited (checksum mismatch) or
 * if a previous attempt is recorded as failed (finished_at and rolled_back_at both null; resolve it
 * with `prisma migrate resolve` or by fixing the database and deleting that row).
 */
export async function applyMigrations(
  databaseUrl: string,
  migrationsDir: string,
  options: ApplyMigrationsOptions = {},
): Promise<ApplyMigrationsResult> {
  const log = options.log ?? (() => undefined);
  const { connectionString, schema } = parseDatabaseUrl(databaseUrl);
  const local = await readLocalMigrations(migrationsDir);

  return withClient(connectionString, async (client) => {
    if (schema !== undefined) {
      // Prisma's `?schema=` puts its tables, and _prisma_migrations, in that schema.
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await client.query(`SET search_path TO ${quoteIdent(schema)}`);
    }

    await acquireLock(client, options.lockTimeoutMs ?? 60_000);
    try {
      const exists = await client.query<{ oid: string | null }>(
        "SELECT to_regclass('_prisma_migrations')::text AS oid",
      );
      if (exists.rows[0]?.oid == null) {
        log('creating _prisma_migrations');
        await client.query(CREATE_MIGRATIONS_TABLE_SQL);
      }

      const rows = (
        await client.query<MigrationRow>(
          'SELECT id, checksum, migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at',
        )
      ).rows;

      const failed = rows.filter((row) => row.finished_at === null && row.rolled_back_at === null);
      if (failed.length > 0) {
        throw new MigrationError(
          `Migration(s) ${failed.map((row) => row.migration_name).join(', ')} failed in an earlier run ` +
            '(finished_at and rolled_back_at are null in _prisma_migrations). Fix the database, then mark them ' +
            'with `prisma migrate resolve --rolled-back <name>` (or `--applied <name>`) before deploying again.',
        );
      }

      const applied = new Map<string, MigrationRow>();
      for (const row of rows) {
        if (row.finished_at !== null && row.rolled_back_at === null) applied.set(row.migration_name, row);
      }

      const localNames = new Set(local.map((migration) => migration.name));
      for (const name of applied.keys()) {
        if (!localNames.has(name)) log(`warning: ${name} is applied in the database but missing from ${migrationsDir}`);
      }

      const edited = local.filter((migration) => {
        const row = applied.get(migration.name);
        return row !== undefined && !scriptMatchesChecksum(migration.script, row.checksum);
      });
      if (edited.length > 0) {
        throw new MigrationError(
          `Migration(s) ${edited.map((migration) => migration.name).join(', ')} were modified after they were ` +
            'applied (checksum differs from _prisma_migrations). Restore the original migration.sql and put the ' +
            'change in a new migration.',
        );
      }

      const pending = local.filter((migration) => !applied.has(migration.name));
      const done: string[] = [];
      for (const migration of pending) {
        log(`applying ${migration.name}`);
        const startedAt = new Date();
        await client.query('BEGIN');
        try {
          // No parameters: pg uses the simple query protocol, which runs a multi-statement script.
          await client.query(migration.script.toString('utf8'));
          await client.query(
            `INSERT INTO _prisma_migrations
               (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
             VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, $4, 1)`,
            [randomUUID(), migration.checksum, migration.name, startedAt],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          const detail = error instanceof Error ? error.message : String(error);
          throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${detail}`, {
            cause: error,
          });
        }
        done.push(migration.name);
      }

      return { applied: done, alreadyApplied: local.length - pending.length };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]).catch(() => undefined);
    }
  });
}
