// Create a price watch from one of the plan's flights. By default it watches exactly that flight (the API
// takes the offer id and tracks its carriers, flight numbers and departures); the traveler may instead
// watch any flight on the route meeting criteria (stops, duration, departure window). Validated with the
// API's createWatch schema.
import { useState, type FormEvent } from 'react';
import { createWatchSchema } from '../../../../contracts/watches.js';
import { describeFlightIdentity, flightIdentityOf, flightWatchTargetOf } from '../../../../domain/priceWatch.js';
import { ApiError } from '../../api/client.js';
import type { FlightOffer, TripRequest } from '../../api/types.js';
import { ErrorMessage, Field } from '../../components/ui.js';
import { useCreateWatch } from '../../hooks/watches.js';
import { formatMoney } from '../../lib/format.js';
import { errorFor, numberOrNull, validate, type FieldErrors } from '../../lib/forms.js';

/** The watch target a flight offer describes (route, dates, cabin, party). */
export const flightTarget = flightWatchTargetOf;

type Mode = 'exact' | 'any';

export function WatchForm({ tripId, offer, request, onDone }: { tripId: string; offer: FlightOffer; request: TripRequest; onDone: (watchId: string) => void }) {
  const create = useCreateWatch();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [mode, setMode] = useState<Mode>('exact');
  const suggested = Math.floor(offer.price.amount * 0.95);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const hours = numberOrNull(text('maxDurationHours'));
    const common = {
      tripId,
      targetPrice: numberOrNull(text('targetPrice')),
      dropPercent: numberOrNull(text('dropPercent')),
      currency: offer.price.currency,
      ...(text('cadenceMinutes') && { cadenceMinutes: Number(text('cadenceMinutes')) }),
    };
    const body =
      mode === 'exact'
        ? { ...common, offerId: offer.id }
        : {
            ...common,
            target: flightTarget(offer, request),
            anyFlight: {
              maxStops: text('maxStops') === '' ? null : Number(text('maxStops')),
              maxDurationMinutes: hours === null ? null : Math.round(hours * 60),
              departAfter: text('departAfter') || null,
              departBefore: text('departBefore') || null,
            },
          };
    const checked = validate(createWatchSchema, body);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    try {
      const created = await create.mutateAsync(checked.data);
      onDone(created.watch.watchId);
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
    }
  };

  return (
    <form className="watch-form" onSubmit={(event) => void submit(event)} noValidate aria-label="Watch this flight's price">
      <p className="muted">
        Now {formatMoney(offer.price)}. Get an alert when it drops to your price or by a percentage.
      </p>
      <fieldset>
        <legend>Which flights</legend>
        <label>
          <input type="radio" name="mode" value="exact" checked={mode === 'exact'} onChange={() => setMode('exact')} /> This flight only: {describeFlightIdentity(flightIdentityOf(offer))}
        </label>
        <label>
          <input type="radio" name="mode" value="any" checked={mode === 'any'} onChange={() => setMode('any')} /> Any flight on this route matching…
        </label>
      </fieldset>
      {mode === 'any' && (
        <div className="grid" data-testid="any-flight-criteria">
          <div className="field">
            <label htmlFor="watch-max-stops">Stops</label>
            <select id="watch-max-stops" name="maxStops" defaultValue={String(offer.stops)}>
              <option value="">Any</option>
              <option value="0">Nonstop only</option>
              <option value="1">At most 1 stop</option>
              <option value="2">At most 2 stops</option>
            </select>
          </div>
          <Field label="Max flying time (hours)" name="maxDurationHours" type="number" min={1} step="any" error={errorFor(errors, 'anyFlight.maxDurationMinutes')} />
          <Field label="Departs after (local)" name="departAfter" type="time" error={errorFor(errors, 'anyFlight.departAfter')} />
          <Field label="Departs before (local)" name="departBefore" type="time" error={errorFor(errors, 'anyFlight.departBefore')} />
        </div>
      )}
      <div className="grid">
        <Field label={`Alert at or below (${offer.price.currency})`} name="targetPrice" type="number" min={0} step="any" defaultValue={suggested} error={errorFor(errors, 'targetPrice')} />
        <Field label="Or a drop of (%)" name="dropPercent" type="number" min={0} max={95} step="any" error={errorFor(errors, 'dropPercent')} />
        <Field label="Check every (minutes)" name="cadenceMinutes" type="number" min={0} step="any" defaultValue={360} error={errorFor(errors, 'cadenceMinutes')} />
      </div>
      {(errorFor(errors, 'target') ?? errorFor(errors, 'offerId')) && <p className="field-error">Flight: {errorFor(errors, 'target') ?? errorFor(errors, 'offerId')}</p>}
      <ErrorMessage error={create.error} />
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? 'Creating watch…' : 'Create price watch'}
      </button>
    </form>
  );
}
