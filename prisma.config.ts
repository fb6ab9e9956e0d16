// Prisma 7 CLI configuration (prisma generate / validate / migrate ...).
// The datasource URL lives here, not in schema.prisma: env DATABASE_URL (a `.env` in the working
// directory is read if present; variables already set win), defaulting to the local dev database.
//
// Offline hosts: Prisma CLI commands try to download the native schema-engine binary. Pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any existing file stops that, which is enough for `generate`,
// `validate` and `format`:
//   PRISMA_SCHEMA_ENGINE_BINARY=/bin/true npx prisma generate
// Migrations are applied by scripts/lib/migrations.ts in that case (it writes Prisma's own
// _prisma_migrations table, so `prisma migrate deploy/status` agree later).
import { defineConfig } from 'prisma/config';

const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/tripsage';

try {
  process.loadEnvFile('.env');
} catch (error) {
  // No .env (ENOENT) is the normal case; Node < 20.12 has no loadEnvFile (TypeError).
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== 'ENOENT' && !(error instanceof TypeError)) throw error;
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: {
    path: 'prisma/migrations',
  },
  datasource: {
    url: process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
  },
});
