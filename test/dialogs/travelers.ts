// Travelers: people joining or leaving, counted against the party as it is.
import { notSearched } from './checks.js';
import { ATHENS, DUBLIN, HONOLULU, LISBON, MADRID, PARIS, REYKJAVIK } from './trips.js';
import type { Dialog } from './types.js';

export const travelerDialogs: Dialog[] = [
  {
    id: 'travelers/plus-one-friend',
    category: 'travelers',
    turns: [REYKJAVIK, { say: '+1 friend', intent: 'change', expect: { adults: 3 }, checks: [notSearched('destination')] }],
  },
  {
    id: 'travelers/bring-my-2-kids',
    category: 'travelers',
    turns: [LISBON, { say: "I'd like to bring my 2 kids", intent: 'change', expect: { children: 2 } }],
  },
  {
    id: 'travelers/my-wife-cant-come',
    category: 'travelers',
    turns: [ATHENS, { say: "my wife can't come after all", intent: 'change', expect: { adults: 2 } }],
  },
  {
    id: 'travelers/my-sister-is-coming-too',
    category: 'travelers',
    turns: [REYKJAVIK, { say: 'my sister is coming too', intent: 'change', expect: { adults: 3 } }],
  },
  {
    id: 'travelers/two-more-friends',
    category: 'travelers',
    turns: [MADRID, { say: 'two more friends are joining us', intent: 'change', expect: { adults: 4 } }],
  },
  {
    id: 'travelers/just-me-now',
    category: 'travelers',
    turns: [DUBLIN, { say: "it'll just be me now", intent: 'change', expect: { adults: 1 } }],
  },
  {
    id: 'travelers/bringing-our-daughter',
    category: 'travelers',
    turns: [PARIS, { say: "we're bringing our daughter", intent: 'change', expect: { children: 1 } }],
  },
  {
    id: 'travelers/brother-and-his-wife',
    category: 'travelers',
    turns: [LISBON, { say: 'my brother and his wife are coming too', intent: 'change', expect: { adults: 4 } }],
  },
  {
    id: 'travelers/mother-in-law-joins-then-a-kid-drops-out',
    category: 'travelers',
    turns: [
      HONOLULU,
      { say: 'my mother-in-law is joining us', intent: 'change', expect: { adults: 3 } },
      { say: "one of the kids can't come", intent: 'change', expect: { children: 1 } },
    ],
  },
  {
    id: 'travelers/now-4-adults',
    category: 'travelers',
    turns: [LISBON, { say: "we're now 4 adults", intent: 'change', expect: { adults: 4 } }],
  },
  {
    id: 'travelers/husband-and-i-plus-three-kids',
    category: 'travelers',
    turns: [ATHENS, { say: "it's my husband and I, plus our 3 kids", intent: 'change', expect: { adults: 2, children: 3 } }],
  },
  {
    id: 'travelers/our-son-cant-make-it',
    category: 'travelers',
    turns: [HONOLULU, { say: "our son can't make it", intent: 'change', expect: { children: 1 } }],
  },
];
