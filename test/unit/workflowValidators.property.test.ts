// The workflow's update validators are hand-written (zod would add about 1 MB to every workflow bundle,
// docs/api.md), so they are held to the zod schemas the API validates the same input with: over
// random inputs, valid and not, the validator accepts what the schema parsed, and accepts nothing the schema
// rejects. Storage's own limits (U+0000, lone surrogates) are the API middleware's, so the strings here are
// printable.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addDays, utcDateOf } from '../../domain/dates.js';
import { constraintsSchema, sendMessageSchema } from '../../domain/schemas.js';
import { cabinClasses, MAX_CLIENT_MESSAGE_ID_LENGTH, MAX_MESSAGE_LENGTH, paces } from '../../domain/trip.js';
import { MAX_ENTRY_DESCRIPTION, MAX_ENTRY_TITLE } from '../../domain/itineraryEdits.js';
import { itineraryEditBody } from '../../contracts/trips.js';
import { validateConstraints, validateItineraryEdit, validateSendMessage } from '../../workflows/validators.js';

// The schema's trip-date rule reads the real date, so the validator is given the same one.
const today = utcDateOf(new Date());
const NO_DATES = { departDate: null, returnDate: null };

const accepts = (validate: () => void): boolean => {
  try {
    validate();
    return true;
  } catch {
    return false;
  }
};

/** A value of a field, or something close to it that is wrong. */
const withWrong = <T>(right: fc.Arbitrary<T>, ...wrong: unknown[]): fc.Arbitrary<unknown> => fc.oneof({ weight: 12, arbitrary: right }, fc.constantFrom(...wrong));

/** With an unknown key now and then, which both must refuse. */
const withExtraKey = (record: fc.Arbitrary<Record<string, unknown>>) => fc.tuple(record, fc.boolean()).map(([value, extra]) => (extra ? { ...value, extra: 1 } : value));

const date = withWrong(
  fc.integer({ min: -10, max: 400 }).map((days) => addDays(today, days)),
  null,
  '2026-02-30',
  '2026-13-45',
  '2027-4-12',
  'next friday',
  20270412,
);
const money = withWrong(
  withExtraKey(
    fc.record({
      amount: withWrong(fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 10_000_000 }).map((cents) => cents / 100)), -1, 12.345, 1e11, Number.NaN, '10'),
      currency: withWrong(fc.constantFrom('EUR', 'USD', 'GBP'), 'eur', 'EURO', 'E1R', 5),
    }),
  ),
  null,
  'EUR 10',
);
const count = (min: number, max: number) => withWrong(fc.integer({ min, max }), min - 1, max + 1, 1.5, '2', null);
// Lengths count characters (code points), not UTF-16 units: WIDE is one character and two units.
const WIDE = '\u{1F30D}';
const word = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom('', '   ', ' museums ', 'x'.repeat(41), WIDE.repeat(40), WIDE.repeat(41)));
const stay = withWrong(
  withExtraKey(
    fc.record({
      needed: withWrong(fc.boolean(), 'yes', null),
      maxPerNight: money,
      minStars: withWrong(fc.integer({ min: 1, max: 5 }), 0, 6, null, null, 4.5),
      near: withWrong(fc.string({ minLength: 1, maxLength: 80 }), null, null, '', '   ', 'x'.repeat(81), WIDE.repeat(80), WIDE.repeat(81), 3),
      cheapest: withWrong(fc.boolean(), 0),
    }, { requiredKeys: ['needed', 'maxPerNight', 'minStars', 'near', 'cheapest'] }),
  ),
  null,
  {},
);

const constraints = withExtraKey(
  fc.record(
    {
      departDate: date,
      returnDate: date,
      budget: money,
      adults: count(1, 9),
      children: count(0, 9),
      cabinClass: withWrong(fc.constantFrom(...cabinClasses), 'coach', null),
      interests: withWrong(fc.array(withWrong(word, 7, null), { maxLength: 21 }), 'museums', null),
      pace: withWrong(fc.constantFrom(...paces), 'fast', null),
      maxStops: withWrong(fc.integer({ min: 0, max: 3 }), null, null, 4, -1, 1.5),
      stay,
    },
    { requiredKeys: [] },
  ),
);

const sendMessage = withExtraKey(
  fc.record(
    {
      text: withWrong(fc.string({ minLength: 1, maxLength: 200 }), '', '   ', 'x'.repeat(MAX_MESSAGE_LENGTH + 1), WIDE.repeat(MAX_MESSAGE_LENGTH), WIDE.repeat(MAX_MESSAGE_LENGTH + 1), 42),
      clientMessageId: withWrong(
        fc.stringMatching(/^[\w.:-]{1,40}$/),
        '',
        'has space',
        'ü',
        'x'.repeat(MAX_CLIENT_MESSAGE_ID_LENGTH + 1),
        7,
      ),
    },
    { requiredKeys: [] },
  ),
);

describe('workflow validators agree with the zod schemas', () => {
  it('validateConstraints: accepts what constraintsSchema parses and nothing it rejects', () => {
    fc.assert(
      fc.property(constraints, (input) => {
        const parsed = constraintsSchema.safeParse(input);
        if (parsed.success) expect(accepts(() => validateConstraints(parsed.data, NO_DATES, today))).toBe(true);
        if (accepts(() => validateConstraints(input, NO_DATES, today))) expect(parsed.success).toBe(true);
      }),
      // The first disagreement it found: the validator took an unknown key in stay.maxPerNight.
      { numRuns: 2_000, examples: [[{ stay: { needed: false, maxPerNight: { amount: 0, currency: 'EUR', extra: 1 }, minStars: 1, near: '!', cheapest: false } }]] },
    );
  });

  it('validateSendMessage: accepts what sendMessageSchema parses and nothing it rejects', () => {
    fc.assert(
      fc.property(sendMessage, (input) => {
        const parsed = sendMessageSchema.safeParse(input);
        if (parsed.success) expect(accepts(() => validateSendMessage(parsed.data))).toBe(true);
        if (accepts(() => validateSendMessage(input))) expect(parsed.success).toBe(true);
      }),
      { numRuns: 1_000 },
    );
  });

  it('validateItineraryEdit: counts an entry\'s title and description in characters, as itineraryEditBody does', () => {
    // Without a plan the validator refuses with "no plan" once the entry itself is valid.
    const refusedField = (entry: Record<string, unknown>): string => {
      try {
        validateItineraryEdit({ op: 'add', day: 1, entry: { kind: 'activity', ...entry } }, null, { followEntries: true });
      } catch (error) {
        return ((error as { details?: { field: string }[] }).details?.[0]?.field) ?? 'none';
      }
      return 'none';
    };
    const cases = [
      { entry: { title: WIDE.repeat(MAX_ENTRY_TITLE) }, valid: true },
      { entry: { title: WIDE.repeat(MAX_ENTRY_TITLE + 1) }, valid: false },
      { entry: { title: 'Tram 28', description: WIDE.repeat(MAX_ENTRY_DESCRIPTION) }, valid: true },
      { entry: { title: 'Tram 28', description: WIDE.repeat(MAX_ENTRY_DESCRIPTION + 1) }, valid: false },
    ];
    for (const { entry, valid } of cases) {
      expect(itineraryEditBody.safeParse({ op: 'add', day: 1, entry: { kind: 'activity', ...entry }, baseVersion: 1 }).success).toBe(valid);
      expect(refusedField(entry)).toBe(valid ? 'input' : Object.keys(entry).at(-1) === 'description' ? 'entry.description' : 'entry.title');
    }
  });
});
