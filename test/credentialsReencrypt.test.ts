// `npm run credentials:reencrypt` (scripts/reencryptCredentials.ts) against the test PostgreSQL: rows move
// from the old key to the new one, a second run rewrites nothing, and a failure leaves every row as it was.
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../infra/config.js';
import { loadUserCredential, openSealedSecret, saveUserCredential, sealSecret, webhookSecretContext, type EncryptionKeys } from '../infra/credentials.js';
import { createPrismaClient } from '../infra/db.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const prisma = createPrismaClient(loadConfig(process.env).DATABASE_URL);
const OPENAI_KEY = 'sk-test-rotation-openai-0001';
const DUFFEL_KEY = 'duffel_test_rotation_0002';

const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const oldKeys: EncryptionKeys = { encryptionKeys: new Map([[1, oldKey]]), currentKeyVersion: 1 };
const rotatedKeys: EncryptionKeys = { encryptionKeys: new Map([[1, oldKey], [2, newKey]]), currentKeyVersion: 2 };
const rotatedKeysVariable = `1:${oldKey.toString('base64')},2:${newKey.toString('base64')}`;

afterAll(async () => {
  await prisma.$disconnect();
});

function reencrypt(userId: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/reencryptCredentials.ts', '--user', userId], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, CREDENTIALS_ENCRYPTION_KEYS: rotatedKeysVariable },
  });
}

async function userWithSecrets(name: string): Promise<{ userId: string; watchId: string }> {
  const user = await prisma.user.create({ data: { email: `${name}-${randomUUID()}@example.test`, displayName: name } });
  await saveUserCredential(prisma, oldKeys, user.id, 'openai', OPENAI_KEY);
  await saveUserCredential(prisma, oldKeys, user.id, 'duffel', DUFFEL_KEY);
  const watchId = randomUUID();
  await prisma.priceWatch.create({
    data: {
      id: watchId,
      userId: user.id,
      kind: 'flight',
      destination: 'LIS',
      departDate: new Date('2027-06-01T00:00:00Z'),
      currency: 'EUR',
      webhookUrl: 'https://hooks.example.com/alerts',
      webhookSecret: sealSecret(oldKeys, 'whsec_rotation', webhookSecretContext(watchId)),
    },
  });
  return { userId: user.id, watchId };
}

describe('npm run credentials:reencrypt', () => {
  it('moves every secret to the new key version, prints the counts, and rewrites nothing on a second run', async () => {
    const { userId, watchId } = await userWithSecrets('rotate');

    const first = reencrypt(userId);
    expect({ status: first.status, stderr: first.stderr }).toEqual({ status: 0, stderr: '' });
    expect(first.stdout).toContain('key version 2 (configured: 1, 2)');
    expect(first.stdout).toContain('re-encrypted 2 provider credential(s), 1 webhook secret(s), 0 traveler(s); 3 in all.');

    const rows = await prisma.providerCredential.findMany({ where: { userId } });
    expect(rows.map((row) => row.keyVersion)).toEqual([2, 2]);
    await expect(loadUserCredential(prisma, rotatedKeys, userId, 'openai')).resolves.toBe(OPENAI_KEY);
    await expect(loadUserCredential(prisma, rotatedKeys, userId, 'duffel')).resolves.toBe(DUFFEL_KEY);
    // Only the new key is needed from now on.
    const newKeyOnly: EncryptionKeys = { encryptionKeys: new Map([[2, newKey]]), currentKeyVersion: 2 };
    await expect(loadUserCredential(prisma, newKeyOnly, userId, 'openai')).resolves.toBe(OPENAI_KEY);
    const { webhookSecret } = await prisma.priceWatch.findUniqueOrThrow({ where: { id: watchId } });
    expect(openSealedSecret(newKeyOnly, webhookSecret ?? '', webhookSecretContext(watchId))).toBe('whsec_rotation');

    const second = reencrypt(userId);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('re-encrypted 0 provider credential(s), 0 webhook secret(s), 0 traveler(s); 0 in all.');
  });

  it('changes nothing when one row cannot be decrypted (the run is one transaction)', async () => {
    const { userId, watchId } = await userWithSecrets('rollback');
    // The webhook secret (rewritten after the credentials) is under a key version no longer configured.
    const lostKeys: EncryptionKeys = { encryptionKeys: new Map([[7, randomBytes(32)]]), currentKeyVersion: 7 };
    await prisma.priceWatch.update({ where: { id: watchId }, data: { webhookSecret: sealSecret(lostKeys, 'whsec_lost', webhookSecretContext(watchId)) } });
    const before = await prisma.providerCredential.findMany({ where: { userId }, orderBy: { provider: 'asc' } });

    const result = reencrypt(userId);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/nothing was changed.*key version 7 is not configured/);

    const after = await prisma.providerCredential.findMany({ where: { userId }, orderBy: { provider: 'asc' } });
    expect(after).toEqual(before);
    expect(after.map((row) => row.keyVersion)).toEqual([1, 1]);
  });
});
