// Stops: nonstop only (or an honest note that no nonstop exists), at most one stop, any again.
import { allNonstop, notSearched } from './checks.js';
import { ATHENS, DUBLIN, LISBON, SINGAPORE, TOKYO } from './trips.js';
import type { Dialog } from './types.js';

const nonstop = [allNonstop, notSearched('destination', 'stays')];

export const stopDialogs: Dialog[] = [
  {
    id: 'stops/direct-flights-only',
    category: 'stops',
    turns: [TOKYO, { say: 'direct flights only please', intent: 'change', expect: { maxStops: 0 }, checks: nonstop }],
  },
  {
    id: 'stops/nonstop-only',
    category: 'stops',
    turns: [LISBON, { say: 'nonstop only', intent: 'change', expect: { maxStops: 0 }, checks: nonstop }],
  },
  {
    id: 'stops/at-most-one-stop',
    category: 'stops',
    turns: [SINGAPORE, { say: "we're ok with at most one stop", intent: 'change', expect: { maxStops: 1 }, checks: [notSearched('destination', 'stays')] }],
  },
  {
    id: 'stops/nonstop-then-stops-are-fine',
    category: 'stops',
    turns: [
      LISBON,
      { say: 'only nonstop flights please', intent: 'change', expect: { maxStops: 0 }, checks: nonstop },
      { say: 'actually stops are fine if it is cheaper', intent: 'change', expect: { maxStops: null } },
    ],
  },
  {
    id: 'stops/no-layovers',
    category: 'stops',
    turns: [ATHENS, { say: 'no layovers please', intent: 'change', expect: { maxStops: 0 }, checks: nonstop }],
  },
  {
    id: 'stops/no-connections',
    category: 'stops',
    turns: [DUBLIN, { say: "we don't want any connections", intent: 'change', expect: { maxStops: 0 }, checks: nonstop }],
  },
  {
    id: 'stops/one-stop-but-no-more',
    category: 'stops',
    turns: [TOKYO, { say: 'one stop is okay but no more', intent: 'change', expect: { maxStops: 1 }, checks: [notSearched('destination', 'stays')] }],
  },
  {
    id: 'stops/avoid-layovers',
    category: 'stops',
    turns: [SINGAPORE, { say: "we'd prefer to avoid layovers", intent: 'change', expect: { maxStops: 0 }, checks: nonstop }],
  },
];
