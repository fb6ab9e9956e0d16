// Shared expenses through the real API: who may read and change them, validation, totals in the trip's
// currency, settle-up, the CSV export (parsed back with an RFC 4180 reader written here), the audit trail,
// and a booking confirmed by the real booking workflow appearing as an expense exactly once.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BookingView } from '../../domain/booking.js';
import type { SendMessageResult, TripPlan, TripState } from '../../domain/trip.js';
import { convertWithRates, fxSnapshot } from '../../providers/fx.js';
import { saveTravelersForTrip, testCard } from '../support/checkout.js';
import { eventually } from '../support/eventually.js';
import { signUp, type SignedInUser } from '../support/identity.js';
import { call, startTestApi, WAIT_FOR_REPLY, type Problem, type TestApi } from './authSupport.js';

interface Person {
  userId: string;
  displayName: string;
}
interface Expense {
  id: string;
  source: 'manual' | 'booking';
  amount: number;
  currency: string;
  amountInTripCurrency: number;
  description: string;
  category: string;
  paidBy: Person;
  sharedBy: Person[];
  spentOn: string;
  bookingId: string | null;
}
interface PersonTotal extends Person {
  paid: number;
  share: number;
  balance: number;
}
interface ExpenseList {
  items: Expense[];
  nextCursor: null;
  totals: { currency: string; total: number; rateDate: string | null; byCategory: Record<string, number>; people: PersonTotal[] };
}
interface SettleUp {
  currency: string;
  people: PersonTotal[];
  transfers: { from: Person; to: Person; amount: number }[];
}

/** RFC 4180: fields separated by commas, records by CRLF, a quoted field may hold commas, CRLF and doubled quotes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      index += 1;
    } else field += char;
  }
  if (field !== '' || record.length > 0) throw new Error('the CSV does not end with CRLF');
  return records;
}

describe('shared trip expenses', () => {
  let api: TestApi;
  let owner: SignedInUser;
  let writer: SignedInUser;
  let reader: SignedInUser;
  let stranger: SignedInUser;
  let tripId: string;

  const expenses = (user: SignedInUser = owner) => call<ExpenseList>(api, 'GET', `/trips/${tripId}/expenses`, { headers: user.auth });
  const add = (user: SignedInUser, body: Record<string, unknown>) => call<Expense & Problem>(api, 'POST', `/trips/${tripId}/expenses`, { headers: user.auth, body });
  const dinner = () => ({ amount: 90, currency: 'EUR', description: 'Dinner at Ramiro', category: 'food', paidBy: owner.user.id, sharedBy: [owner.user.id, writer.user.id, reader.user.id], spentOn: '2027-05-11' });

  beforeAll(async () => {
    api = await startTestApi();
    [owner, writer, reader, stranger] = await Promise.all([signUp(api.url, 'exp-owner'), signUp(api.url, 'exp-writer'), signUp(api.url, 'exp-reader'), signUp(api.url, 'exp-stranger')]);
    tripId = (await call<{ id: string }>(api, 'POST', '/trips', { headers: owner.auth, body: { title: 'Lisbon with friends', budget: { amount: 3000, currency: 'EUR' } } })).json.id;
    for (const [person, role] of [[writer, 'write'], [reader, 'read']] as const) {
      expect((await call(api, 'POST', `/trips/${tripId}/collaborators`, { headers: owner.auth, body: { email: person.user.email, role } })).status).toBe(201);
    }
  }, 60_000);

  afterAll(async () => {
    await api.close();
  });

  it('lets the owner and write collaborators add expenses, read collaborators only read, and hides the trip from anyone else', async () => {
    const byOwner = await add(owner, dinner());
    expect(byOwner.status).toBe(201);
    expect(byOwner.headers.get('location')).toBe(`/api/trips/${tripId}/expenses/${byOwner.json.id}`);
    expect(byOwner.json).toMatchObject({ source: 'manual', amount: 90, currency: 'EUR', amountInTripCurrency: 90, category: 'food', paidBy: { userId: owner.user.id, displayName: owner.user.displayName }, bookingId: null });
    const byWriter = await add(writer, { amount: 30, currency: 'EUR', description: 'Tram tickets', category: 'transport', paidBy: writer.user.id, sharedBy: [writer.user.id, reader.user.id], spentOn: '2027-05-12' });
    expect(byWriter.status).toBe(201);

    const refused = await add(reader, dinner());
    expect(refused.status).toBe(403);
    expect((await call(api, 'DELETE', `/trips/${tripId}/expenses/${byOwner.json.id}`, { headers: reader.auth })).status).toBe(403);
    expect((await expenses(reader)).status).toBe(200);

    for (const path of ['/expenses', '/expenses/settle-up', '/expenses.csv']) expect((await call(api, 'GET', `/trips/${tripId}${path}`, { headers: stranger.auth })).status).toBe(404);
    expect((await add(stranger, dinner())).status).toBe(404);
    expect((await call(api, 'PATCH', `/trips/${tripId}/expenses/${byOwner.json.id}`, { headers: stranger.auth, body: { amount: 1 } })).status).toBe(404);
    expect((await call(api, 'DELETE', `/trips/${tripId}/expenses/${byOwner.json.id}`, { headers: stranger.auth })).status).toBe(404);

    const audited = await api.ctx.prisma.auditLog.findMany({ where: { tripId, action: { startsWith: 'expense.' } }, orderBy: { id: 'asc' } });
    expect(audited.map((entry) => [entry.action, entry.actorId, entry.targetId])).toEqual([
      ['expense.create', owner.user.id, byOwner.json.id],
      ['expense.create', writer.user.id, byWriter.json.id],
    ]);
  });

  it('names each invalid field: 400 for the wrong shape, 422 for people not on the trip or a currency without a rate', async () => {
    const malformed = await add(owner, { ...dinner(), amount: -5, currency: 'euro', category: 'gifts', spentOn: '2027-02-30', sharedBy: [], extra: true });
    expect(malformed.status).toBe(400);
    expect(malformed.json.errors?.map((problem) => problem.field).sort()).toEqual(['amount', 'category', 'currency', 'extra', 'sharedBy', 'spentOn']);
    const cents = await add(owner, { ...dinner(), amount: 10.005 });
    expect(cents.json.errors).toEqual([{ field: 'amount', reason: 'must have at most 2 decimals' }]);
    const missing = await add(owner, { amount: 10 });
    expect(missing.status).toBe(400);
    expect(missing.json.errors).toEqual(expect.arrayContaining([{ field: 'paidBy', reason: 'is required' }]));

    const outsiders = await add(owner, { ...dinner(), paidBy: stranger.user.id, sharedBy: [owner.user.id, stranger.user.id], currency: 'XAF' });
    expect(outsiders.status).toBe(422);
    expect(outsiders.json.errors).toEqual([
      { field: 'paidBy', reason: 'is not the owner or a collaborator of this trip' },
      { field: 'sharedBy.1', reason: 'is not the owner or a collaborator of this trip' },
      { field: 'currency', reason: 'must be EUR or a currency with an ECB reference rate (USD, GBP, JPY, CHF, …)' },
    ]);
    const notABooking = await add(owner, { ...dinner(), bookingId: tripId });
    expect(notABooking.status).toBe(422);
    expect(notABooking.json.errors).toEqual([{ field: 'bookingId', reason: 'is not a confirmed booking of this trip' }]);
    const emptyPatch = await call<Problem>(api, 'PATCH', `/trips/${tripId}/expenses/${(await expenses()).json.items[0]?.id}`, { headers: owner.auth, body: {} });
    expect(emptyPatch.status).toBe(400);
    expect((await call(api, 'PATCH', `/trips/${tripId}/expenses/${tripId}`, { headers: owner.auth, body: { amount: 5 } })).status).toBe(404);
    expect((await expenses()).json.items).toHaveLength(2);
  });

  it('totals per person in the trip\'s currency and settles up: A paid 90 for A, B, C; B paid 30 for B and C', async () => {
    const list = await expenses(reader);
    expect(list.json.nextCursor).toBeNull();
    expect(list.json.items.map((item) => item.description)).toEqual(['Tram tickets', 'Dinner at Ramiro']);
    expect(list.json.totals).toMatchObject({ currency: 'EUR', total: 120, byCategory: { food: 90, transport: 30 } });
    const balances = Object.fromEntries(list.json.totals.people.map((person) => [person.userId, [person.paid, person.share, person.balance]]));
    expect(balances).toEqual({ [owner.user.id]: [90, 30, 60], [writer.user.id]: [30, 45, -15], [reader.user.id]: [0, 45, -45] });

    const settle = await call<SettleUp>(api, 'GET', `/trips/${tripId}/expenses/settle-up`, { headers: reader.auth });
    expect(settle.status).toBe(200);
    expect(settle.json.currency).toBe('EUR');
    expect(settle.json.transfers.map((transfer) => [transfer.from.userId, transfer.to.userId, transfer.amount])).toEqual([
      [reader.user.id, owner.user.id, 45],
      [writer.user.id, owner.user.id, 15],
    ]);
  });

  it('converts other currencies with the plan\'s reference rates and follows changes and deletions', async () => {
    const taxi = await add(writer, { amount: 20, currency: 'USD', description: 'Taxi', category: 'transport', paidBy: writer.user.id, sharedBy: [writer.user.id], spentOn: '2027-05-13' });
    expect(taxi.status).toBe(201);
    const expected = convertWithRates(fxSnapshot, { amount: 20, currency: 'USD' }, 'EUR').money.amount;
    expect(taxi.json.amountInTripCurrency).toBe(expected);
    expect((await expenses()).json.totals).toMatchObject({ total: Number((120 + expected).toFixed(2)), rateDate: fxSnapshot.date });

    const changed = await call<Expense>(api, 'PATCH', `/trips/${tripId}/expenses/${taxi.json.id}`, { headers: owner.auth, body: { amount: 21, currency: 'EUR', description: '=HYPERLINK("http://evil")' } });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ amount: 21, currency: 'EUR', amountInTripCurrency: 21, description: '=HYPERLINK("http://evil")', category: 'transport' });
    const settle = await call<SettleUp>(api, 'GET', `/trips/${tripId}/expenses/settle-up`, { headers: owner.auth });
    // The taxi is the writer's alone: it changes nothing between people.
    expect(settle.json.transfers.map((transfer) => transfer.amount)).toEqual([45, 15]);

    const csv = await fetch(`${api.url}/api/trips/${tripId}/expenses.csv`, { headers: owner.auth });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="lisbon-with-friends-expenses.csv"');
    const rows = parseCsv(await csv.text());
    expect(rows[0]).toEqual(['Date', 'Description', 'Category', 'Amount', 'Currency', 'Amount in trip currency', 'Trip currency', 'Paid by', 'Shared by', 'Source']);
    expect(rows).toHaveLength(4);
    expect(rows[1]).toEqual(['2027-05-13', '\'=HYPERLINK("http://evil")', 'transport', '21.00', 'EUR', '21.00', 'EUR', writer.user.displayName, writer.user.displayName, 'manual']);
    expect(rows[3]?.slice(0, 6)).toEqual(['2027-05-11', 'Dinner at Ramiro', 'food', '90.00', 'EUR', '90.00']);
    expect(rows[3]?.[8]?.split('; ').sort()).toEqual([owner.user.displayName, writer.user.displayName, reader.user.displayName].sort());

    expect((await call(api, 'DELETE', `/trips/${tripId}/expenses/${taxi.json.id}`, { headers: writer.auth })).status).toBe(204);
    expect((await call(api, 'DELETE', `/trips/${tripId}/expenses/${taxi.json.id}`, { headers: writer.auth })).status).toBe(404);
    expect((await expenses()).json.totals.total).toBe(120);
    const actions = await api.ctx.prisma.auditLog.findMany({ where: { tripId, targetId: taxi.json.id }, orderBy: { id: 'asc' }, select: { action: true } });
    expect(actions.map((entry) => entry.action)).toEqual(['expense.create', 'expense.update', 'expense.delete']);
    // Each change is announced to the trip's collaborators (live on their sockets), by whom; a refused one is not.
    const log = await call<{ items: { type: string; payload: { expenseId?: string; action?: string; userId?: string } }[] }>(api, 'GET', `/trips/${tripId}/events?limit=500`, { headers: reader.auth });
    const announced = log.json.items.filter((event) => event.type === 'expense.changed' && event.payload.expenseId === taxi.json.id).map((event) => [event.payload.action, event.payload.userId]);
    expect(announced).toEqual([['created', writer.user.id], ['changed', owner.user.id], ['deleted', writer.user.id]]);
  });

  it('counts a booking confirmed on the trip as an expense shared by everyone, once, also when recorded with its own split', async () => {
    const turn = await call<SendMessageResult>(api, 'POST', `/trips/${tripId}/messages`, {
      headers: { ...owner.auth, ...WAIT_FOR_REPLY },
      body: { text: 'Five nights in Lisbon from London from 2027-05-10 to 2027-05-15 for 2 adults, budget 3000 EUR', clientMessageId: 'plan-1' },
    });
    expect(turn.status).toBe(200);
    const plan = turn.json.plan as TripPlan;
    const started = await call<BookingView>(api, 'POST', `/trips/${tripId}/bookings`, {
      headers: owner.auth,
      body: { flightOfferId: plan.selectedFlightId, stayOfferId: plan.selectedStayId, travelerIds: await saveTravelersForTrip(api.url, owner.auth, tripId) },
    });
    expect(started.status).toBe(201);
    const bookingId = started.json.bookingId;
    const state = async () => (await call<TripState>(api, 'GET', `/trips/${tripId}/state`, { headers: owner.auth })).json;
    await eventually(state, (current) => current.status === 'awaiting_approval', { timeoutMs: 60_000, what: 'the booking to await approval' });
    expect((await call(api, 'POST', `/trips/${tripId}/proposals/${bookingId}/approve`, { headers: owner.auth, body: { card: testCard() } })).status).toBe(200);
    await eventually(() => api.ctx.prisma.booking.findUniqueOrThrow({ where: { id: bookingId } }), (row) => row.status === 'confirmed', { timeoutMs: 60_000, what: 'the booking to be confirmed' });
    const booking = await api.ctx.prisma.booking.findUniqueOrThrow({ where: { id: bookingId } });

    const list = (await expenses(reader)).json;
    const derived = list.items.filter((item) => item.bookingId === bookingId);
    expect(derived).toHaveLength(1);
    expect(derived[0]).toMatchObject({ id: bookingId, source: 'booking', amount: booking.totalAmount.toNumber(), currency: booking.currency, category: 'flights', paidBy: { userId: owner.user.id } });
    expect(derived[0]?.sharedBy.map((person) => person.userId).sort()).toEqual([owner.user.id, writer.user.id, reader.user.id].sort());
    expect(list.totals.total).toBeCloseTo(120 + (derived[0]?.amountInTripCurrency ?? 0), 2);
    expect((await call(api, 'DELETE', `/trips/${tripId}/expenses/${bookingId}`, { headers: owner.auth })).status).toBe(409);

    // Recorded with its own split (the owner and the writer only): it replaces the derived one, once.
    const recorded = await add(owner, { amount: booking.totalAmount.toNumber(), currency: booking.currency, description: 'Flights and hotel', category: 'flights', paidBy: owner.user.id, sharedBy: [owner.user.id, writer.user.id], spentOn: '2027-05-10', bookingId });
    expect(recorded.status).toBe(201);
    expect((await add(owner, { ...dinner(), bookingId })).status).toBe(409);
    const after = (await expenses()).json;
    expect(after.items.filter((item) => item.bookingId === bookingId).map((item) => [item.source, item.id])).toEqual([['manual', recorded.json.id]]);
    expect(after.totals.total).toBeCloseTo(list.totals.total, 2);
    const readerTotal = after.totals.people.find((person) => person.userId === reader.user.id);
    expect(readerTotal?.share).toBe(45);
  }, 150_000);
});
