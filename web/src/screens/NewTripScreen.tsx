// A new trip: free text, understood live by /api/plan/parse into structured fields the traveler can
// edit; validated with the API's createTrip schema, then the text goes to the planner as the first message.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { createTripSchema } from '../../../contracts/trips.js';
import { sendMessageSchema } from '../../../domain/schemas.js';
import { utcDateOf } from '../../../domain/dates.js';
import { cabinClasses, paces } from '../../../domain/trip.js';
import { ApiError } from '../api/client.js';
import type { TripRequest } from '../api/types.js';
import { ErrorMessage, Field, Select, TextArea } from '../components/ui.js';
import { parseRequest, useCreateTrip } from '../hooks/trips.js';
import { errorFor, numberOrNull, validate, type FieldErrors } from '../lib/forms.js';
import { sendChatMessage } from '../hooks/pendingMessages.js';

interface Fields {
  title: string;
  origin: string;
  destination: string;
  startDate: string;
  endDate: string;
  adults: string;
  children: string;
  budget: string;
  currency: string;
  cabinClass: string;
  interests: string;
  pace: string;
  /** "any", or the most stops per direction ("0": nonstop only). */
  maxStops: string;
  /** "yes": find a stay; "no": the traveler has somewhere to stay. */
  stayNeeded: string;
}

type FieldName = keyof Fields;

const empty: Fields = { title: '', origin: '', destination: '', startDate: '', endDate: '', adults: '1', children: '0', budget: '', currency: 'USD', cabinClass: 'economy', interests: '', pace: 'balanced', maxStops: 'any', stayNeeded: 'yes' };

/** The structured fields the parser's request fills in. */
export function fieldsFromRequest(request: TripRequest): Partial<Fields> {
  return {
    title: request.destination ? `Trip to ${request.destination.city}` : '',
    origin: request.origin?.iata ?? '',
    destination: request.destination?.iata ?? '',
    startDate: request.departDate ?? '',
    endDate: request.returnDate ?? '',
    adults: String(request.adults),
    children: String(request.children),
    budget: request.budget ? String(request.budget.amount) : '',
    currency: request.budget?.currency ?? 'USD',
    cabinClass: request.cabinClass,
    interests: request.interests.join(', '),
    maxStops: request.maxStops === undefined || request.maxStops === null ? 'any' : String(request.maxStops),
    stayNeeded: request.stay?.needed === false ? 'no' : 'yes',
  };
}

/**
 * The createTrip body from the form's fields (validated by the caller with createTripSchema). Without a
 * title it is named after the destination, else after the request text; nothing invents a "New trip".
 */
export function tripBodyFromFields(fields: Fields, requestText = '') {
  const budget = numberOrNull(fields.budget);
  const interests = fields.interests.split(',').map((value) => value.trim()).filter(Boolean);
  const destination = fields.destination.trim().toUpperCase();
  const summary = requestText.trim().replace(/\s+/g, ' ');
  return {
    title: fields.title.trim() || (destination ? `Trip to ${destination}` : summary.length > 60 ? `${summary.slice(0, 59)}…` : summary),
    origin: fields.origin.trim() ? fields.origin.trim().toUpperCase() : null,
    destinations: destination ? [destination] : [],
    startDate: fields.startDate || null,
    endDate: fields.endDate || null,
    adults: numberOrNull(fields.adults) ?? 1,
    children: numberOrNull(fields.children) ?? 0,
    budget: budget === null ? null : { amount: budget, currency: fields.currency.trim().toUpperCase() },
    preferences: {
      cabinClass: fields.cabinClass,
      pace: fields.pace,
      ...(interests.length > 0 && { interests }),
      ...(fields.maxStops !== 'any' && { maxStops: Number(fields.maxStops) }),
      ...(fields.stayNeeded === 'no' && { stay: { needed: false, maxPerNight: null, minStars: null, near: null, cheapest: false } }),
    },
  };
}

/**
 * Everything wrong with the form, by field, as the API would say it (createTripSchema, whose trip-date
 * rule is domain/dates.ts), plus the form's own minimum: a destination or a request for the planner.
 */
export function newTripProblems(fields: Fields, requestText: string): FieldErrors {
  const checked = validate(createTripSchema, tripBodyFromFields(fields, requestText));
  const problems: FieldErrors = checked.ok ? {} : { ...checked.errors };
  if (!fields.destination.trim() && !requestText.trim()) {
    // Shown under "To"; the title's "must not be empty" would only confuse, the title is optional here.
    delete problems.title;
    problems.destinations = 'tell us where you want to go, or describe the trip above';
  }
  return problems;
}

export function NewTripScreen() {
  const navigate = useNavigate();
  const createTrip = useCreateTrip();
  const [text, setText] = useState('');
  const [fields, setFields] = useState<Fields>(empty);
  const [edited, setEdited] = useState<ReadonlySet<FieldName>>(new Set());
  const [parsing, setParsing] = useState(false);
  const [mentioned, setMentioned] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const parseSeq = useRef(0);

  // Understand the text as it is typed (debounced); fields the traveler edited stay as they are.
  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed.length < 3) return;
    const seq = ++parseSeq.current;
    const timer = setTimeout(() => {
      setParsing(true);
      parseRequest(trimmed.slice(0, 2_000))
        .then((result) => {
          if (seq !== parseSeq.current) return;
          setMentioned(result.mentioned);
          const parsed = fieldsFromRequest(result.request);
          setFields((current) => {
            const next = { ...current };
            for (const [name, value] of Object.entries(parsed) as [FieldName, string][]) if (!edited.has(name)) next[name] = value;
            return next;
          });
        })
        .catch(() => undefined)
        .finally(() => seq === parseSeq.current && setParsing(false));
    }, 350);
    return () => clearTimeout(timer);
  }, [text, edited]);

  const set = (name: FieldName) => (event: { target: { value: string } }) => {
    const value = event.target.value;
    setFields((current) => ({ ...current, [name]: value }));
    setEdited((current) => new Set(current).add(name));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const checked = validate(createTripSchema, tripBodyFromFields(fields, text));
    const clientMessageId = `web-${crypto.randomUUID()}`;
    const message = text.trim() ? validate(sendMessageSchema, { text: text.trim(), clientMessageId }) : null;
    const problems: FieldErrors = { ...newTripProblems(fields, text), ...(message && !message.ok ? { request: errorFor(message.errors, 'text') ?? 'is invalid' } : {}) };
    setErrors(problems);
    if (!checked.ok || Object.keys(problems).length > 0) return;
    try {
      const trip = await createTrip.mutateAsync(checked.data);
      if (message?.ok) {
        // The reply takes a planning turn; the trip page streams its progress and the reply meanwhile.
        void sendChatMessage(trip.id, message.data);
      }
      void navigate(`/trips/${trip.id}`);
    } catch (error) {
      setFailure(error);
      if (error instanceof ApiError) setErrors(error.fieldErrors());
    }
  };

  // The date pickers offer no past day (the API refuses one); typed dates are checked on submit.
  const today = utcDateOf(new Date());
  const autoFilled = (name: FieldName, key: string) => (!edited.has(name) && mentioned.includes(key) ? 'Filled from your request' : undefined);

  return (
    <>
      <h1>Plan a new trip</h1>
      <form className="card new-trip" onSubmit={(event) => void submit(event)} noValidate>
        <TextArea
          label="What do you have in mind?"
          name="request"
          rows={4}
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder="Lisbon from NYC for a week in early March, 2 adults, $4k, food and museums"
          hint="We fill in the details below as you type; change anything that is not right."
          error={errors.request}
        />
        <p className="muted" role="status" aria-live="polite">
          {parsing ? 'Understanding your request…' : mentioned.length > 0 ? `Understood: ${mentioned.join(', ')}` : ''}
        </p>
        <fieldset>
          <legend>Trip details</legend>
          <div className="grid">
            <Field label="Title" name="title" value={fields.title} onChange={set('title')} error={errorFor(errors, 'title')} />
            <Field label="From (airport or city code)" name="origin" value={fields.origin} onChange={set('origin')} maxLength={3} hint={autoFilled('origin', 'origin')} error={errorFor(errors, 'origin')} />
            <Field label="To (airport or city code)" name="destination" value={fields.destination} onChange={set('destination')} maxLength={3} hint={autoFilled('destination', 'destination')} error={errorFor(errors, 'destinations')} />
            <Field label="Depart" name="startDate" type="date" min={today} value={fields.startDate} onChange={set('startDate')} hint={autoFilled('startDate', 'departDate')} error={errorFor(errors, 'startDate')} />
            <Field label="Return" name="endDate" type="date" min={fields.startDate || today} value={fields.endDate} onChange={set('endDate')} hint={autoFilled('endDate', 'returnDate')} error={errorFor(errors, 'endDate')} />
            <Field label="Adults" name="adults" type="number" min={1} max={9} value={fields.adults} onChange={set('adults')} error={errorFor(errors, 'adults')} />
            <Field label="Children" name="children" type="number" min={0} max={9} value={fields.children} onChange={set('children')} error={errorFor(errors, 'children')} />
            <Field label="Budget" name="budget" type="number" min={0} inputMode="decimal" value={fields.budget} onChange={set('budget')} hint={autoFilled('budget', 'budget')} error={errorFor(errors, 'budget.amount') ?? errorFor(errors, 'budget')} />
            <Field label="Currency" name="currency" value={fields.currency} onChange={set('currency')} maxLength={3} error={errorFor(errors, 'budget.currency')} />
            <Select label="Cabin" name="cabinClass" value={fields.cabinClass} onChange={set('cabinClass')} options={cabinClasses.map((value) => ({ value, label: value.replace('_', ' ') }))} error={errorFor(errors, 'preferences.cabinClass')} />
            <Field label="Interests (comma separated)" name="interests" value={fields.interests} onChange={set('interests')} error={errorFor(errors, 'preferences.interests')} />
            <Select label="Pace" name="pace" value={fields.pace} onChange={set('pace')} options={paces.map((value) => ({ value, label: value }))} error={errorFor(errors, 'preferences.pace')} />
            <Select
              label="Flights"
              name="maxStops"
              value={fields.maxStops}
              onChange={set('maxStops')}
              options={[
                { value: 'any', label: 'any number of stops' },
                { value: '0', label: 'nonstop only' },
                { value: '1', label: 'at most 1 stop' },
              ]}
              error={errorFor(errors, 'preferences.maxStops')}
            />
            <Select
              label="Accommodation"
              name="stayNeeded"
              value={fields.stayNeeded}
              onChange={set('stayNeeded')}
              options={[
                { value: 'yes', label: 'find me a place to stay' },
                { value: 'no', label: 'we have somewhere to stay' },
              ]}
              error={errorFor(errors, 'preferences.stay')}
            />
          </div>
        </fieldset>
        <ErrorMessage error={failure} />
        <button type="submit" disabled={createTrip.isPending}>
          {createTrip.isPending ? 'Creating…' : 'Create trip and start planning'}
        </button>
      </form>
    </>
  );
}
