// `npm run db:migrate`: creates the database if missing and applies prisma/migrations with the
// deploy-only runner (no native Prisma engine needed). Users with Prisma's engine may equally run
// `npm run db:migrate:prisma`; both record into the same _prisma_migrations table.
import { loadConfigOrExit, loadDotEnv } from '../infra/config.js';
import { applyMigrations, ensureDatabase } from './lib/migrations.js';
import { migrationsDir } from './provision.js';

loadDotEnv();
const config = loadConfigOrExit();
const created = await ensureDatabase(config.DATABASE_URL);
const { applied, alreadyApplied } = await applyMigrations(config.DATABASE_URL, migrationsDir);
console.log(
  `${created ? 'created database; ' : ''}${applied.length ? `applied: ${applied.join(', ')}` : 'nothing to apply'} (${alreadyApplied} already applied)`,
);
