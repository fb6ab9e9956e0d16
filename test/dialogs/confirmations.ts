// Confirmations: an acknowledgement changes nothing and searches nothing.
import { replyMentions } from './checks.js';
import { acknowledgement } from './turns.js';
import { ATHENS, DUBLIN, LISBON, MADRID, PARIS, ROME, TOKYO } from './trips.js';
import type { Dialog } from './types.js';

const staysAsItIs = replyMentions(/stays as it is/);

export const confirmationDialogs: Dialog[] = [
  { id: 'confirmations/sounds-good', category: 'confirmations', turns: [LISBON, acknowledgement('sounds good', staysAsItIs)] },
  { id: 'confirmations/perfect-thanks', category: 'confirmations', turns: [ROME, acknowledgement('perfect, thanks', staysAsItIs)] },
  {
    id: 'confirmations/after-a-change',
    category: 'confirmations',
    turns: [TOKYO, { say: 'nonstop only', intent: 'change', expect: { maxStops: 0 } }, acknowledgement('great, thank you!', staysAsItIs)],
  },
  { id: 'confirmations/looks-great-emoji', category: 'confirmations', turns: [PARIS, acknowledgement('looks great 👍', staysAsItIs)] },
  { id: 'confirmations/ok-cool', category: 'confirmations', turns: [DUBLIN, acknowledgement('ok cool', staysAsItIs)] },
  { id: 'confirmations/thanks-so-much', category: 'confirmations', turns: [ATHENS, acknowledgement("Thanks so much, that's perfect!", staysAsItIs)] },
  { id: 'confirmations/lets-go-with-this', category: 'confirmations', turns: [LISBON, acknowledgement("Love it, let's go with this plan", staysAsItIs)] },
  { id: 'confirmations/all-good-thanks', category: 'confirmations', turns: [MADRID, acknowledgement('all good, thanks', staysAsItIs)] },
  { id: 'confirmations/sounds-good-to-me', category: 'confirmations', turns: [TOKYO, acknowledgement('sounds good to me!', staysAsItIs)] },
];
