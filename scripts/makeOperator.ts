// Operators from the shell: the first one, and a way back in when no operator can sign in. Once one
// exists, operators manage the others through the API (PUT/DELETE /api/operator/users/:id/roles/operator).
//
//   npm run operator:create -- --email <email> [--name <display name>]
//       gives the user the operator role, creating the account first if there is none: its password comes
//       from OPERATOR_PASSWORD, or is asked for on the terminal (never a command-line argument).
//   node --import tsx scripts/makeOperator.ts <email> | --email <email> [--revoke]
//       gives an existing user the operator role (or, with --revoke, takes it back: refused for the last operator).
//
// Every change is in the audit log (actor `system`). Running API processes pick it up within seconds (they
// cache roles briefly); the user's tokens need no reissue. Exit status: 0 done, 1 no such user (without
// --create) or refused, 64 bad usage.
import { parseArgs } from 'node:util';
import { loadConfigOrExit, loadDotEnv } from '../infra/config.js';
import { createPrismaClient, type PrismaClient } from '../infra/db.js';
import { HttpError } from '../api/errors.js';
import { setOperatorRole } from '../api/operatorRole.js';
import { hashPassword } from '../api/routes/auth.js';
import { emailSchema, passwordSchema } from '../contracts/auth.js';

const USAGE = [
  'usage: npm run operator:create -- --email <email> [--name <display name>]   (password from OPERATOR_PASSWORD or the terminal)',
  '       node --import tsx scripts/makeOperator.ts <email> | --email <email> [--revoke]',
].join('\n');
const VIA = 'scripts/makeOperator.ts';

function usageError(message: string): never {
  console.error(`makeOperator: ${message}\n${USAGE}`);
  process.exit(64);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      args: process.argv.slice(2),
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        create: { type: 'boolean' },
        revoke: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
  } catch (error) {
    usageError((error as Error).message);
  }
})();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const emails = [...positionals, ...(values.email === undefined ? [] : [values.email])];
if (emails.length !== 1) usageError('expected exactly one email (--email <email>)');
if (values.create && values.revoke) usageError('--create and --revoke do not go together');
if (values.name !== undefined && !values.create) usageError('--name is only for --create');
const parsedEmail = emailSchema.safeParse(emails[0]);
if (!parsedEmail.success) usageError(`${emails[0]} is not an email address`);
const email = parsedEmail.data;

/** Reads a line from the terminal without echoing it. */
async function readHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stdout.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  try {
    return await new Promise<string>((resolve) => {
      let text = '';
      const onData = (chunk: string) => {
        for (const char of chunk) {
          if (char === '\u0003') {
            process.stdout.write('\n');
            process.exit(130); // Ctrl-C
          } else if (char === '\r' || char === '\n' || char === '\u0004') {
            stdin.off('data', onData);
            process.stdout.write('\n');
            resolve(text);
            return;
          } else if (char === '\u007f' || char === '\b') {
            text = text.slice(0, -1);
          } else {
            text += char;
          }
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
  }
}

/** The new account's password: OPERATOR_PASSWORD, else asked twice on the terminal; checked like sign-up's. */
async function newPassword(): Promise<string> {
  let password = process.env.OPERATOR_PASSWORD;
  if (password === undefined) {
    if (!process.stdin.isTTY) usageError(`no user with email ${email}: set OPERATOR_PASSWORD (or run on a terminal) to create the account`);
    password = await readHidden(`Password for ${email}: `);
    if ((await readHidden('The same password again: ')) !== password) usageError('the passwords differ');
  }
  const checked = passwordSchema.safeParse(password);
  if (!checked.success) usageError(`the password ${checked.error.issues[0]?.message ?? 'is not valid'}`);
  return checked.data;
}

/** The user's id: the existing account, or (with --create) a new one, audited as created by the system. */
async function findOrCreateUser(prisma: PrismaClient): Promise<string | null> {
  const existing = await prisma.user.findUnique({ where: { email }, select: { id: true } });
  if (existing || !values.create) return existing?.id ?? null;
  const passwordHash = await hashPassword(await newPassword());
  const displayName = values.name?.trim() || email.split('@')[0] || email;
  const created = await prisma.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email, passwordHash, displayName: displayName.slice(0, 100) }, select: { id: true } });
    await tx.auditLog.create({ data: { actorType: 'system', action: 'user.created', targetType: 'user', targetId: user.id, details: { email, via: VIA } } });
    return user;
  });
  console.log(`created the account ${email}`);
  return created.id;
}

loadDotEnv();
const config = loadConfigOrExit();
const prisma = createPrismaClient(config.DATABASE_URL);
try {
  const userId = await findOrCreateUser(prisma);
  if (userId === null) {
    console.error(`makeOperator: no user with email ${email} (npm run operator:create -- --email ${email} creates one)`);
    process.exitCode = 1;
  } else {
    const operator = !values.revoke;
    const { changed } = await setOperatorRole(prisma, userId, operator, (action, user) => ({
      actorType: 'system',
      action,
      targetType: 'user',
      targetId: user.id,
      details: { email: user.email, via: VIA },
    }));
    console.log(`${email} is ${changed ? 'now' : 'already'} ${operator ? 'an operator' : 'a traveler'}`);
  }
} catch (error) {
  if (!(error instanceof HttpError)) throw error;
  console.error(`makeOperator: ${error.detail ?? error.title}`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
