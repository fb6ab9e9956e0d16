// An isolated platform stack for tests and benchmarks: its own migrated database, Redis key prefix,
// task queue, a Temporal dev server on free ports (unless TEMPORAL_ADDRESS names one) and the real
// worker process. Returns the environment the stack runs with, for callers to adopt.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { loadConfig } from '../../infra/config.js';
import { createPrismaClient } from '../../infra/db.js';
import { connectTemporalClient, pollingWorkerCount, temporalTarget } from '../../infra/temporal.js';
import { recreateDatabase, suffixedDatabaseUrl } from './migrations.js';
import { freePort } from './ports.js';
import { stop } from './process.js';
import { resolveTemporalCli, startDevServer } from './temporalServer.js';

export interface IsolatedStack {
  env: NodeJS.ProcessEnv;
  worker: ChildProcess;
  /** The Temporal dev server this stack started (null when TEMPORAL_ADDRESS named one). */
  temporalServer: ChildProcess | null;
  stop(): Promise<void>;
}

export interface IsolatedStackOptions {
  projectRoot: string;
  /** Suffix of the database name (`<db>_<suffix>`); the database is dropped and recreated. */
  databaseSuffix: string;
  /** Prefix of the Redis keys and the task queue name. */
  name: string;
  env?: NodeJS.ProcessEnv;
  workerStdio?: 'inherit' | 'ignore';
  /** Extra Node options for the worker process (e.g. `--cpu-prof` for a benchmark's profile). */
  workerNodeOptions?: string[];
}

export async function startIsolatedStack(options: IsolatedStackOptions): Promise<IsolatedStack> {
  const baseEnv = options.env ?? process.env;
  const base = loadConfig(baseEnv);
  const runId = randomBytes(4).toString('hex');
  const env: NodeJS.ProcessEnv = {
    ...baseEnv,
    DATABASE_URL: suffixedDatabaseUrl(base.DATABASE_URL, options.databaseSuffix),
    REDIS_KEY_PREFIX: `${options.name}:${runId}:`,
    TEMPORAL_TASK_QUEUE: `${options.name}-${runId}`,
    SERVE_WEB: 'false',
    // Tests and benchmarks receive webhooks on loopback and watch prices every few seconds.
    WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true',
    PRICE_WATCH_MIN_CADENCE_MINUTES: '0.05',
    WORKER_METRICS_PORT: String(await freePort()),
    WORKER_APP_METRICS_PORT: String(await freePort()),
    // API processes a test spawns (several at once) would all claim the default port.
    API_METRICS_PORT: '0',
  };
  await recreateDatabase(env.DATABASE_URL as string, path.join(options.projectRoot, 'prisma', 'migrations'));

  let temporalServer: ChildProcess | null = null;
  if (!env.TEMPORAL_ADDRESS) {
    const cli = await resolveTemporalCli(options.projectRoot, env);
    const port = await freePort();
    temporalServer = await startDevServer({ cliPath: cli.path, port, uiPort: null, dbFilename: null, namespace: base.TEMPORAL_NAMESPACE, quiet: true });
    env.TEMPORAL_ADDRESS = `127.0.0.1:${port}`;
  }

  const worker = spawn(process.execPath, [...(options.workerNodeOptions ?? []), '--import', 'tsx', path.join(options.projectRoot, 'worker', 'main.ts')], {
    cwd: options.projectRoot,
    env,
    stdio: ['ignore', options.workerStdio ?? 'inherit', options.workerStdio ?? 'inherit'],
  });
  const stack: IsolatedStack = {
    env,
    worker,
    temporalServer,
    async stop() {
      await stop(worker, 15_000);
      if (temporalServer) await stop(temporalServer, 5_000);
    },
  };
  try {
    await waitForPoller(env.TEMPORAL_ADDRESS, base.TEMPORAL_NAMESPACE, env.TEMPORAL_TASK_QUEUE as string, worker);
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return stack;
}

async function waitForPoller(address: string, namespace: string, taskQueue: string, worker: ChildProcess): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (worker.exitCode !== null) throw new Error(`worker exited with code ${worker.exitCode} during start-up`);
      if ((await pollingWorkerCount(connection, namespace, taskQueue)) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('worker did not start polling within 60 s');
  } finally {
    await connection.close();
  }
}

/** The stack's config, a Prisma client and a Temporal client on it; `close` disconnects both, then stops the stack. */
export async function connectToStack(stack: IsolatedStack) {
  const config = loadConfig(stack.env);
  const prisma = createPrismaClient(config.DATABASE_URL);
  const client = await connectTemporalClient(temporalTarget(config, stack.env));
  const close = async () => {
    await prisma.$disconnect();
    await client.connection.close();
    await stack.stop();
  };
  return { config, prisma, client, close };
}
