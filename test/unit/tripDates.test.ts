// The one trip-date rule (domain/dates.ts) and the places that apply it without a server: the zod
// schemas (API and web form) and the workflow's plain-function validator.
import { describe, expect, it } from '@jest/globals';
import { createTripSchema, updateTripSchema } from '../../contracts/trips.js';
import { addDays, calendarDateProblem, MAX_TRIP_NIGHTS, tripDateProblems, utcDateOf, type TripDateOptions, type TripDates } from '../../domain/dates.js';
import { constraintsSchema, isRuleIssue } from '../../domain/schemas.js';
import { validateConstraints } from '../../workflows/validators.js';

const TODAY = '2026-12-02';

describe('calendarDateProblem', () => {
  it.each([
    ['2027-04-12', null],
    ['2028-02-29', null],
    ['2100-12-31', null],
    ['2000-01-01', null],
    ['2027-02-29', '2027-02-29 is not a date on the calendar'],
    ['2026-02-30', '2026-02-30 is not a date on the calendar'],
    ['2026-13-01', '2026-13-01 is not a date on the calendar'],
    ['0000-01-01', 'must be a date between 2000 and 2100'],
    ['2101-01-01', 'must be a date between 2000 and 2100'],
    ['1999-12-31', 'must be a date between 2000 and 2100'],
    ['2027-4-12', 'must be a date YYYY-MM-DD'],
    ['12/04/2027', 'must be a date YYYY-MM-DD'],
    [20270412, 'must be a date YYYY-MM-DD'],
  ])('%s → %s', (value, problem) => {
    expect(calendarDateProblem(value)).toBe(problem);
  });
});

describe('tripDateProblems', () => {
  const cases: [string, TripDates, TripDateOptions, { field: string; reason: string; suggestion?: object }[]][] = [
    ['a possible trip', { departDate: '2027-04-03', returnDate: '2027-04-12' }, { today: TODAY }, []],
    ['leaving today', { departDate: TODAY, returnDate: addDays(TODAY, 3) }, { today: TODAY }, []],
    ['a day trip (return = departure)', { departDate: '2027-04-03', returnDate: '2027-04-03' }, { today: TODAY }, []],
    ['undecided dates', { departDate: null, returnDate: null }, { today: TODAY }, []],
    ['only a departure', { departDate: '2027-04-03' }, { today: TODAY }, []],
    [`exactly ${MAX_TRIP_NIGHTS} nights`, { departDate: '2027-04-01', returnDate: addDays('2027-04-01', MAX_TRIP_NIGHTS) }, { today: TODAY }, []],
    [
      'a reversed trip',
      { departDate: '2027-04-12', returnDate: '2027-04-03' },
      { today: TODAY },
      [{ field: 'returnDate', reason: 'the return date (2027-04-03) is before the departure (2027-04-12)', suggestion: { departDate: '2027-04-03', returnDate: '2027-04-12' } }],
    ],
    [
      'a reversed trip made by a new departure',
      { departDate: '2027-04-12', returnDate: '2027-04-03' },
      { today: TODAY, changed: ['departDate'] },
      [{ field: 'departDate', reason: 'the departure date (2027-04-12) is after the return date (2027-04-03)', suggestion: { departDate: '2027-04-03', returnDate: '2027-04-12' } }],
    ],
    [
      'a day over the limit',
      { departDate: '2027-04-01', returnDate: addDays('2027-04-01', MAX_TRIP_NIGHTS + 1) },
      { today: TODAY },
      [{ field: 'returnDate', reason: `the trip from 2027-04-01 to 2027-06-01 would be ${MAX_TRIP_NIGHTS + 1} nights; at most ${MAX_TRIP_NIGHTS} nights are possible` }],
    ],
    [
      'a past departure (with the same dates a year later as the suggestion)',
      { departDate: '2026-04-12', returnDate: '2026-04-20' },
      { today: TODAY, changed: ['departDate'] },
      [{ field: 'departDate', reason: 'the departure date (2026-04-12) is in the past; today is 2026-12-02', suggestion: { departDate: '2027-04-12', returnDate: '2027-04-20' } }],
    ],
    ['a past trip when no today is given (not checked)', { departDate: '2026-04-12', returnDate: '2026-04-20' }, {}, []],
    ['an unchanged past departure with a new return', { departDate: '2026-11-20', returnDate: '2026-12-10' }, { today: TODAY, changed: ['returnDate'] }, []],
    ['yesterday', { departDate: '2026-12-01' }, { today: TODAY }, [{ field: 'departDate', reason: 'the departure date (2026-12-01) is in the past; today is 2026-12-02', suggestion: { departDate: '2027-12-01', returnDate: null } }]],
    ['Feb 30', { departDate: '2026-02-30', returnDate: '2026-03-04' }, { today: TODAY }, [{ field: 'departDate', reason: 'the departure date 2026-02-30 is not a date on the calendar' }]],
    ['year 0000', { departDate: '2027-01-01', returnDate: '0000-01-01' }, { today: TODAY }, [{ field: 'returnDate', reason: 'the return date must be a date between 2000 and 2100' }]],
  ];

  it.each(cases)('%s', (_label, dates, options, expected) => {
    expect(tripDateProblems(dates, options)).toEqual(expected);
  });

  it('utcDateOf is the UTC calendar day', () => {
    expect(utcDateOf(new Date('2026-12-02T23:59:59.999Z'))).toBe('2026-12-02');
    expect(utcDateOf(new Date('2026-12-03T00:00:00+01:00'))).toBe('2026-12-02');
  });
});

describe('the rule in the zod schemas: one refinement, rule issues (422) naming the field', () => {
  const today = utcDateOf(new Date());
  const issuesOf = (result: { success: boolean; error?: { issues: Parameters<typeof isRuleIssue>[0][] } }) =>
    (result.error?.issues ?? []).map((issue) => ({ path: issue.path.join('.'), rule: isRuleIssue(issue) }));

  it('create and PATCH name startDate/endDate; constraints name departDate/returnDate', () => {
    const reversed = { startDate: addDays(today, 10), endDate: addDays(today, 5) };
    expect(issuesOf(createTripSchema.safeParse({ title: 'x', ...reversed }))).toEqual([{ path: 'endDate', rule: true }]);
    expect(issuesOf(updateTripSchema.safeParse(reversed))).toEqual([{ path: 'endDate', rule: true }]);
    expect(issuesOf(constraintsSchema.safeParse({ departDate: addDays(today, 10), returnDate: addDays(today, 5) }))).toEqual([{ path: 'returnDate', rule: true }]);
    expect(issuesOf(constraintsSchema.safeParse({ departDate: '2026-02-30' }))).toEqual([{ path: 'departDate', rule: true }]);
    expect(issuesOf(updateTripSchema.safeParse({ startDate: addDays(today, -1) }))).toEqual([{ path: 'startDate', rule: true }]);
    expect(createTripSchema.safeParse({ title: 'x', startDate: today, endDate: addDays(today, MAX_TRIP_NIGHTS) }).success).toBe(true);
  });

  it('a malformed date is a shape problem (400), not a rule issue', () => {
    expect(issuesOf(createTripSchema.safeParse({ title: 'x', startDate: 'next friday' }))).toEqual([{ path: 'startDate', rule: false }]);
  });
});

describe('validateConstraints (the workflow update validator) merges the change with the trip', () => {
  const current = { departDate: '2027-04-12', returnDate: '2027-04-20' };
  const rejection = (input: unknown, today = TODAY) => {
    try {
      validateConstraints(input, current, today);
      return null;
    } catch (error) {
      return (error as { details?: unknown[] }).details?.[0];
    }
  };

  it.each([
    ['a return before the current departure', { returnDate: '2027-04-03' }, { field: 'returnDate', reason: 'the return date (2027-04-03) is before the departure (2027-04-12)' }],
    ['a departure after the current return', { departDate: '2027-04-25' }, { field: 'departDate', reason: 'the departure date (2027-04-25) is after the return date (2027-04-20)' }],
    ['a reversed pair', { departDate: '2027-05-10', returnDate: '2027-05-01' }, { field: 'returnDate', reason: 'the return date (2027-05-01) is before the departure (2027-05-10)' }],
    ['Feb 30 (Date.parse would take it as 2 March)', { departDate: '2027-02-30' }, { field: 'departDate', reason: 'the departure date 2027-02-30 is not a date on the calendar' }],
    ['a past departure', { departDate: '2026-11-01' }, { field: 'departDate', reason: 'the departure date (2026-11-01) is in the past; today is 2026-12-02' }],
    ['a trip too long', { returnDate: '2027-07-01' }, { field: 'returnDate', reason: `the trip from 2027-04-12 to 2027-07-01 would be 80 nights; at most ${MAX_TRIP_NIGHTS} nights are possible` }],
    ['a date that is not a string', { departDate: 20270412 }, { field: 'departDate', reason: 'must be a date YYYY-MM-DD or null' }],
  ])('refuses %s', (_label, input, expected) => {
    expect(rejection(input)).toEqual(expected);
  });

  it('accepts a change that keeps a possible trip, and changes that do not touch the dates of a trip already under way', () => {
    expect(rejection({ returnDate: '2027-04-15' })).toBeNull();
    expect(rejection({ departDate: null })).toBeNull();
    expect(rejection({ adults: 2 }, '2027-04-14')).toBeNull();
  });
});
