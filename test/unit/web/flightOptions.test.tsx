/**
 * @jest-environment jsdom
 */
// The flight list as a traveler uses it: labelled sort and filter controls, the announced count, labels
// and one direction per line; choosing an offer reports it.
import './jsdomGlobals.js';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { FlightOffer, FlightSegment } from '../../../web/src/api/types.js';
import { FlightOptions } from '../../../web/src/screens/trip/FlightOptions.js';

afterEach(cleanup);

const leg = (carrier: string, name: string, origin: string, destination: string, departAt: string, arriveAt: string, durationMinutes: number): FlightSegment => ({
  carrier: { code: carrier, name },
  flightNumber: `${carrier}1`,
  origin,
  destination,
  departAt,
  arriveAt,
  durationMinutes,
});

const offer = (id: string, price: number, outbound: FlightSegment[]): FlightOffer => ({
  id,
  provider: 'sandbox',
  outbound,
  inbound: [],
  cabinClass: 'economy',
  stops: outbound.length - 1,
  totalDurationMinutes: 0,
  price: { amount: price, currency: 'EUR' },
  expiresAt: '2026-06-01T00:00:00Z',
  baggage: { checked: 1, carryOn: 1 },
  conditions: { refundBeforeDeparture: { allowed: false, penalty: null }, changeBeforeDeparture: { allowed: true, penalty: { amount: 70, currency: 'EUR' } } },
});

const offers = [
  offer('evening', 755.52, [leg('TP', 'TAP Air Portugal', 'LHR', 'LIS', '2026-06-12T19:10', '2026-06-12T21:55', 165)]),
  offer('via-mad', 563.18, [leg('IB', 'Iberia', 'LHR', 'MAD', '2026-06-12T07:05', '2026-06-12T10:25', 140), leg('IB', 'Iberia', 'MAD', 'LIS', '2026-06-12T12:00', '2026-06-12T12:20', 80)]),
  offer('afternoon', 683.91, [leg('FR', 'Ryanair', 'STN', 'LIS', '2026-06-12T13:30', '2026-06-12T16:20', 170)]),
];

const shownIds = () => screen.getAllByTestId('flight-option').map((node) => within(node).getByRole('radio').getAttribute('value'));

describe('FlightOptions', () => {
  it('lists by price with labels, then re-sorts, filters and announces the count', () => {
    const onChoose = jest.fn();
    render(<FlightOptions offers={offers} selectedId="evening" onChoose={onChoose} searchFailed={false} />);
    expect(shownIds()).toEqual(['via-mad', 'afternoon', 'evening']);
    const first = screen.getAllByTestId('flight-option')[0]!;
    expect(within(first).getByTestId('label-cheapest')).toBeTruthy();
    expect(first.textContent).toContain('1 stop · 1 h 35 m in MAD');
    expect(first.textContent).toContain('1 checked bag, 1 carry-on per passenger · Non-refundable · Changes for a €70 fee');
    expect(screen.getByRole('status').textContent).toContain('Showing 3 of 3 flights, sorted by price');

    fireEvent.change(screen.getByLabelText('Sort by'), { target: { value: 'departure' } });
    expect(shownIds()).toEqual(['via-mad', 'afternoon', 'evening']);
    fireEvent.change(screen.getByLabelText('Sort by'), { target: { value: 'duration' } });
    expect(shownIds()).toEqual(['evening', 'afternoon', 'via-mad']);

    fireEvent.change(screen.getByLabelText('Stops'), { target: { value: '0' } });
    expect(shownIds()).toEqual(['evening', 'afternoon']);
    expect(screen.getByRole('status').textContent).toContain('Showing 2 of 3 flights');
    fireEvent.click(screen.getByLabelText('Morning (5:00–11:59)'));
    expect(screen.queryAllByTestId('flight-option')).toHaveLength(0);
    expect(screen.getByRole('status').textContent).toContain('No flight matches these filters.');
    expect(screen.getByText('Your selected flight is hidden by the filters.')).toBeTruthy();

    fireEvent.click(screen.getByLabelText('Morning (5:00–11:59)'));
    fireEvent.click(screen.getByLabelText('Ryanair'));
    expect(shownIds()).toEqual(['afternoon']);
    fireEvent.click(within(screen.getByTestId('flight-option')).getByRole('radio'));
    expect(onChoose).toHaveBeenCalledWith('afternoon');
  });
});
