// The fault suite's own platform, isolated from the machine's shared services: a PostgreSQL cluster
// (`pg_createcluster <version> faults`) and a Redis server on ports of their own, a Temporal dev server
// whose SQLite file survives a restart, worker and API processes (worker/main.ts, api/main.ts) pointed at
// them. Every piece can be stopped, killed and started again; teardown() removes all of it.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../scripts/lib/ports.js';
import { applyMigrations, ensureDatabase } from '../../scripts/lib/migrations.js';
import { exited, run, stop } from '../../scripts/lib/process.js';
import { resolveTemporalCli, startDevServer, waitForTemporal } from '../../scripts/lib/temporalServer.js';

export const CLUSTER_NAME = 'faults';
const NAMESPACE = 'default';
const TASK_QUEUE = 'faults';

/** Where the processes' output goes (kept after the run for a look at what failed). */
export const LOG_DIR = path.join(tmpdir(), 'tripsage-faults-logs');

/**
 * Processes a run started (pid and a piece of its command line). A run killed outright (SIGKILL) cannot
 * tear down; the next run ends what it left, and only processes whose command line still matches.
 */
const PID_FILE = path.join(tmpdir(), 'tripsage-faults.pids');

function recordPid(pid: number | undefined, marker: string): void {
  if (pid) appendFileSync(PID_FILE, `${pid} ${marker}\n`);
}

function endLeftovers(): void {
  if (!existsSync(PID_FILE)) return;
  for (const line of readFileSync(PID_FILE, 'utf8').split('\n').filter(Boolean)) {
    const [pid, marker] = line.split(' ');
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (marker && cmdline.includes(marker)) process.kill(Number(pid), 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
  rmSync(PID_FILE, { force: true });
}

export interface FaultStack {
  env: NodeJS.ProcessEnv;
  apiUrls: string[];
  /** A short-lived connection to the suite's database (for the checks, never during a fault). */
  withDb<T>(use: (client: pg.Client) => Promise<T>): Promise<T>;
  killWorker(): Promise<void>;
  startWorker(): Promise<void>;
  restartTemporal(downMs: number): Promise<void>;
  stopRedis(): Promise<void>;
  startRedis(): Promise<void>;
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  killApi(index: number): Promise<void>;
  startApi(index: number): Promise<void>;
  /** A mark in the processes' logs; `logsSince(mark)` is what they wrote after it. */
  logMark(): Record<string, number>;
  logsSince(mark: Record<string, number>): string;
  teardown(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A command that must succeed (pg and redis tooling); its output is in the error otherwise. */
async function must(command: string, args: string[]): Promise<string> {
  const result = await run(command, args);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}: ${result.stderr || result.stdout}`);
  return result.stdout;
}

/** The newest PostgreSQL major version installed (Debian layout), unless FAULTS_PG_VERSION names one. */
function postgresVersion(): string {
  if (process.env.FAULTS_PG_VERSION) return process.env.FAULTS_PG_VERSION;
  const versions = readdirSync('/usr/lib/postgresql').filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(a) - Number(b));
  const newest = versions.at(-1);
  if (!newest) throw new Error('no PostgreSQL under /usr/lib/postgresql (the fault suite needs pg_createcluster)');
  return newest;
}

async function clusterExists(version: string): Promise<boolean> {
  const listing = await must('pg_lsclusters', ['--no-header']);
  return listing.split('\n').some((line) => {
    const [ver, name] = line.trim().split(/\s+/);
    return ver === version && name === CLUSTER_NAME;
  });
}

/** Drops a cluster left by an earlier (interrupted) run, then creates a fresh one with trust auth on loopback. */
async function createCluster(version: string, port: number): Promise<void> {
  if (await clusterExists(version)) await must('pg_dropcluster', [version, CLUSTER_NAME, '--stop']);
  // Durability settings off: the suite tests the platform's behaviour, not the disk's.
  await must('pg_createcluster', [version, CLUSTER_NAME, '-p', String(port), '-o', 'fsync=off', '-o', 'synchronous_commit=off', '-o', 'full_page_writes=off', '-o', 'max_connections=200']);
  const hba = [
    '# fault suite cluster: loopback only, trust',
    'local all all trust',
    'host all all 127.0.0.1/32 trust',
    'host all all ::1/128 trust',
    '',
  ].join('\n');
  writeFileSync(`/etc/postgresql/${version}/${CLUSTER_NAME}/pg_hba.conf`, hba);
}

async function pgReady(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const result = await run('pg_isready', ['-h', '127.0.0.1', '-p', String(port), '-q']);
    if (result.code === 0) return;
    await sleep(200);
  }
  throw new Error(`PostgreSQL on port ${port} not ready after ${timeoutMs} ms`);
}

async function redisReady(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const result = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping']);
    if (result.stdout.trim() === 'PONG') return;
    await sleep(100);
  }
  throw new Error(`Redis on port ${port} not ready after ${timeoutMs} ms`);
}

export interface FaultStackOptions {
  projectRoot: string;
  apiNodes: number;
  /** The sandbox booking and payment providers answer this late, so a kill lands mid-step. */
  sandboxDelayMs: number;
  /** More environment for every process (e.g. the external providers' fakes). */
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

export async function startFaultStack(options: FaultStackOptions): Promise<FaultStack> {
  const { projectRoot, log } = options;
  endLeftovers();
  const version = postgresVersion();
  // One fixed folder (the Temporal database, Redis' files, the secrets): a re-run starts it afresh.
  const workDir = path.join(tmpdir(), 'tripsage-faults-work');
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const [pgPort, redisPort, temporalPort] = [await freePort(), await freePort(), await freePort()];
  const apiPorts: number[] = [];
  for (let index = 0; index < options.apiNodes; index += 1) apiPorts.push(await freePort());
  const databaseUrl = `postgresql://postgres@127.0.0.1:${pgPort}/tripsage_faults`;

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'error',
    DATABASE_URL: databaseUrl,
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    REDIS_KEY_PREFIX: 'faults:',
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    TEMPORAL_NAMESPACE: NAMESPACE,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    DATA_DIR: workDir,
    // Every API node and the worker must share the secrets (a token issued by one is checked by another).
    JWT_SECRET: randomBytes(32).toString('hex'),
    CREDENTIALS_ENCRYPTION_KEYS: `1:${randomBytes(32).toString('base64')}`,
    SERVE_WEB: 'false',
    WORKER_METRICS_PORT: '0',
    WORKER_APP_METRICS_PORT: '0',
    API_METRICS_PORT: '0',
    RATE_LIMIT_PER_MINUTE: '100000',
    RATE_LIMIT_IP_PER_MINUTE: '100000',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true',
    PRICE_WATCH_MIN_CADENCE_MINUTES: '0.05',
    SANDBOX_BOOKING_DELAY_MS: String(options.sandboxDelayMs),
    ...options.env,
  };

  const processes: { temporal: ChildProcess | null; worker: ChildProcess | null; apis: (ChildProcess | null)[] } = { temporal: null, worker: null, apis: apiPorts.map(() => null) };
  let clusterCreated = false;
  let redisStarted = false;

  const startPostgres = async () => {
    await must('pg_ctlcluster', [version, CLUSTER_NAME, 'start']);
    await pgReady(pgPort, 30_000);
  };
  const stopPostgres = async () => {
    // fast: disconnects every client at once, like a crash of the server as seen by the platform.
    await must('pg_ctlcluster', [version, CLUSTER_NAME, 'stop', '-m', 'fast']);
  };
  const startRedis = async () => {
    await must('redis-server', [
      '--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'yes',
      '--dir', workDir, '--logfile', path.join(workDir, 'redis.log'), '--pidfile', path.join(workDir, 'redis.pid'),
    ]);
    redisStarted = true;
    await redisReady(redisPort, 10_000);
    // Daemonized: its pid is in the pidfile once it answers.
    recordPid(Number(readFileSync(path.join(workDir, 'redis.pid'), 'utf8').trim()) || undefined, `:${redisPort}`);
  };
  const stopRedis = async () => {
    await run('redis-cli', ['-h', '127.0.0.1', '-p', String(redisPort), 'shutdown', 'nosave']);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await run('redis-cli', ['-h', '127.0.0.1', '-p', String(redisPort), 'ping'])).stdout.trim() === 'PONG') await sleep(100);
  };

  const cli = await resolveTemporalCli(projectRoot, env);
  const temporalDb = path.join(workDir, 'temporal.db');
  const startTemporal = async () => {
    processes.temporal = await startDevServer({ cliPath: cli.path, port: temporalPort, uiPort: null, dbFilename: temporalDb, namespace: NAMESPACE, quiet: true });
    recordPid(processes.temporal.pid, temporalDb);
  };

  rmSync(LOG_DIR, { recursive: true, force: true });
  mkdirSync(LOG_DIR, { recursive: true });
  // Errors the processes log during an outage are expected; they go to files, not the suite's output.
  const spawnNode = (name: string, entry: string, extraEnv: NodeJS.ProcessEnv): ChildProcess => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, entry)], { cwd: projectRoot, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    recordPid(child.pid, entry);
    const file = createWriteStream(path.join(LOG_DIR, `${name}.log`), { flags: 'a' });
    child.stdout?.pipe(file, { end: false });
    child.stderr?.pipe(file, { end: false });
    return child;
  };

  const startWorker = async () => {
    processes.worker = spawnNode('worker', 'worker/main.ts', {});
    await waitForPoller(processes.worker);
  };
  /** Until this worker process polls (its identity is `<pid>@<host>`; a killed worker's poller stays listed a while). */
  const waitForPoller = async (worker: ChildProcess) => {
    const { Connection } = await import('@temporalio/client');
    const { temporalEnums } = await import('../../infra/temporal.js');
    const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS as string });
    try {
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline) {
        if (worker.exitCode !== null) throw new Error(`worker exited with code ${worker.exitCode} during start-up`);
        const response = await connection.workflowService.describeTaskQueue({
          namespace: NAMESPACE,
          taskQueue: { name: TASK_QUEUE, kind: temporalEnums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
          taskQueueType: temporalEnums.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        });
        if ((response.pollers ?? []).some((poller) => poller.identity?.startsWith(`${worker.pid}@`))) return;
        await sleep(200);
      }
      throw new Error('worker did not start polling within 90 s');
    } finally {
      await connection.close();
    }
  };
  const startApi = async (index: number) => {
    const port = apiPorts[index] as number;
    const child = spawnNode(`api-${index}`, 'api/main.ts', { API_HOST: '127.0.0.1', API_PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
    processes.apis[index] = child;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`api-${index} exited with ${child.exitCode} during start-up`);
      try {
        await fetch(`http://127.0.0.1:${port}/api/health`);
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`api-${index} did not listen within 60 s`);
        await sleep(150);
      }
    }
  };
  const killChild = async (child: ChildProcess | null) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await exited(child);
  };

  const teardown = async () => {
    await Promise.allSettled(processes.apis.map((child) => (child ? stop(child, 5_000) : Promise.resolve())));
    if (processes.worker) await stop(processes.worker, 5_000).catch(() => undefined);
    if (processes.temporal) await stop(processes.temporal, 5_000).catch(() => undefined);
    if (redisStarted) await run('redis-cli', ['-h', '127.0.0.1', '-p', String(redisPort), 'shutdown', 'nosave']).catch(() => undefined);
    if (clusterCreated) await run('pg_dropcluster', [version, CLUSTER_NAME, '--stop']).catch(() => undefined);
    if (existsSync(workDir)) rmSync(workDir, { recursive: true, force: true });
    rmSync(PID_FILE, { force: true });
  };

  try {
    log(`PostgreSQL ${version} cluster "${CLUSTER_NAME}" on port ${pgPort}, Redis on ${redisPort}, Temporal on ${temporalPort}, API nodes on ${apiPorts.join(', ')}`);
    await createCluster(version, pgPort);
    clusterCreated = true;
    await startPostgres();
    await ensureDatabase(databaseUrl);
    await applyMigrations(databaseUrl, path.join(projectRoot, 'prisma', 'migrations'));
    await startRedis();
    await startTemporal();
    await startWorker();
    await Promise.all(apiPorts.map((_, index) => startApi(index)));
  } catch (error) {
    await teardown();
    throw error;
  }

  return {
    env,
    apiUrls: apiPorts.map((port) => `http://127.0.0.1:${port}`),
    async withDb(use) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        return await use(client);
      } finally {
        await client.end();
      }
    },
    killWorker: () => killChild(processes.worker),
    startWorker,
    async restartTemporal(downMs) {
      if (processes.temporal) await stop(processes.temporal, 5_000);
      await sleep(downMs);
      await startTemporal();
      await waitForTemporal(env.TEMPORAL_ADDRESS as string, 30_000);
    },
    stopRedis,
    startRedis,
    stopPostgres,
    startPostgres,
    killApi: (index) => killChild(processes.apis[index] ?? null),
    logMark: () => Object.fromEntries(readdirSync(LOG_DIR).map((name) => [name, statSync(path.join(LOG_DIR, name)).size])),
    logsSince: (mark) => readdirSync(LOG_DIR).map((name) => readFileSync(path.join(LOG_DIR, name)).subarray(mark[name] ?? 0).toString('utf8')).join('\n'),
    startApi,
    teardown,
  };
}
