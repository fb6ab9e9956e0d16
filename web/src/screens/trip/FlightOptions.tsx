// The plan's flight options, compared: sort (price, duration, departure), filter (stops, departure
// window, airline; folded behind "Filters" on phones), best/cheapest/fastest labels, and each direction's
// duration, layovers, bags and fare rules. Sorting and filtering happen here in the browser; the count is
// announced to screen readers.
import { useId, useMemo, useState } from 'react';
import type { FareRule, FlightOffer } from '../../../../domain/trip.js';
import { FiltersDisclosure } from '../../components/ui.js';
import { formatLocalDateTime, formatMoney } from '../../lib/format.js';
import {
  activeFlightFilters,
  airlineChoices,
  BEST_EXPLAINED,
  departureWindowLabels,
  departureWindows,
  directionsOf,
  filterFlights,
  flightLabels,
  flightSortLabels,
  flightSorts,
  formatDuration,
  noFlightFilters,
  sortFlights,
  stopsText,
  type DepartureWindow,
  type Direction,
  type FlightFilters,
  type FlightLabel,
  type FlightSort,
} from '../../lib/offerCompare.js';

const labelText: Record<FlightLabel, string> = { best: 'Best', cheapest: 'Cheapest', fastest: 'Fastest' };

export function FlightOptions({
  offers,
  selectedId,
  onChoose,
  searchFailed,
}: {
  offers: FlightOffer[];
  selectedId: string | null;
  onChoose: (id: string | null) => void;
  searchFailed: boolean;
}) {
  const [sort, setSort] = useState<FlightSort>('price');
  const [filters, setFilters] = useState<FlightFilters>(noFlightFilters);
  const airlines = useMemo(() => airlineChoices(offers), [offers]);
  const shown = useMemo(() => sortFlights(filterFlights(offers, filters), sort), [offers, filters, sort]);
  const labels = useMemo(() => flightLabels(shown), [shown]);
  const maxStopsInOffers = Math.max(0, ...offers.flatMap((offer) => directionsOf(offer).map((direction) => direction.stops)));
  const ids = useId();
  const toggle = <T,>(list: T[], value: T) => (list.includes(value) ? list.filter((item) => item !== value) : [...list, value]);

  return (
    <fieldset className="options flight-options" data-testid="flight-options">
      <legend>Flights</legend>
      {offers.length === 0 && <p className="muted">No flight options{searchFailed ? ' (the flight search failed)' : ''}.</p>}
      {offers.length > 1 && (
        <div className="compare-controls">
          <div className="control">
            <label htmlFor={`${ids}-sort`}>Sort by</label>
            <select id={`${ids}-sort`} value={sort} onChange={(event) => setSort(event.target.value as FlightSort)} data-testid="flight-sort">
              {flightSorts.map((option) => (
                <option key={option} value={option}>
                  {flightSortLabels[option]}
                </option>
              ))}
            </select>
          </div>
          <FiltersDisclosure active={activeFlightFilters(filters)} testId="flight-filters-toggle">
            <div className="control">
              <label htmlFor={`${ids}-stops`}>Stops</label>
              <select
                id={`${ids}-stops`}
                value={filters.maxStops === null ? 'any' : String(filters.maxStops)}
                onChange={(event) => setFilters({ ...filters, maxStops: event.target.value === 'any' ? null : Number(event.target.value) })}
                data-testid="flight-stops"
              >
                <option value="any">Any number of stops</option>
                <option value="0">Nonstop only</option>
                {maxStopsInOffers > 1 && <option value="1">1 stop at most</option>}
              </select>
            </div>
            <fieldset className="control checks">
              <legend>Departure</legend>
              {departureWindows.map((window: DepartureWindow) => (
                <label key={window} className="check">
                  <input type="checkbox" checked={filters.windows.includes(window)} onChange={() => setFilters({ ...filters, windows: toggle(filters.windows, window) })} />
                  {departureWindowLabels[window]}
                </label>
              ))}
            </fieldset>
            {airlines.length > 1 && (
              <fieldset className="control checks">
                <legend>Airlines</legend>
                {airlines.map((airline) => (
                  <label key={airline.code} className="check">
                    <input type="checkbox" checked={filters.airlines.includes(airline.code)} onChange={() => setFilters({ ...filters, airlines: toggle(filters.airlines, airline.code) })} />
                    {airline.name}
                  </label>
                ))}
              </fieldset>
            )}
          </FiltersDisclosure>
        </div>
      )}
      {offers.length > 1 && (
        <p className="muted small" role="status" aria-live="polite" data-testid="flight-count">
          Showing {shown.length} of {offers.length} flights, sorted by {flightSortLabels[sort].toLowerCase()}.
          {shown.length === 0 && ' No flight matches these filters.'}
        </p>
      )}
      {shown.length > 0 && offers.length > 1 && (
        <details className="muted small best-note">
          <summary>How “Best” is chosen</summary>
          {BEST_EXPLAINED}
        </details>
      )}
      {shown.map((offer) => (
        <div key={offer.id} className={`option${offer.id === selectedId ? ' chosen' : ''}`} data-testid="flight-option" data-price={offer.price.amount}>
          <label>
            <input type="radio" name="flight" value={offer.id} checked={offer.id === selectedId} onChange={() => onChoose(offer.id)} />
            <FlightSummary offer={offer} labels={labels.get(offer.id) ?? []} />
          </label>
        </div>
      ))}
      {selectedId !== null && offers.length > 0 && !shown.some((offer) => offer.id === selectedId) && (
        <p className="muted small">Your selected flight is hidden by the filters.</p>
      )}
      {offers.length > 0 && (
        <label className="option">
          <input type="radio" name="flight" value="" checked={selectedId === null} onChange={() => onChoose(null)} /> No flight
        </label>
      )}
    </fieldset>
  );
}

function ruleText(what: 'Refund' | 'Change', rule: FareRule | null): string | null {
  if (!rule) return null;
  if (!rule.allowed) return what === 'Refund' ? 'Non-refundable' : 'No changes';
  if (!rule.penalty) return what === 'Refund' ? 'Refundable' : 'Changes allowed';
  return `${what === 'Refund' ? 'Refundable' : 'Changes'} for a ${formatMoney(rule.penalty)} fee`;
}

function DirectionLine({ direction }: { direction: Direction }) {
  const first = direction.segments[0];
  const last = direction.segments.at(-1);
  if (!first || !last) return null;
  return (
    <span className="offer-legs">
      {direction.label}: {first.origin} {formatLocalDateTime(first.departAt)} → {last.destination} {formatLocalDateTime(last.arriveAt)} · {formatDuration(direction.durationMinutes)} · {stopsText(direction)}
    </span>
  );
}

/** One flight offer: price, airlines, labels, each direction and what the fare includes. */
export function FlightSummary({ offer, labels = [] }: { offer: FlightOffer; labels?: FlightLabel[] }) {
  const carriers = [...new Set([...offer.outbound, ...offer.inbound].map((segment) => segment.carrier.name))].join(', ');
  const bags = offer.baggage
    ? `${offer.baggage.checked === 0 ? 'No checked bag' : `${offer.baggage.checked} checked bag${offer.baggage.checked > 1 ? 's' : ''}`}, ${offer.baggage.carryOn} carry-on per passenger`
    : null;
  const rules = [ruleText('Refund', offer.conditions?.refundBeforeDeparture ?? null), ruleText('Change', offer.conditions?.changeBeforeDeparture ?? null)].filter(Boolean);
  return (
    <span className="offer">
      {labels.length > 0 && (
        <span className="offer-labels">
          {labels.map((label) => (
            <span key={label} className={`tag tag-${label}`} data-testid={`label-${label}`} {...(label === 'best' && { title: BEST_EXPLAINED })}>
              {labelText[label]}
            </span>
          ))}
        </span>
      )}
      <strong>{formatMoney(offer.price)}</strong> · {carriers}
      {directionsOf(offer).map((direction) => (
        <DirectionLine key={direction.label} direction={direction} />
      ))}
      {(bags || rules.length > 0) && <span className="offer-legs">{[bags, ...rules].filter(Boolean).join(' · ')}</span>}
    </span>
  );
}
