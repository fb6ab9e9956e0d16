// First messages that set a trip up, shared by the dialogs (each dialog is its own trip). A first turn
// expects every field it states; the fields it does not state must keep the empty request's values.
// The trips are in 2028–29 (dates are absolute, and the workflow plans against today's date): move them
// on before the earliest one (Feb 2028) comes within a few weeks of today.
import type { Turn } from './types.js';

export const LISBON: Turn = {
  say: 'Lisbon from New York June 12-19 2028, 2 adults, $4000',
  intent: 'change',
  expect: { origin: 'NYC', destination: 'LIS', departDate: '2028-06-12', returnDate: '2028-06-19', adults: 2, budget: { amount: 4000, currency: 'USD' } },
};

export const ROME: Turn = {
  say: 'Rome from London September 5-15 2028 for 2 adults, budget €3500',
  intent: 'change',
  expect: { origin: 'LON', destination: 'ROM', departDate: '2028-09-05', returnDate: '2028-09-15', adults: 2, budget: { amount: 3500, currency: 'EUR' } },
};

export const HONOLULU: Turn = {
  say: 'Honolulu from Seattle December 20 2028 to January 3 2029, 2 adults and 2 kids, $9000',
  intent: 'change',
  expect: { origin: 'SEA', destination: 'HNL', departDate: '2028-12-20', returnDate: '2029-01-03', adults: 2, children: 2, budget: { amount: 9000, currency: 'USD' } },
};

export const CANCUN: Turn = {
  say: 'Cancún from Chicago February 14-21 2028, 2 adults, $3000',
  intent: 'change',
  expect: { origin: 'CHI', destination: 'CUN', departDate: '2028-02-14', returnDate: '2028-02-21', adults: 2, budget: { amount: 3000, currency: 'USD' } },
};

export const REYKJAVIK: Turn = {
  say: 'Reykjavík from Boston March 3-8 2028 for 2 adults',
  intent: 'change',
  expect: { origin: 'BOS', destination: 'REK', departDate: '2028-03-03', returnDate: '2028-03-08', adults: 2 },
};

/** Nine nights. */
export const TOKYO: Turn = {
  say: 'Tokyo from New York April 10-19 2028, 2 adults, $6000',
  intent: 'change',
  expect: { origin: 'NYC', destination: 'TYO', departDate: '2028-04-10', returnDate: '2028-04-19', adults: 2, budget: { amount: 6000, currency: 'USD' } },
};

export const MADRID: Turn = {
  say: 'Madrid from Chicago May 1-8 2028, 2 adults, $3500',
  intent: 'change',
  expect: { origin: 'CHI', destination: 'MAD', departDate: '2028-05-01', returnDate: '2028-05-08', adults: 2, budget: { amount: 3500, currency: 'USD' } },
};

export const PARIS: Turn = {
  say: 'Paris from Boston October 2-9 2028 for 2 adults, €4000',
  intent: 'change',
  expect: { origin: 'BOS', destination: 'PAR', departDate: '2028-10-02', returnDate: '2028-10-09', adults: 2, budget: { amount: 4000, currency: 'EUR' } },
};

export const NEW_ORLEANS: Turn = {
  say: 'New Orleans from Chicago April 2-6 2028, 2 adults',
  intent: 'change',
  expect: { origin: 'CHI', destination: 'MSY', departDate: '2028-04-02', returnDate: '2028-04-06', adults: 2 },
};

export const BARCELONA: Turn = {
  say: 'Barcelona from London July 8-15 2028, 2 adults, £3000, we love food and architecture',
  intent: 'change',
  expect: { origin: 'LON', destination: 'BCN', departDate: '2028-07-08', returnDate: '2028-07-15', adults: 2, budget: { amount: 3000, currency: 'GBP' }, interestsInclude: ['food', 'architecture'] },
};

export const KYOTO: Turn = {
  say: 'Kyoto from San Francisco November 4-12 2028, 1 adult, $4500, temples and gardens',
  intent: 'change',
  expect: { origin: 'SFO', destination: 'OSA', departDate: '2028-11-04', returnDate: '2028-11-12', adults: 1, budget: { amount: 4500, currency: 'USD' }, interestsInclude: ['temples', 'gardens'] },
};

export const ATHENS: Turn = {
  say: 'Athens from Berlin May 20-27 2028 for 3 adults',
  intent: 'change',
  expect: { origin: 'BER', destination: 'ATH', departDate: '2028-05-20', returnDate: '2028-05-27', adults: 3 },
};

export const DUBLIN: Turn = {
  say: 'Dublin from Boston August 10-14 2028, 2 adults, $2500',
  intent: 'change',
  expect: { origin: 'BOS', destination: 'DUB', departDate: '2028-08-10', returnDate: '2028-08-14', adults: 2, budget: { amount: 2500, currency: 'USD' } },
};

export const SINGAPORE: Turn = {
  say: 'Singapore from London March 12-20 2028, 2 adults',
  intent: 'change',
  expect: { origin: 'LON', destination: 'SIN', departDate: '2028-03-12', returnDate: '2028-03-20', adults: 2 },
};
