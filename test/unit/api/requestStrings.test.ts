// Schema-valid data is data the API accepts. A request string the server trims before checking its minimum
// length ("must not be empty") must say in the document that blanks do not count, or a client (and the fuzzer)
// sends "   ", which the document allows and the server refuses (400). This walks the zod schema of every
// request body, query, path and header of every operation, as the routes validate with them.
import { getOpenApiMetadata } from '@asteasolutions/zod-to-openapi';
import { describe, expect, it } from '@jest/globals';
import type { z } from 'zod';
import { buildOpenApiDocument, openApiRegistry } from '../../../api/openapi.js';
import { NOT_BLANK } from '../../../domain/schemas.js';

/** The parts of zod 4's schema definitions the walk reads (`schema._zod.def`). */
interface CheckDefinition {
  check: string;
  minimum?: number;
  format?: string;
  pattern?: RegExp;
  tx?: (value: string) => string;
}
type Definition = Record<string, unknown> & { type: string; checks?: { _zod: { def: CheckDefinition } }[] };
const definitionOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Definition } })._zod.def;
type Node = z.ZodType;

interface RequestString {
  where: string;
  trims: boolean;
  /** The minimum length zod checks (after trimming, where it trims). */
  minimum: number;
  /** What the document states: the first regex check and a pattern given as metadata. */
  patterns: RegExp[];
}

/** Every string under `node`. */
function requestStrings(node: Node, where: string, found: RequestString[], seen = new Set<Node>(), inherited: RegExp[] = []): RequestString[] {
  if (seen.has(node)) return found;
  seen.add(node);
  const def = definitionOf(node);
  // A pattern stated on a wrapper (a pipe's, as for emails) holds for the string inside it.
  const stated = getOpenApiMetadata(node).pattern;
  const patterns = [...inherited, ...(typeof stated === 'string' ? [new RegExp(stated, 'u')] : [])];
  const children = (value: unknown, suffix: string) => requestStrings(value as Node, `${where}${suffix}`, found, seen, patterns);
  switch (def.type) {
    case 'string': {
      const checks = (def.checks ?? []).map((check) => check._zod.def);
      found.push({
        where,
        trims: checks.some((check) => check.check === 'overwrite' && check.tx?.('  x  ') === 'x'),
        minimum: Math.max(0, ...checks.filter((check) => check.check === 'min_length').map((check) => check.minimum ?? 0)),
        patterns: [
          ...patterns,
          ...checks.flatMap((check) => (check.format === 'regex' && check.pattern ? [check.pattern] : [])),
        ],
      });
      break;
    }
    case 'object':
      for (const [key, value] of Object.entries(def.shape as Record<string, unknown>)) children(value, `.${key}`);
      break;
    case 'array':
      children(def.element, '[]');
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      children(def.innerType, '');
      break;
    case 'pipe':
      children(def.in, '');
      children(def.out, '');
      break;
    case 'union':
      (def.options as unknown[]).forEach((option, index) => children(option, `|${index}`));
      break;
    case 'intersection':
      children(def.left, '');
      children(def.right, '');
      break;
    case 'record':
      children(def.valueType, '.*');
      break;
    case 'tuple':
      (def.items as unknown[]).forEach((item, index) => children(item, `[${index}]`));
      break;
    case 'lazy':
      children((def.getter as () => unknown)(), '');
      break;
    case 'number':
    case 'int':
    case 'boolean':
    case 'enum':
    case 'literal':
    case 'null':
    case 'transform':
    case 'custom':
    case 'unknown':
    case 'any':
      break;
    default:
      // A kind of schema the walk does not know could hide strings: teach it, do not skip it.
      throw new Error(`${where}: a ${def.type} schema, which this walk does not read`);
  }
  return found;
}

/** Raw values as long as the minimum whose trimmed length is shorter. */
const blankish = (minimum: number): string[] => [
  ' '.repeat(minimum),
  '\t\n'.repeat(minimum).slice(0, minimum),
  '\uFEFF'.repeat(minimum),
  ...(minimum > 1 ? ['x'.padEnd(minimum, ' '), 'x'.padStart(minimum, '\u00a0')] : []),
];

describe('request strings: what the document allows, the server accepts', () => {
  const operations = openApiRegistry().definitions.flatMap((definition) => (definition.type === 'route' ? [definition.route] : []));
  const strings = operations.flatMap((route) => {
    const name = `${route.method.toUpperCase()} ${route.path}`;
    const request = route.request ?? {};
    const media = request.body?.content['application/json'];
    const body = media && 'schema' in media ? media.schema : undefined;
    const parts: [string, unknown][] = [['body', body], ['query', request.query], ['params', request.params], ['headers', request.headers]];
    return parts.flatMap(([part, schema]) => (schema ? requestStrings(schema as Node, `${name} ${part}`, []) : []));
  });
  const trimmed = strings.filter((string) => string.trims && string.minimum > 0);

  it('finds them (the walk reaches the request schemas)', () => {
    expect(operations.length).toBeGreaterThan(50);
    expect(trimmed.length).toBeGreaterThanOrEqual(15);
    expect(trimmed.map((string) => string.where)).toEqual(expect.arrayContaining(['POST /api/trips/{id}/bookings body.flightOfferId', 'POST /api/auth/register body.displayName']));
  });

  it('a string the server trims states a pattern that refuses what trims to less than its minimum', () => {
    const allowed = trimmed.flatMap(({ where, minimum, patterns }) =>
      blankish(minimum)
        .filter((value) => patterns.every((pattern) => pattern.test(value)))
        .map((value) => `${where}: ${JSON.stringify(value)} (minimum ${minimum})`),
    );
    expect(allowed).toEqual([]);
  });

  it('the pattern reaches the document through nullable and optional wrappers', () => {
    const schemas = buildOpenApiDocument().components?.schemas as Record<string, { properties: Record<string, { pattern?: string }> }>;
    expect(schemas.StartBooking?.properties.flightOfferId?.pattern).toBe(NOT_BLANK);
    expect(schemas.StartBooking?.properties.stayOfferId?.pattern).toBe(NOT_BLANK);
  });

  it('the pattern refuses exactly what trims to nothing', () => {
    const pattern = new RegExp(NOT_BLANK, 'u');
    for (const value of ['x', ' x ', '\uFEFFa\uFEFF', '\t\u00a0b', '', ' ', '\t\n', '\uFEFF', '\u3000\u2028']) {
      expect({ value, matches: pattern.test(value) }).toEqual({ value, matches: value.trim().length > 0 });
    }
  });
});
