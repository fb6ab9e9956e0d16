// Shared expenses of people travelling together, mounted at /api/trips (after protect(ctx)):
//   GET    /:id/expenses              expenses (confirmed bookings included) and totals   read
//   POST   /:id/expenses              record one                                         write
//   PATCH  /:id/expenses/:expenseId   change one                                         write
//   DELETE /:id/expenses/:expenseId   delete one                                         write
//   GET    /:id/expenses/settle-up    per-person balances and who pays whom               read
//   GET    /:id/expenses.csv          the expenses as CSV                                read
// Each operation's method, path and OpenAPI description are defined once, in api/openapi/expenses.ts
// (expenseRoutes); this module gives each its handler.
// Confirmed bookings are expenses without a row, derived when read (paid by the booking's user, shared by
// everyone on the trip), so they cannot drift from the bookings; a row with `bookingId` replaces the
// derived one (its own split). Totals are in the trip's currency, converted with the ECB reference rates
// the plan uses, and split in integer minor units (domain/settleUp.ts).
import { randomUUID } from 'node:crypto';
import type { Request, Router } from 'express';
import { tripCurrency } from '../../domain/currency.js';
import { loadPlaces } from '../../domain/places.js';
import { personTotals, settleUp, type PersonTotals } from '../../domain/settleUp.js';
import type { TripPlan } from '../../domain/trip.js';
import { Prisma, type Booking, type Trip, type TripExpense } from '../../infra/db.js';
import { loadPreferredCurrency } from '../../infra/profile.js';
import { ProviderCache } from '../../providers/cache.js';
import { convertWithRates, createCurrencyConverter, fxSnapshot, knowsCurrency, UnknownCurrencyError } from '../../providers/fx.js';
import type { CurrencyConverter, FxRates } from '../../providers/types.js';
import { auditData } from '../audit.js';
import { authorizeTrip, type TripAccess } from '../auth/authorize.js';
import { principalOf } from '../auth/principal.js';
import type { ApiContext } from '../context.js';
import { HttpError, type FieldProblem } from '../errors.js';
import { idParams } from '../../contracts/common.js';
import { parseRequest } from '../validation.js';
import { expenseRoutes } from '../openapi/expenses.js';
import { wholeList } from '../../contracts/list.js';
import { createExpenseSchema, expenseParams, updateExpenseSchema, type CreateExpenseBody, type ExpenseCategory, type ExpenseView, type UpdateExpenseBody } from '../../contracts/expenses.js';
import type { BookableOffers } from './bookingViews.js';
import { fileNameOf } from './tripLinks.js';
import { assertNotArchived } from '../trips/views.js';

/** One expense as the totals see it: stored or derived from a booking. */
interface ExpenseEntry {
  id: string;
  source: 'manual' | 'booking';
  amount: number;
  currency: string;
  description: string;
  category: ExpenseCategory;
  paidBy: string;
  sharedBy: string[];
  spentOn: string;
  bookingId: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface TripExpenses {
  currency: string;
  rateDate: string | null;
  /** Minor units of the trip's currency per major unit (100 for EUR, 1 for JPY). */
  scale: number;
  entries: (ExpenseEntry & { minor: number })[];
  names: Map<string, string>;
  members: string[];
}

const SETTLE_UP = 'settle-up';

/** Converters per API context: the configured source (snapshot or live ECB, cached in Redis like the worker's). */
const converters = new WeakMap<ApiContext, CurrencyConverter>();

function converterOf(ctx: ApiContext): CurrencyConverter {
  let converter = converters.get(ctx);
  if (!converter) {
    const cache = new ProviderCache({ redis: ctx.redis, logger: ctx.logger });
    converter = createCurrencyConverter({ source: ctx.config.FX_RATES_SOURCE, url: ctx.config.FX_ECB_RATES_URL, cache, logger: ctx.logger });
    converters.set(ctx, converter);
  }
  return converter;
}

/** Digits after the decimal point of a currency's minor unit (2 for EUR, 0 for JPY), per ISO 4217 via Intl. */
export function minorUnitDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export function createExpensesRouter(ctx: ApiContext): Router {
  const { prisma } = ctx;

  const tripFor = async (req: Request, access: TripAccess) => {
    const { id } = parseRequest(idParams, { id: req.params.id }, 'params');
    return authorizeTrip(prisma, principalOf(req), id, access);
  };
  /**
   * Tells the trip's collaborators, live, that its expenses changed (`expense.changed` in the trip's event
   * log, relayed by every API node), so their lists and settle-up refresh without a reload. The change is
   * committed and audited already: a failed announcement is logged, not the request's failure.
   */
  const announce = async (req: Request, trip: Trip, expenseId: string, action: 'created' | 'changed' | 'deleted') => {
    try {
      await ctx.events.append(trip.id, { key: `expense:${expenseId}:${action}:${randomUUID()}`, type: 'expense.changed', payload: { expenseId, action, userId: principalOf(req).userId } });
    } catch (error) {
      ctx.logger.warn({ err: error, tripId: trip.id, expenseId }, 'expense change not announced');
    }
  };
  /** The expense named in the path on a trip the caller may write to, that is not archived. */
  const expenseToWrite = async (req: Request) => {
    const { expenseId } = parseRequest(expenseParams, req.params, 'params');
    const trip = await tripFor(req, 'write');
    assertNotArchived(trip);
    return { expenseId, trip };
  };

  return expenseRoutes.router({
    listExpenses: async (req, res) => {
      const expenses = await loadTripExpenses(ctx, await tripFor(req, 'read'));
      res.json({ ...wholeList(expenses.entries.map((entry) => viewOf(entry, expenses))), totals: totalsOf(expenses) });
    },

    settleUpExpenses: async (req, res) => {
      const expenses = await loadTripExpenses(ctx, await tripFor(req, 'read'));
      const people = personTotalsOf(expenses);
      const transfers = settleUp(people.map(({ personId, balance }) => ({ personId, amount: balance })));
      const person = (userId: string) => ({ userId, displayName: expenses.names.get(userId) ?? 'Former member' });
      res.json({
        currency: expenses.currency,
        rateDate: expenses.rateDate,
        people: people.map((total) => personTotalView(total, expenses)),
        transfers: transfers.map((transfer) => ({ from: person(transfer.fromPersonId), to: person(transfer.toPersonId), amount: transfer.amount / expenses.scale })),
      });
    },

    exportExpensesCsv: async (req, res) => {
      const trip = await tripFor(req, 'read');
      const expenses = await loadTripExpenses(ctx, trip);
      res
        .set('Cache-Control', 'private, no-cache')
        .set('Content-Disposition', `attachment; filename="${fileNameOf(trip.title)}-expenses.csv"`)
        .type('text/csv; charset=utf-8; header=present')
        .send(expensesCsv(expenses));
    },

    createExpense: async (req, res) => {
      const trip = await tripFor(req, 'write');
      assertNotArchived(trip);
      const body = parseRequest(createExpenseSchema, req.body, 'body');
      await checkExpense(ctx, trip, body);
      if (body.bookingId) await checkBooking(ctx, trip, body.bookingId);
      const principal = principalOf(req);
      const expense = await prisma
        .$transaction(async (tx) => {
          const created = await tx.tripExpense.create({ data: newRow(body, trip.id, principal.userId) });
          await tx.auditLog.create({ data: auditData(req, { action: 'expense.create', targetType: 'trip_expense', targetId: created.id, tripId: trip.id, details: auditDetails(created) }), select: { id: true } });
          return created;
        })
        .catch((error: unknown) => {
          if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
            throw new HttpError(409, 'Conflict', 'That booking is already recorded as an expense: change that one instead.', [{ field: 'bookingId', reason: 'is already recorded as an expense' }]);
          }
          throw error;
        });
      await announce(req, trip, expense.id, 'created');
      const expenses = await loadTripExpenses(ctx, trip);
      res.status(201).location(`${req.baseUrl}/${trip.id}/expenses/${expense.id}`).json(viewOf(entryById(expenses, expense.id), expenses));
    },

    updateExpense: async (req, res, next) => {
      if (req.params.expenseId === SETTLE_UP) return next(); // a sibling path, not an expense: its 405 comes later
      const { expenseId, trip } = await expenseToWrite(req);
      const body = parseRequest(updateExpenseSchema, req.body, 'body');
      const existing = await storedExpense(ctx, trip, expenseId);
      await checkExpense(ctx, trip, body);
      await prisma.$transaction(async (tx) => {
        const updated = await tx.tripExpense.update({ where: { id: existing.id }, data: rowData(body) });
        const changed = Object.keys(body);
        await tx.auditLog.create({ data: auditData(req, { action: 'expense.update', targetType: 'trip_expense', targetId: existing.id, tripId: trip.id, details: { ...auditDetails(updated), changed } }), select: { id: true } });
      });
      await announce(req, trip, existing.id, 'changed');
      const expenses = await loadTripExpenses(ctx, trip);
      res.json(viewOf(entryById(expenses, existing.id), expenses));
    },

    deleteExpense: async (req, res, next) => {
      if (req.params.expenseId === SETTLE_UP) return next(); // a sibling path, not an expense: its 405 comes later
      const { expenseId, trip } = await expenseToWrite(req);
      const existing = await storedExpense(ctx, trip, expenseId);
      await prisma.$transaction(async (tx) => {
        await tx.tripExpense.delete({ where: { id: existing.id } });
        await tx.auditLog.create({ data: auditData(req, { action: 'expense.delete', targetType: 'trip_expense', targetId: existing.id, tripId: trip.id, details: auditDetails(existing) }), select: { id: true } });
      });
      await announce(req, trip, existing.id, 'deleted');
      res.status(204).end();
    },
  });
}

// ---- Loading and totalling ----

/** The trip's currency: the stored plan's (what it was priced in), else the rule every planner uses. */
async function currencyOfTrip(ctx: ApiContext, trip: Trip): Promise<string> {
  const planned = (trip.plan as TripPlan | null)?.budget?.total.currency;
  if (planned && /^[A-Z]{3}$/.test(planned)) return planned;
  const budget = trip.budgetAmount !== null && trip.budgetCurrency ? { amount: trip.budgetAmount.toNumber(), currency: trip.budgetCurrency } : null;
  const profile = budget ? null : await loadPreferredCurrency(ctx.prisma, trip.ownerId);
  return tripCurrency({ budget, origin: trip.origin ? { city: trip.origin, iata: trip.origin } : null }, profile, await loadPlaces());
}

async function loadTripExpenses(ctx: ApiContext, trip: Trip): Promise<TripExpenses> {
  const { prisma } = ctx;
  const [currency, rates, rows, bookings, collaborators] = await Promise.all([
    currencyOfTrip(ctx, trip),
    converterOf(ctx).rates(),
    prisma.tripExpense.findMany({ where: { tripId: trip.id } }),
    prisma.booking.findMany({ where: { tripId: trip.id, status: 'confirmed' } }),
    prisma.tripCollaborator.findMany({ where: { tripId: trip.id }, select: { userId: true }, orderBy: { createdAt: 'asc' } }),
  ]);
  const members = [trip.ownerId, ...collaborators.map((collaborator) => collaborator.userId)];
  const recorded = new Set(rows.map((row) => row.bookingId).filter((id): id is string => id !== null));
  const entries: ExpenseEntry[] = [
    ...rows.map(entryOfRow),
    // A booking recorded by a row counts once, as that row; findMany returns each booking once.
    ...bookings.filter((booking) => !recorded.has(booking.id)).map((booking) => entryOfBooking(booking, members)),
  ];
  const ids = new Set([...members, ...entries.flatMap((entry) => [entry.paidBy, ...entry.sharedBy])]);
  const users = await prisma.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, displayName: true } });
  const scale = 10 ** minorUnitDigits(currency);
  let rateDate: string | null = null;
  const converted = entries.map((entry) => {
    const conversion = convertedAmount(rates, entry, currency);
    rateDate ??= conversion.rateDate;
    return { ...entry, minor: Math.round(conversion.amount * scale) };
  });
  converted.sort((a, b) => (a.spentOn === b.spentOn ? b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? -1 : 1) : a.spentOn < b.spentOn ? 1 : -1));
  return { currency, rateDate, scale, entries: converted, names: new Map(users.map((user) => [user.id, user.displayName])), members };
}

/** An amount in the trip's currency; a currency the live rates lost (after it was recorded) goes by the bundled ones. */
function convertedAmount(rates: FxRates, entry: ExpenseEntry, currency: string): { amount: number; rateDate: string | null } {
  try {
    const { money, rateDate } = convertWithRates(rates, { amount: entry.amount, currency: entry.currency }, currency);
    return { amount: money.amount, rateDate };
  } catch (error) {
    if (!(error instanceof UnknownCurrencyError) || rates === fxSnapshot) throw error;
    const { money, rateDate } = convertWithRates(fxSnapshot, { amount: entry.amount, currency: entry.currency }, currency);
    return { amount: money.amount, rateDate };
  }
}

function personTotalsOf(expenses: TripExpenses): PersonTotals[] {
  return personTotals(
    expenses.entries.filter((entry) => entry.minor > 0).map((entry) => ({ amount: entry.minor, paidBy: entry.paidBy, sharedBy: entry.sharedBy })),
    expenses.members,
  );
}

function personTotalView(total: PersonTotals, expenses: TripExpenses) {
  const { scale } = expenses;
  return { userId: total.personId, displayName: expenses.names.get(total.personId) ?? 'Former member', paid: total.paid / scale, share: total.share / scale, balance: total.balance / scale };
}

function totalsOf(expenses: TripExpenses) {
  const byCategory: Record<string, number> = {};
  let total = 0;
  for (const entry of expenses.entries) {
    total += entry.minor;
    byCategory[entry.category] = (byCategory[entry.category] ?? 0) + entry.minor;
  }
  return {
    currency: expenses.currency,
    total: total / expenses.scale,
    rateDate: expenses.rateDate,
    byCategory: Object.fromEntries(Object.entries(byCategory).map(([category, minor]) => [category, minor / expenses.scale])),
    people: personTotalsOf(expenses).map((person) => personTotalView(person, expenses)),
  };
}

function entryOfRow(row: TripExpense): ExpenseEntry {
  return {
    id: row.id,
    source: 'manual',
    amount: row.amount.toNumber(),
    currency: row.currency,
    description: row.description,
    category: row.category,
    paidBy: row.paidByUserId,
    sharedBy: row.sharedByUserIds,
    spentOn: row.spentOn.toISOString().slice(0, 10),
    bookingId: row.bookingId,
    createdBy: row.createdById,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A confirmed booking as an expense: paid by whoever booked it, shared by everyone on the trip. */
function entryOfBooking(booking: Booking, members: string[]): ExpenseEntry {
  const offers = (booking.offerSnapshot ?? {}) as Partial<BookableOffers>;
  const flight = offers.flight?.outbound[0];
  const lastLeg = offers.flight?.outbound.at(-1);
  const parts = [flight && lastLeg && `flight ${flight.origin}–${lastLeg.destination}`, offers.stay && `stay at ${offers.stay.name}`].filter(Boolean);
  return {
    id: booking.id,
    source: 'booking',
    amount: booking.totalAmount.toNumber(),
    currency: booking.currency,
    description: parts.length > 0 ? `Booking: ${parts.join(' and ')}` : 'Booking',
    category: offers.flight ? 'flights' : 'stay',
    paidBy: booking.userId,
    sharedBy: members,
    spentOn: booking.updatedAt.toISOString().slice(0, 10),
    bookingId: booking.id,
    createdBy: null,
    createdAt: booking.createdAt,
    updatedAt: booking.updatedAt,
  };
}

function viewOf(entry: TripExpenses['entries'][number], expenses: TripExpenses): ExpenseView {
  const person = (userId: string) => ({ userId, displayName: expenses.names.get(userId) ?? 'Former member' });
  return {
    id: entry.id,
    source: entry.source,
    amount: entry.amount,
    currency: entry.currency,
    amountInTripCurrency: entry.minor / expenses.scale,
    description: entry.description,
    category: entry.category,
    paidBy: person(entry.paidBy),
    sharedBy: [...entry.sharedBy].sort().map(person),
    spentOn: entry.spentOn,
    bookingId: entry.bookingId,
    createdBy: entry.createdBy,
    createdAt: entry.createdAt.toISOString(),
    updatedAt: entry.updatedAt.toISOString(),
  };
}

function entryById(expenses: TripExpenses, id: string) {
  const entry = expenses.entries.find((candidate) => candidate.id === id && candidate.source === 'manual');
  if (!entry) throw new HttpError(404, 'Not Found', 'No such expense on this trip.');
  return entry;
}

// ---- Checks (422 naming the field) ----

/** The payer and sharers are on the trip, and the currency has a reference rate. */
async function checkExpense(ctx: ApiContext, trip: Trip, body: UpdateExpenseBody): Promise<void> {
  const problems: FieldProblem[] = [];
  if (body.paidBy !== undefined || body.sharedBy !== undefined) {
    const collaborators = await ctx.prisma.tripCollaborator.findMany({ where: { tripId: trip.id }, select: { userId: true } });
    const members = new Set([trip.ownerId, ...collaborators.map((collaborator) => collaborator.userId)]);
    if (body.paidBy !== undefined && !members.has(body.paidBy.toLowerCase())) problems.push({ field: 'paidBy', reason: 'is not the owner or a collaborator of this trip' });
    body.sharedBy?.forEach((userId, index) => {
      if (!members.has(userId.toLowerCase())) problems.push({ field: `sharedBy.${index}`, reason: 'is not the owner or a collaborator of this trip' });
    });
  }
  if (body.currency !== undefined && !knowsCurrency(await converterOf(ctx).rates(), body.currency)) {
    problems.push({ field: 'currency', reason: 'must be EUR or a currency with an ECB reference rate (USD, GBP, JPY, CHF, …)' });
  }
  if (problems.length > 0) throw new HttpError(422, 'Unprocessable Content', 'The expense breaks a rule: `errors` names each field and why.', problems);
}

async function checkBooking(ctx: ApiContext, trip: Trip, bookingId: string): Promise<void> {
  const booking = await ctx.prisma.booking.findFirst({ where: { id: bookingId, tripId: trip.id, status: 'confirmed' }, select: { id: true } });
  if (!booking) throw new HttpError(422, 'Unprocessable Content', 'Only a confirmed booking of this trip can be recorded.', [{ field: 'bookingId', reason: 'is not a confirmed booking of this trip' }]);
}

/** A stored expense of this trip; one derived from a booking is a 409 (it is not a row to change). */
async function storedExpense(ctx: ApiContext, trip: Trip, expenseId: string): Promise<TripExpense> {
  const row = await ctx.prisma.tripExpense.findFirst({ where: { id: expenseId, tripId: trip.id } });
  if (row) return row;
  const booking = await ctx.prisma.booking.findFirst({ where: { id: expenseId, tripId: trip.id, status: 'confirmed' }, select: { id: true } });
  if (booking) throw new HttpError(409, 'Conflict', 'This expense comes from a confirmed booking: record the booking with `bookingId` to split it differently.');
  throw new HttpError(404, 'Not Found', 'No such expense on this trip.');
}

/** User ids as stored: lower case, each once (the same id in two cases is one person). */
const userIds = (ids: readonly string[]) => [...new Set(ids.map((id) => id.toLowerCase()))];

/** The columns a change sets (only the fields the body has). */
function rowData(body: UpdateExpenseBody) {
  return {
    ...(body.amount !== undefined && { amount: new Prisma.Decimal(body.amount.toFixed(2)) }),
    ...(body.currency !== undefined && { currency: body.currency }),
    ...(body.description !== undefined && { description: body.description }),
    ...(body.category !== undefined && { category: body.category }),
    ...(body.paidBy !== undefined && { paidByUserId: body.paidBy.toLowerCase() }),
    ...(body.sharedBy !== undefined && { sharedByUserIds: userIds(body.sharedBy) }),
    ...(body.spentOn !== undefined && { spentOn: new Date(`${body.spentOn}T00:00:00Z`) }),
  } satisfies Prisma.TripExpenseUncheckedUpdateInput;
}

/** Every column of a new expense. */
function newRow(body: CreateExpenseBody, tripId: string, createdById: string): Prisma.TripExpenseUncheckedCreateInput {
  return {
    tripId,
    amount: new Prisma.Decimal(body.amount.toFixed(2)),
    currency: body.currency,
    description: body.description,
    category: body.category,
    paidByUserId: body.paidBy.toLowerCase(),
    sharedByUserIds: userIds(body.sharedBy),
    spentOn: new Date(`${body.spentOn}T00:00:00Z`),
    bookingId: body.bookingId ?? null,
    createdById,
  };
}

function auditDetails(row: TripExpense): Prisma.InputJsonObject {
  return {
    amount: row.amount.toFixed(2),
    currency: row.currency,
    category: row.category,
    paidBy: row.paidByUserId,
    sharedBy: row.sharedByUserIds,
    spentOn: row.spentOn.toISOString().slice(0, 10),
    bookingId: row.bookingId,
  };
}

// ---- CSV (RFC 4180) ----

const CSV_HEADER = ['Date', 'Description', 'Category', 'Amount', 'Currency', 'Amount in trip currency', 'Trip currency', 'Paid by', 'Shared by', 'Source'];

/**
 * One cell: a value a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first) gets a
 * leading single quote (OWASP's CSV injection advice); a cell holding a comma, quote or line break is
 * quoted with its quotes doubled.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function expensesCsv(expenses: TripExpenses): string {
  const name = (userId: string) => expenses.names.get(userId) ?? 'Former member';
  const digits = Math.round(Math.log10(expenses.scale));
  const rows = expenses.entries.map((entry) => [
    entry.spentOn,
    entry.description,
    entry.category,
    entry.amount.toFixed(2),
    entry.currency,
    (entry.minor / expenses.scale).toFixed(digits),
    expenses.currency,
    name(entry.paidBy),
    [...entry.sharedBy].sort().map(name).join('; '),
    entry.source,
  ]);
  return [CSV_HEADER, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
