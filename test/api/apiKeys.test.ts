import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '../support/eventually.js';
import { principalFromToken } from '../../api/auth/authenticate.js';
import { protect } from '../../api/auth/index.js';
import { principalOf, requireScope } from '../../api/auth/principal.js';
import { call, registerUser, startTestApi, type Problem, type Session, type TestApi } from './authSupport.js';

interface KeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const KEY_FORMAT = /^tsk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

describe('/api/api-keys', () => {
  let api: TestApi;
  let owner: Session;

  beforeAll(async () => {
    api = await startTestApi({
      // A tiny scope-checked route, as the trips routers do it.
      routes: (router, ctx) => {
        router.get('/test/trips', ...protect(ctx), (req, res) => {
          const principal = principalOf(req);
          requireScope(principal, 'trips:read');
          res.json({ userId: principal.userId, kind: principal.kind });
        });
        router.post('/test/trips', ...protect(ctx), (req, res) => {
          requireScope(principalOf(req), 'trips:write');
          res.status(201).json({ ok: true });
        });
      },
    });
    owner = await registerUser(api, 'keys');
  });

  afterAll(async () => {
    await api.close();
  });

  const createKey = (body: unknown, token = owner.accessToken) => call<KeyView & { key: string } & Problem>(api, 'POST', '/api-keys', { token, body });

  it('creates a key, shows it once, stores only its hash and lists it without the secret', async () => {
    const created = await createKey({ name: 'trip agent', scopes: ['trips:read', 'trips:suggest'], expiresInDays: 30 });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const match = KEY_FORMAT.exec(created.json.key);
    expect(match).not.toBeNull();
    const [, prefix = '', secret = ''] = match ?? [];
    expect(created.json).toMatchObject({ name: 'trip agent', prefix, scopes: ['trips:read', 'trips:suggest'], lastUsedAt: null, revokedAt: null });
    expect(Date.parse(created.json.expiresAt ?? '') - Date.now()).toBeGreaterThan(29 * 86_400_000);

    const row = await api.ctx.prisma.apiKey.findUniqueOrThrow({ where: { id: created.json.id } });
    expect(row.prefix).toBe(prefix);
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(secret);

    const list = await call<{ items: KeyView[]; nextCursor: null }>(api, 'GET', '/api-keys', { token: owner.accessToken });
    expect(list.status).toBe(200);
    const listed = list.json.items.find((key) => key.id === created.json.id);
    expect(listed).toEqual({ ...created.json, key: undefined, lastUsedAt: null });
    expect(JSON.stringify(list.json)).not.toContain(secret);
    expect(list.json.items.every((key) => !('key' in key))).toBe(true);
  });

  it('audits key creation and revocation', async () => {
    const created = await createKey({ name: 'audited', scopes: ['trips:read'] });
    await call(api, 'DELETE', `/api-keys/${created.json.id}`, { token: owner.accessToken });
    const entries = await api.ctx.prisma.auditLog.findMany({ where: { targetType: 'api_key', targetId: created.json.id }, orderBy: { id: 'asc' } });
    expect(entries.map((entry) => entry.action)).toEqual(['api_key.create', 'api_key.revoke']);
    expect(entries[0]).toMatchObject({ actorType: 'user', actorId: owner.user.id, details: expect.objectContaining({ name: 'audited', scopes: ['trips:read'] }) });
    expect(JSON.stringify(entries.map((entry) => entry.details))).not.toContain(created.json.key);
  });

  it('validates the body: scopes from the allowlist, known fields only', async () => {
    const badScope = await createKey({ name: 'x', scopes: ['trips:read', 'bookings:approve'] });
    expect(badScope.status).toBe(400);
    expect(badScope.json.errors).toEqual([{ field: 'scopes.1', reason: expect.stringContaining('must be one of') }]);
    const extra = await createKey({ name: 'x', scopes: ['trips:read'], owner: 'someone' });
    expect(extra.json.errors).toEqual([{ field: 'owner', reason: 'is not a known field' }]);
    const none = await createKey({ name: 'x', scopes: [] });
    expect(none.json.errors).toEqual([{ field: 'scopes', reason: 'must name at least one scope' }]);
  });

  it('authenticates with its scopes (Bearer or X-API-Key) and is refused what they do not cover', async () => {
    const reader = await createKey({ name: 'reader', scopes: ['trips:read'] });
    const watcher = await createKey({ name: 'watcher', scopes: ['watches:read'] });

    const viaBearer = await call<{ userId: string; kind: string }>(api, 'GET', '/test/trips', { token: reader.json.key });
    expect(viaBearer.status).toBe(200);
    expect(viaBearer.json).toEqual({ userId: owner.user.id, kind: 'api_key' });
    const viaHeader = await call(api, 'GET', '/test/trips', { headers: { 'x-api-key': reader.json.key } });
    expect(viaHeader.status).toBe(200);

    expect((await call(api, 'GET', '/test/trips', { token: watcher.json.key })).status).toBe(403);
    expect((await call(api, 'POST', '/test/trips', { token: reader.json.key })).status).toBe(403);
    // A traveler's session may do everything.
    expect((await call(api, 'POST', '/test/trips', { token: owner.accessToken })).status).toBe(201);

    const me = await call<{ principal: unknown }>(api, 'GET', '/auth/me', { token: reader.json.key });
    expect(me.json.principal).toEqual({ kind: 'api_key', scopes: ['trips:read'], apiKeyId: reader.json.id });
    await expect(principalFromToken(api.ctx, reader.json.key)).resolves.toEqual({ kind: 'api_key', userId: owner.user.id, role: 'traveler', scopes: ['trips:read'], apiKeyId: reader.json.id });

    // Two different credentials at once are refused rather than guessed at.
    expect((await call(api, 'GET', '/test/trips', { token: owner.accessToken, headers: { 'x-api-key': reader.json.key } })).status).toBe(401);
  });

  it('audits every state-changing request made with an API key', async () => {
    const writer = await createKey({ name: 'writer', scopes: ['trips:write'] });
    expect((await call(api, 'POST', '/test/trips', { token: writer.json.key })).status).toBe(201);
    expect((await call(api, 'POST', '/auth/logout-all', { token: writer.json.key })).status).toBe(403);
    const entries = await eventually(() => api.ctx.prisma.auditLog.findMany({ where: { action: 'api_key.request', actorId: writer.json.id }, orderBy: { id: 'asc' } }), (rows) => rows.length === 2, {
      timeoutMs: 5_000,
      intervalMs: 50,
      what: 'two audit entries',
    });
    // The audit write happens after each response, so the two rows may land in either order.
    expect(entries.map((entry) => entry.details)).toEqual(expect.arrayContaining([
      { method: 'POST', path: '/api/test/trips', status: 201, onBehalfOf: owner.user.id },
      { method: 'POST', path: '/api/auth/logout-all', status: 403, onBehalfOf: owner.user.id },
    ]));
    expect(entries).toHaveLength(2);
    expect(entries.every((entry) => entry.actorType === 'api_key')).toBe(true);
  });

  it('records lastUsedAt, at most once a minute', async () => {
    const key = await createKey({ name: 'used', scopes: ['trips:read'] });
    expect((await call(api, 'GET', '/test/trips', { token: key.json.key })).status).toBe(200);
    const { lastUsedAt } = await eventually(() => api.ctx.prisma.apiKey.findUniqueOrThrow({ where: { id: key.json.id } }), (row) => row.lastUsedAt !== null, {
      timeoutMs: 5_000,
      intervalMs: 50,
      what: 'lastUsedAt',
    });
    expect(lastUsedAt).not.toBeNull();
    expect(Math.abs((lastUsedAt?.getTime() ?? 0) - Date.now())).toBeLessThan(10_000);
    await call(api, 'GET', '/test/trips', { token: key.json.key });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = await api.ctx.prisma.apiKey.findUniqueOrThrow({ where: { id: key.json.id } });
    expect(again.lastUsedAt).toEqual(lastUsedAt);
  });

  it('refuses revoked, expired and tampered keys with 401', async () => {
    const key = await createKey({ name: 'short-lived', scopes: ['trips:read'] });
    expect((await call(api, 'GET', '/test/trips', { token: key.json.key })).status).toBe(200);
    const tampered = key.json.key.slice(0, -1) + (key.json.key.endsWith('A') ? 'B' : 'A');
    expect((await call(api, 'GET', '/test/trips', { token: tampered })).status).toBe(401);

    expect((await call(api, 'DELETE', `/api-keys/${key.json.id}`, { token: owner.accessToken })).status).toBe(204);
    const revoked = await call<Problem>(api, 'GET', '/test/trips', { token: key.json.key });
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const listed = await call<{ items: KeyView[]; nextCursor: null }>(api, 'GET', '/api-keys', { token: owner.accessToken });
    expect(listed.json.items.find((entry) => entry.id === key.json.id)?.revokedAt).not.toBeNull();

    const expiring = await createKey({ name: 'expiring', scopes: ['trips:read'], expiresInDays: 1 });
    await api.ctx.prisma.apiKey.update({ where: { id: expiring.json.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await call(api, 'GET', '/test/trips', { token: expiring.json.key })).status).toBe(401);
  });

  it("revokes only the caller's own keys: another user's key id is a 404", async () => {
    const key = await createKey({ name: 'mine', scopes: ['trips:read'] });
    const stranger = await registerUser(api, 'stranger');
    expect((await call(api, 'DELETE', `/api-keys/${key.json.id}`, { token: stranger.accessToken })).status).toBe(404);
    expect((await call(api, 'DELETE', '/api-keys/not-a-uuid', { token: stranger.accessToken })).status).toBe(404);
    expect((await call(api, 'GET', '/test/trips', { token: key.json.key })).status).toBe(200);
    const strangerList = await call<{ items: KeyView[]; nextCursor: null }>(api, 'GET', '/api-keys', { token: stranger.accessToken });
    expect(strangerList.json.items).toEqual([]);
  });

  it('an API key cannot manage API keys or credentials (403)', async () => {
    const key = await createKey({ name: 'escalation', scopes: ['trips:read', 'trips:write'] });
    const create = await createKey({ name: 'child', scopes: ['trips:read'] }, key.json.key);
    expect(create.status).toBe(403);
    expect((await call(api, 'GET', '/api-keys', { token: key.json.key })).status).toBe(403);
    expect((await call(api, 'DELETE', `/api-keys/${key.json.id}`, { token: key.json.key })).status).toBe(403);
    // The refusal names what was refused.
    const credentials = await call<{ detail: string }>(api, 'GET', '/credentials', { token: key.json.key });
    expect(credentials.status).toBe(403);
    expect(credentials.json.detail).toBe('Reading or saving provider credentials needs a signed-in traveler; API keys cannot do it, whatever their scopes.');
    expect((await call<{ detail: string }>(api, 'GET', '/api-keys', { token: key.json.key })).json.detail).toMatch(/^Managing API keys needs a signed-in traveler/);
    expect((await call(api, 'GET', '/api-keys')).status).toBe(401);
  });
});
