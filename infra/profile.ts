// The traveler's profile settings that other parts read (today: the preferred currency).
// Raw SQL on purpose: the column is newer than some generated Prisma clients in use, and one indexed
// lookup by primary key is all the planning activities need per step.
import type { PrismaClient } from './db.js';

export async function loadPreferredCurrency(prisma: PrismaClient, userId: string): Promise<string | null> {
  const rows = await prisma.$queryRaw<{ preferredCurrency: string | null }[]>`SELECT "preferredCurrency" FROM users WHERE id = ${userId}::uuid`;
  return rows[0]?.preferredCurrency ?? null;
}

export async function savePreferredCurrency(prisma: PrismaClient, userId: string, currency: string | null): Promise<void> {
  await prisma.$executeRaw`UPDATE users SET "preferredCurrency" = ${currency}, "updatedAt" = now() WHERE id = ${userId}::uuid`;
}
