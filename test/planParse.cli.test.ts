import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { tripRequestSchema } from '../domain/schemas.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const TRIP_REQUEST_KEYS = ['adults', 'budget', 'cabinClass', 'children', 'departDate', 'destination', 'interests', 'origin', 'returnDate'];

function planParse(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/planParse.ts', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 });
}

describe('npm run plan:parse (scripts/planParse.ts)', () => {
  it('prints exactly one TripRequest JSON object on stdout', () => {
    const result = planParse('--reference-date', '2026-11-23', 'Me and my wife from New York to Lisbon on Dec 10 for a week, $3000, business class, food and museums');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const output: unknown = JSON.parse(result.stdout);
    expect(output).not.toBeNull();
    expect(typeof output).toBe('object');
    expect(Object.keys(output as object).sort()).toEqual(TRIP_REQUEST_KEYS);
    expect(tripRequestSchema.parse(output)).toEqual({
      origin: { city: 'New York', iata: 'NYC' },
      destination: { city: 'Lisbon', iata: 'LIS' },
      departDate: '2026-12-10',
      returnDate: '2026-12-17',
      adults: 2,
      children: 0,
      budget: { amount: 3000, currency: 'USD' },
      cabinClass: 'business',
      interests: ['food', 'museums'],
    });
  });

  it('prints the defaults for a text that specifies nothing', () => {
    const result = planParse('--reference-date', '2026-11-23', 'hello there');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ origin: null, destination: null, departDate: null, returnDate: null, adults: 1, children: 0, budget: null, cabinClass: 'economy', interests: [] });
  });

  it('defaults the reference date to today', () => {
    const result = planParse('Lisbon tomorrow');
    expect(result.status).toBe(0);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const departDate = (JSON.parse(result.stdout) as { departDate: string }).departDate;
    // The day may turn between the test's clock and the CLI's.
    expect([tomorrow, new Date().toISOString().slice(0, 10), new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)]).toContain(departDate);
  });

  it.each([
    ['no text', ['--reference-date', '2026-11-23']],
    ['a malformed reference date', ['--reference-date', '23/11/2026', 'Paris']],
    ['an impossible reference date', ['--reference-date', '2026-02-30', 'Paris']],
    ['an unknown option', ['--verbose', 'Paris']],
    ['a reference date without its value', ['Paris', '--reference-date']],
  ])('exits 64 with a message on stderr for %s', (_label, args) => {
    const result = planParse(...args);
    expect(result.status).toBe(64);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/usage: npm run -s plan:parse/);
  });
});
