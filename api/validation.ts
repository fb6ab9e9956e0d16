// Request validation: zod issues as problem+json field errors, worded as sentences ("title: must be a
// string"). The one place that words them: every route parses its input through parseRequest/parseBody
// (the plan routes call fieldProblems directly). Parse with `{ reportInput: true }` so a wrong type is told apart
// from a missing field.
import type { z } from 'zod';
import { isRuleIssue } from '../domain/schemas.js';
import { HttpError, type FieldProblem } from './errors.js';

/**
 * One {field, reason} per field (each unknown field by name). `where` names the field when the issue is
 * about the whole value (`body`, `query`, `params`, or a path parameter such as `provider`).
 */
export function fieldProblems(error: z.ZodError, where = 'body'): FieldProblem[] {
  const problems = error.issues.flatMap((issue): FieldProblem[] => {
    const field = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: field ? `${field}.${key}` : key, reason: 'is not a known field' }));
    }
    if (issue.code === 'invalid_type' && issue.input === undefined && field !== '') return [{ field, reason: 'is required' }];
    if (field === '' && issue.code === 'invalid_type') return [{ field: where, reason: 'must be a JSON object' }];
    return [{ field: field || where, reason: reasonFor(issue) }];
  });
  // One reason per field: the first check that failed (a huge number fails "integer" and "at most 9" alike).
  const seen = new Set<string>();
  return problems.filter((problem) => !seen.has(problem.field) && Boolean(seen.add(problem.field)));
}

const ARTICLE: Record<string, string> = { string: 'a string', number: 'a number', int: 'a whole number', boolean: 'true or false', object: 'a JSON object', array: 'a list' };

/**
 * The issue's reason as a sentence fragment ("must be a string"). Schemas mostly word their own; zod's
 * defaults ("Invalid input: expected string, received number", "Too big: expected number to be <=9") and a
 * schema's "is required" given for a value of the wrong type are reworded here.
 */
function reasonFor(issue: z.core.$ZodIssue): string {
  const custom = !/^(Invalid input|Invalid option|Too big|Too small|Invalid string|Invalid number)\b/.test(issue.message);
  switch (issue.code) {
    case 'invalid_type': {
      if (Array.isArray(issue.input) && issue.expected !== 'array') return 'must be given once';
      if (typeof issue.input === 'number' && !Number.isFinite(issue.input)) return 'must be a finite number';
      if (custom && issue.message !== 'is required') return issue.message;
      return `must be ${ARTICLE[issue.expected] ?? issue.expected}`;
    }
    case 'too_big':
    case 'too_small': {
      if (custom) return issue.message;
      const bound = issue.code === 'too_big' ? issue.maximum : issue.minimum;
      const most = issue.code === 'too_big' ? 'at most' : 'at least';
      const inclusive = issue.inclusive !== false;
      if (issue.origin === 'string') return `must be ${most} ${String(bound)} characters long`;
      if (issue.origin === 'array' || issue.origin === 'set') return `must have ${most} ${String(bound)} items`;
      return inclusive ? `must be ${most} ${String(bound)}` : `must be ${issue.code === 'too_big' ? 'less' : 'more'} than ${String(bound)}`;
    }
    case 'invalid_value':
      return custom ? issue.message : `must be one of ${issue.values.map(String).join(', ')}`;
    default:
      return issue.message;
  }
}

const WHERE = { body: 'Invalid request body', query: 'Invalid query parameters', params: 'Invalid path parameters' } as const;

/**
 * Parses `value` or throws problem+json with one {field, reason} per issue (each unknown field by name):
 * 400, or 422 when the input is well-formed and only breaks a domain rule (the trip-date rule).
 */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, where: keyof typeof WHERE): z.output<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  if (result.error.issues.every(isRuleIssue)) {
    throw new HttpError(422, 'Unprocessable Content', 'The input breaks a rule: `errors` names each field and why.', fieldProblems(result.error, where));
  }
  throw new HttpError(400, 'Bad Request', WHERE[where], fieldProblems(result.error, where));
}

/** Parses a request body against `schema`, or throws 400 problem+json listing each field's problem. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body, { reportInput: true });
  if (!result.success) throw new HttpError(400, 'Bad Request', 'Invalid request body', fieldProblems(result.error));
  return result.data;
}
