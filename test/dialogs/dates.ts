// Dates: set, shift, extend and shorten, in the traveler's words and relative to the trip's own dates.
import { itineraryCoversTrip, replyLeadsWith } from './checks.js';
import { ATHENS, BARCELONA, DUBLIN, HONOLULU, LISBON, MADRID, PARIS, REYKJAVIK, ROME, SINGAPORE, TOKYO } from './trips.js';
import type { Dialog } from './types.js';

const moved = [itineraryCoversTrip, replyLeadsWith('Dates')];

export const dateDialogs: Dialog[] = [
  {
    id: 'dates/two-days-later',
    category: 'dates',
    turns: [LISBON, { say: 'can we go two days later?', intent: 'change', expect: { departDate: '2028-06-14', returnDate: '2028-06-21' }, checks: moved }],
  },
  {
    id: 'dates/a-day-longer',
    category: 'dates',
    turns: [LISBON, { say: 'make it a day longer', intent: 'change', expect: { returnDate: '2028-06-20' }, checks: moved }],
  },
  {
    id: 'dates/a-full-week',
    category: 'dates',
    turns: [DUBLIN, { say: "let's make it a full week", intent: 'change', expect: { returnDate: '2028-08-17' }, checks: moved }],
  },
  {
    id: 'dates/back-on-the-5th',
    category: 'dates',
    note: 'A day of the month alone is the first such day after the departure: Jan 27 2029 → Feb 5 2029.',
    turns: [
      {
        say: 'Sydney from Los Angeles January 27 to February 2 2029, 2 adults, $12000',
        intent: 'change',
        expect: { origin: 'LAX', destination: 'SYD', departDate: '2029-01-27', returnDate: '2029-02-02', adults: 2, budget: { amount: 12000, currency: 'USD' } },
      },
      { say: "let's come back on the 5th", intent: 'change', expect: { returnDate: '2029-02-05' }, checks: moved },
    ],
  },
  {
    id: 'dates/push-the-departure-back',
    category: 'dates',
    note: '"The departure" names the outbound flight: it moves three days later and the return stays (Sep 8–15). "Push the trip back" would move both.',
    turns: [ROME, { say: 'push the departure back by three days', intent: 'change', expect: { departDate: '2028-09-08' }, checks: moved }],
  },
  {
    id: 'dates/fly-home-on-the-2nd-of-january',
    category: 'dates',
    note: 'A date without a year across New Year: the 2nd of January after a December 20 2028 departure is in 2029.',
    turns: [HONOLULU, { say: "we'll fly home on the 2nd of January instead", intent: 'change', expect: { returnDate: '2029-01-02' }, checks: moved }],
  },
  {
    id: 'dates/leave-a-day-earlier',
    category: 'dates',
    turns: [TOKYO, { say: "we'd like to leave a day earlier", intent: 'change', expect: { departDate: '2028-04-09' }, checks: moved }],
  },
  {
    id: 'dates/down-to-five-nights',
    category: 'dates',
    turns: [PARIS, { say: 'can we cut it down to 5 nights?', intent: 'change', expect: { returnDate: '2028-10-07' }, checks: moved }],
  },
  {
    id: 'dates/new-dates',
    category: 'dates',
    turns: [MADRID, { say: "actually we're going June 3 to June 10 instead", intent: 'change', expect: { departDate: '2028-06-03', returnDate: '2028-06-10' }, checks: moved }],
  },
  {
    id: 'dates/whole-trip-a-week-later',
    category: 'dates',
    turns: [ATHENS, { say: 'move the whole trip a week later', intent: 'change', expect: { departDate: '2028-05-27', returnDate: '2028-06-03' }, checks: moved }],
  },
  {
    id: 'dates/one-night-less',
    category: 'dates',
    turns: [BARCELONA, { say: 'one night less please', intent: 'change', expect: { returnDate: '2028-07-14' }, checks: moved }],
  },
  {
    id: 'dates/two-more-nights',
    category: 'dates',
    turns: [SINGAPORE, { say: 'could we stay two more nights?', intent: 'change', expect: { returnDate: '2028-03-22' }, checks: moved }],
  },
  {
    id: 'dates/later-then-longer',
    category: 'dates',
    turns: [
      LISBON,
      { say: 'two days later please', intent: 'change', expect: { departDate: '2028-06-14', returnDate: '2028-06-21' }, checks: moved },
      { say: 'and add one more night', intent: 'change', expect: { returnDate: '2028-06-22' }, checks: moved },
    ],
  },
  {
    id: 'dates/come-back-a-day-earlier',
    category: 'dates',
    turns: [REYKJAVIK, { say: 'we have to come back a day earlier', intent: 'change', expect: { returnDate: '2028-03-07' }, checks: moved }],
  },
  {
    id: 'dates/start-on-the-10th',
    category: 'dates',
    note: 'A new departure day alone keeps the trip length (7 nights): Jul 8 → Jul 15 becomes Jul 10 → Jul 17.',
    turns: [BARCELONA, { say: 'can we start on the 10th instead?', intent: 'change', expect: { departDate: '2028-07-10', returnDate: '2028-07-17' }, checks: moved }],
  },
  {
    id: 'dates/time-off-from-the-14th-to-the-20th',
    category: 'dates',
    turns: [LISBON, { say: 'we could only get time off from the 14th to the 20th', intent: 'change', expect: { departDate: '2028-06-14', returnDate: '2028-06-20' }, checks: moved }],
  },
  {
    id: 'dates/ten-days-instead',
    category: 'dates',
    note: 'Ten days counted as ten nights from the departure, as "a week" is seven.',
    turns: [PARIS, { say: "let's do 10 days instead", intent: 'change', expect: { returnDate: '2028-10-12' }, checks: moved }],
  },
  {
    id: 'dates/home-by-the-17th',
    category: 'dates',
    turns: [LISBON, { say: 'we need to be home by the 17th', intent: 'change', expect: { returnDate: '2028-06-17' }, checks: moved }],
  },
  {
    id: 'dates/extend-by-3-days',
    category: 'dates',
    turns: [ROME, { say: 'extend the trip by 3 days', intent: 'change', expect: { returnDate: '2028-09-18' }, checks: moved }],
  },
];
