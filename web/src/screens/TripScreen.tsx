// A trip: chat with the planner, the live progress timeline, the plan (flights, stays, itinerary with
// weather, budget chart), agent suggestions and collaborators.
import { Link, useParams } from 'react-router';
import { isNotFound } from '../api/client.js';
import type { TripState, TripView } from '../api/types.js';
import { BudgetChart } from '../components/charts.js';
import { ErrorMessage, Loading, Section, StatusBadge } from '../components/ui.js';
import { useArchiveTrip, useResolveSuggestion, useTrip, useTripState } from '../hooks/trips.js';
import { formatDate, formatDateTime, formatMoney } from '../lib/format.js';
import { useReplyDrafts, useTripEvents } from '../realtime/RealtimeProvider.js';
import { NotFoundScreen } from './NotFoundScreen.js';
import { Chat } from './trip/Chat.js';
import { Collaborators } from './trip/Collaborators.js';
import { Itinerary } from './trip/Itinerary.js';
import { BookedSummary, PlanOptions } from './trip/PlanView.js';
import { ProgressTimeline } from './trip/ProgressTimeline.js';
import { ShareTrip } from './trip/ShareTrip.js';
import { TripNav } from './TripNav.js';

export function TripScreen() {
  const { tripId = '' } = useParams();
  const trip = useTrip(tripId);
  if (trip.isPending) return <Loading what="Loading the trip" />;
  if (isNotFound(trip.error)) return <NotFoundScreen what="Trip" />;
  if (!trip.data) return <ErrorMessage error={trip.error} />;
  return <TripDetail trip={trip.data} />;
}

function TripDetail({ trip }: { trip: TripView }) {
  const events = useTripEvents(trip.id);
  const drafts = useReplyDrafts(trip.id);
  const state = useTripState(trip.id);
  const archive = useArchiveTrip(trip.id);
  const resolveSuggestion = useResolveSuggestion(trip.id);
  const canWrite = trip.role !== 'read' && trip.status !== 'archived';
  const canAdmin = trip.role === 'owner' || trip.role === 'admin';
  const plan = state.data?.plan ?? null;
  return (
    <>
      <div className="page-head">
        <h1>{trip.title}</h1>
        <StatusBadge status={state.data?.status ?? trip.status} />
      </div>
      <p className="muted">
        {trip.origin ?? '?'} → {trip.destinations.join(', ') || '?'} · {formatDate(trip.startDate)} – {formatDate(trip.endDate)} · {trip.adults} adult(s)
        {trip.children ? `, ${trip.children} child(ren)` : ''} · budget {formatMoney(trip.budget)}
      </p>
      <TripNav tripId={trip.id} title={trip.title} />
      <PendingProposals state={state.data} tripId={trip.id} />
      {state.data && <BookedSummary tripId={trip.id} bookings={state.data.bookings ?? []} />}
      <div className="trip-layout">
        <div className="trip-main">
          <Section title="Chat with the planner">
            <Chat tripId={trip.id} events={events} drafts={drafts} canWrite={canWrite} />
          </Section>
          <Section title="Progress" id="progress">
            <ProgressTimeline events={events} />
          </Section>
        </div>
        <div className="trip-side">
          {state.isPending && <Loading what="Loading the plan" />}
          <ErrorMessage error={state.error} />
          {plan && plan.failures.length > 0 && (
            <div className="card warning" role="status">
              Partial plan: {plan.failures.map((failure) => `${failure.step} failed (${failure.message})`).join('; ')}
            </div>
          )}
          {plan && state.data && (
            <Section title="Options">
              <PlanOptions key={`${plan.selectedFlightId}-${plan.flightOptions.length}-${plan.stayOptions.length}`} tripId={trip.id} plan={plan} request={state.data.request} canWrite={canWrite} />
            </Section>
          )}
          {plan?.budget && (
            <Section title="Budget">
              <BudgetChart budget={plan.budget} {...(state.data && { travelers: state.data.request.adults + state.data.request.children })} />
              {plan.budget.tradeoffs.length > 0 && (
                <ul>
                  {plan.budget.tradeoffs.map((tradeoff) => (
                    <li key={tradeoff}>{tradeoff}</li>
                  ))}
                </ul>
              )}
            </Section>
          )}
          {plan && (
            <Section title="Itinerary">
              {plan.destination && plan.destination.highlights.length > 0 && <p className="muted">Highlights: {plan.destination.highlights.join(', ')}</p>}
              <Itinerary days={plan.itinerary} temperatureUnit={plan.temperatureUnit} />
            </Section>
          )}
          {!plan && !state.isPending && <p className="card muted">The plan appears here after the first message.</p>}
          <Section title="Agent suggestions">
            {(state.data?.suggestions.length ?? 0) === 0 ? (
              <p className="muted">No suggestions from AI agents.</p>
            ) : (
              <ul className="suggestions">
                {state.data?.suggestions.map((suggestion) => (
                  <li key={suggestion.id}>
                    <strong>{suggestion.kind}</strong> from {suggestion.source} ({formatDateTime(suggestion.receivedAt)}), {suggestion.status}
                    <pre>{JSON.stringify(suggestion.payload, null, 2)}</pre>
                    {canWrite && suggestion.status === 'pending' && (
                      <div className="row">
                        <button type="button" onClick={() => resolveSuggestion.mutate({ suggestionId: suggestion.id, decision: 'accept' })} disabled={resolveSuggestion.isPending} aria-label={`Accept the ${suggestion.kind} suggestion from ${suggestion.source}`}>
                          Accept
                        </button>
                        <button type="button" className="secondary" onClick={() => resolveSuggestion.mutate({ suggestionId: suggestion.id, decision: 'dismiss' })} disabled={resolveSuggestion.isPending} aria-label={`Dismiss the ${suggestion.kind} suggestion from ${suggestion.source}`}>
                          Dismiss
                        </button>
                      </div>
                    )}
                  </li>
                ))}
              </ul>
            )}
            <p className="muted small">Suggestions are shown to you and never applied by themselves.</p>
          </Section>
          <Section title="Calendar and sharing">
            <ShareTrip tripId={trip.id} title={trip.title} canAdmin={canAdmin} />
          </Section>
          <Section title="People">
            <Collaborators tripId={trip.id} canAdmin={canAdmin} />
          </Section>
          {canAdmin && trip.status !== 'archived' && (
            <button type="button" className="danger" onClick={() => window.confirm('Archive this trip? Planning ends.') && archive.mutate()} disabled={archive.isPending}>
              Archive trip
            </button>
          )}
          <ErrorMessage error={archive.error} />
        </div>
      </div>
    </>
  );
}

function PendingProposals({ state, tripId }: { state: TripState | undefined; tripId: string }) {
  const count = state?.pendingProposals.length ?? 0;
  if (count === 0 && state?.status !== 'awaiting_approval') return null;
  return (
    <p className="card notice-inline" role="status">
      {count > 0 ? `${count} proposal${count === 1 ? '' : 's'} await${count === 1 ? 's' : ''} your decision.` : 'A booking awaits your decision.'}{' '}
      <Link to={`/trips/${tripId}/proposals`}>Review proposals</Link>
    </p>
  );
}
