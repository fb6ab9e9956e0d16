// docs/agents.md's curl walkthrough, run as written: each ```sh block of "Walkthrough with curl", in order,
// with real curl against a test API, checked against the `<!-- walkthrough {...} -->` comment above it
// (status, values, and which answer fields the later blocks use). A step that drifts from the API fails here.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signUp } from '../support/identity.js';
import { startTestApi, type TestApi } from './authSupport.js';

const run = promisify(execFile);
const DOC = fileURLToPath(new URL('../../docs/agents.md', import.meta.url));
/** The password test/support/identity.ts signs users up with. */
const PASSWORD = 'correct horse battery staple';

interface Check {
  status: number;
  /** Variables for the later blocks: name → path in the answer (dots; array indexes as numbers). */
  set?: Record<string, string>;
  /** path → expected value (`$NAME` is a variable set before). */
  match?: Record<string, unknown>;
  /** Paths that must be present (not undefined). */
  present?: string[];
  /** Paths that must be non-empty (a non-empty string or array). */
  nonEmpty?: string[];
}

interface Step {
  check: Check;
  script: string;
}

/** The walkthrough's blocks, each with the check in the comment right above it. */
function walkthroughSteps(markdown: string): Step[] {
  const start = markdown.indexOf('## Walkthrough with curl');
  if (start < 0) throw new Error('docs/agents.md has no "Walkthrough with curl" section');
  const end = markdown.indexOf('\n## ', start + 1);
  const section = markdown.slice(start, end < 0 ? undefined : end);
  const steps: Step[] = [];
  for (const match of section.matchAll(/<!-- walkthrough (\{.*?\}) -->\n```sh\n([\s\S]*?)```/g)) {
    steps.push({ check: JSON.parse(match[1] ?? '{}') as Check, script: match[2] ?? '' });
  }
  // Every curl block is checked: none may sit in the section without its comment.
  expect(section.match(/```sh/g)?.length).toBe(steps.length);
  return steps;
}

const at = (value: unknown, dotted: string): unknown =>
  dotted.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), value);

describe('docs/agents.md: the curl walkthrough', () => {
  let api: TestApi;
  let dir: string;

  beforeAll(async () => {
    api = await startTestApi();
    dir = await mkdtemp(path.join(tmpdir(), 'walkthrough-'));
  });

  afterAll(async () => {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs every step as written, in order, and each answers as the walkthrough says', async () => {
    const steps = walkthroughSteps(await readFile(DOC, 'utf8'));
    expect(steps.length).toBeGreaterThanOrEqual(10);
    const traveler = await signUp(api.url, 'walkthrough');
    const variables: Record<string, string> = { TRIPSAGE_URL: api.url, EMAIL: traveler.user.email, PASSWORD };
    const body = path.join(dir, 'body');
    // curl as the reader runs it, with its answer's body and status captured for the check.
    const prelude = `curl() { command curl -sS --max-time 90 -o ${JSON.stringify(body)} -w '%{http_code}' "$@"; }\n`;
    for (const [index, { check, script }] of steps.entries()) {
      const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', prelude + script], { env: { PATH: process.env.PATH ?? '', ...variables }, timeout: 120_000 });
      const text = await readFile(body, 'utf8');
      const answer: unknown = text ? JSON.parse(text) : undefined;
      const step = `step ${index + 1}: ${script.split('\n')[0]}`;
      expect({ step, status: Number(stdout.trim()) }).toEqual({ step, status: check.status });
      for (const [field, expected] of Object.entries(check.match ?? {})) {
        const want = typeof expected === 'string' && expected.startsWith('$') ? variables[expected.slice(1)] : expected;
        expect({ step, field, value: at(answer, field) }).toEqual({ step, field, value: want });
      }
      for (const field of check.present ?? []) expect({ step, field, present: at(answer, field) !== undefined }).toEqual({ step, field, present: true });
      for (const field of check.nonEmpty ?? []) {
        const value = at(answer, field);
        expect({ step, field, nonEmpty: (typeof value === 'string' || Array.isArray(value)) && value.length > 0 }).toEqual({ step, field, nonEmpty: true });
      }
      for (const [name, field] of Object.entries(check.set ?? {})) {
        const value = at(answer, field);
        expect({ step, field, type: typeof value }).toEqual({ step, field, type: 'string' });
        variables[name] = value as string;
      }
    }
    // What the walkthrough left behind: a planned trip with the suggestion and the watch, all the traveler's.
    const trip = await api.ctx.prisma.trip.findUniqueOrThrow({ where: { id: variables.TRIP_ID } });
    expect(trip.ownerId).toBe(traveler.user.id);
    expect(await api.ctx.prisma.priceWatch.count({ where: { id: variables.WATCH_ID, tripId: trip.id } })).toBe(1);
  }, 300_000);
});
