// `npm run -s dialogs [-- <id-prefix> ...]`: runs the dialog test set (test/dialogs/) through the real trip
// workflow on an isolated stack (Temporal dev server, migrated `<db>_dialogs` database, worker process,
// offline model, sandbox providers) and prints the accuracy per category and every failing turn. Runs on
// any checkout that has the set; exits 1 when a turn fails.
import { parseArgs } from 'node:util';
import { loadConfig } from '../infra/config.js';
import { createPrismaClient } from '../infra/db.js';
import { connectTemporalClient, temporalTarget } from '../infra/temporal.js';
import { dialogs } from '../test/dialogs/index.js';
import { formatReport, runDialogs } from '../test/dialogs/runner.js';
import { startIsolatedStack } from './lib/isolatedStack.js';
import { projectRoot } from './provision.js';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { concurrency: { type: 'string', default: '6' } } });
const selected = positionals.length > 0 ? dialogs.filter((dialog) => positionals.some((prefix) => dialog.id.startsWith(prefix))) : dialogs;
if (selected.length === 0) {
  console.error(`no dialog id starts with ${positionals.join(', ')}`);
  process.exit(64);
}

console.error('starting an isolated stack (Temporal dev server, migrated database, worker process) …');
const stack = await startIsolatedStack({ projectRoot, databaseSuffix: 'dialogs', name: 'tripsage-dialogs', env: { ...process.env, LOG_LEVEL: 'error' }, workerStdio: 'ignore' });
const config = loadConfig(stack.env);
const prisma = createPrismaClient(config.DATABASE_URL);
const client = await connectTemporalClient(temporalTarget(config, stack.env));
try {
  const report = await runDialogs({ client, prisma, taskQueue: config.TEMPORAL_TASK_QUEUE, dialogs: selected, concurrency: Number(values.concurrency) });
  console.log(formatReport(report));
  process.exitCode = report.turns.some((turn) => !turn.passed) ? 1 : 0;
} finally {
  await Promise.allSettled([prisma.$disconnect(), client.connection.close()]);
  await stack.stop();
}
process.exit();
