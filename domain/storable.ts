// What storage accepts, checked at every boundary (the API's JSON bodies, the workflow validators): no
// NUL character (PostgreSQL text and jsonb refuse U+0000), JSON nested at most MAX_JSON_DEPTH deep. Plain
// functions, so workflow code can use them too.

export const MAX_JSON_DEPTH = 32;

export interface StorageProblem {
  field: string;
  reason: string;
}

const NUL = '\u0000';

/** The first part of `value` storage would refuse, named by its path (`payload.items.3.title`), or null. */
export function storageProblem(value: unknown, field = 'body', depth = 0): StorageProblem | null {
  if (typeof value === 'string') return value.includes(NUL) ? { field, reason: 'must not contain the NUL character (U+0000)' } : null;
  if (typeof value !== 'object' || value === null) return null;
  if (depth >= MAX_JSON_DEPTH) return { field, reason: `is nested more than ${MAX_JSON_DEPTH} levels deep` };
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
  for (const [key, item] of entries) {
    const path = `${field}.${key}`;
    if (key.includes(NUL)) return { field, reason: 'has a key containing the NUL character (U+0000)' };
    const problem = storageProblem(item, path, depth + 1);
    if (problem) return problem;
  }
  return null;
}
