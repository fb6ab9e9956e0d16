// The plan's stay options with what sets them apart: area, distance to the centre, amenities, the
// cancellation terms, and the pin that marks each on the trip map.
import type { StayOffer } from '../../api/types.js';
import { formatMoney, titleCase } from '../../lib/format.js';

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
  return (
    <fieldset className="options stay-options" data-testid="stay-options">
      <legend>Stays</legend>
      {offers.length === 0 && <p className="muted">No stay options{searchFailed ? ' (the stay search failed)' : ''}.</p>}
      {offers.map((offer, index) => (
        <div key={offer.id} className={`option${offer.id === selectedId ? ' chosen' : ''}`} data-testid="stay-option">
          <label>
            <input type="radio" name="stay" value={offer.id} checked={offer.id === selectedId} onChange={() => onChoose(offer.id)} />
            <StaySummary offer={offer} pin={index + 1} />
          </label>
        </div>
      ))}
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
