// Clarification: too vague or contradictory to act on — ask back (with destination ideas when the
// traveler has none yet), change nothing.
import { replyMentions } from './checks.js';
import { clarification } from './turns.js';
import { LISBON, ROME, TOKYO } from './trips.js';
import type { Dialog } from './types.js';

const ideas = replyMentions(/A few ideas: /);

export const clarificationDialogs: Dialog[] = [
  {
    id: 'clarification/somewhere-warm-and-cheap-in-march',
    category: 'clarification',
    turns: [
      clarification('somewhere warm and cheap in March', ideas),
      {
        say: "Let's do Lisbon from New York March 10-17 2028, 2 adults",
        intent: 'change',
        expect: { origin: 'NYC', destination: 'LIS', departDate: '2028-03-10', returnDate: '2028-03-17', adults: 2 },
      },
    ],
  },
  {
    id: 'clarification/anywhere-sunny-in-february',
    category: 'clarification',
    turns: [clarification('anywhere sunny in February, not too expensive', ideas), clarification('somewhere with beaches, maybe?', ideas)],
  },
  {
    id: 'clarification/earlier-and-later',
    category: 'clarification',
    turns: [LISBON, clarification('make it two days earlier and two days later', replyMentions(/earlier or later/))],
  },
  {
    id: 'clarification/make-it-better',
    category: 'clarification',
    turns: [LISBON, clarification('make it better')],
  },
  {
    id: 'clarification/not-sure-about-this',
    category: 'clarification',
    turns: [ROME, clarification("hmm, I'm not sure about this")],
  },
  {
    id: 'clarification/change-it',
    category: 'clarification',
    turns: [TOKYO, clarification('change it')],
  },
  {
    id: 'clarification/surprise-me',
    category: 'clarification',
    turns: [clarification('surprise me!', ideas), clarification('maybe somewhere in Europe in May?', ideas)],
  },
];
