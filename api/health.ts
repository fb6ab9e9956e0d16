// Dependency health: each check has its own deadline, so one hung dependency cannot hang the probe.
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../infra/db.js';
import { withTimeout } from '../infra/async.js';
import { pingRedis, type Redis } from '../infra/redis.js';
import { pollingWorkerCount } from '../infra/temporal.js';
import { aliveWorkerCount, LIVENESS_TTL_MS } from '../infra/workerLiveness.js';
import { systemCheckWorkflow } from '../workflows/systemCheck.js';
import { workflowIds } from '../workflows/ids.js';

export type CheckStatus = 'up' | 'down';

export interface CheckResult {
  status: CheckStatus;
  latencyMs: number;
  detail?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: Record<'postgres' | 'redis' | 'temporal' | 'worker', CheckResult> & { workflow?: CheckResult };
}

export interface HealthDeps {
  prisma: PrismaClient;
  redis: Redis;
  temporal: Client;
  namespace: string;
  taskQueue: string;
  timeoutMs?: number;
  /** The Redis (key prefix) the workers report liveness to (infra/workerLiveness.ts); default `redis`. */
  workerRedis?: Redis;
}

export async function checkHealth(deps: HealthDeps, options: { deep?: boolean } = {}): Promise<HealthReport> {
  const timeoutMs = deps.timeoutMs ?? 2_000;
  const [postgres, redis, temporalCheck, worker] = await Promise.all([
    timed(() => withTimeout(deps.prisma.$queryRaw`SELECT 1`, timeoutMs, 'postgres query')),
    timed(() => pingRedis(deps.redis, timeoutMs)),
    timed(() => withTimeout(deps.temporal.workflowService.getSystemInfo({}), timeoutMs, 'temporal getSystemInfo')),
    timed(() => withTimeout(pollingWorkers(deps), timeoutMs, 'temporal describeTaskQueue')),
  ]);
  const checks: HealthReport['checks'] = { postgres, redis, temporal: temporalCheck, worker };
  if (options.deep) {
    checks.workflow = await timed(() =>
      deps.temporal.workflow.execute(systemCheckWorkflow, {
        taskQueue: deps.taskQueue,
        workflowId: workflowIds.systemCheck(crypto.randomUUID()),
        workflowExecutionTimeout: '10s',
      }),
    );
  }
  const allUp = Object.values(checks).every((check) => check.status === 'up');
  return { status: allUp ? 'ok' : 'degraded', checks };
}

/**
 * Up when a worker beat in Redis within LIVENESS_TTL_MS (a dead worker shows within ~10 s) and Temporal
 * lists a poller. Temporal alone keeps a killed worker's pollers ~70 s, so it decides only while Redis
 * cannot be read.
 */
async function pollingWorkers(deps: HealthDeps): Promise<string> {
  const [alive, pollers] = await Promise.all([
    aliveWorkerCount(deps.workerRedis ?? deps.redis, deps.taskQueue).catch(() => null),
    pollingWorkerCount(deps.temporal, deps.namespace, deps.taskQueue),
  ]);
  if (alive === 0) throw new Error(`no worker of task queue "${deps.taskQueue}" reported alive in the last ${LIVENESS_TTL_MS / 1000} s`);
  if (pollers === 0) throw new Error(`no worker is polling task queue "${deps.taskQueue}"`);
  return alive === null ? `${pollers} poller(s) (liveness unknown: Redis unavailable)` : `${alive} worker(s) alive, ${pollers} poller(s)`;
}

async function timed(check: () => Promise<unknown>): Promise<CheckResult> {
  const started = performance.now();
  try {
    const outcome = await check();
    const latencyMs = round(performance.now() - started);
    return typeof outcome === 'string' ? { status: 'up', latencyMs, detail: outcome } : { status: 'up', latencyMs };
  } catch (error) {
    return { status: 'down', latencyMs: round(performance.now() - started), detail: (error as Error).message };
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;
