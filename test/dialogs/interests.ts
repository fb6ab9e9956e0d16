// Interests: added and dropped in the traveler's words; the days change, the offers do not.
import { dayMentions, notSearched } from './checks.js';
import { BARCELONA, DUBLIN, KYOTO, LISBON, MADRID, NEW_ORLEANS, ROME, TOKYO } from './trips.js';
import type { Dialog } from './types.js';

const replanned = notSearched('destination', 'flights', 'stays');

export const interestDialogs: Dialog[] = [
  {
    id: 'interests/we-also-love-wine',
    category: 'interests',
    turns: [LISBON, { say: 'we also love wine', intent: 'change', expect: { interestsInclude: ['wine'] }, checks: [replanned] }],
  },
  {
    id: 'interests/not-into-architecture',
    category: 'interests',
    turns: [BARCELONA, { say: "we're not really into architecture", intent: 'change', expect: { interestsExclude: ['architecture'] }, checks: [replanned] }],
  },
  {
    id: 'interests/history-and-gelato',
    category: 'interests',
    turns: [ROME, { say: "we're into history and gelato", intent: 'change', expect: { interestsInclude: ['history', 'gelato'] }, checks: [replanned] }],
  },
  {
    id: 'interests/see-some-sumo',
    category: 'interests',
    turns: [TOKYO, { say: "we'd love to see some sumo", intent: 'change', expect: { interestsInclude: ['sumo'] }, checks: [replanned] }],
  },
  {
    id: 'interests/drop-the-gardens',
    category: 'interests',
    turns: [KYOTO, { say: 'drop the gardens', intent: 'change', expect: { interestsExclude: ['gardens'] }, checks: [replanned] }],
  },
  {
    id: 'interests/street-food-and-jazz',
    category: 'interests',
    turns: [NEW_ORLEANS, { say: 'add street food and live jazz', intent: 'change', expect: { interestsInclude: ['street food', 'jazz'] }, checks: [replanned] }],
  },
  {
    id: 'interests/day-trip-then-skip-it',
    category: 'interests',
    turns: [
      LISBON,
      { say: 'add a day trip to Sintra', intent: 'change', expect: { interestsInclude: ['day trip to Sintra'] }, checks: [dayMentions('Sintra'), replanned] },
      { say: 'actually skip the day trip', intent: 'change', expect: { interestsExclude: ['Sintra'] }, checks: [replanned] },
    ],
  },
  {
    id: 'interests/we-are-foodies',
    category: 'interests',
    turns: [MADRID, { say: "we're big foodies", intent: 'change', expect: { interestsInclude: ['food'] }, checks: [replanned] }],
  },
  {
    id: 'interests/add-some-hiking',
    category: 'interests',
    turns: [DUBLIN, { say: 'add some hiking', intent: 'change', expect: { interestsInclude: ['hiking'] }, checks: [replanned] }],
  },
  {
    id: 'interests/museums-then-no-museums',
    category: 'interests',
    turns: [
      ROME,
      { say: 'we love museums and wine', intent: 'change', expect: { interestsInclude: ['museums', 'wine'] }, checks: [replanned] },
      { say: 'no museums please, we changed our minds', intent: 'change', expect: { interestsExclude: ['museums'] }, checks: [replanned] },
    ],
  },
];
