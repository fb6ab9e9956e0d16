// Create a price watch on one of the plan's flights: route, dates, cabin and party from the offer and
// the trip's request; criteria from the traveler. Validated with the API's createWatch schema.
import { useState, type FormEvent } from 'react';
import { createWatchSchema } from '../../../../api/schemas/watches.js';
import { ApiError } from '../../api/client.js';
import type { FlightOffer, TripRequest } from '../../api/types.js';
import { ErrorMessage, Field } from '../../components/ui.js';
import { useCreateWatch } from '../../hooks/watches.js';
import { formatMoney } from '../../lib/format.js';
import { errorFor, numberOrNull, validate, type FieldErrors } from '../../lib/forms.js';

/** The watch target a flight offer describes. */
export function flightTarget(offer: FlightOffer, request: Pick<TripRequest, 'adults' | 'children'>) {
  const first = offer.outbound[0];
  const last = offer.outbound.at(-1);
  return {
    kind: 'flight' as const,
    origin: first?.origin ?? '',
    destination: last?.destination ?? '',
    departDate: first?.departAt.slice(0, 10) ?? '',
    returnDate: offer.inbound[0]?.departAt.slice(0, 10) ?? null,
    cabinClass: offer.cabinClass,
    adults: request.adults,
    children: request.children,
  };
}

export function WatchForm({ tripId, offer, request, onDone }: { tripId: string; offer: FlightOffer; request: TripRequest; onDone: (watchId: string) => void }) {
  const create = useCreateWatch();
  const [errors, setErrors] = useState<FieldErrors>({});
  const suggested = Math.floor(offer.price.amount * 0.95);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '');
    const body = {
      tripId,
      target: flightTarget(offer, request),
      targetPrice: numberOrNull(text('targetPrice')),
      dropPercent: numberOrNull(text('dropPercent')),
      currency: offer.price.currency,
      ...(text('cadenceMinutes').trim() && { cadenceMinutes: Number(text('cadenceMinutes')) }),
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
      <div className="grid">
        <Field label={`Alert at or below (${offer.price.currency})`} name="targetPrice" type="number" min={0} step="any" defaultValue={suggested} error={errorFor(errors, 'targetPrice')} />
        <Field label="Or a drop of (%)" name="dropPercent" type="number" min={0} max={95} step="any" error={errorFor(errors, 'dropPercent')} />
        <Field label="Check every (minutes)" name="cadenceMinutes" type="number" min={0} step="any" defaultValue={360} error={errorFor(errors, 'cadenceMinutes')} />
      </div>
      {errorFor(errors, 'target') && <p className="field-error">Flight: {errorFor(errors, 'target')}</p>}
      <ErrorMessage error={create.error} />
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? 'Creating watch…' : 'Create price watch'}
      </button>
    </form>
  );
}
