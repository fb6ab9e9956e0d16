// What storage accepts, checked at every boundary (the API's JSON bodies, the workflow validators): no
// NUL character (PostgreSQL text and jsonb refuse U+0000), no lone UTF-16 surrogate (JSON lets `"\ud800"`
// in, but it has no UTF-8 form, so the database driver refuses it), JSON nested at most MAX_JSON_DEPTH deep. Plain
// functions, so workflow code can use them too.

export const MAX_JSON_DEPTH = 32;

export interface StorageProblem {
  field: string;
  reason: string;
}

const NUL = '\u0000';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(text: string): string | null {
  if (text.includes(NUL)) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode (it has a lone surrogate, U+D800–U+DFFF)';
  return null;
}

/** The first part of `value` storage would refuse, named by its path (`payload.items.3.title`), or null. */
export function storageProblem(value: unknown, field = 'body', depth = 0): StorageProblem | null {
  if (typeof value === 'string') {
    const reason = textProblem(value);
    return reason ? { field, reason } : null;
  }
  if (typeof value !== 'object' || value === null) return null;
  if (depth >= MAX_JSON_DEPTH) return { field, reason: `is nested more than ${MAX_JSON_DEPTH} levels deep` };
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
  for (const [key, item] of entries) {
    const path = `${field}.${key}`;
    if (textProblem(key)) return { field, reason: 'has a key with a NUL character or a lone surrogate' };
    const problem = storageProblem(item, path, depth + 1);
    if (problem) return problem;
  }
  return null;
}
