// The one set of primitives for dates, money and codes: plain predicates and patterns (no zod, so workflow
// validators and providers can use them without loading it) that contracts/dateSchemas.ts and
// domain/schemas.ts build their zod schemas on.

/** The shape of a calendar date; `isIsoDate` also checks that the date exists. */
export const ISO_DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** Midnight UTC of a real calendar date `YYYY-MM-DD`, years 0001–9999; null for anything else. */
export function civilDate(value: unknown): Date | null {
  if (typeof value !== 'string' || !ISO_DATE_SHAPE.test(value)) return null;
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  // Year 0 exists for JavaScript (1 BC) but not for PostgreSQL's date type.
  if (year < 1) return null;
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

/** A real calendar date `YYYY-MM-DD` (not 2026-02-30, not 2026-13-45, not 0000-01-01). */
export const isIsoDate = (value: unknown): value is string => civilDate(value) !== null;

/** Three capital letters: an IATA airport or city code (LIS), or an ISO 4217 currency code (EUR). */
export const THREE_LETTER_CODE = /^[A-Z]{3}$/;

export const isThreeLetterCode = (value: unknown): value is string => typeof value === 'string' && THREE_LETTER_CODE.test(value);

/** 1–20 comma-separated 3-letter IATA airport codes (any case, spaces around commas allowed). */
export const AIRPORT_CODES_PATTERN = /^\s*[A-Za-z]{3}(\s*,\s*[A-Za-z]{3}){0,19}\s*$/;

/** The largest amount storage keeps: PostgreSQL Decimal(12,2). */
export const MAX_MONEY_AMOUNT = 9_999_999_999.99;

/**
 * Whole cents: a sub-cent amount would be silently rounded away by storage. The tolerance is the
 * floating-point noise of `amount * 100`, which grows with the amount (a fixed one refused about one
 * in eight valid amounts above a billion, e.g. 5110861962.15).
 */
export function hasWholeCents(amount: number): boolean {
  const cents = amount * 100;
  return Math.abs(Math.round(cents) - cents) <= Math.max(1e-6, Math.abs(cents) * Number.EPSILON * 4);
}

/** The nearest whole-cent amount (drops floating-point noise such as 0.35000000000000003). */
export const roundToCents = (amount: number): number => Math.round(amount * 100) / 100;

/** Why an amount cannot be a stored price or budget, or null when it can. */
export function moneyAmountProblem(amount: unknown): string | null {
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) return 'must be a non-negative number';
  if (amount > MAX_MONEY_AMOUNT) return `must be at most ${MAX_MONEY_AMOUNT}`;
  if (!hasWholeCents(amount)) return 'must have at most 2 decimal places';
  return null;
}

/**
 * A text's length in characters (code points), as zod's `.min()`/`.max()` and JSON Schema's minLength/maxLength
 * count it; `String.length` counts UTF-16 units, where an emoji is two.
 */
export function characterCount(text: string): number {
  let count = 0;
  for (const _codePoint of text) count += 1;
  return count;
}
