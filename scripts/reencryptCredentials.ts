// Key rotation, step 2: `npm run credentials:reencrypt [-- --user <userId>]`.
//
// Re-encrypts every stored secret (provider credentials, price watches' webhook secrets, travelers' saved
// details) that is not yet under the highest key version of CREDENTIALS_ENCRYPTION_KEYS, in one database
// transaction: either every row moves to the new key or none does (a row whose key is no longer listed
// fails the run and rolls it back). Idempotent: a second run rewrites nothing. Prints the counts.
// The procedure around it is in docs/operations.md (Key rotation). Exit status: 0 done, 1 failed
// (nothing changed), 64 bad usage.
import { parseArgs } from 'node:util';
import { loadConfigOrExit, loadDotEnv } from '../infra/config.js';
import { reencryptAll, type ReencryptCounts } from '../infra/reencrypt.js';
import { createPrismaClient } from '../infra/db.js';
import { resolveSecrets } from '../infra/secrets.js';

const USAGE = 'usage: npm run credentials:reencrypt [-- --user <userId>]';
/** Long enough for large tables; the transaction only locks the rows it rewrites. */
const TRANSACTION_TIMEOUT_MS = 15 * 60_000;

const { values } = (() => {
  try {
    return parseArgs({ args: process.argv.slice(2), options: { user: { type: 'string' } } });
  } catch (error) {
    console.error(`credentials:reencrypt: ${(error as Error).message}\n${USAGE}`);
    process.exit(64);
  }
})();

loadDotEnv();
const config = loadConfigOrExit();
const keys = resolveSecrets(config);
const versions = [...keys.encryptionKeys.keys()].sort((a, b) => a - b);
const prisma = createPrismaClient(config.DATABASE_URL);

try {
  const counts: ReencryptCounts = await prisma.$transaction((tx) => reencryptAll(tx, keys, { ...(values.user !== undefined && { userId: values.user }) }), {
    timeout: TRANSACTION_TIMEOUT_MS,
  });
  const total = counts.credentials + counts.webhookSecrets + counts.travelers;
  console.log(
    `credentials:reencrypt: key version ${keys.currentKeyVersion} (configured: ${versions.join(', ')})${values.user ? `, user ${values.user}` : ''}: ` +
      `re-encrypted ${counts.credentials} provider credential(s), ${counts.webhookSecrets} webhook secret(s), ${counts.travelers} traveler(s); ${total} in all.`,
  );
  if (versions.length > 1 && values.user === undefined) {
    console.log(`Every stored secret is under version ${keys.currentKeyVersion}: versions ${versions.filter((version) => version !== keys.currentKeyVersion).join(', ')} can be removed from CREDENTIALS_ENCRYPTION_KEYS.`);
  }
} catch (error) {
  console.error(`credentials:reencrypt: failed, nothing was changed (the transaction was rolled back): ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
