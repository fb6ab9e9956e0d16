// Pace: slower or busier days over the same offers (the plan is recomposed, nothing searched).
import { fewerActivities, moreActivities, notSearched } from './checks.js';
import { DUBLIN, KYOTO, LISBON, PARIS, ROME, SINGAPORE } from './trips.js';
import type { Dialog } from './types.js';

const recomposed = notSearched('destination', 'flights', 'stays');

export const paceDialogs: Dialog[] = [
  {
    id: 'pace/slow-easy-going',
    category: 'pace',
    turns: [PARIS, { say: 'we want a slow, easy-going trip', intent: 'change', expect: { pace: 'relaxed' }, checks: [fewerActivities, recomposed] }],
  },
  {
    id: 'pace/pack-it-in',
    category: 'pace',
    turns: [LISBON, { say: "let's pack in as much as possible", intent: 'change', expect: { pace: 'packed' }, checks: [moreActivities, recomposed] }],
  },
  {
    id: 'pace/take-it-easy',
    category: 'pace',
    turns: [ROME, { say: 'can we take it easy? not too packed', intent: 'change', expect: { pace: 'relaxed' }, checks: [fewerActivities, recomposed] }],
  },
  {
    id: 'pace/more-relaxed',
    category: 'pace',
    turns: [KYOTO, { say: 'a more relaxed pace please', intent: 'change', expect: { pace: 'relaxed' }, checks: [fewerActivities, recomposed] }],
  },
  {
    id: 'pace/relaxed-then-normal',
    category: 'pace',
    turns: [
      SINGAPORE,
      { say: "we'd like a leisurely trip", intent: 'change', expect: { pace: 'relaxed' }, checks: [fewerActivities, recomposed] },
      { say: 'hmm, back to a normal pace please', intent: 'change', expect: { pace: 'balanced' }, checks: [moreActivities, recomposed] },
    ],
  },
  {
    id: 'pace/keep-the-days-light',
    category: 'pace',
    turns: [LISBON, { say: "we're not morning people, let's keep the days light", intent: 'change', expect: { pace: 'relaxed' }, checks: [fewerActivities, recomposed] }],
  },
  {
    id: 'pace/see-as-much-as-we-can',
    category: 'pace',
    turns: [DUBLIN, { say: 'we want to see as much as we can', intent: 'change', expect: { pace: 'packed' }, checks: [moreActivities, recomposed] }],
  },
];
