import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  credentialContext,
  decryptSecret,
  encryptSecret,
  loadUserCredential,
  openSealedSecret,
  sealSecret,
  webhookSecretContext,
  type EncryptionKeys,
} from '../../infra/credentials.js';
import { reencryptAll } from '../../infra/reencrypt.js';
import { call, registerUser, startTestApi, type Problem, type Session, type TestApi } from './authSupport.js';

interface CredentialView {
  provider: string;
  last4: string;
  keyVersion: number;
  updatedAt: string;
}

const OPENAI_KEY = `sk-proj-${randomBytes(24).toString('base64url')}`;
const ANTHROPIC_KEY = `sk-ant-api03-${randomBytes(24).toString('base64url')}`;
const DUFFEL_KEY = `duffel_test_${randomBytes(24).toString('base64url')}`;

describe('/api/credentials (bring your own key)', () => {
  let api: TestApi;
  let user: Session;

  beforeAll(async () => {
    api = await startTestApi();
    user = await registerUser(api, 'byok');
  });

  afterAll(async () => {
    await api.close();
  });

  const put = (provider: string, body: unknown, token = user.accessToken) => call<CredentialView & Problem>(api, 'PUT', `/credentials/${provider}`, { token, body });

  it('saves a credential encrypted at rest and never returns it', async () => {
    const saved = await put('openai', { secret: OPENAI_KEY });
    expect(saved.status).toBe(200);
    expect(saved.json).toEqual({ provider: 'openai', last4: OPENAI_KEY.slice(-4), keyVersion: api.ctx.secrets.currentKeyVersion, updatedAt: expect.any(String) });

    const row = await api.ctx.prisma.providerCredential.findUniqueOrThrow({ where: { userId_provider: { userId: user.user.id, provider: 'openai' } } });
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(OPENAI_KEY);
    expect(stored).not.toContain(OPENAI_KEY.slice(3, -4));
    expect(Buffer.from(row.ciphertext, 'base64').toString('latin1')).not.toContain(OPENAI_KEY.slice(3, -4));
    expect(Buffer.from(row.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(row.authTag, 'base64')).toHaveLength(16);

    await put('duffel', { secret: DUFFEL_KEY });
    const list = await call<{ items: CredentialView[]; nextCursor: null }>(api, 'GET', '/credentials', { token: user.accessToken });
    expect(list.status).toBe(200);
    expect(list.json.nextCursor).toBeNull();
    expect(list.json.items).toEqual([
      { provider: 'duffel', last4: DUFFEL_KEY.slice(-4), keyVersion: expect.any(Number), updatedAt: expect.any(String) },
      { provider: 'openai', last4: OPENAI_KEY.slice(-4), keyVersion: expect.any(Number), updatedAt: expect.any(String) },
    ]);
    expect(JSON.stringify(list.json)).not.toContain(OPENAI_KEY.slice(0, -4));
    expect(JSON.stringify(list.json)).not.toContain(DUFFEL_KEY.slice(0, -4));

    const entries = await api.ctx.prisma.auditLog.findMany({ where: { action: 'credential.save', actorId: user.user.id } });
    expect(entries.map((entry) => entry.targetId).sort()).toEqual(['duffel', 'openai']);
    expect(JSON.stringify(entries.map((entry) => entry.details))).not.toContain(OPENAI_KEY.slice(0, -4));
  });

  it('decrypts for the worker with loadUserCredential, and replaces on a second save', async () => {
    await put('anthropic', { secret: ANTHROPIC_KEY });
    await expect(loadUserCredential(api.ctx.prisma, api.ctx.secrets, user.user.id, 'anthropic')).resolves.toBe(ANTHROPIC_KEY);
    const replacement = `sk-ant-api03-${randomBytes(24).toString('base64url')}`;
    await put('anthropic', { secret: replacement });
    await expect(loadUserCredential(api.ctx.prisma, api.ctx.secrets, user.user.id, 'anthropic')).resolves.toBe(replacement);
    const other = await registerUser(api, 'nocreds');
    await expect(loadUserCredential(api.ctx.prisma, api.ctx.secrets, other.user.id, 'anthropic')).resolves.toBeNull();
  });

  it('rejects another provider\'s key with 422, and a malformed secret, an unknown provider and unknown fields with 400', async () => {
    const wrongFormat = await put('openai', { secret: ANTHROPIC_KEY });
    expect(wrongFormat.status).toBe(422);
    expect(wrongFormat.json.errors).toEqual([{ field: 'secret', reason: 'must be an OpenAI API key (sk-...)' }]);
    expect((await put('duffel', { secret: 'duffel_prod_abcdefghijkl' })).json.errors).toEqual([{ field: 'secret', reason: expect.stringContaining('duffel_test_') }]);
    expect((await put('anthropic', { secret: OPENAI_KEY })).status).toBe(422);
    expect((await put('openai', { secret: 'sk-with spaces in it' })).json.errors).toEqual([{ field: 'secret', reason: 'must be printable ASCII without spaces' }]);
    const provider = await put('stripe', { secret: OPENAI_KEY });
    expect(provider.status).toBe(400);
    expect(provider.json.errors).toEqual([{ field: 'provider', reason: 'must be one of duffel, openai, anthropic' }]);
    expect((await put('openai', { secret: OPENAI_KEY, note: 'x' })).json.errors).toEqual([{ field: 'note', reason: 'is not a known field' }]);
    expect((await put('openai', {})).json.errors).toEqual([{ field: 'secret', reason: 'is required' }]);
  });

  it.each([
    // The fuzzer found the first: the last four UTF-16 units began with half an emoji, which the database refused (500).
    ['an emoji whose halves the last four would split', 'duffel_test_abcdefgh\u{1F600}\u{1F600}a', 'must be printable ASCII without spaces'],
    ['a non-ASCII letter', 'duffel_test_abcdéfgh', 'must be printable ASCII without spaces'],
    ['a lone surrogate', 'duffel_test_abcdefgh\ud800', 'must be valid Unicode (it has a lone surrogate, U+D800–U+DFFF)'],
  ])('refuses a secret with %s with 400, never a 500', async (_what, secret, reason) => {
    const response = await put('duffel', { secret });
    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([{ field: 'secret', reason }]);
    expect((await call<{ items: CredentialView[]; nextCursor: null }>(api, 'GET', '/credentials', { token: user.accessToken })).status).toBe(200);
  });

  it('deletes a credential (404 when there is none) and keeps users apart', async () => {
    const other = await registerUser(api, 'other');
    await put('openai', { secret: OPENAI_KEY }, other.accessToken);
    expect((await call(api, 'DELETE', '/credentials/openai', { token: other.accessToken })).status).toBe(204);
    expect((await call(api, 'DELETE', '/credentials/openai', { token: other.accessToken })).status).toBe(404);
    // The first user's openai credential is untouched.
    await expect(loadUserCredential(api.ctx.prisma, api.ctx.secrets, user.user.id, 'openai')).resolves.toBe(OPENAI_KEY);
    expect(await api.ctx.prisma.auditLog.count({ where: { action: 'credential.delete', actorId: other.user.id } })).toBe(1);
    expect((await call(api, 'GET', '/credentials')).status).toBe(401);
  });

  it('binds a ciphertext to its user and provider', async () => {
    const encrypted = encryptSecret(api.ctx.secrets, OPENAI_KEY, credentialContext(user.user.id, 'openai'));
    expect(decryptSecret(api.ctx.secrets, encrypted, credentialContext(user.user.id, 'openai'))).toBe(OPENAI_KEY);
    expect(() => decryptSecret(api.ctx.secrets, encrypted, credentialContext(user.user.id, 'anthropic'))).toThrow();
    const tampered = { ...encrypted, ciphertext: Buffer.from(Buffer.from(encrypted.ciphertext, 'base64').map((byte, i) => (i === 0 ? byte ^ 1 : byte))).toString('base64') };
    expect(() => decryptSecret(api.ctx.secrets, tampered, credentialContext(user.user.id, 'openai'))).toThrow();
  });

  it('rotates keys: with a new key version, reencryptAll moves rows to it and they still decrypt', async () => {
    const rotating = await registerUser(api, 'rotation');
    await put('openai', { secret: OPENAI_KEY }, rotating.accessToken);
    await put('duffel', { secret: DUFFEL_KEY }, rotating.accessToken);
    const oldVersion = api.ctx.secrets.currentKeyVersion;
    const rotated: EncryptionKeys = {
      encryptionKeys: new Map([...api.ctx.secrets.encryptionKeys, [oldVersion + 1, randomBytes(32)]]),
      currentKeyVersion: oldVersion + 1,
    };
    const before = await api.ctx.prisma.providerCredential.findMany({ where: { userId: rotating.user.id }, orderBy: { provider: 'asc' } });
    // A price watch's webhook signing secret, sealed with the same keys, rotates with them.
    const watchId = randomUUID();
    await api.ctx.prisma.priceWatch.create({
      data: {
        id: watchId,
        userId: rotating.user.id,
        kind: 'flight',
        destination: 'LIS',
        departDate: new Date('2027-06-01T00:00:00Z'),
        currency: 'EUR',
        webhookUrl: 'https://hooks.example.com/alerts',
        webhookSecret: sealSecret(api.ctx.secrets, 'whsec_rotation', webhookSecretContext(watchId)),
      },
    });

    await expect(reencryptAll(api.ctx.prisma, rotated, { userId: rotating.user.id, batchSize: 1 })).resolves.toEqual({ credentials: 2, webhookSecrets: 1, travelers: 0 });
    const resealed = (await api.ctx.prisma.priceWatch.findUniqueOrThrow({ where: { id: watchId } })).webhookSecret as string;
    expect(resealed.startsWith(`sealed:v1:${oldVersion + 1}:`)).toBe(true);
    expect(openSealedSecret(rotated, resealed, webhookSecretContext(watchId))).toBe('whsec_rotation');
    expect(() => openSealedSecret(rotated, resealed, webhookSecretContext(randomUUID()))).toThrow();

    const after = await api.ctx.prisma.providerCredential.findMany({ where: { userId: rotating.user.id }, orderBy: { provider: 'asc' } });
    expect(after.map((row) => row.keyVersion)).toEqual([oldVersion + 1, oldVersion + 1]);
    expect(after.map((row) => row.ciphertext)).not.toEqual(before.map((row) => row.ciphertext));
    await expect(loadUserCredential(api.ctx.prisma, rotated, rotating.user.id, 'openai')).resolves.toBe(OPENAI_KEY);
    await expect(loadUserCredential(api.ctx.prisma, rotated, rotating.user.id, 'duffel')).resolves.toBe(DUFFEL_KEY);
    // Without the new key the rows no longer decrypt: the old key alone is not enough.
    await expect(loadUserCredential(api.ctx.prisma, api.ctx.secrets, rotating.user.id, 'openai')).rejects.toThrow(/key version/);
    // Idempotent: nothing left to do.
    await expect(reencryptAll(api.ctx.prisma, rotated, { userId: rotating.user.id })).resolves.toEqual({ credentials: 0, webhookSecrets: 0, travelers: 0 });
  });
});
