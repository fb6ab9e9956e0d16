// Cabin: a new class searches flights again and nothing else.
import { notSearched, replyLeadsWith } from './checks.js';
import { LISBON, MADRID, ROME, SINGAPORE, TOKYO } from './trips.js';
import type { Dialog } from './types.js';

const reflown = [notSearched('destination', 'stays'), replyLeadsWith('Cabin')];

export const cabinDialogs: Dialog[] = [
  {
    id: 'cabin/business-please',
    category: 'cabin',
    turns: [LISBON, { say: 'business class please', intent: 'change', expect: { cabinClass: 'business' }, checks: reflown }],
  },
  {
    id: 'cabin/premium-economy',
    category: 'cabin',
    turns: [ROME, { say: 'premium economy would be nice', intent: 'change', expect: { cabinClass: 'premium_economy' }, checks: reflown }],
  },
  {
    id: 'cabin/can-we-fly-first',
    category: 'cabin',
    turns: [TOKYO, { say: 'can we fly first class?', intent: 'change', expect: { cabinClass: 'first' }, checks: reflown }],
  },
  {
    id: 'cabin/business-then-economy-is-fine',
    category: 'cabin',
    turns: [
      LISBON,
      { say: "let's do business class", intent: 'change', expect: { cabinClass: 'business' }, checks: reflown },
      { say: 'hmm, actually economy is fine', intent: 'change', expect: { cabinClass: 'economy' }, checks: reflown },
    ],
  },
  {
    id: 'cabin/upgrade-us',
    category: 'cabin',
    turns: [MADRID, { say: 'upgrade us to business', intent: 'change', expect: { cabinClass: 'business' }, checks: reflown }],
  },
  {
    id: 'cabin/flat-bed-long-haul',
    category: 'cabin',
    turns: [SINGAPORE, { say: "it's a long flight, we'd prefer business class seats", intent: 'change', expect: { cabinClass: 'business' }, checks: reflown }],
  },
];
