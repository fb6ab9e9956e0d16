// PostgreSQL provisioning: the database, the pgvector extension, the generated client, the migrations.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { run } from './process.js';
import { ProvisionError } from './steps.js';

export function maintenanceUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

export async function checkPostgresReachable(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: maintenanceUrl(databaseUrl), connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return `PostgreSQL ${rows[0]?.server_version ?? '?'}`;
  } catch (error) {
    const where = new URL(databaseUrl);
    throw new ProvisionError('PostgreSQL', `cannot connect to ${where.host} as ${where.username || '(default user)'}: ${(error as Error).message}`, [
      'Start PostgreSQL (on Debian: `pg_ctlcluster <version> main start`).',
      'Set DATABASE_URL to a reachable server, e.g. postgresql://user:password@host:5432/tripsage.',
      'With Docker: `docker compose up -d postgres` and use the DATABASE_URL from .env.example.',
    ]);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Makes sure the server can CREATE EXTENSION vector; builds pgvector on a local Debian host if needed. */
export async function ensureVectorAvailable(databaseUrl: string, projectRoot: string): Promise<string> {
  if (await vectorAvailable(databaseUrl)) return 'already available';
  const host = new URL(databaseUrl).hostname;
  const local = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);
  const options = [
    'Install pgvector with your OS package manager (e.g. `apt install postgresql-<version>-pgvector`, `brew install pgvector`).',
    'Use the pgvector/pgvector image from docker-compose.yml (`docker compose up -d postgres`).',
    'Point DATABASE_URL at a server that has pgvector (most managed PostgreSQL services do).',
  ];
  if (!local || process.platform !== 'linux' || process.getuid?.() !== 0 || !existsSync('/etc/debian_version')) {
    throw new ProvisionError('pgvector', `the PostgreSQL server at ${host} has no "vector" extension.`, [
      'Run `sudo bash scripts/install-pgvector.sh` (Debian/Ubuntu: builds Debian\'s pgvector source package).',
      ...options,
    ]);
  }
  const result = await run('bash', [path.join(projectRoot, 'scripts', 'install-pgvector.sh')], { echo: true });
  if (result.code !== 0 || !(await vectorAvailable(databaseUrl))) {
    throw new ProvisionError('pgvector', 'building pgvector from source failed (output above).', options);
  }
  return 'built from Debian source';
}

async function vectorAvailable(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: maintenanceUrl(databaseUrl), connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'");
    return (rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

/**
 * Generates the Prisma client when the schema changed since the last generation.
 * PRISMA_SCHEMA_ENGINE_BINARY points at a stub because `generate` needs no schema engine, and the
 * native one cannot be downloaded on offline machines; migrations run through scripts/lib/migrations.ts.
 */
export async function generatePrismaClient(projectRoot: string): Promise<string> {
  const schemaPath = path.join(projectRoot, 'prisma', 'schema.prisma');
  const outputDir = path.join(projectRoot, 'infra', 'generated', 'prisma');
  const stampPath = path.join(outputDir, '.schema-sha256');
  const packageJson = readFileSync(path.join(projectRoot, 'node_modules', 'prisma', 'package.json'), 'utf8');
  const digest = createHash('sha256').update(readFileSync(schemaPath)).update(packageJson).digest('hex');
  if (existsSync(stampPath) && readFileSync(stampPath, 'utf8') === digest) return 'up to date';

  const prismaCli = path.join(projectRoot, 'node_modules', 'prisma', 'build', 'index.js');
  const env = {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? path.join(projectRoot, 'scripts', 'no-schema-engine.sh'),
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  };
  const result = await run(process.execPath, [prismaCli, 'generate', '--schema', schemaPath], { cwd: projectRoot, env });
  if (result.code !== 0) {
    throw new ProvisionError('Prisma client', `prisma generate failed:\n${result.stdout}\n${result.stderr}`);
  }
  writeFileSync(stampPath, digest);
  return 'generated';
}
