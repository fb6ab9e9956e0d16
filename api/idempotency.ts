// Idempotent creation: a client's `Idempotency-Key` header names one resource, so a retried request finds
// the resource the first attempt created (and finishes starting it) instead of creating another.
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { IDEMPOTENCY_KEY } from '../contracts/common.js';
import { HttpError } from './errors.js';


/** The request's Idempotency-Key, null without one; 400 naming the header when it is malformed. */
export function idempotencyKeyOf(req: Request): string | null {
  const key = req.get('Idempotency-Key');
  if (key === undefined) return null;
  if (!IDEMPOTENCY_KEY.test(key)) throw new HttpError(400, 'Bad Request', 'Invalid headers', [{ field: 'Idempotency-Key', reason: 'must be 1 to 200 visible ASCII characters' }]);
  return key;
}

/** A UUID (v8 layout) from a SHA-256 of `text`: stable ids for idempotent creation. */
export function uuidFrom(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex').slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Seconds a client should wait before retrying a start the workflow service refused. */
export const START_RETRY_AFTER_SECONDS = 5;

/** 503 for a workflow that could not be started: the row is kept (or undone) so that a retry is safe. */
export function startUnavailable(what: string, retry: string): HttpError {
  return new HttpError(503, 'Service Unavailable', `The ${what} could not be started right now; ${retry}`, undefined, { 'Retry-After': String(START_RETRY_AFTER_SECONDS) });
}
