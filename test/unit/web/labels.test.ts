// Every status and category reads as words (web/src/lib/labels.ts), and field problems read as sentences.
import { describe, expect, it } from '@jest/globals';
import { bookingStatuses } from '../../../domain/booking.js';
import { suggestionKinds, tripStatuses } from '../../../domain/trip.js';
import { fieldSentence, subjectOf } from '../../../web/src/lib/forms.js';
import { bookingStatusLabels, labelFor, memoryKindLabels, planningStepLabels, plainWords, proposalRoundLabel, statusTone, stepStatusLabels, suggestionKindLabels, tripStatusLabels } from '../../../web/src/lib/labels.js';
import { planningSteps } from '../../../web/src/realtime/eventLog.js';

const codeLike = /_|^[a-z]/;

describe('labels', () => {
  it('has a label for every trip status, booking status, planning step and suggestion kind the domain defines', () => {
    for (const status of tripStatuses) expect(tripStatusLabels[status]).toBeTruthy();
    for (const status of bookingStatuses) expect(bookingStatusLabels[status]).toBeTruthy();
    for (const step of planningSteps) expect(planningStepLabels[step]).toBeTruthy();
    for (const kind of suggestionKinds) expect(suggestionKindLabels[kind]).toBeTruthy();
    const all = [...Object.values(tripStatusLabels), ...Object.values(bookingStatusLabels), ...Object.values(planningStepLabels), ...Object.values(suggestionKindLabels), ...Object.values(stepStatusLabels)];
    for (const label of all) expect(label).not.toMatch(codeLike);
  });

  it('never shows the internal words', () => {
    expect(labelFor('gathering')).toBe('Planning');
    expect(labelFor('proposing')).toBe('Plan ready');
    expect(labelFor('awaiting_approval')).toBe('Waiting for your approval');
    expect(labelFor('past_trip', memoryKindLabels)).toBe('Past trip');
    expect(labelFor('rejected')).toBe('Declined');
  });

  it('reads an unknown code as plain words, and falls back from a vocabulary to the status labels', () => {
    expect(plainWords('SOME_NEW_state')).toBe('Some new state');
    expect(labelFor('brand_new_status')).toBe('Brand new status');
    expect(labelFor('confirmed', memoryKindLabels)).toBe('Confirmed');
    expect(labelFor(null)).toBe('');
  });

  it("says how often a proposal was revised instead of its round number", () => {
    expect(proposalRoundLabel(1)).toBeNull();
    expect(proposalRoundLabel(2)).toBe('Revised once');
    expect(proposalRoundLabel(3)).toBe('Revised twice');
    expect(proposalRoundLabel(5)).toBe('Revised 4 times');
  });

  it('gives each status a tone for its badge', () => {
    expect(statusTone('confirmed')).toBe('ok');
    expect(statusTone('pending_approval')).toBe('waiting');
    expect(statusTone('FAILED')).toBe('bad');
    expect(statusTone('gathering')).toBe('working');
    expect(statusTone('whatever')).toBe('neutral');
  });
});

describe('fieldSentence', () => {
  it('turns schema reasons into sentences the traveler can act on', () => {
    expect(fieldSentence('must not be empty', 'a message')).toBe('Enter a message.');
    expect(fieldSentence('must not be empty', subjectOf('Name'))).toBe('Enter the name.');
    expect(fieldSentence('must be an email address', subjectOf('Email'))).toBe('Enter an email address, like name@example.com.');
    expect(fieldSentence('must be at least 10 characters', subjectOf('Password'))).toBe('Use at least 10 characters.');
    expect(fieldSentence('must be greater than 0', subjectOf('Budget'))).toBe('The budget must be greater than 0.');
  });

  it('keeps a reason that is already a sentence', () => {
    expect(fieldSentence('Return must be after departure.', subjectOf('Return'))).toBe('Return must be after departure.');
    expect(fieldSentence('', 'a message')).toBe('');
  });
});
