// What the database says about a failed write: refused the data itself (retrying cannot help), or
// something else (unreachable, timed out, a deadlock: left to the caller's retry policy).
import { Prisma } from './db.js';

/** SQLSTATE classes for refused data: 22 data exception (NUL byte, numeric overflow, bad date), 23 integrity constraint. */
const REFUSED_DATA_CLASSES = new Set(['22', '23']);

/** Prisma's own codes for values the column cannot hold (too long, out of range, wrong type, null). */
const REFUSED_DATA_PRISMA_CODES = new Set(['P2000', 'P2005', 'P2006', 'P2007', 'P2011', 'P2012', 'P2019', 'P2020', 'P2023', 'P2033']);

/**
 * A short, internals-free reason when `error` is the database refusing the data (e.g. "value out of
 * range (SQLSTATE 22003)"), else null.
 */
export function storageRejection(error: unknown): string | null {
  if (error instanceof Prisma.PrismaClientValidationError) return 'the value does not fit the stored field';
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return null;
  const sqlState = driverSqlState(error.meta);
  if (sqlState && REFUSED_DATA_CLASSES.has(sqlState.slice(0, 2))) return `the database refused the value (SQLSTATE ${sqlState})`;
  if (REFUSED_DATA_PRISMA_CODES.has(error.code)) return `the database refused the value (${error.code})`;
  return null;
}

/** The PostgreSQL error code a driver-adapter error carries in `meta.driverAdapterError.cause`. */
function driverSqlState(meta: Record<string, unknown> | undefined): string | null {
  const adapterError = meta?.driverAdapterError;
  if (typeof adapterError !== 'object' || adapterError === null || !('cause' in adapterError)) return null;
  const cause = adapterError.cause;
  if (typeof cause !== 'object' || cause === null) return null;
  const code = 'originalCode' in cause ? cause.originalCode : 'code' in cause ? cause.code : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}
