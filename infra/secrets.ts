// Secrets for signing tokens and encrypting stored credentials. From configuration when set; outside
// production, generated once into DATA_DIR/secrets.json (git-ignored) so `npm start` needs no setup and
// restarts keep sessions valid. Several API nodes must share them: set them in the environment.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';

export interface Secrets {
  jwtSecret: Uint8Array;
  /** Encryption keys by version; `currentKeyVersion` encrypts. */
  encryptionKeys: Map<number, Buffer>;
  currentKeyVersion: number;
}

interface StoredSecrets {
  jwtSecret: string;
  encryptionKeys: string;
}

export function resolveSecrets(config: Config): Secrets {
  let jwtSecret = config.JWT_SECRET;
  let encryptionKeys = config.CREDENTIALS_ENCRYPTION_KEYS;
  if (!jwtSecret || !encryptionKeys) {
    const stored = loadOrCreateStored(path.join(config.DATA_DIR, 'secrets.json'));
    jwtSecret ??= stored.jwtSecret;
    encryptionKeys ??= stored.encryptionKeys;
  }
  const keys = parseEncryptionKeys(encryptionKeys);
  return { jwtSecret: new TextEncoder().encode(jwtSecret), encryptionKeys: keys, currentKeyVersion: Math.max(...keys.keys()) };
}

export function parseEncryptionKeys(value: string): Map<number, Buffer> {
  const keys = new Map<number, Buffer>();
  for (const entry of value.split(',').map((part) => part.trim()).filter(Boolean)) {
    const [version, encoded] = entry.split(':');
    const key = Buffer.from(encoded ?? '', 'base64');
    if (!/^\d+$/.test(version ?? '') || key.length !== 32) {
      throw new Error('CREDENTIALS_ENCRYPTION_KEYS: each entry must be "<version>:<base64 of 32 bytes>"');
    }
    keys.set(Number(version), key);
  }
  if (keys.size === 0) throw new Error('CREDENTIALS_ENCRYPTION_KEYS: at least one key is required');
  return keys;
}

function loadOrCreateStored(file: string): StoredSecrets {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StoredSecrets;
  const stored: StoredSecrets = {
    jwtSecret: randomBytes(48).toString('base64url'),
    encryptionKeys: `1:${randomBytes(32).toString('base64')}`,
  };
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    writeFileSync(file, JSON.stringify(stored), { mode: 0o600, flag: 'wx' });
    return stored;
  } catch (error) {
    // Another process (a second API node or the worker) created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return JSON.parse(readFileSync(file, 'utf8')) as StoredSecrets;
    throw error;
  }
}
