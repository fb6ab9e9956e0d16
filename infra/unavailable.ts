// Which dependency an error says is unreachable (PostgreSQL, Temporal, Redis), if any: the API answers
// those with 503 + Retry-After (api/errors.ts), the realtime join with `unavailable`, instead of a 500.
// Only outages count (refused or dropped connections, timeouts, a server shutting down); a query or RPC
// the server answered with an error is not an outage.

/** `service`: a socket to some dependency failed and the error does not say which. */
export type Dependency = 'database' | 'temporal' | 'redis' | 'service';

/** Prisma error codes for "cannot reach / lost / timed out talking to the database". */
const PRISMA_OUTAGE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);
/** Driver adapter error kinds (@prisma/driver-adapter-utils) that are outages. */
const ADAPTER_OUTAGE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
/** PostgreSQL SQLSTATEs of a server going away or not accepting connections (class 08, 57P01-57P03, 53300). */
const PG_OUTAGE_STATES = /^(08\d{3}|57P0[123]|53300)$/;
/** Node socket error codes of an unreachable peer. */
const SOCKET_OUTAGE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN']);
/** gRPC status codes of an unreachable or unresponsive Temporal frontend (UNAVAILABLE, DEADLINE_EXCEEDED). */
const GRPC_OUTAGE_CODES = new Set([14, 4]);
/** Messages of pg / the pg pool when a connection drops or cannot be had in time (they carry no code). */
const PG_OUTAGE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Can't reach database server|Client has encountered a connection error/i;

/** The dependency `error` (or one of its causes) says is unavailable, or null when it is not an outage. */
export function unavailableDependency(error: unknown): Dependency | null {
  for (const link of causeChain(error)) {
    const found = classify(link);
    if (found) return found;
  }
  return null;
}

function classify(error: object): Dependency | null {
  const name = 'name' in error && typeof error.name === 'string' ? error.name : '';
  const constructorName = error.constructor?.name ?? '';
  const code = 'code' in error ? (error as { code: unknown }).code : undefined;
  const message = 'message' in error && typeof error.message === 'string' ? error.message : '';

  if (name.startsWith('PrismaClient') || constructorName.startsWith('PrismaClient')) {
    if (name === 'PrismaClientInitializationError' || constructorName === 'PrismaClientInitializationError') return 'database';
    if (typeof code === 'string' && PRISMA_OUTAGE_CODES.has(code)) return 'database';
    const adapterCause = driverAdapterCause(error);
    if (adapterCause && isAdapterOutage(adapterCause)) return 'database';
    if (PG_OUTAGE_MESSAGE.test(message)) return 'database';
    return null;
  }
  if (name === 'DriverAdapterError' && 'cause' in error && isAdapterOutage(error.cause)) return 'database';
  // A pg DatabaseError: SQLSTATE in `code`, and a `severity`.
  if (typeof code === 'string' && 'severity' in error && PG_OUTAGE_STATES.test(code)) return 'database';

  // gRPC ServiceError from @grpc/grpc-js (numeric code, `details`, `metadata`), maybe wrapped by the SDK's ServiceError.
  if (typeof code === 'number' && 'metadata' in error && 'details' in error) return GRPC_OUTAGE_CODES.has(code) ? 'temporal' : null;
  if (name === 'WorkflowUpdateRPCTimeoutOrCancelledError') return 'temporal';

  // ioredis: commands rejected after the retries of a lost connection, or on a closed one.
  if (name === 'MaxRetriesPerRequestError' || (constructorName === 'Error' && message === 'Connection is closed.')) return 'redis';

  if (typeof code === 'string' && SOCKET_OUTAGE_CODES.has(code)) return 'service';
  if (PG_OUTAGE_MESSAGE.test(message) && constructorName === 'Error') return 'database';
  return null;
}

function driverAdapterCause(error: object): unknown {
  const meta = 'meta' in error ? error.meta : undefined;
  if (typeof meta !== 'object' || meta === null || !('driverAdapterError' in meta)) return undefined;
  const adapterError = meta.driverAdapterError;
  return typeof adapterError === 'object' && adapterError !== null && 'cause' in adapterError ? adapterError.cause : undefined;
}

function isAdapterOutage(cause: unknown): boolean {
  if (typeof cause !== 'object' || cause === null || !('kind' in cause) || typeof cause.kind !== 'string') return false;
  if (ADAPTER_OUTAGE_KINDS.has(cause.kind)) return true;
  return cause.kind === 'postgres' && 'code' in cause && typeof cause.code === 'string' && PG_OUTAGE_STATES.test(cause.code);
}

/** The error and its `cause`s (at most a few levels; a cycle ends the walk). */
function* causeChain(error: unknown): Generator<object> {
  const seen = new Set<unknown>();
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null && !seen.has(current); depth += 1) {
    seen.add(current);
    yield current;
    current = 'cause' in current ? current.cause : undefined;
  }
}

/** What a traveler reads for each dependency in a 503's detail (no internals). */
export const dependencyLabel: Record<Dependency, string> = {
  database: 'the trip store',
  temporal: 'the trip planner',
  redis: 'the session cache',
  service: 'a service this request needs',
};
