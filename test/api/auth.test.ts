import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hashToken } from '../../api/auth/tokens.js';
import { call, PASSWORD, registerUser, startTestApi, uniqueEmail, type Problem, type Session, type TestApi } from './authSupport.js';

const run = promisify(execFile);

describe('/api/auth', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const login = (email: string, password = PASSWORD) => call<Session & Problem>(api, 'POST', '/auth/login', { body: { email, password } });
  const refresh = (refreshToken: string) => call<Session & Problem>(api, 'POST', '/auth/refresh', { body: { refreshToken } });

  describe('register', () => {
    it('creates a traveler, stores an argon2id hash and returns a session', async () => {
      const email = uniqueEmail('Reg');
      const response = await call<Session>(api, 'POST', '/auth/register', { body: { email: `  ${email.toUpperCase()} `, password: PASSWORD, displayName: ' Ada ' } });
      expect(response.status).toBe(201);
      expect(response.json).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.stringMatching(/^rt_[A-Za-z0-9_-]{43}$/),
        expiresIn: 900,
        user: { id: expect.any(String), email: email.toLowerCase(), displayName: 'Ada', role: 'traveler' },
      });
      const row = await api.ctx.prisma.user.findUniqueOrThrow({ where: { id: response.json.user.id } });
      expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      const stored = await api.ctx.prisma.refreshToken.findMany({ where: { userId: row.id } });
      expect(stored).toHaveLength(1);
      expect(stored[0]?.tokenHash).toBe(hashToken(response.json.refreshToken));
      expect(JSON.stringify(stored)).not.toContain(response.json.refreshToken);
    });

    it('answers 409 for an email that is already registered, whatever its case', async () => {
      const user = await registerUser(api, 'dup');
      const response = await call<Problem>(api, 'POST', '/auth/register', { body: { email: user.user.email.toUpperCase(), password: 'another password!', displayName: 'Twin' } });
      expect(response.status).toBe(409);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.json.detail).not.toMatch(/exists|taken/i);
    });

    it('rejects unknown fields by name, and missing or invalid ones with a reason', async () => {
      const response = await call<Problem>(api, 'POST', '/auth/register', {
        body: { email: 'not-an-email', password: 'short', displayName: 'X', role: 'operator', isAdmin: true },
      });
      expect(response.status).toBe(400);
      expect(response.json.errors).toEqual(
        expect.arrayContaining([
          { field: 'role', reason: 'is not a known field' },
          { field: 'isAdmin', reason: 'is not a known field' },
          { field: 'email', reason: 'must be an email address' },
          { field: 'password', reason: 'must be at least 10 characters' },
        ]),
      );
      const missing = await call<Problem>(api, 'POST', '/auth/register', { body: {} });
      expect(missing.status).toBe(400);
      expect(missing.json.errors).toEqual(
        expect.arrayContaining([
          { field: 'email', reason: 'is required' },
          { field: 'password', reason: 'is required' },
          { field: 'displayName', reason: 'is required' },
        ]),
      );
      const tooLong = await call<Problem>(api, 'POST', '/auth/register', { body: { email: uniqueEmail(), password: 'x'.repeat(201), displayName: 'Long' } });
      expect(tooLong.json.errors).toEqual([{ field: 'password', reason: 'must be at most 200 characters' }]);
    });

    it('counts lengths in characters, as the OpenAPI document does, and refuses a blank name', async () => {
      // An emoji is two UTF-16 units: 150 of them are 150 characters (within 200), 6 of them are 6 (under 10).
      const emoji = '\u{1F30D}';
      const wide = await call<{ user: { displayName: string } }>(api, 'POST', '/auth/register', { body: { email: uniqueEmail(), password: emoji.repeat(150), displayName: emoji.repeat(100) } });
      expect(wide.status).toBe(201);
      expect(wide.json.user.displayName).toBe(emoji.repeat(100));
      const short = await call<Problem>(api, 'POST', '/auth/register', { body: { email: uniqueEmail(), password: emoji.repeat(6), displayName: ' \t ' } });
      expect(short.status).toBe(400);
      expect(short.json.errors).toEqual(
        expect.arrayContaining([
          { field: 'password', reason: 'must be at least 10 characters' },
          { field: 'displayName', reason: 'must not be empty' },
        ]),
      );
    });
  });

  describe('login', () => {
    it('signs in with the right password and writes an audit entry', async () => {
      const user = await registerUser(api, 'login');
      const response = await login(user.user.email);
      expect(response.status).toBe(200);
      expect(response.json.user).toEqual(user.user);
      expect(response.json.refreshToken).not.toBe(user.refreshToken);
      const entries = await api.ctx.prisma.auditLog.findMany({ where: { action: 'auth.login', actorId: user.user.id } });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ actorType: 'user', targetType: 'user', targetId: user.user.id, ip: '127.0.0.1' });
      expect(entries[0]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('answers the same generic 401 for a wrong password and an unknown email, and audits both', async () => {
      const user = await registerUser(api, 'wrongpw');
      const wrong = await login(user.user.email, 'not the password');
      const unknownEmail = uniqueEmail('ghost');
      const unknown = await login(unknownEmail);
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.json.detail).toBe(unknown.json.detail);
      expect(wrong.json.title).toBe(unknown.json.title);
      const failed = await api.ctx.prisma.auditLog.findMany({ where: { action: 'auth.login_failed', OR: [{ actorId: user.user.id }, { details: { path: ['email'], equals: unknownEmail } }] } });
      expect(failed.map((entry) => (entry.details as { reason: string }).reason).sort()).toEqual(['unknown_email', 'wrong_password']);
    });
  });

  describe('me', () => {
    it('returns the signed-in user and the session principal', async () => {
      const user = await registerUser(api, 'me');
      const response = await call<{ user: Session['user']; principal: unknown }>(api, 'GET', '/auth/me', { token: user.accessToken });
      expect(response.status).toBe(200);
      expect(response.json).toEqual({ user: { ...user.user, preferredCurrency: null }, principal: { kind: 'user', scopes: 'session' } });
    });

    it('answers 401 with WWW-Authenticate: Bearer without credentials', async () => {
      const response = await call<Problem>(api, 'GET', '/auth/me');
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });
  });

  describe('refresh', () => {
    it('rotates: a new refresh token in the same family, the old one revoked and linked to it', async () => {
      const user = await registerUser(api, 'rotate');
      const response = await refresh(user.refreshToken);
      expect(response.status).toBe(200);
      expect(response.json.user).toEqual(user.user);
      expect(response.json.refreshToken).not.toBe(user.refreshToken);
      const me = await call(api, 'GET', '/auth/me', { token: response.json.accessToken });
      expect(me.status).toBe(200);
      const old = await api.ctx.prisma.refreshToken.findUniqueOrThrow({ where: { tokenHash: hashToken(user.refreshToken) } });
      const next = await api.ctx.prisma.refreshToken.findUniqueOrThrow({ where: { tokenHash: hashToken(response.json.refreshToken) } });
      expect(old.revokedAt).not.toBeNull();
      expect(old.replacedById).toBe(next.id);
      expect(next.familyId).toBe(old.familyId);
      expect(next.revokedAt).toBeNull();
    });

    it('treats reuse of a rotated token as theft: 401 and the whole family revoked', async () => {
      const user = await registerUser(api, 'reuse');
      const first = await refresh(user.refreshToken);
      const second = await refresh(first.json.refreshToken);
      expect(second.status).toBe(200);
      // An attacker replays the first token.
      const replay = await refresh(user.refreshToken);
      expect(replay.status).toBe(401);
      // The legitimate holder's latest token is dead too: everyone must sign in again.
      const latest = await refresh(second.json.refreshToken);
      expect(latest.status).toBe(401);
      const family = await api.ctx.prisma.refreshToken.findMany({ where: { userId: user.user.id } });
      expect(family).toHaveLength(3);
      expect(family.every((token) => token.revokedAt !== null)).toBe(true);
      const alerts = await api.ctx.prisma.auditLog.findMany({ where: { action: 'auth.refresh_reuse_detected', actorId: user.user.id }, orderBy: { id: 'asc' } });
      // The replay revoked the one live token; the holder's later attempt is recorded too.
      expect(alerts.map((alert) => alert.details)).toEqual([{ revokedTokens: 1 }, { revokedTokens: 0 }]);
    });

    it('lets only one of two concurrent uses of the same token win', async () => {
      const user = await registerUser(api, 'race');
      const results = await Promise.all([refresh(user.refreshToken), refresh(user.refreshToken)]);
      expect(results.map((result) => result.status).sort()).toEqual([200, 401]);
    });

    it('answers 401 for an unknown or malformed refresh token', async () => {
      expect((await refresh('rt_' + 'A'.repeat(43))).status).toBe(401);
      expect((await refresh('nonsense')).status).toBe(401);
      const user = await registerUser(api, 'expired');
      await api.ctx.prisma.refreshToken.updateMany({ where: { userId: user.user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
      expect((await refresh(user.refreshToken)).status).toBe(401);
    });
  });

  describe('logout', () => {
    it('revokes the presented session family only', async () => {
      const user = await registerUser(api, 'logout');
      const other = await login(user.user.email);
      const rotated = await refresh(user.refreshToken);
      const response = await call(api, 'POST', '/auth/logout', { body: { refreshToken: rotated.json.refreshToken } });
      expect(response.status).toBe(204);
      expect((await refresh(rotated.json.refreshToken)).status).toBe(401);
      expect((await refresh(other.json.refreshToken)).status).toBe(200);
      // Unknown tokens are not an error (nothing to reveal).
      expect((await call(api, 'POST', '/auth/logout', { body: { refreshToken: 'rt_' + 'B'.repeat(43) } })).status).toBe(204);
      expect((await call<Problem>(api, 'POST', '/auth/logout', { body: { refreshToken: 'x', extra: 1 } })).json.errors).toEqual([{ field: 'extra', reason: 'is not a known field' }]);
    });

    it('logout-all revokes every refresh token of the user', async () => {
      const user = await registerUser(api, 'logoutall');
      const second = await login(user.user.email);
      const bystander = await registerUser(api, 'bystander');
      const response = await call<{ revokedRefreshTokens: number }>(api, 'POST', '/auth/logout-all', { token: second.json.accessToken });
      expect(response.status).toBe(200);
      expect(response.json.revokedRefreshTokens).toBe(2);
      expect((await refresh(user.refreshToken)).status).toBe(401);
      expect((await refresh(second.json.refreshToken)).status).toBe(401);
      expect((await refresh(bystander.refreshToken)).status).toBe(200);
      expect((await call(api, 'POST', '/auth/logout-all')).status).toBe(401);
    });
  });

  it('scripts/makeOperator.ts gives a user the operator role', async () => {
    const user = await registerUser(api, 'operator');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/makeOperator.ts', user.user.email], { env: process.env });
    expect(stdout).toContain('is now an operator');
    const response = await login(user.user.email);
    expect(response.json.user.role).toBe('operator');
    const missing = await run(process.execPath, ['--import', 'tsx', 'scripts/makeOperator.ts', uniqueEmail('nobody')], { env: process.env }).catch((error: { code: number }) => error);
    expect(missing).toMatchObject({ code: 1 });
  });
});
