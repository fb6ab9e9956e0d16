// The sandbox booking and payment providers' own records: one row per mutation in `sandbox_operations`,
// keyed by the caller's idempotency key, with Stripe's semantics enforced by PostgreSQL (so they hold
// across worker processes, retries and restarts):
//   - same key + same request  → the stored result, no second side effect;
//   - same key + other request → IdempotencyKeyReused (non-retryable);
//   - N concurrent calls with one key → one INSERT wins (ON CONFLICT DO NOTHING waits for it to commit),
//     the others read the winner's row.
// A row *is* the side effect: a hold exists because its row does, it is released because a release row
// targets it. `targetReference` is unique per kind, so a hold is released (a charge refunded) at most once
// whatever key the release uses.
import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '../../infra/db.js';
import { ProviderError } from '../types.js';
import { SANDBOX_PROVIDER_NAME } from './common.js';

export const sandboxOperationKinds = ['hold_flight', 'release_flight_hold', 'reserve_stay', 'cancel_stay', 'charge', 'refund', 'void'] as const;
export type SandboxOperationKind = (typeof sandboxOperationKinds)[number];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface SandboxOperation<R extends object = JsonObject> {
  id: bigint;
  idempotencyKey: string;
  kind: SandboxOperationKind;
  requestHash: string;
  request: JsonObject;
  result: R;
  reference: string;
  targetReference: string | null;
  createdAt: Date;
}

/** The key was used before for a different request (Stripe's `idempotency_key_in_use`/reuse error). */
export class IdempotencyKeyReused extends ProviderError {
  constructor(key: string, detail: string) {
    super(SANDBOX_PROVIDER_NAME, `idempotency key "${key}" was already used for a different request (${detail})`, false, 409);
    this.name = 'IdempotencyKeyReused';
  }
}

/** The key was voided (its request will never be performed): see SandboxOperationStore.voidKey. */
export class IdempotencyKeyVoided extends ProviderError {
  constructor(key: string) {
    super(SANDBOX_PROVIDER_NAME, `idempotency key "${key}" was voided; the request will not be performed`, false, 409);
    this.name = 'IdempotencyKeyVoided';
  }
}

/** A request the sandbox refuses whatever the retry (bad amount, unknown currency, …). */
export class SandboxRequestError extends ProviderError {
  constructor(message: string) {
    super(SANDBOX_PROVIDER_NAME, message, false, 400);
    this.name = 'SandboxRequestError';
  }
}

export interface SandboxOperationStoreOptions {
  /**
   * Test knob (SANDBOX_BOOKING_DELAY_MS): every mutation answers this many ms *after* it is committed,
   * like a provider that is slow to respond. Lets tests kill a worker while a side effect is done but
   * its activity has not returned yet.
   */
  delayMs?: number;
}

interface OperationRow {
  id: bigint;
  idempotencyKey: string;
  kind: string;
  requestHash: string;
  request: unknown;
  result: unknown;
  reference: string;
  targetReference: string | null;
  createdAt: Date;
}

export class SandboxOperationStore {
  private readonly delayMs: number;

  constructor(
    private readonly prisma: PrismaClient,
    options: SandboxOperationStoreOptions = {},
  ) {
    this.delayMs = Math.max(0, options.delayMs ?? 0);
  }

  /** A new provider-side identifier such as `hold_3f9c…`. */
  static newReference(prefix: string): string {
    return `${prefix}_${randomBytes(10).toString('hex')}`;
  }

  /**
   * Performs a mutation once per idempotency key. `create` builds the row for a first request (its
   * reference and result); it runs on every call, but only the row that wins the INSERT takes effect.
   * Returns the stored operation and whether this call created it.
   */
  async perform<R extends object>(
    kind: SandboxOperationKind,
    idempotencyKey: string,
    request: JsonObject,
    create: () => { reference: string; targetReference?: string | null; result: R },
  ): Promise<{ operation: SandboxOperation<R>; created: boolean }> {
    if (!idempotencyKey || idempotencyKey.length > 255) throw new SandboxRequestError('an idempotency key of 1-255 characters is required');
    const requestHash = hashRequest(kind, request);
    const fresh = create();
    // ON CONFLICT DO NOTHING covers both unique constraints: the key, and (kind, targetReference).
    const inserted = await this.prisma.$queryRaw<OperationRow[]>`
      INSERT INTO sandbox_operations ("idempotencyKey", kind, "requestHash", request, result, reference, "targetReference")
      VALUES (${idempotencyKey}, ${kind}, ${requestHash}, ${JSON.stringify(request)}::jsonb, ${JSON.stringify(fresh.result)}::jsonb,
              ${fresh.reference}, ${fresh.targetReference ?? null})
      ON CONFLICT DO NOTHING
      RETURNING *`;
    let row = inserted[0];
    const created = row !== undefined;
    if (!row) {
      row = (await this.prisma.$queryRaw<OperationRow[]>`SELECT * FROM sandbox_operations WHERE "idempotencyKey" = ${idempotencyKey}`)[0];
      if (!row && fresh.targetReference) {
        // Another key already acted on the same target (e.g. released this hold): that operation's result stands.
        row = (await this.prisma.$queryRaw<OperationRow[]>`
          SELECT * FROM sandbox_operations WHERE kind = ${kind} AND "targetReference" = ${fresh.targetReference}`)[0];
        if (row) {
          await this.respond();
          return { operation: toOperation<R>(row), created: false };
        }
      }
      if (!row) throw new ProviderError(SANDBOX_PROVIDER_NAME, `operation ${idempotencyKey} conflicted but cannot be read back`, true);
      if (row.kind === 'void') throw new IdempotencyKeyVoided(idempotencyKey);
      if (row.kind !== kind || row.requestHash !== requestHash) {
        throw new IdempotencyKeyReused(idempotencyKey, row.kind !== kind ? `${row.kind}, not ${kind}` : 'different parameters');
      }
    }
    await this.respond();
    return { operation: toOperation<R>(row), created };
  }

  async findByKey(idempotencyKey: string): Promise<SandboxOperation | null> {
    const row = (await this.prisma.$queryRaw<OperationRow[]>`SELECT * FROM sandbox_operations WHERE "idempotencyKey" = ${idempotencyKey}`)[0];
    return row ? toOperation(row) : null;
  }

  async findByReference(kind: SandboxOperationKind, reference: string): Promise<SandboxOperation | null> {
    const row = (await this.prisma.$queryRaw<OperationRow[]>`SELECT * FROM sandbox_operations WHERE kind = ${kind} AND reference = ${reference} LIMIT 1`)[0];
    return row ? toOperation(row) : null;
  }

  async findByTarget(kind: SandboxOperationKind, targetReference: string): Promise<SandboxOperation | null> {
    const row = (await this.prisma.$queryRaw<OperationRow[]>`
      SELECT * FROM sandbox_operations WHERE kind = ${kind} AND "targetReference" = ${targetReference}`)[0];
    return row ? toOperation(row) : null;
  }

  /**
   * Voids an idempotency key that has not been used: a later request with it fails (IdempotencyKeyVoided)
   * instead of taking effect. Returns null when voided, or the operation that already used the key.
   * Compensation uses it when a step's outcome is unknown: either the step happened (then it is undone)
   * or it never will (a straggling attempt of a timed-out activity cannot create an orphan hold).
   */
  async voidKey(idempotencyKey: string, reason: string): Promise<SandboxOperation | null> {
    const inserted = await this.prisma.$queryRaw<OperationRow[]>`
      INSERT INTO sandbox_operations ("idempotencyKey", kind, "requestHash", request, result, reference)
      VALUES (${idempotencyKey}, 'void', 'void', ${JSON.stringify({ reason })}::jsonb, '{}'::jsonb, ${idempotencyKey})
      ON CONFLICT DO NOTHING
      RETURNING *`;
    if (inserted[0]) return null;
    const existing = await this.findByKey(idempotencyKey);
    if (!existing) throw new ProviderError(SANDBOX_PROVIDER_NAME, `void of ${idempotencyKey} conflicted but cannot be read back`, true);
    return existing.kind === 'void' ? null : existing;
  }

  private async respond(): Promise<void> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
  }
}

/** sha256 over the kind and the canonical JSON (sorted keys) of the request. */
export function hashRequest(kind: string, request: JsonObject): string {
  return createHash('sha256').update(`${kind}\n${canonicalJson(request)}`).digest('hex');
}

function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function toOperation<R extends object = JsonObject>(row: OperationRow): SandboxOperation<R> {
  return {
    id: row.id,
    idempotencyKey: row.idempotencyKey,
    kind: row.kind as SandboxOperationKind,
    requestHash: row.requestHash,
    request: row.request as JsonObject,
    result: row.result as R,
    reference: row.reference,
    targetReference: row.targetReference,
    createdAt: row.createdAt,
  };
}

/**
 * What every sandbox provider answers from its operation store: the operation behind an idempotency key
 * (for reconciliation after a lost reply) and voiding an unused key.
 */
export abstract class SandboxOperationsProvider {
  readonly name = SANDBOX_PROVIDER_NAME;

  constructor(protected readonly store: SandboxOperationStore) {}

  findOperation(idempotencyKey: string): Promise<SandboxOperation | null> {
    return this.store.findByKey(idempotencyKey);
  }

  voidKey(idempotencyKey: string, reason: string): Promise<SandboxOperation | null> {
    return this.store.voidKey(idempotencyKey, reason);
  }
}
