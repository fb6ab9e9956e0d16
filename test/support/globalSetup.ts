// Starts what the integration tests share: a Temporal dev server on free ports (unless TEMPORAL_ADDRESS
// names one), a freshly migrated test database, an isolated Redis key prefix, and the real worker process.
// Settings reach the test files through process.env, which jest's workers inherit.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { loadConfig } from '../../infra/config.js';
import { pollingWorkerCount } from '../../infra/temporal.js';
import { applyMigrations, dropDatabase, ensureDatabase } from '../../scripts/lib/migrations.js';
import { resolveTemporalCli, startDevServer } from '../../scripts/lib/temporalServer.js';
import { migrationsDir, projectRoot } from '../../scripts/provision.js';
import { freePort } from './ports.js';

export interface TestRuntime {
  temporalServer: ChildProcess | null;
  worker: ChildProcess;
}

declare global {
  var __tripsageTestRuntime: TestRuntime | undefined;
}

export default async function globalSetup(): Promise<void> {
  const started = performance.now();
  const base = loadConfig(process.env);
  const runId = randomBytes(4).toString('hex');

  const testDatabase = new URL(base.DATABASE_URL);
  testDatabase.pathname = `${testDatabase.pathname.slice(1) || 'tripsage'}_test`;
  process.env.DATABASE_URL = testDatabase.toString();
  await dropDatabase(process.env.DATABASE_URL);
  await ensureDatabase(process.env.DATABASE_URL);
  await applyMigrations(process.env.DATABASE_URL, migrationsDir);

  process.env.NODE_ENV = 'test';
  process.env.REDIS_KEY_PREFIX = `tripsage-test:${runId}:`;
  process.env.TEMPORAL_TASK_QUEUE = `tripsage-test-${runId}`;
  process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'warn';
  process.env.SERVE_WEB = 'false';

  let temporalServer: ChildProcess | null = null;
  if (!process.env.TEMPORAL_ADDRESS) {
    const cli = await resolveTemporalCli(projectRoot);
    const port = await freePort();
    temporalServer = await startDevServer({ cliPath: cli.path, port, uiPort: null, dbFilename: null, namespace: base.TEMPORAL_NAMESPACE, quiet: true });
    process.env.TEMPORAL_ADDRESS = `127.0.0.1:${port}`;
  }

  process.env.WORKER_METRICS_PORT = String(await freePort());
  const worker = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'worker', 'main.ts')], {
    cwd: projectRoot,
    env: process.env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  globalThis.__tripsageTestRuntime = { temporalServer, worker };
  await waitForPoller(process.env.TEMPORAL_ADDRESS, base.TEMPORAL_NAMESPACE, process.env.TEMPORAL_TASK_QUEUE, worker);
  console.log(`\n[test setup] temporal ${process.env.TEMPORAL_ADDRESS}, db ${testDatabase.pathname.slice(1)}, ready in ${((performance.now() - started) / 1000).toFixed(1)}s`);
}

async function waitForPoller(address: string, namespace: string, taskQueue: string, worker: ChildProcess): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (worker.exitCode !== null) throw new Error(`worker exited with code ${worker.exitCode} during test setup`);
      if ((await pollingWorkerCount(connection, namespace, taskQueue)) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('worker did not start polling within 60 s');
  } finally {
    await connection.close();
  }
}
