// Form validation with the API's own zod schemas: field errors keyed by path, ready for <Field>.
import type { z } from 'zod';

export type FieldErrors = Record<string, string>;

export type Validated<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** Validates `value` with `schema`; each field gets its first problem (unknown fields included). */
export function validate<S extends z.ZodType>(schema: S, value: unknown): Validated<z.output<S>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors[path ? `${path}.${key}` : key] ??= 'is not a known field';
      continue;
    }
    errors[path || 'form'] ??= issue.message;
  }
  return { ok: false, errors };
}

/** The errors for one field and every nested path under it, joined. */
export function errorFor(errors: FieldErrors, field: string): string | undefined {
  const messages = Object.entries(errors)
    .filter(([key]) => key === field || key.startsWith(`${field}.`))
    .map(([, message]) => message);
  return messages.length ? messages.join('; ') : undefined;
}

/** `''` → null, otherwise the number (NaN stays NaN so the schema reports it). */
export function numberOrNull(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}
