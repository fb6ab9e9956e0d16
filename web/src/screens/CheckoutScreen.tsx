// Checkout, in three steps a traveler can follow: who travels (saved travelers, names as on the passport)
// → review (price per traveler, fare and cancellation rules) and pay with a card → booked (references in
// the traveler's terms). Starting the booking holds the offers, so travelers are named first.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { cardSchema, startBookingSchema } from '../../../contracts/bookings.js';
import { travelerDetailsSchema } from '../../../contracts/travelers.js';
import { passengerType, travelerGenders, travelerTitles } from '../../../domain/checkout.js';
import { isNotFound } from '../api/client.js';
import type { BookingView, FlightOffer, StayOffer, Traveler } from '../api/types.js';
import { CountdownText, ErrorMessage, Field, Loading, Select } from '../components/ui.js';
import { useBooking, useCreateBooking, useDecideProposal } from '../hooks/bookings.js';
import { useTrip, useTripState } from '../hooks/trips.js';
import { useDeleteTraveler, useSaveTraveler, useTravelers } from '../hooks/travelers.js';
import { bookingTitle } from '../lib/bookingText.js';
import { formatDate, formatMoney } from '../lib/format.js';
import { errorFor, validate, type FieldErrors } from '../lib/forms.js';
import { useTripEvents } from '../realtime/RealtimeProvider.js';
import { NotFoundScreen } from './NotFoundScreen.js';
import { FlightSummary, StaySummary } from './trip/PlanView.js';

const ENDED = ['confirmed', 'failed', 'cancelled', 'expired', 'rejected'];

/**
 * Moves focus to the element (a heading or a status message) whenever `key` changes: nothing is left
 * focused on a removed control. A frame later, so that it lands after the layout's focus on <main> at a
 * navigation (parents' effects run after their children's).
 */
function useFocusOn<T extends HTMLElement>(key: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    const frame = requestAnimationFrame(() => ref.current?.focus());
    return () => cancelAnimationFrame(frame);
  }, [key]);
  return ref;
}

function Steps({ current }: { current: 1 | 2 | 3 }) {
  const steps = ['Who travels', 'Review and pay', 'Booked'];
  return (
    <ol className="checkout-steps" aria-label="Checkout steps">
      {steps.map((step, index) => (
        <li key={step} aria-current={index + 1 === current ? 'step' : undefined} className={index + 1 < current ? 'done' : undefined}>
          {step}
        </li>
      ))}
    </ol>
  );
}

const travelDate = (flight: FlightOffer | null, stay: StayOffer | null) => flight?.outbound[0]?.departAt.slice(0, 10) ?? stay?.checkIn ?? new Date().toISOString().slice(0, 10);

// ---- Step 1: who travels ----

export function CheckoutScreen() {
  const { tripId = '' } = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const trip = useTrip(tripId);
  const state = useTripState(tripId, Boolean(trip.data));
  const travelers = useTravelers();
  const createBooking = useCreateBooking(tripId);
  const [chosen, setChosen] = useState<string[]>([]);
  const [adding, setAdding] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const idempotencyKey = useRef(crypto.randomUUID());
  const headingRef = useFocusOn<HTMLHeadingElement>(tripId);
  const problemRef = useFocusOn<HTMLParagraphElement>(problem);
  // The traveler form closes on save or cancel (its focused button goes away): focus moves to the count of who is chosen.
  const chosenRef = useRef<HTMLParagraphElement>(null);

  const flightId = search.get('flight');
  const stayId = search.get('stay');
  const plan = state.data?.plan ?? null;
  const flight = plan?.flightOptions.find((offer) => offer.id === flightId) ?? null;
  const stay = plan?.stayOptions.find((offer) => offer.id === stayId) ?? null;
  const party = state.data ? { adults: state.data.request.adults, children: state.data.request.children } : null;
  const date = travelDate(flight, stay);

  if (isNotFound(trip.error)) return <NotFoundScreen what="Trip" />;

  const chosenTravelers = (travelers.data?.items ?? []).filter((traveler) => chosen.includes(traveler.id));
  const counts = { adults: chosenTravelers.filter((traveler) => passengerType(traveler.bornOn, date) === 'adult').length, children: chosenTravelers.filter((traveler) => passengerType(traveler.bornOn, date) === 'child').length };
  const partyText = party ? `${party.adults} adult${party.adults === 1 ? '' : 's'}${party.children ? ` and ${party.children} child${party.children === 1 ? '' : 'ren'}` : ''}` : '';

  const next = async () => {
    if (!party) return;
    if (counts.adults !== party.adults || counts.children !== party.children) {
      setProblem(`Choose ${partyText} (adults are 18 or older on ${formatDate(date)}).`);
      return;
    }
    const checked = validate(startBookingSchema, { flightOfferId: flight?.id ?? null, stayOfferId: stay?.id ?? null, travelerIds: chosen });
    if (!checked.ok) return setProblem(Object.values(checked.errors).join('; '));
    setProblem(null);
    const booking = await createBooking.mutateAsync({ body: checked.data, idempotencyKey: idempotencyKey.current });
    void navigate(`/trips/${tripId}/bookings/${booking.bookingId}/checkout`);
  };

  return (
    <div className="checkout">
      <h1 ref={headingRef} tabIndex={-1}>
        Checkout: who travels
      </h1>
      <Steps current={1} />
      {(state.isPending || travelers.isPending) && <Loading what="Loading the trip" />}
      <ErrorMessage error={state.error ?? travelers.error} />
      {state.data && !flight && !stay && (
        <p className="card">
          These offers are no longer in the plan. <Link to={`/trips/${tripId}`}>Choose again on the plan</Link>.
        </p>
      )}
      {(flight || stay) && (
        <section className="card" aria-labelledby="checkout-selection">
          <h2 id="checkout-selection">You are booking</h2>
          {flight && (
            <p>
              <FlightSummary offer={flight} />
            </p>
          )}
          {stay && (
            <p>
              <StaySummary offer={stay} />
            </p>
          )}
        </section>
      )}
      {party && travelers.data && (flight || stay) && (
        <section className="card" aria-labelledby="checkout-travelers">
          <h2 id="checkout-travelers">Who travels</h2>
          <p className="muted">
            This trip is for {partyText}. Names must be exactly as on each passport; the airline needs the date of birth and a contact.
          </p>
          {travelers.data.items.length > 0 ? (
            <fieldset>
              <legend>Saved travelers</legend>
              {travelers.data.items.map((traveler) => (
                <SavedTraveler
                  key={traveler.id}
                  traveler={traveler}
                  type={passengerType(traveler.bornOn, date)}
                  checked={chosen.includes(traveler.id)}
                  onToggle={(on) => {
                    setProblem(null);
                    setChosen((current) => (on ? [...current, traveler.id] : current.filter((id) => id !== traveler.id)));
                  }}
                  onDeleted={() => {
                    setChosen((current) => current.filter((id) => id !== traveler.id));
                    headingRef.current?.focus();
                  }}
                />
              ))}
            </fieldset>
          ) : (
            <p>No saved travelers yet: add each person who travels.</p>
          )}
          {adding ? (
            <TravelerForm
              onSaved={(traveler) => {
                setProblem(null);
                setChosen((current) => [...current, traveler.id]);
                setAdding(false);
                requestAnimationFrame(() => chosenRef.current?.focus());
              }}
              onCancel={() => {
                setAdding(false);
                requestAnimationFrame(() => chosenRef.current?.focus());
              }}
            />
          ) : (
            <button type="button" className="secondary" onClick={() => setAdding(true)} data-testid="add-traveler">
              Add a traveler
            </button>
          )}
          <div className="checkout-actions">
            <p role="status" className="muted" ref={chosenRef} tabIndex={-1}>
              {counts.adults} of {party.adults} adult{party.adults === 1 ? '' : 's'}
              {party.children ? `, ${counts.children} of ${party.children} child${party.children === 1 ? '' : 'ren'}` : ''} chosen
            </p>
            <button type="button" onClick={() => void next().catch(() => undefined)} disabled={createBooking.isPending} data-testid="checkout-continue">
              {createBooking.isPending ? 'Holding your offers…' : 'Continue to review'}
            </button>
          </div>
          {problem && (
            <p className="error" role="alert" ref={problemRef} tabIndex={-1}>
              {problem}
            </p>
          )}
          <ErrorMessage error={createBooking.error} prefix="Could not start the booking" />
        </section>
      )}
    </div>
  );
}

function SavedTraveler({ traveler, type, checked, onToggle, onDeleted }: { traveler: Traveler; type: 'adult' | 'child'; checked: boolean; onToggle: (on: boolean) => void; onDeleted: () => void }) {
  const remove = useDeleteTraveler();
  const name = `${traveler.givenName} ${traveler.familyName}`;
  return (
    <div className="traveler-row">
      <label className="check traveler-choice">
        <input type="checkbox" checked={checked} onChange={(event) => onToggle(event.target.checked)} />
        <span>
          <strong>{name}</strong> <span className="muted">· {type} · born {formatDate(traveler.bornOn)}</span>
        </span>
      </label>
      <button
        type="button"
        className="link"
        aria-label={`Delete ${name}`}
        onClick={() => window.confirm(`Delete ${name}'s saved details?`) && remove.mutate(traveler.id, { onSuccess: onDeleted })}
        disabled={remove.isPending}
      >
        Delete
      </button>
      <ErrorMessage error={remove.error} />
    </div>
  );
}

const emptyTraveler = { title: 'ms', gender: 'f', givenName: '', familyName: '', bornOn: '', email: '', phoneNumber: '' };

function TravelerForm({ onSaved, onCancel }: { onSaved: (traveler: Traveler) => void; onCancel: () => void }) {
  const save = useSaveTraveler();
  const [form, setForm] = useState(emptyTraveler);
  const [errors, setErrors] = useState<FieldErrors>({});
  const headingRef = useFocusOn<HTMLHeadingElement>('open');
  const set = (field: keyof typeof emptyTraveler) => (event: { target: { value: string } }) => setForm((current) => ({ ...current, [field]: event.target.value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(travelerDetailsSchema, { ...form, phoneNumber: form.phoneNumber.replace(/[\s()-]/g, '') });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    onSaved(await save.mutateAsync({ details: checked.data }));
  };
  return (
    <form className="card traveler-form" onSubmit={(event) => void submit(event).catch(() => undefined)} aria-labelledby="new-traveler" noValidate>
      <h3 id="new-traveler" ref={headingRef} tabIndex={-1}>
        New traveler
      </h3>
      <div className="grid">
        <Field label="Given names (as on the passport)" autoComplete="given-name" value={form.givenName} onChange={set('givenName')} error={errorFor(errors, 'givenName')} />
        <Field label="Family name (as on the passport)" autoComplete="family-name" value={form.familyName} onChange={set('familyName')} error={errorFor(errors, 'familyName')} />
        <Select label="Title" value={form.title} onChange={set('title')} options={travelerTitles.map((title) => ({ value: title, label: title === 'miss' ? 'Miss' : `${title[0]?.toUpperCase()}${title.slice(1)}.` }))} error={errorFor(errors, 'title')} />
        <Select label="Gender (as on the passport)" value={form.gender} onChange={set('gender')} options={travelerGenders.map((gender) => ({ value: gender, label: gender === 'f' ? 'Female' : 'Male' }))} error={errorFor(errors, 'gender')} />
        <Field label="Date of birth" type="date" autoComplete="bday" value={form.bornOn} onChange={set('bornOn')} error={errorFor(errors, 'bornOn')} />
        <Field label="Email" type="email" autoComplete="email" value={form.email} onChange={set('email')} error={errorFor(errors, 'email')} />
        <Field label="Phone (with country code)" type="tel" autoComplete="tel" placeholder="+351 912 345 678" value={form.phoneNumber} onChange={set('phoneNumber')} error={errorFor(errors, 'phoneNumber')} />
      </div>
      <p className="hint">Saved encrypted to your account for later bookings; you can delete it at any time.</p>
      <div className="row">
        <button type="submit" disabled={save.isPending} data-testid="save-traveler">
          {save.isPending ? 'Saving…' : 'Save traveler'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <ErrorMessage error={save.error} prefix="Could not save the traveler" />
    </form>
  );
}

// ---- Step 2: review and pay ----

export function CheckoutReviewScreen() {
  const { tripId = '', bookingId = '' } = useParams();
  const navigate = useNavigate();
  const booking = useBooking(tripId, bookingId);
  useTripEvents(booking.data ? tripId : undefined);
  const status = booking.data?.status;
  const headingRef = useFocusOn<HTMLHeadingElement>(status === 'pending_approval' || status === undefined ? 'review' : status);

  useEffect(() => {
    if (status === 'confirmed') void navigate(`/trips/${tripId}/bookings/${bookingId}/confirmed`, { replace: true });
  }, [status, navigate, tripId, bookingId]);

  if (booking.isPending) return <Loading what="Loading the booking" />;
  if (isNotFound(booking.error)) return <NotFoundScreen what="Booking" />;
  if (!booking.data) return <ErrorMessage error={booking.error} />;
  const view = booking.data;
  const again = `/trips/${tripId}/checkout?${new URLSearchParams({ ...(view.flight && { flight: view.flight.id }), ...(view.stay && { stay: view.stay.id }) }).toString()}`;

  return (
    <div className="checkout">
      {view.status === 'pending_approval' ? (
        <h1 ref={headingRef} tabIndex={-1}>
          Review and pay
        </h1>
      ) : ENDED.includes(view.status) ? (
        <h1 ref={headingRef} tabIndex={-1}>
          {view.status === 'failed' ? 'The booking did not go through' : `The booking ${view.status === 'confirmed' ? 'is confirmed' : `was ${view.status}`}`}
        </h1>
      ) : (
        <h1 ref={headingRef} tabIndex={-1}>
          {['approved', 'paying'].includes(view.status) ? 'Paying…' : 'Holding your offers…'}
        </h1>
      )}
      <Steps current={2} />
      {!ENDED.includes(view.status) && view.status !== 'pending_approval' && (
        <p className="card" role="status" data-testid="checkout-progress">
          {['approved', 'paying'].includes(view.status) ? 'Taking payment and confirming with the airline and the hotel. This takes a few seconds.' : 'Checking prices and holding the flight and the stay for you.'}
        </p>
      )}
      {view.failureReason && (
        <div className="error" role="alert" data-testid="checkout-failure">
          <p>{view.failureReason}</p>
          <p>
            <Link className="button" to={again}>
              Book again
            </Link>
          </p>
        </div>
      )}
      {view.status === 'pending_approval' && <Review booking={view} />}
      {ENDED.includes(view.status) && (
        <p>
          <Link to={`/trips/${tripId}`}>Back to the trip</Link>
        </p>
      )}
    </div>
  );
}

function Review({ booking }: { booking: BookingView }) {
  const decide = useDecideProposal(booking.tripId);
  // A booking started without travelers (by an AI agent's key, or from a price alert) names them here.
  const needsTravelers = booking.checkout.travelers.length === 0;
  const saved = useTravelers();
  const [chosen, setChosen] = useState<string[]>([]);
  const [adding, setAdding] = useState(false);
  const [card, setCard] = useState({ number: '', expMonth: '', expYear: '', cvc: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const errorRef = useFocusOn<HTMLDivElement>(Object.keys(errors).join());
  const travelers = booking.checkout.travelers;
  const passengers = Math.max(1, travelers.length);
  const total = booking.amounts.total;
  const set = (field: keyof typeof card) => (event: { target: { value: string } }) => setCard((current) => ({ ...current, [field]: event.target.value }));

  const pay = () => {
    const input = { number: card.number.trim(), expMonth: Number(card.expMonth), expYear: Number(card.expYear.length === 2 ? `20${card.expYear}` : card.expYear), cvc: card.cvc.trim() };
    const checked = validate(cardSchema, input);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    decide.mutate({ bookingId: booking.bookingId, decision: { decision: 'approve', card: checked.data, ...(needsTravelers && { travelerIds: chosen }) } });
  };

  return (
    <>
      <div className="card-head">
        <p className="muted">Everything below is held for you until the deadline; nothing is charged until you confirm.</p>
        <CountdownText deadline={booking.approvalDeadline} prefix="Held for" />
      </div>
      <div className="columns">
        <section className="card" aria-labelledby="review-price">
          <h2 id="review-price">Price</h2>
          <table className="breakdown" data-testid="price-breakdown">
            <caption className="visually-hidden">Price breakdown</caption>
            <tbody>
              {booking.flight && (
                <tr>
                  <th scope="row">
                    Flight: {formatMoney({ amount: Math.round((booking.flight.price.amount / passengers) * 100) / 100, currency: booking.flight.price.currency })} × {passengers} passenger{passengers === 1 ? '' : 's'}
                  </th>
                  <td>{formatMoney(booking.flight.price)}</td>
                </tr>
              )}
              {booking.stay && (
                <tr>
                  <th scope="row">
                    Stay: {formatMoney(booking.stay.pricePerNight)} × {booking.stay.nights} night{booking.stay.nights === 1 ? '' : 's'}
                  </th>
                  <td>{formatMoney(booking.stay.totalPrice)}</td>
                </tr>
              )}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total to pay</th>
                <td data-testid="review-total">{formatMoney(total)}</td>
              </tr>
              {total && travelers.length > 1 && (
                <tr className="muted">
                  <th scope="row">Per traveler</th>
                  <td>{formatMoney({ amount: Math.round((total.amount / travelers.length) * 100) / 100, currency: total.currency })}</td>
                </tr>
              )}
            </tfoot>
          </table>
        </section>
        <section className="card" aria-labelledby="review-travelers">
          <h2 id="review-travelers">Who travels</h2>
          {needsTravelers && (
            <>
              <p className="muted">This booking was started for you: choose who travels, with names as on each passport.</p>
              <fieldset>
                <legend>Saved travelers</legend>
                {(saved.data?.items ?? []).map((traveler) => (
                  <SavedTraveler
                    key={traveler.id}
                    traveler={traveler}
                    type={passengerType(traveler.bornOn, travelDate(booking.flight, booking.stay))}
                    checked={chosen.includes(traveler.id)}
                    onToggle={(on) => setChosen((current) => (on ? [...current, traveler.id] : current.filter((id) => id !== traveler.id)))}
                    onDeleted={() => setChosen((current) => current.filter((id) => id !== traveler.id))}
                  />
                ))}
              </fieldset>
              {adding ? (
                <TravelerForm
                  onSaved={(traveler) => {
                    setChosen((current) => [...current, traveler.id]);
                    setAdding(false);
                  }}
                  onCancel={() => setAdding(false)}
                />
              ) : (
                <button type="button" className="secondary" onClick={() => setAdding(true)}>
                  Add a traveler
                </button>
              )}
            </>
          )}
          <ul>
            {travelers.map((traveler) => (
              <li key={traveler.id}>
                {traveler.givenName} {traveler.familyName} <span className="muted">({traveler.type})</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
      {booking.flight && (
        <section className="card" aria-labelledby="review-flight">
          <h2 id="review-flight">Flight and fare rules</h2>
          <p>
            <FlightSummary offer={booking.flight} />
          </p>
          <FareRules offer={booking.flight} />
        </section>
      )}
      {booking.stay && (
        <section className="card" aria-labelledby="review-stay">
          <h2 id="review-stay">Stay and cancellation</h2>
          <p>
            <StaySummary offer={booking.stay} />
          </p>
          <p data-testid="cancellation-policy">
            <strong>Cancellation: </strong>
            {booking.stay.cancellationPolicy ? booking.stay.cancellationPolicy.summary : 'The hotel did not state its cancellation policy; ask it before you travel.'}
          </p>
        </section>
      )}
      <section className="card" aria-labelledby="review-pay">
        <h2 id="review-pay">Pay</h2>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            pay();
          }}
          noValidate
        >
          <div className="grid card-fields">
            <Field label="Card number" inputMode="numeric" autoComplete="cc-number" value={card.number} onChange={set('number')} error={errorFor(errors, 'number')} data-testid="card-number" />
            <Field label="Expiry month (MM)" inputMode="numeric" autoComplete="cc-exp-month" maxLength={2} value={card.expMonth} onChange={set('expMonth')} error={errorFor(errors, 'expMonth')} data-testid="card-exp-month" />
            <Field label="Expiry year (YYYY)" inputMode="numeric" autoComplete="cc-exp-year" maxLength={4} value={card.expYear} onChange={set('expYear')} error={errorFor(errors, 'expYear')} data-testid="card-exp-year" />
            <Field label="Security code (CVC)" inputMode="numeric" autoComplete="cc-csc" maxLength={4} value={card.cvc} onChange={set('cvc')} error={errorFor(errors, 'cvc')} data-testid="card-cvc" />
          </div>
          <p className="hint">Test mode: 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined. Only the card&apos;s last four digits are kept.</p>
          {Object.keys(errors).length > 0 && (
            <div className="error" role="alert" ref={errorRef} tabIndex={-1}>
              Check the card details above.
            </div>
          )}
          <button type="submit" className="pay" disabled={decide.isPending} data-testid="confirm-and-pay">
            {decide.isPending ? 'Paying…' : `Confirm and pay ${formatMoney(total)}`}
          </button>
          <ErrorMessage error={decide.error} prefix="The payment was not sent" />
        </form>
      </section>
    </>
  );
}

function FareRules({ offer }: { offer: FlightOffer }) {
  const rule = (name: string, value: NonNullable<FlightOffer['conditions']>['refundBeforeDeparture'] | undefined) => {
    if (!value) return `The airline did not state whether the fare allows a ${name} before departure.`;
    if (!value.allowed) return `No ${name} before departure.`;
    return `${name[0]?.toUpperCase()}${name.slice(1)} before departure allowed${value.penalty ? `, for a fee of ${formatMoney(value.penalty)}` : ' without a fee'}.`;
  };
  return (
    <ul data-testid="fare-rules">
      <li>{rule('refund', offer.conditions?.refundBeforeDeparture)}</li>
      <li>{rule('change', offer.conditions?.changeBeforeDeparture)}</li>
      <li>{offer.baggage ? `Bags: ${offer.baggage.carryOn} carry-on, ${offer.baggage.checked} checked per passenger.` : 'The airline did not state the baggage allowance.'}</li>
    </ul>
  );
}

// ---- Step 3: booked ----

export function BookingConfirmedScreen() {
  const { tripId = '', bookingId = '' } = useParams();
  const booking = useBooking(tripId, bookingId);
  const trip = useTrip(tripId);
  const headingRef = useFocusOn<HTMLHeadingElement>(booking.data?.status);
  if (booking.isPending) return <Loading what="Loading the booking" />;
  if (isNotFound(booking.error)) return <NotFoundScreen what="Booking" />;
  if (!booking.data) return <ErrorMessage error={booking.error} />;
  const view = booking.data;
  if (view.status !== 'confirmed') {
    return (
      <div className="checkout">
        <h1 ref={headingRef} tabIndex={-1}>
          This booking is not confirmed
        </h1>
        <p>
          <Link to={`/trips/${tripId}/bookings/${bookingId}/checkout`}>See where it stands</Link>
        </p>
      </div>
    );
  }
  const { references, travelers, paymentMethod } = view.checkout;
  return (
    <div className="checkout">
      <h1 ref={headingRef} tabIndex={-1}>
        You&apos;re booked
      </h1>
      <Steps current={3} />
      <p className="card success" role="status" data-testid="booking-confirmed">
        {bookingTitle(view)} is confirmed{trip.data ? ` for ${trip.data.title}` : ''}. Keep these references for the airline and the hotel.
      </p>
      <dl className="card references" data-testid="booking-references">
        {view.flight && (
          <div>
            <dt>Airline booking reference</dt>
            <dd className="reference">{references.airline ?? 'Sent by the airline by email'}</dd>
          </div>
        )}
        {view.stay && (
          <div>
            <dt>Hotel confirmation</dt>
            <dd className="reference">{references.hotel ?? 'Sent by the hotel by email'}</dd>
          </div>
        )}
        <div>
          <dt>Paid</dt>
          <dd>
            {formatMoney(view.amounts.charged)}
            {paymentMethod ? ` with ${paymentMethod.brand === 'unknown' ? 'card' : paymentMethod.brand[0]?.toUpperCase() + paymentMethod.brand.slice(1)} ending ${paymentMethod.last4}` : ''}
          </dd>
        </div>
        <div>
          <dt>Travelers</dt>
          <dd>{travelers.map((traveler) => `${traveler.givenName} ${traveler.familyName}`).join(', ') || '—'}</dd>
        </div>
      </dl>
      {view.flight && (
        <p className="card">
          <FlightSummary offer={view.flight} />
        </p>
      )}
      {view.stay && (
        <p className="card">
          <StaySummary offer={view.stay} />
        </p>
      )}
      <p className="row">
        <Link className="button" to={`/trips/${tripId}`}>
          Back to the trip
        </Link>
        <Link to={`/trips/${tripId}/bookings/${bookingId}`}>Booking details</Link>
      </p>
    </div>
  );
}
