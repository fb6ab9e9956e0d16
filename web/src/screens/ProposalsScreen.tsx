// Proposals: bookings holding offers for the traveler, to approve, edit (swap offers) or reject before
// the deadline, which counts down.
import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { decisionNoteSchema, editProposalSchema } from '../../../contracts/bookings.js';
import { isNotFound } from '../api/client.js';
import type { BookingView, TripPlan } from '../api/types.js';
import { CountdownText, ErrorMessage, Loading, Select, TextArea } from '../components/ui.js';
import { useDecideProposal, useProposals, type ProposalDecision } from '../hooks/bookings.js';
import { useTrip, useTripState } from '../hooks/trips.js';
import { bookingTitle } from '../lib/bookingText.js';
import { formatMoney, formatTotalFor } from '../lib/format.js';
import { errorFor, validate, type FieldErrors } from '../lib/forms.js';
import { proposalRoundLabel } from '../lib/labels.js';
import { stopsCountText } from '../lib/offerCompare.js';
import { tripFactsOf } from '../lib/tripFacts.js';
import { useTripEvents } from '../realtime/RealtimeProvider.js';
import { NotFoundScreen } from './NotFoundScreen.js';
import { FlightSummary, StaySummary } from './trip/PlanView.js';
import { TripNav } from './TripNav.js';

export function ProposalsScreen() {
  const { tripId = '' } = useParams();
  const trip = useTrip(tripId);
  const proposals = useProposals(tripId);
  const state = useTripState(tripId, Boolean(trip.data));
  useTripEvents(trip.data ? tripId : undefined);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [announcement, setAnnouncement] = useState('');
  if (isNotFound(trip.error)) return <NotFoundScreen what="Trip" />;
  const facts = trip.data ? tripFactsOf(trip.data, state.data?.request) : null;
  // A rejected proposal's card (and the button that was focused) goes away: focus moves to the heading and the outcome is announced.
  const onRejected = () => {
    setAnnouncement('Rejected: everything held for that proposal was released.');
    headingRef.current?.focus();
  };
  return (
    <>
      <h1 ref={headingRef} tabIndex={-1}>
        Proposals{trip.data ? `: ${trip.data.title}` : ''}
      </h1>
      <p role="status" className={announcement ? 'card' : 'visually-hidden'}>
        {announcement}
      </p>
      <TripNav tripId={tripId} title={trip.data?.title} />
      {proposals.isPending && <Loading what="Loading proposals" />}
      <ErrorMessage error={proposals.error} />
      {proposals.data?.items.length === 0 && (
        <p className="card">
          Nothing waits for your decision. <Link to={`/trips/${tripId}/bookings`}>See bookings</Link>.
        </p>
      )}
      {proposals.data?.items.map((proposal) => (
        <Proposal key={proposal.bookingId} proposal={proposal} plan={state.data?.plan ?? null} travelers={facts ? facts.adults + facts.children : null} canDecide={trip.data?.role !== undefined && trip.data.role !== 'read'} onRejected={onRejected} />
      ))}
    </>
  );
}

function Proposal({ proposal, plan, travelers, canDecide, onRejected }: { proposal: BookingView; plan: TripPlan | null; travelers: number | null; canDecide: boolean; onRejected: () => void }) {
  const decide = useDecideProposal(proposal.tripId);
  const [note, setNote] = useState('');
  const [editing, setEditing] = useState(false);
  const [flightId, setFlightId] = useState(proposal.flight?.id ?? '');
  const [stayId, setStayId] = useState(proposal.stay?.id ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const headingId = `proposal-${proposal.bookingId}`;
  const revised = proposalRoundLabel(proposal.round);

  const send = (decision: Exclude<ProposalDecision, { decision: 'approve' }>) => {
    const { decision: kind, ...body } = decision;
    const checked = validate(kind === 'edit' ? editProposalSchema : decisionNoteSchema, body);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    decide.mutate({ bookingId: proposal.bookingId, decision }, { onSuccess: () => kind === 'reject' && onRejected() });
  };
  const withNote = note.trim() ? { note: note.trim() } : {};

  return (
    <article className="card proposal" aria-labelledby={headingId} data-testid="proposal">
      <div className="card-head">
        <h2 id={headingId}>{bookingTitle(proposal)}</h2>
        <span>
          {formatTotalFor(proposal.amounts.total, travelers)}
          {revised && (
            <>
              {' · '}
              <span className="tag" data-testid="proposal-revised">
                {revised}
              </span>
            </>
          )}
        </span>
        <CountdownText deadline={proposal.approvalDeadline} />
      </div>
      {proposal.flight && (
        <p>
          <FlightSummary offer={proposal.flight} />
        </p>
      )}
      {proposal.stay && (
        <p>
          <StaySummary offer={proposal.stay} />
        </p>
      )}
      <p>
        <Link to={`/trips/${proposal.tripId}/bookings/${proposal.bookingId}`}>Booking steps so far</Link>
      </p>
      {canDecide ? (
        <>
          <TextArea label="Note (optional)" rows={2} value={note} onChange={(event) => setNote(event.target.value)} error={errorFor(errors, 'note')} />
          {editing && plan && (
            <div className="grid">
              <Select
                label="Flight"
                value={flightId}
                onChange={(event) => setFlightId(event.target.value)}
                options={[{ value: '', label: 'No flight' }, ...plan.flightOptions.map((offer) => ({ value: offer.id, label: `${formatMoney(offer.price)} · ${offer.outbound[0]?.carrier.name ?? ''} · ${stopsCountText(offer.stops)}` }))]}
                error={errorFor(errors, 'flightOfferId')}
              />
              <Select
                label="Stay"
                value={stayId}
                onChange={(event) => setStayId(event.target.value)}
                options={[{ value: '', label: 'No stay' }, ...plan.stayOptions.map((offer) => ({ value: offer.id, label: `${offer.name} · ${formatMoney(offer.totalPrice)}` }))]}
                error={errorFor(errors, 'stayOfferId')}
              />
            </div>
          )}
          <div className="row">
            <Link className="button" to={`/trips/${proposal.tripId}/bookings/${proposal.bookingId}/checkout`} data-testid="approve">
              Review and pay
            </Link>
            {editing ? (
              <button
                type="button"
                className="secondary"
                onClick={() =>
                  send({
                    decision: 'edit',
                    ...(flightId !== (proposal.flight?.id ?? '') && { flightOfferId: flightId || null }),
                    ...(stayId !== (proposal.stay?.id ?? '') && { stayOfferId: stayId || null }),
                    ...withNote,
                  })
                }
                disabled={decide.isPending}
              >
                Send changes
              </button>
            ) : (
              <button type="button" className="secondary" onClick={() => setEditing(true)} disabled={!plan}>
                Edit
              </button>
            )}
            <button type="button" className="danger" onClick={() => send({ decision: 'reject', ...withNote })} disabled={decide.isPending}>
              Reject
            </button>
          </div>
          {errorFor(errors, 'form') && <p className="field-error">{errorFor(errors, 'form')}</p>}
          <ErrorMessage error={decide.error} />
        </>
      ) : (
        <p className="muted">You have read access: only the trip&apos;s writers can decide.</p>
      )}
    </article>
  );
}
