// Money amounts at the edges: every whole-cent amount up to the stored maximum is accepted, however a
// client's language turned its cents into a double (a decimal literal, or cents × 0.01 as JSON Schema
// validators check `multipleOf`), and a sub-cent one is refused.
import fc from 'fast-check';
import { hasWholeCents, MAX_MONEY_AMOUNT, moneyAmountProblem, roundToCents } from '../../contracts/primitives.js';
import { moneySchema } from '../../domain/schemas.js';

const maxCents = Math.round(MAX_MONEY_AMOUNT * 100);
const wholeCents = fc.integer({ min: 0, max: maxCents });

describe('money amounts', () => {
  it('accepts every whole-cent amount, as a decimal literal or as cents × 0.01', () => {
    fc.assert(
      fc.property(wholeCents, (cents) => {
        const literal = Number((cents / 100).toFixed(2));
        expect(moneyAmountProblem(literal)).toBeNull();
        expect(hasWholeCents(cents * 0.01)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('accepts large amounts a fixed tolerance refused', () => {
    for (const amount of [5110861962.15, 2198429935.82, 2389430606.53, MAX_MONEY_AMOUNT]) expect(moneyAmountProblem(amount)).toBeNull();
  });

  it('refuses a fraction of a cent, small or large', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: maxCents - 1 }), fc.integer({ min: 1, max: 9 }), (cents, tenth) => {
        expect(hasWholeCents((cents * 10 + tenth) / 1000)).toBe(false);
      }),
      { numRuns: 20_000 },
    );
    expect(moneyAmountProblem(12.345)).toBe('must have at most 2 decimal places');
  });

  it('stores the whole-cent value, without floating-point noise', () => {
    expect(moneySchema.parse({ amount: 0.35000000000000003, currency: 'EUR' })).toEqual({ amount: 0.35, currency: 'EUR' });
    expect(moneySchema.parse({ amount: 5110861962.15, currency: 'USD' })).toEqual({ amount: 5110861962.15, currency: 'USD' });
    expect(roundToCents(0.1 + 0.2)).toBe(0.3);
  });
});
