// Budget: a bare amount keeps the trip's currency, a named one replaces it; no new search either way.
import { honestBudgetClaim, notSearched, planUnchanged } from './checks.js';
import { BARCELONA, DUBLIN, LISBON, MADRID, NEW_ORLEANS, PARIS, ROME, TOKYO } from './trips.js';
import type { Dialog } from './types.js';

/** A budget changes the verdict, not the offers. */
const rebudgeted = [notSearched('destination', 'flights', 'stays'), honestBudgetClaim];

export const budgetDialogs: Dialog[] = [
  {
    id: 'budget/keep-it-under-5000',
    category: 'budget',
    turns: [LISBON, { say: 'can we keep it under 5000?', intent: 'change', expect: { budget: { amount: 5000, currency: 'USD' } }, checks: rebudgeted }],
  },
  {
    id: 'budget/raise-keeps-euros',
    category: 'budget',
    turns: [ROME, { say: 'raise the budget to 4500', intent: 'change', expect: { budget: { amount: 4500, currency: 'EUR' } }, checks: rebudgeted }],
  },
  {
    id: 'budget/named-currency-replaces',
    category: 'budget',
    turns: [PARIS, { say: 'our budget is $5000', intent: 'change', expect: { budget: { amount: 5000, currency: 'USD' } }, checks: rebudgeted }],
  },
  {
    id: 'budget/cap-at-3k',
    category: 'budget',
    turns: [MADRID, { say: "let's cap it at 3k", intent: 'change', expect: { budget: { amount: 3000, currency: 'USD' } }, checks: rebudgeted }],
  },
  {
    id: 'budget/first-budget-in-dollars',
    category: 'budget',
    turns: [NEW_ORLEANS, { say: 'our budget is 2000 dollars', intent: 'change', expect: { budget: { amount: 2000, currency: 'USD' } }, checks: rebudgeted }],
  },
  {
    id: 'budget/up-to-2500-pounds',
    category: 'budget',
    turns: [BARCELONA, { say: 'we can spend up to £2,500', intent: 'change', expect: { budget: { amount: 2500, currency: 'GBP' } }, checks: rebudgeted }],
  },
  {
    id: 'budget/lower-to-3000-honest-verdict',
    category: 'budget',
    turns: [TOKYO, { say: 'actually our budget is only $3000', intent: 'change', expect: { budget: { amount: 3000, currency: 'USD' } }, checks: rebudgeted }],
  },
  {
    id: 'budget/bare-amount-then-currency',
    category: 'budget',
    turns: [
      DUBLIN,
      { say: 'make the budget 3000', intent: 'change', expect: { budget: { amount: 3000, currency: 'USD' } }, checks: rebudgeted },
      { say: 'sorry, I meant 3000 euros', intent: 'change', expect: { budget: { amount: 3000, currency: 'EUR' } }, checks: [planUnchanged, honestBudgetClaim] },
    ],
  },
  {
    id: 'budget/about-6000-to-spend',
    category: 'budget',
    turns: [LISBON, { say: 'we have about 6000 to spend', intent: 'change', expect: { budget: { amount: 6000, currency: 'USD' } }, checks: rebudgeted }],
  },
  {
    id: 'budget/bring-the-total-down',
    category: 'budget',
    turns: [ROME, { say: 'can you bring the total down to 3000?', intent: 'change', expect: { budget: { amount: 3000, currency: 'EUR' } }, checks: rebudgeted }],
  },
  {
    id: 'budget/no-limit',
    category: 'budget',
    turns: [MADRID, { say: 'no budget limit actually', intent: 'change', expect: { budget: null }, checks: rebudgeted }],
  },
];
