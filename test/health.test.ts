import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from '@temporalio/client';
import { createApp } from '../api/app.js';
import { DEEP_HEALTH_PER_MINUTE } from '../api/security.js';
import { createRedis, type Redis } from '../infra/redis.js';
import { freePort } from '../scripts/lib/ports.js';
import { listen, type RunningApp } from './support/http.js';
import { connectTestServices, type TestServices } from './support/services.js';
import { interceptWorkflowMethod } from './support/temporalFaults.js';

const OPERATOR_TOKEN = randomBytes(32).toString('base64url');
const asOperator = { authorization: `Bearer ${OPERATOR_TOKEN}` };

interface HealthBody {
  status: string;
  checks: Record<string, { status: string; detail?: string }>;
}

/** The real client, counting the workflows it runs (the deep check runs one per probe it actually starts). */
function countingExecutions(real: Client): { client: Client; executions: () => number } {
  let executions = 0;
  const client = interceptWorkflowMethod(real, 'execute', (execute) => ((...args: Parameters<typeof execute>) => {
    executions += 1;
    return execute(...args);
  }) as typeof execute);
  return { client, executions: () => executions };
}

describe('GET /api/health against the real services', () => {
  let services: TestServices;
  let api: RunningApp;
  let limiterRedis: Redis;
  let temporal: ReturnType<typeof countingExecutions>;

  beforeAll(async () => {
    services = await connectTestServices();
    // Its own key prefix: the deep-check budget is one key for the whole cluster, so this file starts with a full one.
    limiterRedis = createRedis(services.config.REDIS_URL, `${services.config.REDIS_KEY_PREFIX}health-${randomUUID().slice(0, 8)}:`);
    temporal = countingExecutions(services.temporal);
    api = await listen(
      createApp({
        logger: services.logger,
        health: { prisma: services.prisma, redis: limiterRedis, workerRedis: services.redis, temporal: temporal.client, namespace: services.target.namespace, taskQueue: services.config.TEMPORAL_TASK_QUEUE },
        temporalUiUrl: services.config.TEMPORAL_UI_URL,
        operatorToken: OPERATOR_TOKEN,
      }),
    );
  });

  afterAll(async () => {
    await api.close();
    limiterRedis.disconnect();
    await services.close();
  });

  it('reports every dependency up, including a worker polling the task queue', async () => {
    const response = await fetch(`${api.url}/api/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const body = (await response.json()) as { status: string; checks: Record<string, { status: string; detail?: string }> };
    expect(body.status).toBe('ok');
    expect(Object.keys(body.checks).sort()).toEqual(['postgres', 'redis', 'temporal', 'worker']);
    for (const check of Object.values(body.checks)) expect(check.status).toBe('up');
    expect(body.checks.worker?.detail).toMatch(/poller/);
  });

  it('runs the system-check workflow on the worker when an operator asks for a deep check', async () => {
    const before = temporal.executions();
    const response = await fetch(`${api.url}/api/health?deep=true`, { headers: asOperator });
    const body = (await response.json()) as HealthBody;
    expect(response.status).toBe(200);
    expect(body.checks.workflow?.status).toBe('up');
    expect(temporal.executions()).toBe(before + 1);
    // The shallow check stays public and starts no workflow.
    const shallow = await fetch(`${api.url}/api/health`);
    expect(shallow.status).toBe(200);
    expect(Object.keys(((await shallow.json()) as HealthBody).checks)).not.toContain('workflow');
    expect(temporal.executions()).toBe(before + 1);
  });

  it('refuses a deep check without the operator token (401), or when no token is configured (403), starting nothing', async () => {
    const before = temporal.executions();
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer not-the-operator-token-but-long-enough-anyway' }, { authorization: OPERATOR_TOKEN }];
    for (const headers of attempts) {
      const response = await fetch(`${api.url}/api/health?deep=true`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="operator"');
      expect(((await response.json()) as { detail: string }).detail).toMatch(/operator token/);
    }
    const unconfigured = await listen(
      createApp({
        logger: services.logger,
        health: { prisma: services.prisma, redis: limiterRedis, workerRedis: services.redis, temporal: temporal.client, namespace: services.target.namespace, taskQueue: services.config.TEMPORAL_TASK_QUEUE },
        temporalUiUrl: services.config.TEMPORAL_UI_URL,
      }),
    );
    try {
      const response = await fetch(`${unconfigured.url}/api/health?deep=true`, { headers: asOperator });
      expect(response.status).toBe(403);
      expect(((await response.json()) as { detail: string }).detail).toMatch(/OPERATOR_TOKEN is not set/);
      expect((await fetch(`${unconfigured.url}/api/health`)).status).toBe(200);
    } finally {
      await unconfigured.close();
    }
    expect(temporal.executions()).toBe(before);
  });

  it('runs one deep check at a time (concurrent probes share it) and a few per minute, then 429 with Retry-After', async () => {
    // Its own Redis key prefix: the deep-check budget is one key for the whole cluster.
    const redis = createRedis(services.config.REDIS_URL, `${services.config.REDIS_KEY_PREFIX}deep-${randomUUID().slice(0, 8)}:`);
    const limited = await listen(
      createApp({
        logger: services.logger,
        health: { prisma: services.prisma, redis, workerRedis: services.redis, temporal: temporal.client, namespace: services.target.namespace, taskQueue: services.config.TEMPORAL_TASK_QUEUE },
        temporalUiUrl: services.config.TEMPORAL_UI_URL,
        operatorToken: OPERATOR_TOKEN,
      }),
    );
    const deep = () => fetch(`${limited.url}/api/health?deep=true`, { headers: asOperator });
    try {
      // Until the connection is ready the limiter counts in memory (per process): count in Redis from the start.
      await redis.ping();
      const before = temporal.executions();
      const concurrent = await Promise.all([deep(), deep(), deep()]);
      expect(concurrent.map((response) => response.status)).toEqual([200, 200, 200]);
      expect(temporal.executions()).toBe(before + 1);
      // Three probes counted against the minute's budget; the rest of it, then 429.
      const statuses: number[] = [];
      for (let probe = 3; probe <= DEEP_HEALTH_PER_MINUTE; probe++) statuses.push((await deep()).status);
      expect(statuses).toEqual([...Array.from({ length: DEEP_HEALTH_PER_MINUTE - 3 }, () => 200), 429]);
      const refused = await deep();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      // Shallow checks are not limited by it.
      expect((await fetch(`${limited.url}/api/health`)).status).toBe(200);
    } finally {
      await limited.close();
      redis.disconnect();
    }
  });

  it('answers 405 with Allow for a method the health path does not serve, and no longer serves /metrics', async () => {
    const response = await fetch(`${api.url}/api/health`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(((await response.json()) as { detail: string }).detail).toBe('DELETE is not allowed on /api/health; it allows GET, HEAD.');
    expect((await fetch(`${api.url}/metrics`)).status).toBe(404);
  });

  it('keeps a caller-supplied request id', async () => {
    const response = await fetch(`${api.url}/api/health`, { headers: { 'x-request-id': 'trace-abc.123' } });
    expect(response.headers.get('x-request-id')).toBe('trace-abc.123');
  });

  it('answers 503 and names the dependency when Redis is unreachable', async () => {
    const deadRedis = createRedis(`redis://127.0.0.1:${await freePort()}`, 'x:', { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
    deadRedis.on('error', () => undefined);
    const degraded = await listen(
      createApp({
        logger: services.logger,
        health: { prisma: services.prisma, redis: deadRedis, temporal: services.temporal, namespace: services.target.namespace, taskQueue: services.config.TEMPORAL_TASK_QUEUE, timeoutMs: 500 },
        temporalUiUrl: services.config.TEMPORAL_UI_URL,
      }),
    );
    try {
      const response = await fetch(`${degraded.url}/api/health`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { status: string; checks: Record<string, { status: string; detail?: string }> };
      expect(body.status).toBe('degraded');
      expect(body.checks.redis?.status).toBe('down');
      expect(body.checks.postgres?.status).toBe('up');
    } finally {
      await degraded.close();
      deadRedis.disconnect();
    }
  });

  it('reports the worker down for a task queue nobody polls', async () => {
    const unpolled = await listen(
      createApp({
        logger: services.logger,
        health: { prisma: services.prisma, redis: services.redis, temporal: services.temporal, namespace: services.target.namespace, taskQueue: 'nobody-polls-this-queue' },
        temporalUiUrl: services.config.TEMPORAL_UI_URL,
      }),
    );
    try {
      const response = await fetch(`${unpolled.url}/api/health`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { checks: Record<string, { status: string; detail?: string }> };
      expect(body.checks.worker).toMatchObject({ status: 'down', detail: expect.stringContaining('nobody-polls-this-queue') });
    } finally {
      await unpolled.close();
    }
  });

  it('answers unknown API routes and malformed JSON with problem+json, no stack trace', async () => {
    const missing = await fetch(`${api.url}/api/nope`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    const malformed = await fetch(`${api.url}/api/nope`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(malformed.status).toBe(400);
    const text = await malformed.text();
    expect(text).toContain('not valid JSON');
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});
