// Price watches: the list, and one watch with its price history, criteria, pause/resume/stop and "book now".
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { changeWatchSchema } from '../../../contracts/watches.js';
import { alertThreshold, describeFlightIdentity } from '../../../domain/priceWatch.js';
import { ApiError, isNotFound } from '../api/client.js';
import type { PricePoint, WatchState } from '../api/types.js';
import { PriceChart } from '../components/charts.js';
import { ErrorMessage, Field, Loading, Section, StatusBadge } from '../components/ui.js';
import { bookFromWatch, useChangeWatch, useWatch, useWatchAction, useWatchPoints, useWatches } from '../hooks/watches.js';
import { formatDate, formatDateTime, formatMoney } from '../lib/format.js';
import { errorFor, numberOrNull, validate, type FieldErrors } from '../lib/forms.js';
import { useTripEvents } from '../realtime/RealtimeProvider.js';
import { NotFoundScreen } from './NotFoundScreen.js';

export function WatchesScreen() {
  const watches = useWatches();
  return (
    <>
      <h1>Price watches</h1>
      <p className="muted">Create a watch from a flight option on a trip&apos;s plan. Alerts show up here and as notifications.</p>
      {watches.isPending && <Loading what="Loading watches" />}
      <ErrorMessage error={watches.error} />
      {watches.data && watches.data.items.length === 0 && <p className="card">No price watches yet.</p>}
      {watches.data && watches.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Your price watches</caption>
            <thead>
              <tr>
                <th scope="col">Watch</th>
                <th scope="col">Dates</th>
                <th scope="col">Status</th>
                <th scope="col">Last price</th>
                <th scope="col">Alert at</th>
              </tr>
            </thead>
            <tbody>
              {watches.data.items.map((watch) => (
                <tr key={watch.watchId}>
                  <td>
                    <Link to={`/watches/${watch.watchId}`}>{watch.kind === 'flight' ? `${watch.origin ?? ''} → ${watch.destination}` : `Stay in ${watch.destination}`}</Link>
                  </td>
                  <td>
                    {formatDate(watch.departDate)}
                    {watch.returnDate ? ` – ${formatDate(watch.returnDate)}` : ''}
                  </td>
                  <td>
                    <StatusBadge status={watch.status} />
                  </td>
                  <td>{watch.lastPrice === null ? '—' : formatMoney({ amount: watch.lastPrice, currency: watch.currency })}</td>
                  <td>
                    {[watch.targetPrice !== null && formatMoney({ amount: watch.targetPrice, currency: watch.currency }), watch.dropPercent !== null && `−${watch.dropPercent}%`].filter(Boolean).join(' or ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function WatchScreen() {
  const { watchId = '' } = useParams();
  const watch = useWatch(watchId);
  if (watch.isPending) return <Loading what="Loading the watch" />;
  if (isNotFound(watch.error)) return <NotFoundScreen what="Price watch" />;
  if (!watch.data) return <ErrorMessage error={watch.error} />;
  return <WatchDetail watch={watch.data} />;
}

function WatchDetail({ watch }: { watch: WatchState }) {
  const navigate = useNavigate();
  const points = useWatchPoints(watch.watchId);
  const action = useWatchAction(watch.watchId);
  const [booking, setBooking] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  // Alerts of a trip's watch stream through the trip's room: the state refreshes on them.
  useTripEvents(watch.tripId ?? undefined);
  const target = watch.target;
  const title = target.kind === 'flight' ? `${target.origin} → ${target.destination}` : `Stay in ${target.cityCode}${target.hotelName ? `: ${target.hotelName}` : ''}`;
  const currency = watch.currency ?? watch.lastPrice?.price.currency ?? 'USD';
  const threshold = alertThreshold(watch);
  // Checks on which the watched flight was not offered have no price: they are listed, not charted.
  const history = (points.data?.items ?? []).flatMap((point) => (point.price ? [{ at: point.observedAt, amount: point.price.amount }] : []));
  const ended = watch.status === 'expired' || watch.status === 'stopped';

  const bookNow = async () => {
    setBooking({ busy: true, error: null });
    try {
      const view = await bookFromWatch(watch.watchId);
      void navigate(`/trips/${view.tripId}/bookings/${view.bookingId}`);
    } catch (error) {
      setBooking({ busy: false, error });
    }
  };

  return (
    <>
      <div className="page-head">
        <h1>Price watch: {title}</h1>
        <StatusBadge status={watch.status} />
      </div>
      <p>
        {target.kind === 'flight' ? `${formatDate(target.departDate)}${target.returnDate ? ` – ${formatDate(target.returnDate)}` : ''}, ${target.cabinClass.replace('_', ' ')}, ${target.adults} adult(s)` : `${formatDate(target.checkIn)} – ${formatDate(target.checkOut)}`}
        {watch.tripId && (
          <>
            {' · '}
            <Link to={`/trips/${watch.tripId}`}>Open the trip</Link>
          </>
        )}
      </p>
      <p data-testid="watch-mode">{describeMatch(watch.match)}</p>
      {watch.lastAlert && (
        <div className="card alert-card" role="status" data-testid="watch-alert">
          <strong>Price alert:</strong> {formatMoney(watch.lastAlert.price)} on {formatDateTime(watch.lastAlert.observedAt)} ({watch.lastAlert.reason === 'new-low' ? 'a new low' : `at or below ${formatMoney({ amount: watch.lastAlert.threshold, currency })}`})
          {watch.lastAlert.flight ? ` for ${watch.lastAlert.flight.summary}` : ''}.{' '}
          {watch.tripId && (
            <button type="button" onClick={() => void bookNow()} disabled={booking.busy}>
              {booking.busy ? 'Booking…' : 'Book now'}
            </button>
          )}
          <ErrorMessage error={booking.error} prefix="Could not book" />
        </div>
      )}
      <div className="columns">
        <Section title="Price history">
          {points.isPending ? <Loading /> : <PriceChart points={history} currency={currency} threshold={threshold} />}
          <ErrorMessage error={points.error} />
          {points.data && points.data.items.length > 0 && <QuotedFlights points={points.data.items} />}
        </Section>
        <Section title="Status">
          <dl className="facts">
            <div>
              <dt>Last price</dt>
              <dd data-testid="watch-last-price">{watch.lastPrice ? formatMoney(watch.lastPrice.price) : '—'}</dd>
            </div>
            <div>
              <dt>Lowest</dt>
              <dd>{formatMoney(watch.lowestPrice)}</dd>
            </div>
            <div>
              <dt>Checks</dt>
              <dd>
                {watch.checks}
                {watch.failedChecks > 0 ? ` (${watch.failedChecks} failed)` : ''}
              </dd>
            </div>
            <div>
              <dt>Alerts</dt>
              <dd data-testid="watch-alerts">{watch.alerts}</dd>
            </div>
            <div>
              <dt>Next check</dt>
              <dd>{ended || watch.status === 'paused' ? '—' : formatDateTime(watch.nextCheckAt)}</dd>
            </div>
            <div>
              <dt>Ends</dt>
              <dd>{formatDateTime(watch.expiresAt)}</dd>
            </div>
          </dl>
          {watch.lastError && <p className="error-text">Last check: {watch.lastError}</p>}
          {!ended && (
            <div className="row">
              {watch.status === 'paused' ? (
                <button type="button" onClick={() => action.mutate('resume')} disabled={action.isPending}>
                  Resume
                </button>
              ) : (
                <button type="button" className="secondary" onClick={() => action.mutate('pause')} disabled={action.isPending}>
                  Pause
                </button>
              )}
              <button type="button" className="danger" onClick={() => window.confirm('Stop this price watch for good?') && action.mutate('stop')} disabled={action.isPending}>
                Stop watching
              </button>
            </div>
          )}
          <ErrorMessage error={action.error} />
        </Section>
        {!ended && (
          <Section title="Alert criteria">
            <CriteriaForm watch={watch} />
          </Section>
        )}
      </div>
    </>
  );
}

function describeMatch(match: WatchState['match']): string {
  if (match.mode === 'exact') return `Watching this flight only: ${describeFlightIdentity(match.flight)}`;
  const { maxStops, maxDurationMinutes, departAfter, departBefore } = match.criteria;
  const parts = [
    maxStops === 0 ? 'nonstop' : maxStops != null ? `at most ${maxStops} stop${maxStops === 1 ? '' : 's'}` : null,
    maxDurationMinutes != null ? `at most ${Math.round((maxDurationMinutes / 60) * 10) / 10} h flying` : null,
    departAfter ? `departing after ${departAfter}` : null,
    departBefore ? `departing before ${departBefore}` : null,
  ].filter(Boolean);
  return `Watching the cheapest flight on this route${parts.length ? ` (${parts.join(', ')})` : ''}.`;
}

/** The latest checks with the flight each quoted (or that the watched flight was not offered). */
function QuotedFlights({ points }: { points: PricePoint[] }) {
  const latest = points.slice(-10).reverse();
  return (
    <div className="table-wrap">
      <table data-testid="watch-points">
        <caption>Latest checks and the flight each price quotes</caption>
        <thead>
          <tr>
            <th scope="col">Checked</th>
            <th scope="col">Price</th>
            <th scope="col">Flight</th>
          </tr>
        </thead>
        <tbody>
          {latest.map((point) => (
            <tr key={point.id}>
              <td>{formatDateTime(point.observedAt)}</td>
              <td>{point.price ? formatMoney(point.price) : '—'}</td>
              <td>{point.offered ? (point.flight?.summary ?? point.summary ?? '') : 'Not offered on this check'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CriteriaForm({ watch }: { watch: WatchState }) {
  const change = useChangeWatch(watch.watchId);
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '');
    const checked = validate(changeWatchSchema, {
      targetPrice: numberOrNull(text('targetPrice')),
      dropPercent: numberOrNull(text('dropPercent')),
      ...(text('cadenceMinutes').trim() && { cadenceMinutes: Number(text('cadenceMinutes')) }),
    });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    try {
      await change.mutateAsync(checked.data);
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
    }
  };
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Field label={`Alert at or below (${watch.currency ?? ''})`} name="targetPrice" type="number" step="any" defaultValue={watch.targetPrice ?? ''} error={errorFor(errors, 'targetPrice')} />
      <Field label="Or a drop of (%)" name="dropPercent" type="number" step="any" defaultValue={watch.dropPercent ?? ''} error={errorFor(errors, 'dropPercent')} />
      <Field label="Check every (minutes)" name="cadenceMinutes" type="number" step="any" defaultValue={watch.cadenceMinutes} error={errorFor(errors, 'cadenceMinutes')} />
      <ErrorMessage error={change.error} />
      <button type="submit" disabled={change.isPending}>
        Save criteria
      </button>
      {change.isSuccess && (
        <span role="status" className="muted">
          {' '}
          Saved.
        </span>
      )}
    </form>
  );
}
