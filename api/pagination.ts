// Keyset pagination behind every `{items, nextCursor}` list (contracts/list.ts listEnvelope): opaque
// cursors (base64url JSON of the last row's position), their checks, and the (createdAt, id) keyset the
// trips, messages and operators' users lists share.
import { bigintIdSchema } from '../contracts/common.js';
import { HttpError } from './errors.js';

export function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/**
 * The cursor's parts, or 422 naming `cursor` when it is not one this API issued: its shape (base64url) is
 * in the schema (400 otherwise), but whether this API wrote it cannot be (see CURSOR_RULE).
 */
export function decodeCursor<T extends (string | number)[]>(cursor: string, check: (parts: unknown[]) => parts is T): T {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && check(parts)) return parts;
  } catch {
    // fall through
  }
  throw new HttpError(422, 'Unprocessable Content', 'The cursor was not issued by this API.', [{ field: 'cursor', reason: 'is not a cursor from a previous page' }]);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** [bigint id as a string]: the position of a row ordered by a bigint id (activity, price points). */
export const isIdCursor = (parts: unknown[]): parts is [string] => parts.length === 1 && bigintIdSchema('an id').safeParse(parts[0]).success;

/** [seq]: a position in a trip's event log. */
export const isSeqCursor = (parts: unknown[]): parts is [number] => parts.length === 1 && Number.isSafeInteger(parts[0]) && (parts[0] as number) >= 0;

/** [createdAt ISO, uuid]: the position of a row ordered by (createdAt, id). */
const isTimeIdCursor = (parts: unknown[]): parts is [string, string] =>
  parts.length === 2 && typeof parts[0] === 'string' && !Number.isNaN(Date.parse(parts[0])) && typeof parts[1] === 'string' && UUID.test(parts[1]);

/**
 * The Prisma query part of a page ordered by (createdAt, id), newest first (`desc`) or oldest first
 * (`asc`), starting after `cursor`; one row more than `limit` is read to know whether a next page exists.
 */
export function createdAtKeyset(cursor: string | undefined, limit: number, direction: 'asc' | 'desc') {
  const after = cursor === undefined ? null : decodeCursor(cursor, isTimeIdCursor);
  const beyond = <T>(value: T) => (direction === 'desc' ? { lt: value } : { gt: value });
  return {
    where: after ? { OR: [{ createdAt: beyond(new Date(after[0])) }, { createdAt: new Date(after[0]), id: beyond(after[1]) }] } : {},
    orderBy: [{ createdAt: direction }, { id: direction }],
    take: limit + 1,
  };
}

/** The first `limit` rows (of up to `limit + 1` read) and the cursor after the last, null when no row follows. */
export function keysetPage<Row>(rows: Row[], limit: number, positionOf: (row: Row) => (string | number)[]): { page: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null };
}

/** The (createdAt, id) position of a row, for createdAtKeyset. */
export const createdAtPosition = (row: { createdAt: Date; id: string }): [string, string] => [row.createdAt.toISOString(), row.id];
