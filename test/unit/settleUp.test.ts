// Splitting shared expenses and settling up (domain/settleUp.ts): a hand-computed trip, then properties
// over random expenses and balances.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { personTotals, settleUp, splitEvenly, type Balance, type Transfer } from '../../domain/settleUp.js';

function applyTransfers(balances: readonly Balance[], transfers: readonly Transfer[]): Map<string, number> {
  const net = new Map(balances.map(({ personId, amount }) => [personId, amount]));
  for (const transfer of transfers) {
    net.set(transfer.fromPersonId, (net.get(transfer.fromPersonId) ?? 0) + transfer.amount);
    net.set(transfer.toPersonId, (net.get(transfer.toPersonId) ?? 0) - transfer.amount);
  }
  return net;
}

const person = fc.constantFrom('ana', 'ben', 'cai', 'dee', 'eli', 'fay', 'gus');
const expense = fc.record({
  amount: fc.integer({ min: 1, max: 10_000_000 }),
  paidBy: person,
  sharedBy: fc.uniqueArray(person, { minLength: 1, maxLength: 7 }),
});

/** Balances that sum to zero: random amounts, the last person takes the opposite of the rest's sum. */
const zeroSumBalances = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 }).chain((people) =>
  fc.array(fc.integer({ min: -5_000_000, max: 5_000_000 }), { minLength: people.length - 1, maxLength: people.length - 1 }).map((amounts): Balance[] => {
    const last = 0 - amounts.reduce((sum, amount) => sum + amount, 0);
    return people.map((personId, index) => ({ personId, amount: index < amounts.length ? amounts[index]! : last }));
  }),
);

describe('splitEvenly', () => {
  it('gives the remainder cents to the first sharers by id, so shares sum to the amount', () => {
    expect([...splitEvenly(100, ['cai', 'ana', 'ben'])]).toEqual([
      ['ana', 34],
      ['ben', 33],
      ['cai', 33],
    ]);
    expect([...splitEvenly(2, ['b', 'a', 'c'])]).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 0],
    ]);
  });

  it('counts a person listed twice once and refuses an expense nobody shares or a fractional amount', () => {
    expect([...splitEvenly(10, ['a', 'a'])]).toEqual([['a', 10]]);
    expect(() => splitEvenly(10, [])).toThrow(RangeError);
    expect(() => splitEvenly(10.5, ['a'])).toThrow(RangeError);
  });

  it('always sums exactly to the amount, each share within one cent of the others', () => {
    fc.assert(
      fc.property(expense, ({ amount, sharedBy }) => {
        const shares = [...splitEvenly(amount, sharedBy).values()];
        expect(shares.reduce((sum, share) => sum + share, 0)).toBe(amount);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('settleUp', () => {
  it('settles a hand-computed trip: A paid 90 for A, B, C; B paid 30 for B and C', () => {
    // A: paid 90, share 30 → +60. B: paid 30, share 30 + 15 = 45 → −15. C: share 30 + 15 = 45 → −45.
    const totals = personTotals([
      { amount: 9000, paidBy: 'A', sharedBy: ['A', 'B', 'C'] },
      { amount: 3000, paidBy: 'B', sharedBy: ['B', 'C'] },
    ]);
    expect(totals).toEqual([
      { personId: 'A', paid: 9000, share: 3000, balance: 6000 },
      { personId: 'B', paid: 3000, share: 4500, balance: -1500 },
      { personId: 'C', paid: 0, share: 4500, balance: -4500 },
    ]);
    expect(settleUp(totals.map(({ personId, balance }) => ({ personId, amount: balance })))).toEqual([
      { fromPersonId: 'C', toPersonId: 'A', amount: 4500 },
      { fromPersonId: 'B', toPersonId: 'A', amount: 1500 },
    ]);
  });

  it('needs no transfer when everyone is even, and refuses balances that do not sum to zero', () => {
    expect(settleUp([{ personId: 'a', amount: 0 }, { personId: 'b', amount: 0 }])).toEqual([]);
    expect(settleUp([])).toEqual([]);
    expect(() => settleUp([{ personId: 'a', amount: 5 }, { personId: 'b', amount: -4 }])).toThrow(/sum to zero/);
  });

  it('zeroes every balance with at most (people with a nonzero balance − 1) positive integer transfers', () => {
    fc.assert(
      fc.property(zeroSumBalances, (balances) => {
        const transfers = settleUp(balances);
        for (const amount of applyTransfers(balances, transfers).values()) expect(amount).toBe(0);
        const owing = balances.filter((balance) => balance.amount !== 0).length;
        expect(transfers.length).toBeLessThanOrEqual(Math.max(0, owing - 1));
        for (const transfer of transfers) {
          expect(Number.isInteger(transfer.amount)).toBe(true);
          expect(transfer.amount).toBeGreaterThan(0);
          expect(transfer.fromPersonId).not.toBe(transfer.toPersonId);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('settles the balances of any set of expenses: totals balance out, transfers zero them', () => {
    fc.assert(
      fc.property(fc.array(expense, { maxLength: 20 }), (expenses) => {
        const totals = personTotals(expenses);
        expect(totals.reduce((sum, total) => sum + total.balance, 0)).toBe(0);
        expect(totals.reduce((sum, total) => sum + total.paid, 0)).toBe(expenses.reduce((sum, item) => sum + item.amount, 0));
        const balances = totals.map(({ personId, balance }) => ({ personId, amount: balance }));
        for (const amount of applyTransfers(balances, settleUp(balances)).values()) expect(amount).toBe(0);
      }),
    );
  });
});
