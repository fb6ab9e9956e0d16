// The plan's stay options with what sets them apart: area, distance to the centre, amenities, the
// cancellation terms, and the pin that marks each on the trip map. Sort (price, rating, distance to the
// centre) and filter (price per night, free cancellation, stars; folded behind "Filters" on phones) in
// the browser, like the flights; the count is announced to screen readers.
import { useId, useMemo, useState } from 'react';
import type { StayOffer } from '../../api/types.js';
import { FiltersDisclosure } from '../../components/ui.js';
import { formatMoney, titleCase } from '../../lib/format.js';
import { activeStayFilters, filterStays, noStayFilters, sortStays, staySortLabels, staySorts, type StayFilters, type StaySort } from '../../lib/offerCompare.js';

/** Amenities shown on a card; the rest are counted. */
const SHOWN_AMENITIES = 5;

export function StayOptions({
  offers,
  selectedId,
  onChoose,
  searchFailed,
}: {
  offers: StayOffer[];
  selectedId: string | null;
  onChoose: (id: string | null) => void;
  searchFailed: boolean;
}) {
  const [sort, setSort] = useState<StaySort>('price');
  const [filters, setFilters] = useState<StayFilters>(noStayFilters);
  // What the traveler typed in the price box, kept as typed (an empty or unfinished number is no limit).
  const [maxPriceText, setMaxPriceText] = useState('');
  const shown = useMemo(() => sortStays(filterStays(offers, filters), sort), [offers, filters, sort]);
  const currency = offers[0]?.pricePerNight.currency;
  // Free cancellation is a filter only when the offers state their terms.
  const termsKnown = offers.some((offer) => offer.cancellationPolicy);
  const ids = useId();
  const setMaxPrice = (text: string) => {
    setMaxPriceText(text);
    const value = Number(text);
    setFilters({ ...filters, maxPerNight: text.trim() === '' || !Number.isFinite(value) || value < 0 ? null : value });
  };

  return (
    <fieldset className="options stay-options" data-testid="stay-options">
      <legend>Stays</legend>
      {offers.length === 0 && <p className="muted">No stay options{searchFailed ? ' (the stay search failed)' : ''}.</p>}
      {offers.length > 1 && (
        <div className="compare-controls">
          <div className="control">
            <label htmlFor={`${ids}-sort`}>Sort stays by</label>
            <select id={`${ids}-sort`} value={sort} onChange={(event) => setSort(event.target.value as StaySort)} data-testid="stay-sort">
              {staySorts.map((option) => (
                <option key={option} value={option}>
                  {staySortLabels[option]}
                </option>
              ))}
            </select>
          </div>
          <FiltersDisclosure active={activeStayFilters(filters)} testId="stay-filters-toggle">
            <div className="control">
              <label htmlFor={`${ids}-max`}>Max per night{currency ? ` (${currency})` : ''}</label>
              <input id={`${ids}-max`} type="number" inputMode="decimal" min={0} step="any" value={maxPriceText} onChange={(event) => setMaxPrice(event.target.value)} data-testid="stay-max-price" />
            </div>
            <div className="control">
              <label htmlFor={`${ids}-stars`}>Stars</label>
              <select
                id={`${ids}-stars`}
                value={filters.minStars === null ? 'any' : String(filters.minStars)}
                onChange={(event) => setFilters({ ...filters, minStars: event.target.value === 'any' ? null : Number(event.target.value) })}
                data-testid="stay-min-stars"
              >
                <option value="any">Any rating</option>
                <option value="3">3 stars or more</option>
                <option value="4">4 stars or more</option>
                <option value="5">5 stars</option>
              </select>
            </div>
            {termsKnown && (
              <div className="control checks">
                <label className="check">
                  <input type="checkbox" checked={filters.freeCancellation} onChange={() => setFilters({ ...filters, freeCancellation: !filters.freeCancellation })} data-testid="stay-free-cancellation" />
                  Free cancellation only
                </label>
              </div>
            )}
          </FiltersDisclosure>
        </div>
      )}
      {offers.length > 1 && (
        <p className="muted small" role="status" aria-live="polite" data-testid="stay-count">
          Showing {shown.length} of {offers.length} stays, sorted by {staySortLabels[sort].toLowerCase()}.
          {shown.length === 0 && ' No stay matches these filters.'}
        </p>
      )}
      {shown.map((offer) => (
        <div
          key={offer.id}
          className={`option${offer.id === selectedId ? ' chosen' : ''}`}
          data-testid="stay-option"
          data-price={offer.totalPrice.amount}
          data-per-night={offer.pricePerNight.amount}
          data-stars={offer.rating}
          data-distance={offer.distanceToCentreKm}
        >
          <label>
            <input type="radio" name="stay" value={offer.id} checked={offer.id === selectedId} onChange={() => onChoose(offer.id)} />
            {/* The map numbers the stays in the plan's order, whatever the sort. */}
            <StaySummary offer={offer} pin={offers.indexOf(offer) + 1} />
          </label>
        </div>
      ))}
      {selectedId !== null && offers.length > 0 && !shown.some((offer) => offer.id === selectedId) && <p className="muted small">Your selected stay is hidden by the filters.</p>}
      {offers.length > 0 && (
        <label className="option">
          <input type="radio" name="stay" value="" checked={selectedId === null} onChange={() => onChoose(null)} /> No stay
        </label>
      )}
    </fieldset>
  );
}

function whereText(offer: StayOffer): string | null {
  const distance = offer.distanceToCentreKm === undefined ? null : offer.distanceToCentreKm < 0.1 ? 'in the centre' : `${offer.distanceToCentreKm.toFixed(1)} km from the centre`;
  return [offer.neighbourhood, distance].filter(Boolean).join(' · ') || null;
}

/** One stay offer; `pin` is its number on the trip map, when it is on one. */
export function StaySummary({ offer, pin }: { offer: StayOffer; pin?: number }) {
  const where = whereText(offer);
  const amenities = offer.amenities.slice(0, SHOWN_AMENITIES).map(titleCase);
  const more = offer.amenities.length - amenities.length;
  return (
    <span className="offer">
      {pin !== undefined && (
        <span className="map-pin-badge" title={`Pin ${pin} on the map`}>
          <svg viewBox="-15 -42 30 43" width="12" height="17" aria-hidden="true">
            <path d="M0 0 C -4 -10 -14 -16 -14 -26 A 14 14 0 1 1 14 -26 C 14 -16 4 -10 0 0 Z" fill="currentColor" />
          </svg>
          {pin}
          <span className="visually-hidden"> on the map</span>
        </span>
      )}
      <strong>{offer.name}</strong> · {offer.rating > 0 ? '★'.repeat(Math.round(offer.rating)) : 'unrated'}
      {offer.rating > 0 && <span className="visually-hidden"> {offer.rating} stars</span>}
      {offer.reviewScore !== null && ` · ${offer.reviewScore.toFixed(1)}/10`} · {formatMoney(offer.totalPrice)} for {offer.nights} night{offer.nights === 1 ? '' : 's'} ({formatMoney(offer.pricePerNight)}/night)
      {where && <span className="offer-legs" data-testid="stay-where">{where}</span>}
      {amenities.length > 0 && (
        <span className="offer-legs">
          {amenities.join(', ')}
          {more > 0 && `, +${more} more`}
        </span>
      )}
      {offer.cancellationPolicy && (
        <span className={`offer-legs${offer.cancellationPolicy.refundable ? ' good' : ''}`} data-testid="stay-cancellation">
          {offer.cancellationPolicy.summary}
        </span>
      )}
    </span>
  );
}
