/**
 * @jest-environment jsdom
 */
// The stay list as a traveler uses it: sort (price, rating, distance), filters (price per night, free
// cancellation, stars) with the count announced, map pin numbers that follow the plan and not the sort;
// on a phone the filters are folded behind "Filters" (open by default on wide screens), flights too.
import './jsdomGlobals.js';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { FlightOffer, StayOffer } from '../../../web/src/api/types.js';
import { FlightOptions } from '../../../web/src/screens/trip/FlightOptions.js';
import { StayOptions } from '../../../web/src/screens/trip/StayOptions.js';

const originalMatchMedia = window.matchMedia;
afterEach(() => {
  cleanup();
  window.matchMedia = originalMatchMedia;
});

/** Makes every media query match or not (jsdom has no layout, so no matchMedia of its own). */
function mediaMatches(matches: boolean): void {
  window.matchMedia = ((query: string) => ({ matches, media: query, onchange: null, addEventListener: () => undefined, removeEventListener: () => undefined, addListener: () => undefined, removeListener: () => undefined, dispatchEvent: () => false })) as unknown as typeof window.matchMedia;
}

const stay = (id: string, perNight: number, stars: number, distanceToCentreKm: number, refundable: boolean): StayOffer => ({
  id,
  provider: 'sandbox',
  name: `Hotel ${id}`,
  cityCode: 'LIS',
  latitude: 38.71,
  longitude: -9.14,
  rating: stars,
  reviewScore: 8,
  checkIn: '2026-06-12',
  checkOut: '2026-06-14',
  nights: 2,
  pricePerNight: { amount: perNight, currency: 'EUR' },
  totalPrice: { amount: perNight * 2, currency: 'EUR' },
  amenities: ['wifi'],
  expiresAt: '2026-06-01T00:00:00Z',
  neighbourhood: 'Baixa',
  distanceToCentreKm,
  cancellationPolicy: { refundable, freeCancellationUntil: refundable ? '2026-06-10T12:00:00Z' : null, summary: refundable ? 'Free cancellation until Jun 10' : 'Non-refundable' },
});

// In the plan's order (the map's pins 1, 2, 3).
const stays = [stay('far', 60, 2, 7.5, false), stay('central', 150, 4, 0.3, true), stay('grand', 290, 5, 1.2, true)];
const shownIds = () => screen.getAllByTestId('stay-option').map((node) => within(node).getByRole('radio').getAttribute('value'));
const count = () => screen.getByTestId('stay-count').textContent;

describe('StayOptions', () => {
  it('sorts, filters, announces the count and keeps the map pin numbers of the plan', () => {
    const onChoose = jest.fn();
    render(<StayOptions offers={stays} selectedId="central" onChoose={onChoose} searchFailed={false} />);
    expect(shownIds()).toEqual(['far', 'central', 'grand']);
    expect(count()).toBe('Showing 3 of 3 stays, sorted by price (lowest first).');

    fireEvent.change(screen.getByLabelText('Sort stays by'), { target: { value: 'rating' } });
    expect(shownIds()).toEqual(['grand', 'central', 'far']);
    // Pin numbers are the plan's order, not the list's.
    expect(screen.getAllByTestId('stay-option').map((node) => node.querySelector('.map-pin-badge')?.textContent)).toEqual(['3 on the map', '2 on the map', '1 on the map']);
    fireEvent.change(screen.getByLabelText('Sort stays by'), { target: { value: 'distance' } });
    expect(shownIds()).toEqual(['central', 'grand', 'far']);
    expect(count()).toContain('sorted by distance to the centre (closest first)');

    fireEvent.change(screen.getByLabelText('Max per night (EUR)'), { target: { value: '200' } });
    expect(shownIds()).toEqual(['central', 'far']);
    fireEvent.click(screen.getByLabelText('Free cancellation only'));
    expect(shownIds()).toEqual(['central']);
    expect(screen.getByRole('button', { name: 'Filters (2 on)' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Stars'), { target: { value: '5' } });
    expect(screen.queryAllByTestId('stay-option')).toHaveLength(0);
    expect(count()).toContain('No stay matches these filters.');
    expect(screen.getByText('Your selected stay is hidden by the filters.')).toBeTruthy();

    // Clearing the price box lifts that limit.
    fireEvent.change(screen.getByLabelText('Max per night (EUR)'), { target: { value: '' } });
    expect(shownIds()).toEqual(['grand']);
    fireEvent.click(within(screen.getByTestId('stay-option')).getByRole('radio'));
    expect(onChoose).toHaveBeenCalledWith('grand');
  });

  it('folds the filters behind "Filters" on a phone and opens them on a tap; wide screens show them', () => {
    mediaMatches(true);
    render(<StayOptions offers={stays} selectedId="central" onChoose={() => undefined} searchFailed={false} />);
    const toggle = screen.getByRole('button', { name: 'Filters' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    // Sorting stays in reach; the filters are hidden.
    expect(screen.getByLabelText('Sort stays by')).toBeTruthy();
    expect(screen.getByLabelText('Stars').closest('[hidden]')).not.toBeNull();
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByLabelText('Stars').closest('[hidden]')).toBeNull();
    expect(document.getElementById(toggle.getAttribute('aria-controls') ?? '')?.contains(screen.getByLabelText('Stars'))).toBe(true);
    cleanup();

    mediaMatches(false);
    render(<StayOptions offers={stays} selectedId="central" onChoose={() => undefined} searchFailed={false} />);
    expect(screen.getByRole('button', { name: 'Filters' }).getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByLabelText('Stars').closest('[hidden]')).toBeNull();
  });

  it('folds the flight filters the same way on a phone', () => {
    mediaMatches(true);
    const flight = (id: string, price: number, departAt: string): FlightOffer => ({
      id,
      provider: 'sandbox',
      outbound: [{ carrier: { code: 'TP', name: 'TAP Air Portugal' }, flightNumber: 'TP1', origin: 'LHR', destination: 'LIS', departAt, arriveAt: departAt.replace(/T\d\d/, 'T23'), durationMinutes: 165 }],
      inbound: [],
      cabinClass: 'economy',
      stops: 0,
      totalDurationMinutes: 165,
      price: { amount: price, currency: 'EUR' },
      expiresAt: '2026-06-01T00:00:00Z',
    });
    render(<FlightOptions offers={[flight('a', 300, '2026-06-12T08:00'), flight('b', 250, '2026-06-12T15:00')]} selectedId="a" onChoose={() => undefined} searchFailed={false} />);
    const toggle = screen.getByRole('button', { name: 'Filters' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.getByLabelText('Stops').closest('[hidden]')).not.toBeNull();
    fireEvent.click(toggle);
    fireEvent.click(screen.getByLabelText('Morning (5:00–11:59)'));
    expect(screen.getAllByTestId('flight-option').map((node) => node.getAttribute('data-price'))).toEqual(['300']);
    // Folded again, the button still says the list is filtered.
    fireEvent.click(toggle);
    expect(screen.getByRole('button', { name: 'Filters (1 on)' }).getAttribute('aria-expanded')).toBe('false');
  });
});
