// `node --import tsx scripts/makeOperator.ts <email> [--revoke]`: gives an existing user the operator
// role (or, with --revoke, takes it back to traveler). Running API processes pick the change up within
// seconds (they cache roles briefly); the user's tokens need no reissue. Exit status: 0 done,
// 1 no such user, 64 bad usage.
import { parseArgs } from 'node:util';
import { loadConfigOrExit, loadDotEnv } from '../infra/config.js';
import { createPrismaClient } from '../infra/db.js';

const USAGE = 'usage: node --import tsx scripts/makeOperator.ts <email> [--revoke]';

const { values, positionals } = (() => {
  try {
    return parseArgs({ args: process.argv.slice(2), options: { revoke: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  } catch (error) {
    console.error(`makeOperator: ${(error as Error).message}\n${USAGE}`);
    process.exit(64);
  }
})();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const email = positionals[0]?.trim().toLowerCase();
if (!email || positionals.length !== 1) {
  console.error(`makeOperator: expected exactly one email\n${USAGE}`);
  process.exit(64);
}

loadDotEnv();
const config = loadConfigOrExit();
const prisma = createPrismaClient(config.DATABASE_URL);
const role = values.revoke ? 'traveler' : 'operator';
try {
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) {
    console.error(`makeOperator: no user with email ${email}`);
    process.exitCode = 1;
  } else {
    await prisma.$transaction([
      prisma.user.update({ where: { id: user.id }, data: { role } }),
      prisma.auditLog.create({
        data: { actorType: 'system', action: values.revoke ? 'user.operator_revoked' : 'user.operator_granted', targetType: 'user', targetId: user.id, details: { email, via: 'scripts/makeOperator.ts' } },
      }),
    ]);
    console.log(`${email} is now ${role === 'operator' ? 'an operator' : 'a traveler'}`);
  }
} finally {
  await prisma.$disconnect();
}
