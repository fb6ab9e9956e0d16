import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApp } from '../api/app.js';
import { createRedis } from '../infra/redis.js';
import { freePort } from '../scripts/lib/isolatedStack.js';
import { listen, type RunningApp } from './support/http.js';
import { connectTestServices, type TestServices } from './support/services.js';

describe('GET /api/health against the real services', () => {
  let services: TestServices;
  let api: RunningApp;

  beforeAll(async () => {
    services = await connectTestServices();
    api = await listen(
      createApp({
        logger: services.logger,
        health: { prisma: services.prisma, redis: services.redis, temporal: services.temporal, namespace: services.target.namespace, taskQueue: services.config.TEMPORAL_TASK_QUEUE },
        temporalUiUrl: services.config.TEMPORAL_UI_URL,
      }),
    );
  });

  afterAll(async () => {
    await api.close();
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

  it('runs the system-check workflow on the worker when asked for a deep check', async () => {
    const response = await fetch(`${api.url}/api/health?deep=true`);
    const body = (await response.json()) as { checks: Record<string, { status: string }> };
    expect(response.status).toBe(200);
    expect(body.checks.workflow?.status).toBe('up');
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
