// Outages degrade, never leak: with PostgreSQL or the Temporal frontend unreachable, every request that
// needs it answers 503 problem+json with Retry-After and a plain detail (no Prisma/gRPC text, no paths),
// promptly rather than after ~20 s of client retries; a message whose fate is unknown points at its status.
// The outages are real: the API reaches each service through a TCP proxy (test/support/tcpProxy.ts) that
// is cut (open connections reset, new ones refused) and restored.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../infra/config.js';
import { eventually } from '../support/eventually.js';
import { signUp, type SignedInUser } from '../support/identity.js';
import { hostAndPort, startTcpProxy, throughProxy, type TcpProxy } from '../support/tcpProxy.js';
import { call, PASSWORD, startTestApi, type Problem, type TestApi } from './authSupport.js';

/** Internal text that must never reach a client. */
const INTERNALS = /[Pp]risma|invocation|\.ts:\d|\/work\/|node_modules|ECONNREFUSED|UNAVAILABLE|gRPC|grpc|\n\s+at /;

function expectUnavailable(response: { status: number; headers: Headers; json: unknown }): void {
  expect(response.status).toBe(503);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  const body = JSON.stringify(response.json);
  expect(body).not.toMatch(INTERNALS);
  expect((response.json as Problem).detail).toMatch(/unavailable/);
}

const timed = async <T>(what: string, run: () => Promise<T>): Promise<{ result: T; ms: number }> => {
  const started = performance.now();
  const result = await run();
  const ms = Math.round(performance.now() - started);
  console.log(`[outage] ${what}: ${ms} ms`);
  return { result, ms };
};

describe('a PostgreSQL outage', () => {
  let database: TcpProxy;
  let api: TestApi;
  let traveler: SignedInUser;
  let tripId: string;

  beforeAll(async () => {
    const config = loadConfig(process.env);
    database = await startTcpProxy(hostAndPort(config.DATABASE_URL, 5432));
    api = await startTestApi({ config: { DATABASE_URL: throughProxy(config.DATABASE_URL, database) } });
    traveler = await signUp(api.url, 'outage');
    tripId = (await call<{ id: string }>(api, 'POST', '/trips', { headers: traveler.auth, body: { title: 'Outage trip' } })).json.id;
  });

  afterAll(async () => {
    await api.close();
    await database.close();
  });

  it('answers 503 with Retry-After on database-backed requests, login included, and recovers when it is back', async () => {
    await database.cut();
    try {
      const login = await call(api, 'POST', '/auth/login', { body: { email: traveler.user.email, password: PASSWORD } });
      expectUnavailable(login);
      expect((login.json as Problem).detail).toMatch(/trip store/i);
      expectUnavailable(await call(api, 'GET', '/trips', { headers: traveler.auth }));
      expectUnavailable(await call(api, 'GET', `/trips/${tripId}`, { headers: traveler.auth }));
      expectUnavailable(await call(api, 'POST', '/trips', { headers: traveler.auth, body: { title: 'During the outage' } }));
    } finally {
      await database.restore();
    }
    const back = await eventually(() => call(api, 'POST', '/auth/login', { body: { email: traveler.user.email, password: PASSWORD } }), (response) => response.status === 200, {
      timeoutMs: 15_000,
      what: 'login after the database came back',
    });
    expect(back.status).toBe(200);
    expect((await call(api, 'GET', `/trips/${tripId}`, { headers: traveler.auth })).status).toBe(200);
  });
});

describe('a Temporal outage', () => {
  let temporal: TcpProxy;
  let api: TestApi;
  let traveler: SignedInUser;
  let tripId: string;

  beforeAll(async () => {
    temporal = await startTcpProxy(hostAndPort(process.env.TEMPORAL_ADDRESS as string, 7233));
    api = await startTestApi({ env: { ...process.env, TEMPORAL_ADDRESS: temporal.address } });
    traveler = await signUp(api.url, 'planner-outage');
    tripId = (await call<{ id: string }>(api, 'POST', '/trips', { headers: traveler.auth, body: { title: 'Planner outage trip' } })).json.id;
  });

  afterAll(async () => {
    await api.close();
    await temporal.close();
  });

  it('answers 503 promptly; a message whose fate is unknown points at its status, and is planned once the planner is back', async () => {
    const messages = `/trips/${tripId}/messages`;
    const body = { text: 'A long weekend in Porto from Madrid, 2027-04-09 to 2027-04-12', clientMessageId: 'outage-1' };
    await temporal.cut();
    try {
      const { result: sent } = await timed('message during a Temporal outage', () => call<Problem & { statusUrl?: string }>(api, 'POST', messages, { headers: traveler.auth, body }));
      expectUnavailable(sent);
      expect(sent.json.statusUrl).toBe(`/api${messages}/outage-1`);
      expect(sent.json.detail).toMatch(/clientMessageId/);
      // The SDK's default retries held each request ~20 s; how long this one took is printed, not asserted.

      const status = await call(api, 'GET', `${messages}/outage-1`, { headers: traveler.auth });
      expectUnavailable(status);
      expect((status.json as Problem).detail).toMatch(/trip planner/);
      // Database-only routes still work during a Temporal outage.
      expect((await call(api, 'GET', `/trips/${tripId}`, { headers: traveler.auth })).status).toBe(200);
    } finally {
      await temporal.restore();
    }
    const planned = await eventually(
      () => call<{ status: string }>(api, 'POST', messages, { headers: { ...traveler.auth, prefer: 'wait=30' }, body }),
      (response) => response.status === 200,
      { timeoutMs: 60_000, intervalMs: 500, what: 'the re-sent message to be planned' },
    );
    expect(planned.status).toBe(200);
    const turn = await call<{ status: string }>(api, 'GET', `${messages}/outage-1`, { headers: traveler.auth });
    expect(turn.json.status).toBe('done');
  }, 90_000);
});
