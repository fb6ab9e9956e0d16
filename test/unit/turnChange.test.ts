// The decision a planning turn makes from the trip's state and the message's understanding (domain/
// turnChange.ts): the workflow and the worker's one call (v16) both run it, so what it searches, keeps, pins
// and settles on, and its key, must follow only from its inputs.
import { describe, expect, it } from '@jest/globals';
import type { FlightOffer, RequestChange, StayOffer, TripPlan, TripRequest } from '../../domain/trip.js';
import { answerKey, answerOf, collides, decideTurnChange, decisionKey, pinsOf, requestChangeOf, searchComposeAndSaveInput, type TurnContext } from '../../domain/turnChange.js';
import { lisbonRequest } from '../support/agents.js';

const lisbon = lisbonRequest();

const flight = (id: string, departDate = lisbon.departDate) => ({ id, outbound: [{ departAt: `${departDate}T09:00:00` }], inbound: [] }) as unknown as FlightOffer;
const stay = (id: string) => ({ id, checkIn: lisbon.departDate, checkOut: lisbon.returnDate }) as unknown as StayOffer;

const plan: TripPlan = {
  flightOptions: [flight('f1'), flight('f2')],
  stayOptions: [stay('s1')],
  selectedFlightId: 'f2',
  selectedStayId: 's1',
  destination: { city: 'Lisbon', iata: 'LIS' } as TripPlan['destination'],
  itinerary: [],
  budget: { lines: [], total: { amount: 2400, currency: 'USD' }, budget: null, withinBudget: null, tradeoffs: [] },
  failures: [],
  memoriesUsed: [],
};

const context = (overrides: Partial<TurnContext> = {}): TurnContext => ({
  previousPlan: plan,
  hadDestination: true,
  undoDepth: 0,
  pace: 'balanced',
  settled: { proposing: 'proposing', gathering: 'gathering' },
  picked: null,
  booked: { flight: null, stay: null },
  ...overrides,
});

const changeOf = (field: RequestChange['field']): RequestChange => ({ field, label: field, before: 'before', after: 'after' });

const understood = (mentioned: (keyof TripRequest)[], request: TripRequest = lisbon, intent: 'change' | 'undo' | 'question' = 'change') => ({
  request,
  mentioned,
  memories: [],
  needs: { destination: true, flights: true, stays: true },
  notes: [],
  intent,
  changes: intent === 'question' ? [] : mentioned.map((field) => changeOf(field as RequestChange['field'])),
});

/** As the workflow and the worker decide: the change the message asks for, then what it searches and keeps. */
const decide = (context: TurnContext, said: ReturnType<typeof understood>, text: string, briefFollowsDates: () => boolean) => {
  const asked = requestChangeOf(said);
  return asked && decideTurnChange(context, said, asked, text, briefFollowsDates);
};

const never = () => {
  throw new Error('asked whether the brief follows the dates where it decides nothing');
};

describe('decideTurnChange', () => {
  it('decides no change for a question or a change set with nothing in it', () => {
    expect(decide(context(), understood([], lisbon, 'question'), 'how warm?', never)).toBeNull();
    expect(decide(context(), understood([]), 'hm', never)).toBeNull();
  });

  it('searches everything for a trip without a plan, and settles on proposing', () => {
    const change = decide(context({ previousPlan: null, hadDestination: false }), understood(['destination']), 'fly to Lisbon', never);
    expect(change).toMatchObject({ want: { destination: true, flights: true, stays: true }, kept: { destination: null, flights: null, stays: null }, status: 'proposing', canUndo: false });
    expect(change?.compose.followUp).toBeNull();
  });

  it('searches again only what a follow-up touched and keeps the rest of the plan', () => {
    const change = decide(context(), understood(['adults'], { ...lisbon, adults: 3 }), 'make it 3 adults', never);
    expect(change?.want).toEqual({ destination: false, flights: true, stays: true });
    expect(change?.kept.destination).toBe(plan.destination);
    expect(change?.keptFlight?.id).toBe('f2'); // the plan's selected flight: stays start from its landing
    expect(change?.changedFields).toEqual(['party']);
    expect(change?.compose.followUp).toEqual({ intent: 'change', changes: [changeOf('adults')], previousTotal: plan.budget?.total, previousFlightId: 'f2', previousStayId: 's1' });
  });

  it('fetches the brief again for new dates only where the brief follows the dates (v7), asking only then', () => {
    const asked: boolean[] = [];
    const follows = (answer: boolean) => () => {
      asked.push(answer);
      return answer;
    };
    expect(decide(context(), understood(['departDate']), 'two days later', follows(true))?.want.destination).toBe(true);
    expect(decide(context(), understood(['departDate']), 'two days later', follows(false))?.want.destination).toBe(false);
    expect(decide(context(), understood(['destination']), 'Porto instead', never)?.want.destination).toBe(true);
    expect(asked).toEqual([true, false]);
  });

  it('counts the undo history the change leaves: one more for a change, one fewer for an undo, none for a first set-up', () => {
    expect(decide(context({ undoDepth: 0 }), understood(['adults']), 'x', never)?.canUndo).toBe(true);
    expect(decide(context({ undoDepth: 1 }), understood(['adults'], lisbon, 'undo'), 'undo', never)?.canUndo).toBe(false);
    expect(decide(context({ undoDepth: 2 }), understood(['adults'], lisbon, 'undo'), 'undo', never)?.canUndo).toBe(true);
    expect(decide(context({ previousPlan: null, hadDestination: false, undoDepth: 0 }), understood(['destination']), 'x', never)?.canUndo).toBe(false);
  });

  it('settles on the status bookings give the trip', () => {
    const booked = context({ settled: { proposing: 'booked', gathering: 'booked' } });
    expect(decide(booked, understood(['adults']), 'x', never)?.status).toBe('booked');
  });
});

describe('pinsOf', () => {
  it('pins a booked flight for the requested dates over the traveler\'s pick, and a pick only under its request', () => {
    const picked = { offers: { flight: flight('picked') }, requestKey: JSON.stringify(lisbon) };
    expect(pinsOf(lisbon, picked, { flight: null, stay: null }).flight?.id).toBe('picked');
    expect(pinsOf({ ...lisbon, adults: 3 }, picked, { flight: null, stay: null })).toEqual({});
    expect(pinsOf(lisbon, picked, { flight: flight('booked'), stay: stay('booked-stay') })).toMatchObject({ flight: { id: 'booked' }, stay: { id: 'booked-stay' } });
    expect(pinsOf(lisbon, null, { flight: flight('booked', '2027-04-01'), stay: null })).toEqual({});
  });
});

describe('collides', () => {
  it('is true where a change since the message\'s basis touched the same fields', () => {
    const recentChanges = [{ version: 3, kind: 'constraints' as const, fields: ['party' as const], author: null, at: '2027-01-01T00:00:00Z' }];
    const change = decide(context(), understood(['adults']), 'x', never);
    const dates = decide(context(), understood(['departDate']), 'x', () => true);
    if (!change || !dates) throw new Error('expected changes');
    expect(collides(context({ basis: { baseVersion: 2, version: 3, recentChanges } }), change)).toBe(true);
    expect(collides(context({ basis: { baseVersion: 2, version: 3, recentChanges } }), dates)).toBe(false);
    expect(collides(context({ basis: { baseVersion: 3, version: 3, recentChanges } }), change)).toBe(false);
    expect(collides(context(), change)).toBe(false);
  });
});

describe('decisionKey', () => {
  const ref = { tripId: 't', userId: 'u', turnKey: 'k' };
  const keyFor = (overrides: Partial<TurnContext>) => {
    const change = decide(context(overrides), understood(['adults']), 'x', never);
    if (!change) throw new Error('expected a change');
    return decisionKey(searchComposeAndSaveInput(ref, change, overrides.previousPlan === undefined ? plan : overrides.previousPlan));
  };

  it('is the same for the same state and differs where the status, the pins or the undo history differ', () => {
    expect(keyFor({})).toBe(keyFor({}));
    expect(keyFor({ settled: { proposing: 'booked', gathering: 'booked' } })).not.toBe(keyFor({}));
    expect(keyFor({ booked: { flight: flight('booked'), stay: null } })).not.toBe(keyFor({}));
    expect(keyFor({ undoDepth: 1, hadDestination: false, previousPlan: null })).not.toBe(keyFor({ undoDepth: 0, hadDestination: false, previousPlan: null }));
  });
});

describe('answerOf', () => {
  it('answers a question on its topic, and a change that changes nothing with a clarifying question', () => {
    expect(answerOf({ intent: 'question', notes: [], questionTopic: 'weather' })).toEqual({ intent: 'question', questionTopic: 'weather' });
    expect(answerOf({ intent: 'change', notes: [] })).toEqual({ intent: 'clarify', clarifyingQuestion: 'That is already how the trip is set — what else should I change?' });
    // What the understand step noted comes first (e.g. dates it could not apply).
    expect(answerOf({ intent: 'change', notes: ['Those dates are in the past.'], clarifyingQuestion: 'Which dates?' }).clarifyingQuestion).toBe('Those dates are in the past.');
    expect(answerOf({ intent: 'confirm', notes: [] })).toEqual({ intent: 'confirm' });
  });

  it('keys the answer with whether the trip keeps an undo step', () => {
    const answer = answerOf({ intent: 'question', notes: [], questionTopic: 'weather' });
    expect(answerKey(answer, true)).toBe(answerKey({ ...answer }, true));
    expect(answerKey(answer, true)).not.toBe(answerKey(answer, false));
  });
});
