// Saved travelers' passenger details, encrypted at rest like BYOK credentials (infra/credentials.ts):
// AES-256-GCM under the current key version, the ciphertext bound to its owner and row (a row copied onto
// another user or id fails to decrypt). Only the API reads them back, for their owner.
import { randomUUID } from 'node:crypto';
import type { TravelerDetails } from '../domain/checkout.js';
import { decryptSecret, encryptSecret, type EncryptionKeys } from './credentials.js';
import type { PrismaClient } from './db.js';

export interface SavedTraveler extends TravelerDetails {
  id: string;
  createdAt: string;
  updatedAt: string;
}

interface TravelerRow {
  id: string;
  userId: string;
  ciphertext: string;
  iv: string;
  authTag: string;
  keyVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

export function travelerContext(userId: string, travelerId: string): string {
  return `tripsage:traveler:v1:${userId}:${travelerId}`;
}

export function sealTraveler(keys: EncryptionKeys, userId: string, travelerId: string, details: TravelerDetails) {
  return encryptSecret(keys, JSON.stringify(details), travelerContext(userId, travelerId));
}

export function openTraveler(keys: EncryptionKeys, row: TravelerRow): SavedTraveler {
  const details = JSON.parse(decryptSecret(keys, row, travelerContext(row.userId, row.id))) as TravelerDetails;
  return { id: row.id, ...details, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

/** A new id for a traveler row (the ciphertext is bound to it, so it is made before encrypting). */
export const newTravelerId = (): string => randomUUID();

/** The user's travelers with these ids, in the order asked; ids that are not theirs are missing from the result. */
export async function loadTravelers(prisma: PrismaClient, keys: EncryptionKeys, userId: string, ids: readonly string[]): Promise<SavedTraveler[]> {
  if (ids.length === 0) return [];
  const rows = await prisma.traveler.findMany({ where: { userId, id: { in: [...ids] } } });
  const byId = new Map(rows.map((row) => [row.id, openTraveler(keys, row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Re-encrypts travelers not under the current key version (part of infra/reencrypt.ts's reencryptAll). */
export async function reencryptTravelers(prisma: Pick<PrismaClient, 'traveler'>, keys: EncryptionKeys, options: { userId?: string } = {}): Promise<number> {
  const rows = await prisma.traveler.findMany({ where: { keyVersion: { not: keys.currentKeyVersion }, ...(options.userId !== undefined && { userId: options.userId }) } });
  let rewritten = 0;
  for (const row of rows) {
    const context = travelerContext(row.userId, row.id);
    const encrypted = encryptSecret(keys, decryptSecret(keys, row, context), context);
    const { count } = await prisma.traveler.updateMany({ where: { id: row.id, keyVersion: row.keyVersion, ciphertext: row.ciphertext }, data: encrypted });
    rewritten += count;
  }
  return rewritten;
}
