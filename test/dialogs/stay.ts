// Stay: none needed, cheaper, a nightly ceiling, a star floor, near a place; only stays are searched again.
import { cheapestStayPicked, hasStay, noStay, notSearched, staysAtLeastStars, staysAtMostPerNight } from './checks.js';
import { BARCELONA, DUBLIN, HONOLULU, LISBON, MADRID, PARIS, ROME, TOKYO } from './trips.js';
import type { Dialog } from './types.js';

const restayed = notSearched('destination', 'flights');

export const stayDialogs: Dialog[] = [
  {
    id: 'stay/we-have-an-apartment',
    category: 'stay',
    turns: [MADRID, { say: 'no accommodation needed, we have an apartment', intent: 'change', expect: { stay: { needed: false } }, checks: [noStay, restayed] }],
  },
  {
    id: 'stay/staying-with-friends',
    category: 'stay',
    turns: [PARIS, { say: "we're staying with friends", intent: 'change', expect: { stay: { needed: false } }, checks: [noStay, restayed] }],
  },
  {
    id: 'stay/cheaper-hotel',
    category: 'stay',
    turns: [LISBON, { say: 'can we find a cheaper hotel?', intent: 'change', expect: { stay: { cheapest: true } }, checks: [cheapestStayPicked, restayed] }],
  },
  {
    id: 'stay/max-150-a-night',
    category: 'stay',
    note: 'A nightly amount without a currency is in the trip\'s currency (EUR here).',
    turns: [ROME, { say: 'max 150 a night for the hotel', intent: 'change', expect: { stay: { maxPerNight: { amount: 150, currency: 'EUR' } } }, checks: [staysAtMostPerNight({ amount: 150, currency: 'EUR' }), restayed] }],
  },
  {
    id: 'stay/at-least-4-stars',
    category: 'stay',
    turns: [TOKYO, { say: 'at least 4 stars please', intent: 'change', expect: { stay: { minStars: 4 } }, checks: [staysAtLeastStars(4), restayed] }],
  },
  {
    id: 'stay/close-to-the-beach',
    category: 'stay',
    turns: [HONOLULU, { say: "we'd like to stay close to the beach", intent: 'change', expect: { stay: { near: 'the beach' } }, checks: [hasStay, restayed] }],
  },
  {
    id: 'stay/apartment-then-hotel-after-all',
    category: 'stay',
    turns: [
      MADRID,
      { say: "we don't need a hotel, we're staying with family", intent: 'change', expect: { stay: { needed: false } }, checks: [noStay, restayed] },
      { say: 'actually we do need a hotel after all', intent: 'change', expect: { stay: { needed: true } }, checks: [hasStay, restayed] },
    ],
  },
  {
    id: 'stay/nothing-over-200-dollars-a-night',
    category: 'stay',
    note: 'A named currency on the nightly ceiling is kept (USD on a GBP trip).',
    turns: [BARCELONA, { say: 'nothing over $200 per night please', intent: 'change', expect: { stay: { maxPerNight: { amount: 200, currency: 'USD' } } }, checks: [staysAtMostPerNight({ amount: 200, currency: 'USD' }), restayed] }],
  },
  {
    id: 'stay/five-star-hotel',
    category: 'stay',
    turns: [DUBLIN, { say: "let's treat ourselves to a 5-star hotel", intent: 'change', expect: { stay: { minStars: 5 } }, checks: [staysAtLeastStars(5), restayed] }],
  },
  {
    id: 'stay/nicer-hotel',
    category: 'stay',
    note: 'A "nicer hotel" asks for four stars or more.',
    turns: [LISBON, { say: "we'd like a nicer hotel", intent: 'change', expect: { stay: { minStars: 4 } }, checks: [staysAtLeastStars(4), restayed] }],
  },
  {
    id: 'stay/under-100-euros-a-night',
    category: 'stay',
    turns: [PARIS, { say: 'something under €100 a night', intent: 'change', expect: { stay: { maxPerNight: { amount: 100, currency: 'EUR' } } }, checks: [staysAtMostPerNight({ amount: 100, currency: 'EUR' }), restayed] }],
  },
  {
    id: 'stay/find-our-own-place',
    category: 'stay',
    turns: [ROME, { say: "we'll find our own place to stay", intent: 'change', expect: { stay: { needed: false } }, checks: [noStay, restayed] }],
  },
  {
    id: 'stay/hotel-in-the-city-centre',
    category: 'stay',
    turns: [BARCELONA, { say: 'a hotel in the city centre please', intent: 'change', expect: { stay: { near: 'the city centre' } }, checks: [hasStay, restayed] }],
  },
];
