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

/**
 * A field's problem as a sentence the traveler can act on. Schemas (shared with the API) give terse
 * reasons ("must not be empty"); `subject` is what the field holds, with its article ("a message",
 * "the name"): "must not be empty" → "Enter a message.". Reasons without a known form read
 * "<Subject> <reason>." ("The budget must be greater than 0."), or the reason as a sentence when it names its subject.
 */
export function fieldSentence(reason: string, subject: string): string {
  const text = reason.trim().replace(/\.$/, '');
  if (!text) return '';
  // Already a sentence (a capitalized reason from the API or a screen): keep it.
  if (/^[A-Z]/.test(text)) return `${text}.`;
  if (/^(must not be empty|is required|required)$/i.test(text)) return `Enter ${subject}.`;
  if (text === 'must be an email address') return 'Enter an email address, like name@example.com.';
  const atLeast = /^must be at least (\d+) characters?$/.exec(text);
  if (atLeast) return `Use at least ${atLeast[1]} characters.`;
  const atMost = /^must be at most (\d+) characters?$/.exec(text);
  if (atMost) return `Use at most ${atMost[1]} characters.`;
  // "must be …" needs its subject; a reason with its own ("the return date … is before …") reads as is.
  const sentence = /^(must|is|are|should|has|have|can|cannot|needs?|may)\b/.test(text) ? `${subject} ${text}` : text;
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

/** "Message the planner" → "the message the planner"; a label used as the subject of a sentence. */
export function subjectOf(label: string): string {
  return `the ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
}
