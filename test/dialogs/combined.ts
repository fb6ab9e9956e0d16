// Combined: several edits in one message, each applied, nothing else touched.
import { allNonstop, cheapestStayPicked, dayMentions, fewerActivities, honestBudgetClaim, itineraryCoversTrip, staysAtLeastStars } from './checks.js';
import { BARCELONA, DUBLIN, LISBON, MADRID, PARIS, ROME, TOKYO } from './trips.js';
import type { Dialog } from './types.js';

export const combinedDialogs: Dialog[] = [
  {
    id: 'combined/under-5000-nonstop-nikko',
    category: 'combined',
    note: 'Nine nights stay nine nights; the reply may say "within your $5,000 budget" only when the total is.',
    turns: [
      TOKYO,
      {
        say: 'can we keep it under $5000, nonstop, and add a day trip to Nikko?',
        intent: 'change',
        expect: { budget: { amount: 5000, currency: 'USD' }, maxStops: 0, interestsInclude: ['day trip to Nikko'] },
        checks: [allNonstop, dayMentions('Nikko'), honestBudgetClaim],
      },
    ],
  },
  {
    id: 'combined/later-and-business',
    category: 'combined',
    turns: [LISBON, { say: 'two days later and business class', intent: 'change', expect: { departDate: '2028-06-14', returnDate: '2028-06-21', cabinClass: 'business' }, checks: [itineraryCoversTrip] }],
  },
  {
    id: 'combined/sister-and-cheaper-hotel',
    category: 'combined',
    turns: [ROME, { say: "my sister is coming too, and we'd like a cheaper hotel", intent: 'change', expect: { adults: 3, stay: { cheapest: true } }, checks: [cheapestStayPicked] }],
  },
  {
    id: 'combined/slower-and-versailles',
    category: 'combined',
    turns: [PARIS, { say: 'a slower pace, and add a day trip to Versailles', intent: 'change', expect: { pace: 'relaxed', interestsInclude: ['day trip to Versailles'] }, checks: [dayMentions('Versailles'), fewerActivities] }],
  },
  {
    id: 'combined/nonstop-and-4-star',
    category: 'combined',
    turns: [MADRID, { say: 'nonstop flights and a 4-star hotel please', intent: 'change', expect: { maxStops: 0, stay: { minStars: 4 } }, checks: [allNonstop, staysAtLeastStars(4)] }],
  },
  {
    id: 'combined/day-longer-and-under-3500',
    category: 'combined',
    turns: [BARCELONA, { say: "let's stay a day longer and keep it under 3500", intent: 'change', expect: { returnDate: '2028-07-16', budget: { amount: 3500, currency: 'GBP' } }, checks: [itineraryCoversTrip, honestBudgetClaim] }],
  },
  {
    id: 'combined/kids-and-back-on-the-16th',
    category: 'combined',
    turns: [DUBLIN, { say: "we're bringing our 2 kids and we need to be back on the 16th", intent: 'change', expect: { children: 2, returnDate: '2028-08-16' }, checks: [itineraryCoversTrip] }],
  },
  {
    id: 'combined/three-adults-nonstop-under-7000',
    category: 'combined',
    turns: [TOKYO, { say: '3 adults, nonstop, under 7000', intent: 'change', expect: { adults: 3, maxStops: 0, budget: { amount: 7000, currency: 'USD' } }, checks: [allNonstop, honestBudgetClaim] }],
  },
  {
    id: 'combined/week-later-and-business',
    category: 'combined',
    turns: [MADRID, { say: 'push everything back a week and make it business class', intent: 'change', expect: { departDate: '2028-05-08', returnDate: '2028-05-15', cabinClass: 'business' }, checks: [itineraryCoversTrip] }],
  },
  {
    id: 'combined/cheaper-hotel-and-slower',
    category: 'combined',
    turns: [LISBON, { say: 'a cheaper hotel and a slower pace please', intent: 'change', expect: { stay: { cheapest: true }, pace: 'relaxed' }, checks: [cheapestStayPicked, fewerActivities] }],
  },
];
