// Realistic load through the public API: travelers register, create trips, plan them in chat (turns
// answered with `Prefer: wait=60`, else polled by clientMessageId), book the plan's first flight and stay
// with an Idempotency-Key, approve the proposal and follow the booking to its end, while a Socket.IO
// client per trip follows the trip's events. Every unit of work is tracked so the checks can tell what
// was in flight when a fault hit, what completed, and what was lost.
import type { BookingView } from '../../domain/booking.js';
import { terminalBookingStatuses } from '../../domain/booking.js';
import type { SendMessageResult, TripPlan } from '../../domain/trip.js';
import { adultDetails, testCard } from '../support/checkout.js';
import { ApiClient, ContractLog, TripWatcher } from './client.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface WorkItem {
  kind: 'turn' | 'booking';
  tripId: string;
  /** clientMessageId of a turn, Idempotency-Key of a booking. */
  key: string;
  bookingId?: string;
  startedAt: number;
  finishedAt: number | null;
  outcome: 'pending' | 'done' | 'failed' | 'lost';
  /** For bookings: the terminal status; for turns: the error, if any. */
  detail: string | null;
}

export interface Traveler {
  token: string;
  userId: string;
}

export interface TripUnderLoad {
  tripId: string;
  owner: Traveler;
  watcher: TripWatcher;
  /** The owner's saved travelers who fly on the trip's bookings (saved at its first booking). */
  travelerIds?: string[];
}

const PLAN_REQUESTS = [
  'Lisbon from New York June 12-19 2028, 2 adults, $4000',
  'Rome from London September 5-15 2028 for 2 adults, budget €3500',
  'Barcelona from London July 8-15 2028, 2 adults, £3000, we love food and architecture',
  'Tokyo from New York April 10-19 2028, 2 adults, $6000',
];
const FOLLOW_UPS = ['Make it a bit more relaxed please', 'We love museums and food markets', 'What will the weather be like?', 'Is there a cheaper hotel?'];
/** Follow-up turns per trip at most (the chat stops earlier once the scenario says so). */
const MAX_FOLLOW_UPS = 12;

/** Fault-independent state of one scenario's load: its clients, its work items, what is in flight. */
export class Load {
  readonly contract = new ContractLog();
  readonly work: WorkItem[] = [];
  readonly trips: TripUnderLoad[] = [];
  /** Latest booking status each journey has seen, by booking id. */
  readonly bookingStatus = new Map<string, BookingView['status']>();
  private clientCount = 0;
  /** Set once the scenario has seen enough: the trips stop chatting (bookings still run to their end). */
  quiet = false;

  constructor(
    readonly urls: string[],
    readonly label: string,
  ) {}

  client(): ApiClient {
    this.clientCount += 1;
    return new ApiClient(this.urls, this.contract, this.clientCount);
  }

  inFlight(at = Date.now()): WorkItem[] {
    return this.work.filter((item) => item.startedAt <= at && (item.finishedAt === null || item.finishedAt > at));
  }

  /** Registers a traveler and logs in again, as a returning traveler would; the login's token is used. */
  async signUp(index: number): Promise<Traveler> {
    const credentials = { email: `faults-${this.label}-${index}-${Date.now()}@example.test`, password: 'correct horse battery staple' };
    const registered = await this.client().call<{ accessToken: string; user: { id: string } }>('POST', '/auth/register', {
      body: { ...credentials, displayName: `Fault ${this.label} ${index}` },
    });
    if (registered.status !== 201) throw new Error(`register: ${registered.status} ${JSON.stringify(registered.json)}`);
    const login = await this.client().call<{ accessToken: string; user: { id: string } }>('POST', '/auth/login', { body: credentials });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.json)}`);
    return { token: login.json.accessToken, userId: login.json.user.id };
  }

  async createTrip(owner: Traveler, index: number): Promise<TripUnderLoad> {
    const response = await this.client().call<{ id: string }>('POST', '/trips', { token: owner.token, body: { title: `${this.label} trip ${index}` } });
    if (response.status !== 201) throw new Error(`create trip: ${response.status} ${JSON.stringify(response.json)}`);
    const watcher = new TripWatcher(this.urls, owner.token, response.json.id, index);
    watcher.start();
    const trip = { tripId: response.json.id, owner, watcher };
    this.trips.push(trip);
    return trip;
  }

  /** One chat turn: sent until accepted, then followed until it ends. Resolves with its plan (if any). */
  async turn(trip: TripUnderLoad, clientMessageId: string, text: string): Promise<TripPlan | null> {
    const item: WorkItem = { kind: 'turn', tripId: trip.tripId, key: clientMessageId, startedAt: Date.now(), finishedAt: null, outcome: 'pending', detail: null };
    this.work.push(item);
    const api = this.client();
    try {
      const sent = await api.call<SendMessageResult>('POST', `/trips/${trip.tripId}/messages`, {
        token: trip.owner.token,
        headers: { prefer: 'wait=60' },
        body: { text, clientMessageId },
        deadlineMs: 150_000,
      });
      if (sent.status === 200) return finish(item, 'done', null, sent.json.plan);
      if (sent.status !== 202) return finish(item, 'failed', `POST answered ${sent.status}: ${JSON.stringify(sent.json).slice(0, 200)}`, null);
      const deadline = Date.now() + 150_000;
      while (Date.now() < deadline) {
        const status = await api.call<{ status: string; result: SendMessageResult | null; error: unknown }>('GET', `/trips/${trip.tripId}/messages/${encodeURIComponent(clientMessageId)}`, {
          token: trip.owner.token,
          headers: { prefer: 'wait=20' },
          deadlineMs: 150_000,
        });
        if (status.status === 200 && status.json.status === 'done') return finish(item, 'done', null, status.json.result?.plan ?? null);
        if (status.status === 200 && status.json.status === 'failed') return finish(item, 'failed', JSON.stringify(status.json.error).slice(0, 200), null);
        if (status.status !== 200) return finish(item, 'failed', `status answered ${status.status}`, null);
        await sleep(300);
      }
      return finish(item, 'lost', 'no answer within 150 s', null);
    } catch (error) {
      return finish(item, 'lost', (error as Error).message, null);
    }
  }

  /** Saves the travelers of a plan's trip (every load trip is for 2 adults, see PLAN_REQUESTS). */
  private async saveTravelers(api: ApiClient, auth: { token: string }): Promise<string[]> {
    const ids: string[] = [];
    for (const index of [0, 1]) {
      const saved = await api.call<{ id: string }>('POST', '/travelers', { ...auth, body: adultDetails(index) });
      if (saved.status !== 201) throw new Error(`saving a traveler answered ${saved.status}`);
      ids.push(saved.json.id);
    }
    return ids;
  }

  /** A booking of the plan's first flight and stay: started with an Idempotency-Key, approved, followed to its end. */
  async booking(trip: TripUnderLoad, idempotencyKey: string, plan: TripPlan): Promise<void> {
    const item: WorkItem = { kind: 'booking', tripId: trip.tripId, key: idempotencyKey, startedAt: Date.now(), finishedAt: null, outcome: 'pending', detail: null };
    this.work.push(item);
    const api = this.client();
    const auth = { token: trip.owner.token };
    try {
      // Who travels: saved once per trip (a retry after a lost answer may save a spare traveler, which is harmless).
      trip.travelerIds ??= await this.saveTravelers(api, auth);
      const started = await api.call<BookingView>('POST', `/trips/${trip.tripId}/bookings`, {
        ...auth,
        headers: { 'idempotency-key': idempotencyKey },
        body: { flightOfferId: plan.flightOptions[0]?.id ?? null, stayOfferId: plan.stayOptions[0]?.id ?? null, travelerIds: trip.travelerIds },
      });
      if (started.status !== 201 && started.status !== 200) {
        finish(item, 'failed', `start answered ${started.status}: ${JSON.stringify(started.json).slice(0, 200)}`, null);
        return;
      }
      const bookingId = started.json.bookingId;
      item.bookingId = bookingId;
      const view = () => api.call<BookingView>('GET', `/trips/${trip.tripId}/bookings/${bookingId}`, auth);
      const until = async (statuses: readonly BookingView['status'][]): Promise<BookingView | null> => {
        const deadline = Date.now() + 150_000;
        while (Date.now() < deadline) {
          const current = await view();
          if (current.status === 200) {
            this.bookingStatus.set(bookingId, current.json.status);
            if (statuses.includes(current.json.status)) return current.json;
          }
          await sleep(300);
        }
        return null;
      };
      const proposal = await until(['pending_approval', ...terminalBookingStatuses]);
      if (!proposal) {
        finish(item, 'lost', 'no proposal within 150 s', null);
        return;
      }
      if (proposal.status === 'pending_approval') {
        const approved = await api.call('POST', `/trips/${trip.tripId}/proposals/${bookingId}/approve`, { ...auth, body: { note: 'fault suite', card: testCard() } });
        // 409: decided already — an earlier attempt of this request went through before the answer was lost.
        if (approved.status !== 200 && approved.status !== 409) {
          finish(item, 'failed', `approve answered ${approved.status}: ${JSON.stringify(approved.json).slice(0, 200)}`, null);
          return;
        }
      }
      const final = await until(terminalBookingStatuses);
      if (!final) finish(item, 'lost', `not terminal within 150 s (last seen ${this.bookingStatus.get(bookingId)})`, null);
      else finish(item, final.status === 'confirmed' ? 'done' : 'failed', final.status + (final.failureReason ? `: ${final.failureReason}` : ''), null);
    } catch (error) {
      finish(item, 'lost', (error as Error).message, null);
    }
  }

  /** A trip's journey: plan, then book it while the traveler keeps chatting, until the scenario says quiet. */
  async journey(trip: TripUnderLoad, index: number): Promise<void> {
    const plan = await this.turn(trip, `${this.label}-t${index}-m1`, PLAN_REQUESTS[index % PLAN_REQUESTS.length] as string);
    const chat = (async () => {
      for (let turn = 2; !this.quiet && turn <= MAX_FOLLOW_UPS + 1; turn += 1) {
        await this.turn(trip, `${this.label}-t${index}-m${turn}`, FOLLOW_UPS[(index + turn) % FOLLOW_UPS.length] as string);
        await sleep(300);
      }
    })();
    if (plan && plan.flightOptions.length > 0 && plan.stayOptions.length > 0) await this.booking(trip, `${this.label}-t${index}-b1`, plan);
    await chat;
  }

  close(): void {
    for (const trip of this.trips) trip.watcher.close();
  }
}

function finish<T>(item: WorkItem, outcome: WorkItem['outcome'], detail: string | null, value: T): T {
  item.finishedAt = Date.now();
  item.outcome = outcome;
  item.detail = detail;
  return value;
}
