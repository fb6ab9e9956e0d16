import { afterEach, describe, expect, it } from '@jest/globals';
import express from 'express';
import { pino } from 'pino';
import { problemHandler } from '../../api/errors.js';
import { rateLimits } from '../../api/security.js';
import { loadConfig } from '../../infra/config.js';
import { createRedis } from '../../infra/redis.js';
import { freePort } from '../../scripts/lib/ports.js';
import { listen } from '../support/http.js';
import { call, registerUser, startTestApi, uniqueEmail, type Problem, type TestApi } from './authSupport.js';

describe('rate limits and CORS', () => {
  const started: TestApi[] = [];
  const start = async (...args: Parameters<typeof startTestApi>) => {
    const api = await startTestApi(...args);
    started.push(api);
    return api;
  };

  afterEach(async () => {
    await Promise.all(started.splice(0).map((api) => api.close()));
  });

  it('answers 429 with Retry-After once an IP exceeds AUTH_RATE_LIMIT_PER_MINUTE on /auth/login', async () => {
    const api = await start({ config: { AUTH_RATE_LIMIT_PER_MINUTE: 3 } });
    const login = (ip: string) => call<Problem>(api, 'POST', '/auth/login', { body: { email: uniqueEmail('rl'), password: 'whatever-password' }, headers: { 'x-forwarded-for': ip } });
    for (let i = 0; i < 3; i++) {
      const response = await login('203.0.113.7');
      expect(response.status).toBe(401);
      expect(response.headers.get('ratelimit-limit')).toBe('3');
      expect(response.headers.get('ratelimit-remaining')).toBe(String(2 - i));
    }
    const limited = await login('203.0.113.7');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('ratelimit-policy')).toBe('3;w=60');
    expect(limited.json).toMatchObject({ status: 429, title: 'Too Many Requests' });
    // Register and refresh share the budget; other addresses and other endpoints do not.
    expect((await call(api, 'POST', '/auth/refresh', { body: { refreshToken: 'x' }, headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(429);
    expect((await login('198.51.100.9')).status).toBe(401);
    expect((await call(api, 'POST', '/plan/parse', { body: { text: 'Lisbon in May' }, headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(200);
    // Counters live in Redis under the API's key prefix.
    // KEYS patterns are not prefixed by ioredis; the stored keys carry REDIS_KEY_PREFIX.
    const stored = await api.ctx.redis.keys(`${api.ctx.config.REDIS_KEY_PREFIX}rl:auth:*`);
    expect(stored.sort()).toEqual([`${api.ctx.config.REDIS_KEY_PREFIX}rl:auth:198.51.100.9`, `${api.ctx.config.REDIS_KEY_PREFIX}rl:auth:203.0.113.7`]);
  });

  it('limits each principal to RATE_LIMIT_PER_MINUTE after authentication', async () => {
    const api = await start({ config: { RATE_LIMIT_PER_MINUTE: 2 } });
    const alice = await registerUser(api, 'alice');
    const bob = await registerUser(api, 'bob');
    expect((await call(api, 'GET', '/auth/me', { token: alice.accessToken })).status).toBe(200);
    expect((await call(api, 'GET', '/auth/me', { token: alice.accessToken })).status).toBe(200);
    const limited = await call<Problem>(api, 'GET', '/auth/me', { token: alice.accessToken });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await call(api, 'GET', '/auth/me', { token: bob.accessToken })).status).toBe(200);
  });

  it('limits each IP to RATE_LIMIT_IP_PER_MINUTE across /api, but not the health probe', async () => {
    const api = await start({ config: { RATE_LIMIT_IP_PER_MINUTE: 2 } });
    const parse = () => call(api, 'POST', '/plan/parse', { body: { text: 'Rome' } });
    expect((await parse()).status).toBe(200);
    expect((await parse()).status).toBe(200);
    expect((await parse()).status).toBe(429);
    expect((await call(api, 'GET', '/nothing-here')).status).toBe(429);
    expect((await fetch(`${api.url}/api/health`)).status).not.toBe(429);
  });

  it('fails open onto a per-process limiter, with a warning, when Redis is down', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const deadRedis = createRedis(`redis://127.0.0.1:${await freePort()}`, 'x:', { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
    deadRedis.on('error', () => undefined);
    const config = { ...loadConfig(process.env), RATE_LIMIT_IP_PER_MINUTE: 2 };
    const app = express();
    app.use(rateLimits({ config, redis: deadRedis, logger }).perIp);
    app.get('/ping', (_req, res) => res.json({ ok: true }));
    app.use(problemHandler(logger));
    const server = await listen(app);
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${server.url}/ping`)).status);
      expect(statuses).toEqual([200, 200, 429]);
      expect(lines.some((line) => line.includes('Redis unavailable'))).toBe(true);
    } finally {
      await server.close();
      deadRedis.disconnect();
    }
  });

  describe('CORS', () => {
    it('allows PUBLIC_URL and CORS_ORIGINS, and sends no CORS headers to other origins', async () => {
      const api = await start({ config: { PUBLIC_URL: 'https://trips.example.com/', CORS_ORIGINS: 'http://localhost:5173, https://admin.example.com' } });
      const preflight = (origin: string) =>
        fetch(`${api.url}/api/auth/login`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' } });
      for (const origin of ['https://trips.example.com', 'http://localhost:5173', 'https://admin.example.com']) {
        const response = await preflight(origin);
        expect(response.status).toBe(204);
        expect(response.headers.get('access-control-allow-origin')).toBe(origin);
        expect(response.headers.get('access-control-allow-credentials')).toBeNull();
        expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
      }
      const evil = await preflight('https://evil.example');
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
      const simple = await fetch(`${api.url}/api/plan/parse`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Rome' }) });
      expect(simple.headers.get('access-control-allow-origin')).toBeNull();
      const allowed = await fetch(`${api.url}/api/plan/parse`, { method: 'POST', headers: { origin: 'http://localhost:5173', 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Rome' }) });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(allowed.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
    });
  });
});
