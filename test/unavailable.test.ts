// Which errors are outages (infra/unavailable.ts), checked on the real errors each client raises: Prisma
// over the pg adapter (an unreachable server, a raw query, a connection the server terminates), Temporal
// gRPC, ioredis. Errors the server answered (a unique violation, a missing workflow) are not outages.
// And an outage becomes a 503 problem with Retry-After and no internal text (api/errors.ts).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { toHttpError } from '../api/errors.js';
import { createPrismaClient, type PrismaClient } from '../infra/db.js';
import { createRedis } from '../infra/redis.js';
import { unavailableDependency } from '../infra/unavailable.js';
import { freePort } from '../scripts/lib/ports.js';
import { connectTestServices, type TestServices } from './support/services.js';

const caught = async (run: () => Promise<unknown>): Promise<unknown> => {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
};

describe('unavailableDependency on real client errors', () => {
  let services: TestServices;
  let unreachable: PrismaClient;
  let closedPort: number;

  beforeAll(async () => {
    services = await connectTestServices();
    closedPort = await freePort();
    unreachable = createPrismaClient(`postgresql://postgres@127.0.0.1:${closedPort}/nowhere`);
  });

  afterAll(async () => {
    await unreachable.$disconnect();
    await services.close();
  });

  it('sees an unreachable PostgreSQL in model queries and raw queries', async () => {
    expect(unavailableDependency(await caught(() => unreachable.user.findFirst()))).toBe('database');
    expect(unavailableDependency(await caught(() => unreachable.$queryRaw`SELECT 1`))).toBe('database');
  });

  it('sees a connection the server terminates (SQLSTATE 57P01, as when PostgreSQL shuts down)', async () => {
    const own = createPrismaClient(services.config.DATABASE_URL, { maxConnections: 1 });
    try {
      const error = await caught(() => own.$queryRaw`SELECT pg_terminate_backend(pg_backend_pid())`);
      expect(unavailableDependency(error)).toBe('database');
    } finally {
      await own.$disconnect();
    }
  });

  it('does not count an error the database answered', async () => {
    const email = `dup-${randomUUID()}@example.test`;
    const user = await services.prisma.user.create({ data: { email, displayName: 'Dup' } });
    try {
      expect(unavailableDependency(await caught(() => services.prisma.user.create({ data: { email, displayName: 'Dup' } })))).toBeNull();
    } finally {
      await services.prisma.user.delete({ where: { id: user.id } });
    }
  });

  it('sees an unreachable Temporal frontend, not a missing workflow', async () => {
    const connection = Connection.lazy({ address: `127.0.0.1:${closedPort}`, interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 1 }))] });
    try {
      expect(unavailableDependency(await caught(() => connection.workflowService.getSystemInfo({})))).toBe('temporal');
    } finally {
      await connection.close();
    }
    expect(unavailableDependency(await caught(() => services.temporal.workflow.getHandle(`missing-${randomUUID()}`).describe()))).toBeNull();
  });

  it('sees an unreachable Redis, whose connection errors go to the logger', async () => {
    const warnings: { fields: unknown; message: string }[] = [];
    const logger = { warn: (fields: object, message: string) => void warnings.push({ fields, message }) };
    const redis = createRedis(`redis://127.0.0.1:${closedPort}`, 'nowhere:', { maxRetriesPerRequest: 1 }, logger);
    try {
      expect(unavailableDependency(await caught(() => redis.get('key')))).toBe('redis');
      expect(warnings[0]).toEqual({ fields: { err: expect.objectContaining({ code: 'ECONNREFUSED' }) }, message: 'redis connection error' });
    } finally {
      redis.disconnect();
    }
  });

  it('turns an outage into 503 with Retry-After and a plain detail, anything else into a 500', async () => {
    const problem = toHttpError(await caught(() => unreachable.user.findFirst()));
    expect(problem.status).toBe(503);
    expect(problem.headers['Retry-After']).toBe('5');
    expect(problem.detail).toBe('The trip store is unavailable; retry in 5 s.');
    expect(toHttpError(new Error('something else')).status).toBe(500);
  });
});
