// The whole dialog set, by category (see types.ts for what a dialog says and runner.ts for how it is scored).
import { budgetDialogs } from './budget.js';
import { cabinDialogs } from './cabin.js';
import { clarificationDialogs } from './clarification.js';
import { combinedDialogs } from './combined.js';
import { confirmationDialogs } from './confirmations.js';
import { dateDialogs } from './dates.js';
import { interestDialogs } from './interests.js';
import { paceDialogs } from './pace.js';
import { placeDialogs } from './places.js';
import { questionDialogs } from './questions.js';
import { stayDialogs } from './stay.js';
import { stopDialogs } from './stops.js';
import { travelerDialogs } from './travelers.js';
import type { Dialog } from './types.js';
import { undoDialogs } from './undo.js';

export const dialogs: Dialog[] = [
  ...dateDialogs,
  ...placeDialogs,
  ...travelerDialogs,
  ...budgetDialogs,
  ...cabinDialogs,
  ...stopDialogs,
  ...stayDialogs,
  ...paceDialogs,
  ...interestDialogs,
  ...questionDialogs,
  ...clarificationDialogs,
  ...undoDialogs,
  ...confirmationDialogs,
  ...combinedDialogs,
];
