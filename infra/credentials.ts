// Bring-your-own provider credentials, encrypted at rest with AES-256-GCM.
//
// Each row records the key version that encrypted it, so keys rotate without downtime: add a new
// `<version>:<key>` to CREDENTIALS_ENCRYPTION_KEYS (the highest version encrypts, every listed version
// decrypts), run `reencryptAll` (`npm run credentials:reencrypt`), then drop the old key. The additional authenticated data binds a
// ciphertext to its owner and provider, so a row copied onto another user or provider fails to decrypt.
// Used by the API (saving, listing) and by the worker (`loadUserCredential`).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { CredentialProvider } from '../domain/credentials.js';
import type { PrismaClient } from './db.js';
import type { Secrets } from './secrets.js';

export type { CredentialProvider };

export type EncryptionKeys = Pick<Secrets, 'encryptionKeys' | 'currentKeyVersion'>;

export interface EncryptedSecret {
  keyVersion: number;
  /** base64 of the AES-256-GCM ciphertext. */
  ciphertext: string;
  /** base64 of the 12-byte random nonce. */
  iv: string;
  /** base64 of the 16-byte GCM authentication tag. */
  authTag: string;
}

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What a ciphertext is bound to; decrypting with a different context fails authentication. */
export function credentialContext(userId: string, provider: string): string {
  return `tripsage:credential:v1:${userId}:${provider}`;
}

export function encryptSecret(keys: EncryptionKeys, plaintext: string, context: string): EncryptedSecret {
  const keyVersion = keys.currentKeyVersion;
  const key = keys.encryptionKeys.get(keyVersion);
  if (!key) throw new Error(`encryption key version ${keyVersion} is not configured`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { keyVersion, ciphertext: ciphertext.toString('base64'), iv: iv.toString('base64'), authTag: cipher.getAuthTag().toString('base64') };
}

/** Decrypts with the key version the row records; throws if that key is gone or the data was tampered with. */
export function decryptSecret(keys: EncryptionKeys, encrypted: EncryptedSecret, context: string): string {
  const key = keys.encryptionKeys.get(encrypted.keyVersion);
  if (!key) throw new Error(`encryption key version ${encrypted.keyVersion} is not configured (was it removed before re-encrypting?)`);
  const authTag = Buffer.from(encrypted.authTag, 'base64');
  if (authTag.length !== TAG_BYTES) throw new Error('credential authentication tag has the wrong length');
  const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(encrypted.iv, 'base64'), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(authTag);
  return Buffer.concat([decipher.update(Buffer.from(encrypted.ciphertext, 'base64')), decipher.final()]).toString('utf8');
}

export const SEALED_PREFIX = 'sealed:v1:';

/** What a price watch's webhook signing secret is bound to. */
export function webhookSecretContext(watchId: string): string {
  return `tripsage:webhook:v1:${watchId}`;
}

/**
 * A secret encrypted into one string column (`sealed:v1:<keyVersion>:<iv>:<authTag>:<ciphertext>`), for
 * secrets the platform must read back to use, such as webhook signing keys.
 */
export function sealSecret(keys: EncryptionKeys, plaintext: string, context: string): string {
  const { keyVersion, iv, authTag, ciphertext } = encryptSecret(keys, plaintext, context);
  return `${SEALED_PREFIX}${keyVersion}:${iv}:${authTag}:${ciphertext}`;
}

/** The plaintext of a sealed secret (a value stored before sealing existed is returned as it is). */
export function openSealedSecret(keys: EncryptionKeys, stored: string, context: string): string {
  if (!stored.startsWith(SEALED_PREFIX)) return stored;
  const [version = '', iv = '', authTag = '', ciphertext = ''] = stored.slice(SEALED_PREFIX.length).split(':');
  return decryptSecret(keys, { keyVersion: Number(version), iv, authTag, ciphertext }, context);
}

/** Encrypts and upserts a user's credential for a provider (one per user and provider). */
export async function saveUserCredential(
  prisma: PrismaClient,
  keys: EncryptionKeys,
  userId: string,
  provider: CredentialProvider,
  secret: string,
): Promise<{ provider: string; last4: string; keyVersion: number; updatedAt: Date }> {
  const encrypted = encryptSecret(keys, secret, credentialContext(userId, provider));
  const last4 = secret.slice(-4);
  const row = await prisma.providerCredential.upsert({
    where: { userId_provider: { userId, provider } },
    create: { userId, provider, ...encrypted, last4 },
    update: { ...encrypted, last4 },
    select: { provider: true, last4: true, keyVersion: true, updatedAt: true },
  });
  return row;
}

/** The decrypted credential a user saved for `provider`, or null when there is none. For the worker. */
export async function loadUserCredential(prisma: PrismaClient, secrets: EncryptionKeys, userId: string, provider: CredentialProvider): Promise<string | null> {
  const row = await prisma.providerCredential.findUnique({ where: { userId_provider: { userId, provider } } });
  if (!row) return null;
  return decryptSecret(secrets, row, credentialContext(row.userId, row.provider));
}
