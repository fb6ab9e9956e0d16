// Undo: back to the request before the last change; twice goes back two changes. Questions are not changes.
import { hasStay, replyMentions } from './checks.js';
import { question } from './turns.js';
import { DUBLIN, LISBON, MADRID, PARIS, REYKJAVIK, ROME, TOKYO } from './trips.js';
import type { Dialog } from './types.js';

const undone = replyMentions(/^Undone\./);

export const undoDialogs: Dialog[] = [
  {
    id: 'undo/later-then-undo',
    category: 'undo',
    turns: [
      LISBON,
      { say: 'two days later please', intent: 'change', expect: { departDate: '2028-06-14', returnDate: '2028-06-21' } },
      { say: 'undo that', intent: 'undo', restores: 0, checks: [undone] },
    ],
  },
  {
    id: 'undo/business-then-previous-version',
    category: 'undo',
    turns: [
      ROME,
      { say: 'business class please', intent: 'change', expect: { cabinClass: 'business' } },
      { say: 'go back to the previous version', intent: 'undo', restores: 0, checks: [undone] },
    ],
  },
  {
    id: 'undo/twice-reverts-two-changes',
    category: 'undo',
    note: 'Five turns: two changes, then two undos, each taking back one.',
    turns: [
      TOKYO,
      { say: 'nonstop only', intent: 'change', expect: { maxStops: 0 } },
      { say: 'make it a day longer', intent: 'change', expect: { returnDate: '2028-04-20' } },
      { say: 'undo', intent: 'undo', restores: 1, checks: [undone] },
      { say: 'undo', intent: 'undo', restores: 0, checks: [undone] },
    ],
  },
  {
    id: 'undo/never-mind-change-it-back',
    category: 'undo',
    turns: [
      REYKJAVIK,
      { say: 'my sister is coming too', intent: 'change', expect: { adults: 3 } },
      { say: 'never mind, change it back', intent: 'undo', restores: 0, checks: [undone] },
    ],
  },
  {
    id: 'undo/nothing-to-undo',
    category: 'undo',
    turns: [LISBON, { say: 'undo', intent: 'undo', checks: [replyMentions(/no change to undo|nothing to undo/i)] }],
  },
  {
    id: 'undo/question-in-between',
    category: 'undo',
    turns: [
      PARIS,
      { say: 'we want a slow, easy-going trip', intent: 'change', expect: { pace: 'relaxed' } },
      question('how warm will it be?'),
      { say: 'actually, undo the last change', intent: 'undo', restores: 0, checks: [undone] },
    ],
  },
  {
    id: 'undo/take-that-back',
    category: 'undo',
    turns: [
      MADRID,
      { say: 'no accommodation needed, we have an apartment', intent: 'change', expect: { stay: { needed: false } } },
      { say: 'take that back', intent: 'undo', restores: 0, checks: [undone, hasStay] },
    ],
  },
  {
    id: 'undo/oops-undo-that',
    category: 'undo',
    turns: [
      DUBLIN,
      { say: 'business class please', intent: 'change', expect: { cabinClass: 'business' } },
      { say: 'oops, undo that', intent: 'undo', restores: 0, checks: [undone] },
    ],
  },
  {
    id: 'undo/go-back-to-how-it-was',
    category: 'undo',
    turns: [
      LISBON,
      { say: 'make it a day longer', intent: 'change', expect: { returnDate: '2028-06-20' } },
      { say: 'hmm, go back to how it was', intent: 'undo', restores: 0, checks: [undone] },
    ],
  },
];
