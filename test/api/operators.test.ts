// Operators managing operators (/api/operator) and the first operator from the shell (npm run operator:create),
// against the real API and PostgreSQL.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { clearRoleCache } from '../../api/auth/authenticate.js';
import { setOperatorRole, type OperatorRoleAction } from '../../api/operatorRole.js';
import { createApiKeyFor, promoteToOperator, signUp, type SignedInUser } from '../support/identity.js';
import { call, PASSWORD, startTestApi, type Problem, type TestApi } from './authSupport.js';

const run = promisify(execFile);

interface OperatorUser {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  createdAt: string;
}

interface UserPage {
  items: OperatorUser[];
  nextCursor: string | null;
}

const rolePath = (userId: string) => `/operator/users/${userId}/roles/operator`;

describe('/api/operator', () => {
  let api: TestApi;
  let operator: SignedInUser;
  let traveler: SignedInUser;

  const auditRows = (targetId: string) => api.ctx.prisma.auditLog.findMany({ where: { targetId, action: { startsWith: 'user.operator_' } }, orderBy: { id: 'asc' } });

  beforeAll(async () => {
    api = await startTestApi();
    operator = await signUp(api.url, 'ops-operator');
    await promoteToOperator(api.ctx.prisma, operator.user.id);
    traveler = await signUp(api.url, 'ops-traveler');
  });

  afterAll(async () => {
    await api.close();
  });

  it('answers 403 to travelers and to API keys (even an operator\'s, with every scope), 401 without credentials, and changes nothing', async () => {
    const key = await createApiKeyFor(api.url, operator, ['trips:read', 'trips:write', 'trips:suggest', 'watches:read', 'watches:write', 'memories:read']);
    for (const [method, path] of [
      ['GET', '/operator/users'],
      ['PUT', rolePath(traveler.user.id)],
      ['DELETE', rolePath(operator.user.id)],
    ] as const) {
      const byTraveler = await call<Problem>(api, method, path, { headers: traveler.auth });
      expect(byTraveler.status).toBe(403);
      expect(byTraveler.json.detail).toBe('Operators only: managing operators needs the operator role, which this account does not have.');
      const byKey = await call<Problem>(api, method, path, { headers: key.auth });
      expect(byKey.status).toBe(403);
      expect(byKey.json.detail).toMatch(/API keys cannot do it, whatever their scopes/);
      expect((await call(api, method, path)).status).toBe(401);
    }
    const roles = await api.ctx.prisma.user.findMany({ where: { id: { in: [operator.user.id, traveler.user.id] } }, select: { id: true, role: true } });
    expect(Object.fromEntries(roles.map((user) => [user.id, user.role]))).toEqual({ [operator.user.id]: 'operator', [traveler.user.id]: 'traveler' });
    expect(await auditRows(traveler.user.id)).toEqual([]);
  });

  it('lists users newest first, a page at a time, with an opaque cursor and filters', async () => {
    const tag = `page-${randomUUID().slice(0, 8)}`;
    const users: SignedInUser[] = [];
    for (const label of ['a', 'b', 'c']) users.push(await signUp(api.url, `${tag}-${label}`));

    const first = await call<UserPage>(api, 'GET', `/operator/users?email=${tag.toUpperCase()}&limit=2`, { headers: operator.auth });
    expect(first.status).toBe(200);
    expect(first.json.items.map((user) => user.id)).toEqual([users[2]?.user.id, users[1]?.user.id]);
    expect(first.json.items[0]).toEqual({ id: users[2]?.user.id, email: users[2]?.user.email, displayName: `Test ${tag}-c`, roles: ['traveler'], createdAt: expect.any(String) });
    expect(Date.parse(first.json.items[0]?.createdAt ?? '')).not.toBeNaN();
    expect(first.json.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);

    const second = await call<UserPage>(api, 'GET', `/operator/users?email=${tag}&limit=2&cursor=${first.json.nextCursor}`, { headers: operator.auth });
    expect(second.json).toEqual({ items: [expect.objectContaining({ id: users[0]?.user.id })], nextCursor: null });

    const operators = await call<UserPage>(api, 'GET', `/operator/users?role=operator&email=ops-operator`, { headers: operator.auth });
    expect(operators.json.items.map((user) => user.id)).toContain(operator.user.id);
    expect(operators.json.items.find((user) => user.id === operator.user.id)?.roles).toEqual(['traveler', 'operator']);
    expect(operators.json.items.every((user) => user.roles.includes('operator'))).toBe(true);

    const badCursor = await call<Problem>(api, 'GET', '/operator/users?cursor=bm90LWEtY3Vyc29y', { headers: operator.auth });
    expect(badCursor.status).toBe(422);
    expect(badCursor.json.errors).toEqual([{ field: 'cursor', reason: 'is not a cursor from a previous page' }]);
    const badQuery = await call<Problem>(api, 'GET', '/operator/users?limit=0&sort=email', { headers: operator.auth });
    expect(badQuery.status).toBe(400);
    expect(badQuery.json.errors?.map((problem) => problem.field).sort()).toEqual(['limit', 'sort']);
  });

  it('grants and revokes the role, auditing each change once, and the change applies to the user\'s next request', async () => {
    const target = await signUp(api.url, 'ops-target');
    expect((await call(api, 'GET', '/operator/users?limit=1', { headers: target.auth })).status).toBe(403);

    const granted = await call<OperatorUser>(api, 'PUT', rolePath(target.user.id), { headers: operator.auth });
    expect(granted.status).toBe(200);
    expect(granted.json).toMatchObject({ id: target.user.id, email: target.user.email, roles: ['traveler', 'operator'] });
    expect((await call(api, 'GET', '/operator/users?limit=1', { headers: target.auth })).status).toBe(200);
    // Idempotent: granting again answers the same and records nothing.
    expect((await call<OperatorUser>(api, 'PUT', rolePath(target.user.id), { headers: operator.auth })).json.roles).toEqual(['traveler', 'operator']);

    const revoked = await call<OperatorUser>(api, 'DELETE', rolePath(target.user.id), { headers: operator.auth });
    expect(revoked.status).toBe(200);
    expect(revoked.json.roles).toEqual(['traveler']);
    expect((await call(api, 'DELETE', rolePath(target.user.id), { headers: operator.auth })).status).toBe(200);
    const denied = await call<Problem>(api, 'GET', '/operator/users?limit=1', { headers: target.auth });
    expect(denied.status).toBe(403);

    const rows = await auditRows(target.user.id);
    expect(rows.map((row) => ({ action: row.action, actorType: row.actorType, actorId: row.actorId, targetType: row.targetType, details: row.details }))).toEqual([
      { action: 'user.operator_granted', actorType: 'operator', actorId: operator.user.id, targetType: 'user', details: { email: target.user.email, via: 'api' } },
      { action: 'user.operator_revoked', actorType: 'operator', actorId: operator.user.id, targetType: 'user', details: { email: target.user.email, via: 'api' } },
    ]);
    expect(rows.every((row) => row.requestId !== null)).toBe(true);
  });

  it('answers 404 for no such user and 400 for an id that is no UUID', async () => {
    const missing = await call<Problem>(api, 'PUT', rolePath(randomUUID()), { headers: operator.auth });
    expect(missing.status).toBe(404);
    const malformed = await call<Problem>(api, 'DELETE', rolePath('not-a-uuid'), { headers: operator.auth });
    expect(malformed.status).toBe(400);
    expect(malformed.json.errors).toEqual([{ field: 'id', reason: 'must be a UUID' }]);
  });

  // The rule is about every operator in the database, which other test files share: this test makes its two
  // operators the only ones for a moment and gives the others their role back at the end.
  it('never revokes the last operator (409), not even when two revocations race', async () => {
    const second = await signUp(api.url, 'ops-second');
    await promoteToOperator(api.ctx.prisma, second.user.id);
    const others = await api.ctx.prisma.user.findMany({ where: { role: 'operator', id: { notIn: [operator.user.id, second.user.id] } }, select: { id: true } });
    const otherIds = others.map((user) => user.id);
    await api.ctx.prisma.user.updateMany({ where: { id: { in: otherIds } }, data: { role: 'traveler' } });
    try {
      expect((await call(api, 'DELETE', rolePath(second.user.id), { headers: operator.auth })).status).toBe(200);
      const self = await call<Problem>(api, 'DELETE', rolePath(operator.user.id), { headers: operator.auth });
      expect(self.status).toBe(409);
      expect(self.json.detail).toBe('This is the last operator: grant the operator role to someone else before revoking it here.');
      expect((await call(api, 'DELETE', rolePath(operator.user.id), { headers: second.auth })).status).toBe(403);

      // Two revocations at once (each would be fine alone): the row locks let exactly one through.
      expect((await call(api, 'PUT', rolePath(second.user.id), { headers: operator.auth })).status).toBe(200);
      const audit = (action: OperatorRoleAction, user: { id: string }) => ({ actorType: 'system' as const, action, targetType: 'user', targetId: user.id });
      const outcomes = await Promise.allSettled([
        setOperatorRole(api.ctx.prisma, operator.user.id, false, audit),
        setOperatorRole(api.ctx.prisma, second.user.id, false, audit),
      ]);
      expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({ reason: { status: 409 } });
      expect(await api.ctx.prisma.user.count({ where: { role: 'operator', id: { in: [operator.user.id, second.user.id] } } })).toBe(1);
    } finally {
      await api.ctx.prisma.user.updateMany({ where: { id: { in: [...otherIds, operator.user.id] } }, data: { role: 'operator' } });
      clearRoleCache(api.ctx.prisma);
    }
  });

  it('npm run operator:create makes the first operator, creating the account with the password from OPERATOR_PASSWORD', async () => {
    const email = `first-operator-${randomUUID()}@example.test`;
    const env = { ...process.env, OPERATOR_PASSWORD: PASSWORD };
    const created = await run('npm', ['run', '-s', 'operator:create', '--', '--email', email, '--name', 'First Operator'], { env });
    expect(created.stdout).toContain(`created the account ${email}`);
    expect(created.stdout).toContain(`${email} is now an operator`);
    const login = await call<{ accessToken: string; user: { displayName: string; role: string } }>(api, 'POST', '/auth/login', { body: { email, password: PASSWORD } });
    expect(login.status).toBe(200);
    expect(login.json.user).toMatchObject({ displayName: 'First Operator', role: 'operator' });
    expect((await call(api, 'GET', '/operator/users?limit=1', { token: login.json.accessToken })).status).toBe(200);
    const user = await api.ctx.prisma.user.findUniqueOrThrow({ where: { email } });
    expect((await api.ctx.prisma.auditLog.findMany({ where: { targetId: user.id, action: { startsWith: 'user.' } }, orderBy: { id: 'asc' } })).map((row) => [row.actorType, row.action])).toEqual([
      ['system', 'user.created'],
      ['system', 'user.operator_granted'],
    ]);

    // Again: the account exists and already is an operator; nothing changes.
    expect((await run('npm', ['run', '-s', 'operator:create', '--', '--email', email], { env })).stdout).toContain(`${email} is already an operator`);

    // No password to create an account with (and no terminal to ask on): a usage error, nothing created.
    const { OPERATOR_PASSWORD: _unused, ...withoutPassword } = env;
    const other = `no-password-${randomUUID()}@example.test`;
    const refused = await run('npm', ['run', '-s', 'operator:create', '--', '--email', other], { env: withoutPassword }).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 64, stderr: expect.stringContaining('set OPERATOR_PASSWORD') });
    const shortPassword = await run('npm', ['run', '-s', 'operator:create', '--', '--email', other], { env: { ...env, OPERATOR_PASSWORD: 'short' } }).catch((error: { code: number; stderr: string }) => error);
    expect(shortPassword).toMatchObject({ code: 64, stderr: expect.stringContaining('must be at least 10 characters') });
    expect(await api.ctx.prisma.user.count({ where: { email: other } })).toBe(0);
  }, 60_000);
});
