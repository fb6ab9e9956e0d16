/**
 * @jest-environment jsdom
 */
// A trip's facts: the live request wins over the trip row (which lags a turn), the row fills what the
// request lacks; the one TripFacts list shows them on the trip list (budget) and the overview (estimate).
import './jsdomGlobals.js';
import { afterEach, describe, expect, it } from '@jest/globals';
import { cleanup, render, screen } from '@testing-library/react';
import type { BudgetBreakdown, TripRequest, TripView } from '../../../web/src/api/types.js';
import { Fact, TripFacts } from '../../../web/src/components/TripFacts.js';
import { travelersText, tripFactsOf } from '../../../web/src/lib/tripFacts.js';
import { emptyTripRequest } from '../../../domain/trip.js';

afterEach(cleanup);

const row: TripView = {
  id: '00000000-0000-4000-8000-000000000001',
  ownerId: '00000000-0000-4000-8000-000000000002',
  title: 'Lisbon in June',
  status: 'proposing',
  origin: 'JFK',
  destinations: ['LIS'],
  startDate: '2027-06-01',
  endDate: '2027-06-08',
  adults: 2,
  children: 0,
  budget: { amount: 6000, currency: 'USD' },
  preferences: {},
  role: 'owner',
  lastEventSeq: 12,
  archivedAt: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
};

// The turn "make it 3 adults, and Porto too, back on the 10th" as the workflow state has it, before the row.
const live: TripRequest = {
  ...emptyTripRequest,
  origin: { city: 'New York', iata: 'NYC' },
  destination: { city: 'Lisbon', iata: 'LIS' },
  alsoVisiting: [{ city: 'Porto', iata: 'OPO' }],
  departDate: '2027-06-01',
  returnDate: '2027-06-10',
  adults: 3,
  children: 1,
  budget: { amount: 7500, currency: 'USD' },
};

describe('tripFactsOf', () => {
  it('reads the live request first', () => {
    expect(tripFactsOf(row, live)).toEqual({ origin: 'NYC', destinations: ['LIS', 'OPO'], startDate: '2027-06-01', endDate: '2027-06-10', adults: 3, children: 1, budget: { amount: 7500, currency: 'USD' } });
  });

  it('falls back to the row for what the request does not have, and without a request', () => {
    // A state built from the row before the first message has no places, dates or budget.
    expect(tripFactsOf(row, { ...emptyTripRequest, adults: 2 })).toEqual({ origin: 'JFK', destinations: ['LIS'], startDate: '2027-06-01', endDate: '2027-06-08', adults: 2, children: 0, budget: { amount: 6000, currency: 'USD' } });
    expect(tripFactsOf(row)).toEqual(tripFactsOf(row, null));
    expect(tripFactsOf(row).adults).toBe(2);
  });

  it('names the travelers', () => {
    expect(travelersText(1, 0)).toBe('1 adult');
    expect(travelersText(3, 1)).toBe('3 adults, 1 child');
    expect(travelersText(2, 2)).toBe('2 adults, 2 children');
  });
});

describe('TripFacts', () => {
  // Date ranges come from Intl with thin spaces around the dash: compared as plain spaces.
  const facts = () => Object.fromEntries([...document.querySelectorAll('dl > div')].map((item) => [item.querySelector('dt')?.textContent, item.querySelector('dd')?.textContent?.replace(/\s/g, ' ')]));

  it('shows route, dates, travelers and budget on a trip card, then the facts a screen adds', () => {
    render(
      <TripFacts facts={tripFactsOf(row)}>
        <Fact term="Your role">Can edit</Fact>
      </TripFacts>,
    );
    expect(facts()).toEqual({ Route: 'JFK → LIS', Dates: 'Jun 1 – 8, 2027', Travelers: '2 adults', Budget: '$6,000', 'Your role': 'Can edit' });
    expect(document.querySelector('dl')?.className).toBe('facts');
  });

  it('shows the estimate against the live budget on the overview, and says when it is over', () => {
    const estimate: BudgetBreakdown = { lines: [], total: { amount: 8100, currency: 'USD' }, budget: { amount: 7500, currency: 'USD' }, withinBudget: false, tradeoffs: [] };
    const { rerender } = render(<TripFacts facts={tripFactsOf(row, live)} estimate={estimate} className="overview-facts" />);
    expect(facts()).toEqual({ Route: 'NYC → LIS, OPO', Dates: 'Jun 1 – 10, 2027', Travelers: '3 adults, 1 child', Estimate: '$8,100 of $7,500 · over budget' });
    expect(screen.getByTestId('overview-total').textContent).toBe('$8,100 of $7,500 · over budget');
    expect(document.querySelector('dl')?.className).toBe('facts overview-facts');
    // No plan yet: a dash against the budget, and no "Budget" fact beside it.
    rerender(<TripFacts facts={tripFactsOf(row)} estimate={null} />);
    expect(facts()).toMatchObject({ Estimate: '— of $6,000' });
    expect(facts()).not.toHaveProperty('Budget');
  });

  it('says the route is not chosen yet on a new trip, and marks only the missing end otherwise', () => {
    const { rerender } = render(<TripFacts facts={{ ...tripFactsOf(row), origin: null, destinations: [] }} />);
    expect(facts()).toMatchObject({ Route: 'Not chosen yet' });
    rerender(<TripFacts facts={{ ...tripFactsOf(row), origin: null }} />);
    expect(facts()).toMatchObject({ Route: '? → LIS' });
  });
});
