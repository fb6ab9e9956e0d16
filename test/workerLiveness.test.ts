// Health notices a dead worker within seconds. A real worker process (worker/main.ts) on its own task
// queue is killed with SIGKILL, so it cannot say goodbye; /api/health's worker check must turn `down`
// within ~15 s, while Temporal still lists the dead worker's pollers (for ~70 s), which is what health
// went by before.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checkHealth, type HealthDeps } from '../api/health.js';
import { pollingWorkerCount } from '../infra/temporal.js';
import { eventually } from './support/eventually.js';
import { connectTestServices, type TestServices } from './support/services.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('worker liveness in /api/health', () => {
  let services: TestServices;
  let worker: ChildProcess | null = null;
  let health: HealthDeps;
  const taskQueue = `liveness-${randomUUID()}`;

  beforeAll(async () => {
    services = await connectTestServices();
    health = { prisma: services.prisma, redis: services.redis, temporal: services.temporal, namespace: services.target.namespace, taskQueue };
  });

  afterAll(async () => {
    if (worker && worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
    await services.close();
  });

  const workerCheck = async () => (await checkHealth(health)).checks.worker;

  it('reports a worker killed with SIGKILL as down within ~15 s', async () => {
    worker = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'worker', 'main.ts')], {
      cwd: projectRoot,
      env: { ...process.env, TEMPORAL_TASK_QUEUE: taskQueue, WORKER_METRICS_PORT: '0', WORKER_APP_METRICS_PORT: '0' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const up = await eventually(workerCheck, (check) => check.status === 'up', { timeoutMs: 90_000, intervalMs: 500, what: 'the new worker to be reported up' });
    expect(up.detail).toMatch(/1 worker\(s\) alive/);

    const killedAt = performance.now();
    worker.kill('SIGKILL');
    const down = await eventually(workerCheck, (check) => check.status === 'down', { timeoutMs: 15_000, intervalMs: 250, what: 'the killed worker to be reported down' });
    console.log(`[liveness] killed worker reported down after ${Math.round(performance.now() - killedAt)} ms`);
    expect(down.detail).toMatch(/reported alive/);
    // Temporal still lists its pollers: they alone would have kept the worker "up" for about a minute.
    expect(await pollingWorkerCount(services.temporal, services.target.namespace, taskQueue)).toBeGreaterThan(0);
  }, 120_000);
});
