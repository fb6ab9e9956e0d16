// Key rotation: every encrypted store (saved provider keys, webhook secrets, travelers' details)
// rewritten under the current key version (`npm run credentials:reencrypt`, docs/operations.md).
import {
  credentialContext,
  decryptSecret,
  encryptSecret,
  openSealedSecret,
  sealSecret,
  SEALED_PREFIX,
  webhookSecretContext,
  type EncryptionKeys,
} from './credentials.js';
import type { PrismaClient } from './db.js';
import { reencryptTravelers } from './travelers.js';

/** The stores re-encryption rewrites: a PrismaClient, or an interactive transaction's client. */
export type EncryptedStores = Pick<PrismaClient, 'providerCredential' | 'priceWatch' | 'traveler'>;

/** Rows rewritten under the current key version, per store. */
export interface ReencryptCounts {
  credentials: number;
  webhookSecrets: number;
  travelers: number;
}

export interface ReencryptOptions {
  /** Only this user's rows (tests; targeted repair). Default: every row. */
  userId?: string;
  batchSize?: number;
}

/**
 * Re-encrypts every credential row (and re-seals every webhook secret) not yet under the current key
 * version (and the travelers' saved details); returns how many rows it rewrote in each store.
 * Safe to run while the API serves traffic: a row saved concurrently (its ciphertext changed under us)
 * is left alone, since the new save already used the current key. Idempotent; run it again to resume.
 */
export async function reencryptAll(prisma: EncryptedStores, keys: EncryptionKeys, options: ReencryptOptions = {}): Promise<ReencryptCounts> {
  const batchSize = options.batchSize ?? 100;
  let credentials = 0;
  let cursor: string | undefined;
  for (;;) {
    const rows = await prisma.providerCredential.findMany({
      where: { keyVersion: { not: keys.currentKeyVersion }, ...(options.userId !== undefined && { userId: options.userId }), ...(cursor !== undefined && { id: { gt: cursor } }) },
      orderBy: { id: 'asc' },
      take: batchSize,
    });
    if (rows.length === 0) {
      return { credentials, webhookSecrets: await resealWebhookSecrets(prisma, keys, options), travelers: await reencryptTravelers(prisma, keys, options) };
    }
    for (const row of rows) {
      const context = credentialContext(row.userId, row.provider);
      const encrypted = encryptSecret(keys, decryptSecret(keys, row, context), context);
      const { count } = await prisma.providerCredential.updateMany({
        where: { id: row.id, keyVersion: row.keyVersion, ciphertext: row.ciphertext },
        data: encrypted,
      });
      credentials += count;
    }
    cursor = rows[rows.length - 1]?.id;
  }
}

/** Price watches' webhook secrets not sealed under the current key version (or stored before sealing), sealed again. */
async function resealWebhookSecrets(prisma: EncryptedStores, keys: EncryptionKeys, options: ReencryptOptions): Promise<number> {
  const current = `${SEALED_PREFIX}${keys.currentKeyVersion}:`;
  const rows = await prisma.priceWatch.findMany({
    where: { webhookSecret: { not: null }, NOT: { webhookSecret: { startsWith: current } }, ...(options.userId !== undefined && { userId: options.userId }) },
    select: { id: true, webhookSecret: true },
  });
  let rewritten = 0;
  for (const row of rows) {
    if (!row.webhookSecret) continue;
    const context = webhookSecretContext(row.id);
    const sealed = sealSecret(keys, openSealedSecret(keys, row.webhookSecret, context), context);
    const { count } = await prisma.priceWatch.updateMany({ where: { id: row.id, webhookSecret: row.webhookSecret }, data: { webhookSecret: sealed } });
    rewritten += count;
  }
  return rewritten;
}
