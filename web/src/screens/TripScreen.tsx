// A trip: an overview (dates, travellers, total against the budget, what is booked), then the chat with
// the planner and its live progress, the plan (flights, stays, itinerary with weather, budget), agent
// suggestions, shared expenses and collaborators. Wide screens show two columns; phones show one tab at a
// time (Chat, Flights, Stays, Itinerary, Budget, Expenses, More). Both keep a sticky total-and-book bar at the bottom.
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { isNotFound } from '../api/client.js';
import type { TripPlan, TripState, TripView } from '../api/types.js';
import { BudgetChart } from '../components/charts.js';
import { Fact, TripFacts } from '../components/TripFacts.js';
import { ErrorMessage, Loading, Section, StatusBadge } from '../components/ui.js';
import { useIsPhone } from '../hooks/useMediaQuery.js';
import { useArchiveTrip, useResolveSuggestion, useTrip, useTripState } from '../hooks/trips.js';
import { useCachedCopy } from '../lib/offlineCopies.js';
import { formatDateTime, formatMoney } from '../lib/format.js';
import { tripFactsOf } from '../lib/tripFacts.js';
import { labelFor, planningStepLabels, suggestionKindLabels, suggestionStatusLabels } from '../lib/labels.js';
import { useSession } from '../auth/useAuth.js';
import { typingLine } from '../realtime/presence.js';
import { useReplyDrafts, useTripEvents, useTripPresence, useTripReaders, useTypingNotifier } from '../realtime/RealtimeProvider.js';
import { NotFoundScreen } from './NotFoundScreen.js';
import { Chat } from './trip/Chat.js';
import { Collaborators } from './trip/Collaborators.js';
import { Expenses } from './trip/Expenses.js';
import { Itinerary } from './trip/Itinerary.js';
import { BookedSummary, PlanOptions } from './trip/PlanView.js';
import { ProgressTimeline } from './trip/ProgressTimeline.js';
import { ShareTrip } from './trip/ShareTrip.js';
import { Viewers } from './trip/Viewers.js';
import { TripNav } from './TripNav.js';

export function TripScreen() {
  const { tripId = '' } = useParams();
  const trip = useTrip(tripId);
  if (trip.isPending) return <Loading what="Loading the trip" lines={6} />;
  if (isNotFound(trip.error)) return <NotFoundScreen what="Trip" />;
  if (!trip.data) return <ErrorMessage error={trip.error} />;
  return <TripDetail trip={trip.data} />;
}

const tabs = [
  { id: 'chat', label: 'Chat' },
  { id: 'flights', label: 'Flights' },
  { id: 'stays', label: 'Stays' },
  { id: 'itinerary', label: 'Itinerary' },
  { id: 'budget', label: 'Budget' },
  { id: 'expenses', label: 'Expenses' },
  { id: 'more', label: 'More' },
] as const;
type TabId = (typeof tabs)[number]['id'];
const isTab = (value: string | null): value is TabId => tabs.some((tab) => tab.id === value);

function TripDetail({ trip }: { trip: TripView }) {
  const events = useTripEvents(trip.id);
  const drafts = useReplyDrafts(trip.id);
  const viewers = useTripPresence(trip.id);
  const selfId = useSession()?.user.id ?? null;
  const typingNotifier = useTypingNotifier(trip.id);
  const { readers, seen } = useTripReaders(trip.id);
  const state = useTripState(trip.id);
  const isPhone = useIsPhone();
  const canWrite = trip.role !== 'read' && trip.status !== 'archived';
  const plan = state.data?.plan ?? null;
  const sections = {
    chat: (
      <>
        <Section title="Chat with the planner">
          <Chat tripId={trip.id} events={events} drafts={drafts} canWrite={canWrite} typingLine={typingLine(viewers, selfId)} onTyping={typingNotifier} selfId={selfId} readers={readers} onSeen={seen} />
        </Section>
        <Section title="Progress" id="progress">
          <ProgressTimeline events={events} />
        </Section>
      </>
    ),
    options: plan && state.data && (
      <Section title="Options" id="options">
        <PlanOptions key={`${plan.selectedFlightId}-${plan.flightOptions.length}-${plan.stayOptions.length}`} tripId={trip.id} plan={plan} request={state.data.request} canWrite={canWrite} />
      </Section>
    ),
    budget: plan?.budget && (
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
    ),
    itinerary: plan && (
      <Section title="Itinerary">
        {plan.destination && plan.destination.highlights.length > 0 && <p className="muted">Highlights: {plan.destination.highlights.join(', ')}</p>}
        <Itinerary days={plan.itinerary} temperatureUnit={plan.temperatureUnit} {...(canWrite && { tripId: trip.id })} />
      </Section>
    ),
    expenses: (
      <Section title="Shared expenses" id="expenses">
        <Expenses tripId={trip.id} title={trip.title} canWrite={canWrite} />
      </Section>
    ),
    more: <MoreSections trip={trip} state={state.data} canWrite={canWrite} />,
  };
  const planStatus = (
    <>
      {state.isPending && <Loading what="Loading the plan" lines={4} />}
      <ErrorMessage error={state.error} />
      {plan && <PlanProblems plan={plan} />}
    </>
  );
  const noPlan = !plan && !state.isPending && <p className="card muted">The plan appears here after the first message.</p>;

  return (
    <>
      <TripOverview trip={trip} state={state.data} />
      <Viewers viewers={viewers} selfId={selfId} />
      <PendingProposals state={state.data} tripId={trip.id} />
      {state.data && <BookedSummary tripId={trip.id} bookings={state.data.bookings ?? []} />}
      {isPhone ? (
        <PhoneTabs
          panels={{
            chat: sections.chat,
            flights: (
              <>
                {planStatus}
                {sections.options ?? noPlan}
              </>
            ),
            itinerary: (
              <>
                {planStatus}
                {sections.itinerary ?? noPlan}
              </>
            ),
            budget: sections.budget ?? noPlan ?? <Loading what="Loading the budget" />,
            expenses: sections.expenses,
            more: sections.more,
          }}
          plan={plan}
          state={state.data}
          canWrite={canWrite}
        />
      ) : (
        <div className="trip-layout">
          <div className="trip-main">{sections.chat}</div>
          <div className="trip-side">
            {planStatus}
            {sections.options}
            {sections.budget}
            {sections.itinerary}
            {noPlan}
            {sections.expenses}
            {sections.more}
          </div>
        </div>
      )}
      {!isPhone && <TotalBar plan={plan} state={state.data} canWrite={canWrite} onBook={showOptions} />}
    </>
  );
}

/** Wide screens: the total bar's "Choose and book" brings the options into view, focus on the chosen flight (or stay). */
function showOptions() {
  const options = document.getElementById('options');
  const chosen = options?.querySelector<HTMLElement>('input[name="flight"]:checked, input[name="stay"]:checked, input[type="radio"]');
  options?.scrollIntoView({ block: 'start' });
  // A choice far down the list is scrolled to as well (the scroll padding keeps it clear of the bar).
  chosen?.scrollIntoView({ block: 'nearest' });
  chosen?.focus({ preventScroll: true });
}

/**
 * The trip at a glance: where and when, who, the estimate against the budget, and what is booked. The
 * facts come from the live workflow state (a turn's change shows as soon as the state has it), else the row.
 */
function TripOverview({ trip, state }: { trip: TripView; state: TripState | undefined }) {
  const cached = useCachedCopy(`/trips/${trip.id}/state`);
  const budget = state?.plan?.budget ?? null;
  const bookings = state?.bookings ?? [];
  const confirmed = bookings.filter((booking) => booking.status === 'confirmed');
  const booked = [confirmed.some((booking) => booking.flight) && 'flight', confirmed.some((booking) => booking.stay) && 'stay'].filter(Boolean);
  return (
    <section className="trip-overview" aria-label="Trip overview">
      {cached && (
        <p className="offline-banner" role="status" data-testid="offline-copy">
          Offline — showing the trip as of {formatDateTime(cached)}.
        </p>
      )}
      <div className="page-head">
        <h1>{trip.title}</h1>
        <StatusBadge status={state?.status ?? trip.status} />
      </div>
      <TripFacts facts={tripFactsOf(trip, state?.request)} estimate={budget} className="overview-facts">
        <Fact term="Booked">{booked.length > 0 ? booked.join(' and ') : bookings.some((booking) => booking.status === 'pending_approval') ? 'Waiting for your approval' : 'Nothing yet'}</Fact>
      </TripFacts>
      <TripNav tripId={trip.id} title={trip.title} />
    </section>
  );
}

/** Steps of the plan that did not work, in the traveler's words. */
function PlanProblems({ plan }: { plan: TripPlan }) {
  if (plan.failures.length === 0) return null;
  return (
    <div className="warning" role="status">
      <p className="warning-title">Part of the plan is missing:</p>
      <ul>
        {plan.failures.map((failure) => (
          <li key={failure.step}>
            {labelFor(failure.step, planningStepLabels)} didn't work — {failure.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Phones: one section at a time behind tabs (the tab is in the URL, so Back and links keep it). */
function PhoneTabs({ panels, plan, state, canWrite }: { panels: Record<Exclude<TabId, 'stays'>, ReactNode>; plan: TripPlan | null; state: TripState | undefined; canWrite: boolean }) {
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const active: TabId = isTab(requested) ? requested : 'chat';
  const tabRefs = useRef<Partial<Record<TabId, HTMLButtonElement | null>>>({});
  const select = (tab: TabId, focus = false) => {
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (tab === 'chat') next.delete('tab');
      else next.set('tab', tab);
      return next;
    }, { replace: true });
    if (focus) tabRefs.current[tab]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((tab) => tab.id === active);
    const move = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (move) {
      event.preventDefault();
      select(tabs[(index + move + tabs.length) % tabs.length]!.id, true);
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      select(tabs[event.key === 'Home' ? 0 : tabs.length - 1]!.id, true);
    }
  };
  // Flights and Stays are the two halves of the one options form (PlanOptions): one panel, two views.
  const panelOf = (tab: TabId) => (tab === 'stays' ? 'flights' : tab);
  const activePanel = panelOf(active);
  return (
    <div className={`trip-tabs showing-${active}`}>
      <div role="tablist" aria-label="Trip sections" className="tablist" onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            ref={(element) => {
              tabRefs.current[tab.id] = element;
            }}
            type="button"
            role="tab"
            id={`trip-tab-${tab.id}`}
            aria-selected={tab.id === active}
            aria-controls={`trip-panel-${panelOf(tab.id)}`}
            tabIndex={tab.id === active ? 0 : -1}
            onClick={() => select(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {(Object.keys(panels) as (keyof typeof panels)[]).map((panel) => (
        <div key={panel} role="tabpanel" id={`trip-panel-${panel}`} aria-labelledby={`trip-tab-${panel === activePanel ? active : panel}`} hidden={panel !== activePanel} className={`tab-panel panel-${panel}`}>
          {panels[panel]}
        </div>
      ))}
      {activePanel !== 'flights' && <TotalBar plan={plan} state={state} canWrite={canWrite} onBook={() => select('flights', true)} />}
    </div>
  );
}

/**
 * Sticky at the bottom of the trip (above the tab bar on phones): the estimate against the budget and the
 * way to book it. It stays in the page's flow, so at the end of the page it sits below the content rather
 * than over it.
 */
function TotalBar({ plan, state, canWrite, onBook }: { plan: TripPlan | null; state: TripState | undefined; canWrite: boolean; onBook: () => void }) {
  const budget = plan?.budget;
  if (!budget || !state) return null;
  const travelers = state.request.adults + state.request.children;
  return (
    <div className="total-bar" data-testid="total-bar">
      <span>
        <strong>{formatMoney(budget.total)}</strong> total
        <span className={`total-verdict ${budget.withinBudget === false ? 'over' : 'muted'}`}>
          {travelers} {travelers === 1 ? 'traveler' : 'travelers'}
          {budget.budget && ` · ${budget.withinBudget === false ? 'over' : 'within'} ${formatMoney(budget.budget)}`}
        </span>
      </span>
      {canWrite && (plan.flightOptions.length > 0 || plan.stayOptions.length > 0) && (
        <button type="button" onClick={onBook}>
          Choose and book
        </button>
      )}
    </div>
  );
}

/** Suggestions from the traveler's agents, sharing, people and archiving. */
function MoreSections({ trip, state, canWrite }: { trip: TripView; state: TripState | undefined; canWrite: boolean }) {
  const archive = useArchiveTrip(trip.id);
  const resolveSuggestion = useResolveSuggestion(trip.id);
  const canAdmin = trip.role === 'owner' || trip.role === 'admin';
  useEffect(() => {
    if (archive.isSuccess) document.getElementById('main')?.focus();
  }, [archive.isSuccess]);
  return (
    <>
      <Section title="Agent suggestions">
        {(state?.suggestions.length ?? 0) === 0 ? (
          <p className="muted">No suggestions from AI agents.</p>
        ) : (
          <ul className="suggestions">
            {state?.suggestions.map((suggestion) => {
              const kind = labelFor(suggestion.kind, suggestionKindLabels);
              return (
                <li key={suggestion.id}>
                  <strong>{kind}</strong> from {suggestion.source} ({formatDateTime(suggestion.receivedAt)}), {labelFor(suggestion.status, suggestionStatusLabels).toLowerCase()}
                  <SuggestionPayload payload={suggestion.payload} />
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
              );
            })}
          </ul>
        )}
        <ErrorMessage error={resolveSuggestion.error} prefix="Could not answer the suggestion" />
        {resolveSuggestion.isSuccess && (
          <p className="visually-hidden" role="status">
            Suggestion answered.
          </p>
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
      {archive.isSuccess && (
        <p className="visually-hidden" role="status">
          Trip archived.
        </p>
      )}
      <ErrorMessage error={archive.error} />
    </>
  );
}

/** A suggestion's content as words: its text fields, then the rest as "name: value" lines. */
function SuggestionPayload({ payload }: { payload: unknown }) {
  if (payload === null || typeof payload !== 'object') return payload ? <p>{String(payload)}</p> : null;
  const entries = Object.entries(payload as Record<string, unknown>);
  return (
    <dl className="payload">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{labelFor(key.replace(/([a-z])([A-Z])/g, '$1_$2'), {})}</dt>
          <dd>{typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
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
