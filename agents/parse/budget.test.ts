import { describe, expect, it } from '@jest/globals';
import { extractBudget } from './budget.js';
import { WorkText } from './text.js';

const budgetOf = (text: string) => extractBudget(new WorkText(text));

describe('extractBudget', () => {
  it.each([
    ['budget $3000', 3000, 'USD'],
    ['€2,500 for the week', 2500, 'EUR'],
    ['2500 EUR', 2500, 'EUR'],
    ['USD 3000', 3000, 'USD'],
    ['under 1500 pounds', 1500, 'GBP'],
    ['£1.2k', 1200, 'GBP'],
    ['budget of 4k', 4000, 'USD'],
    ['2000 canadian dollars', 2000, 'CAD'],
    ['between $800 and $1,200', 1200, 'USD'],
    ['2-3k budget', 3000, 'USD'],
    ['€2.500', 2500, 'EUR'],
  ])('%s → %d %s', (text, amount, currency) => {
    expect(budgetOf(text)).toEqual({ amount, currency, perPerson: false });
  });

  it('marks a per-person amount, for the caller to multiply by the party', () => {
    expect(budgetOf('$1000 per person')).toEqual({ amount: 1000, currency: 'USD', perPerson: true });
  });

  it('takes the amount after a budget word over a nightly rate', () => {
    expect(budgetOf('hotels around $200 a night, total budget $4000')).toEqual({ amount: 4000, currency: 'USD', perPerson: false });
    expect(budgetOf('hotels around $200 a night')).toBeNull();
  });

  it('reads no money in counts, years or small currency-less numbers', () => {
    expect(budgetOf('budget for 2 people')).toBeNull();
    expect(budgetOf('a budget hotel for 3')).toBeNull();
    expect(budgetOf('in 2027 for 10 days')).toBeNull();
    expect(budgetOf('2500 all in')).toBeNull();
  });

  it('claims the amount so later readers do not see it', () => {
    const work = new WorkText('Lisbon 2500 EUR in May');
    extractBudget(work);
    expect(work.text).toBe('Lisbon          in May');
  });
});
