// Booking saga activities: re-pricing against the offer providers, the external mutations (holds,
// reservations, payments — each with the idempotency key the workflow made) and their compensations,
// and the Booking/BookingItem rows and 'booking.status' trip events that record every step.
// A retried activity never repeats a side effect: providers dedupe by key, rows are keyed, events too.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { describeFlight, type BookingStatus, type BookingStep, type BookingTravelers } from '../domain/booking.js';
import type { FlightOffer, Money, StayOffer } from '../domain/trip.js';
import type { PrismaClient } from '../infra/db.js';
import type { Logger } from '../infra/logger.js';
import type { TripEventLog } from '../infra/tripEvents.js';
import type { BookingProvider } from '../providers/sandbox/booking.js';
import { PaymentDeclinedError, type PaymentProvider } from '../providers/sandbox/payments.js';
import { orderPassengers, passengerType, travelDateOf, type BookedPassengerName, type OrderPassenger, type StoredPaymentMethod } from '../domain/checkout.js';
import type { EncryptionKeys } from '../infra/credentials.js';
import { loadTravelers } from '../infra/travelers.js';
import { withHeartbeat } from './heartbeat.js';
import { snapshotConverter } from '../providers/fx.js';
import type { CurrencyConverter } from '../providers/types.js';
import type { FlightProvider, StayProvider } from '../providers/types.js';
import { roundToCents } from '../contracts/primitives.js';

/** Offer providers whose clock is the caller's (the sandbox prices by time; real providers ignore it). */
export type OffersAt = (at: Date) => { flights: FlightProvider; stays: StayProvider };

/**
 * Test-only failure injection, passed through the activity deps (never a global): `before` runs before a
 * step's side effect, `after` once it took effect but before the activity returns (a lost response).
 * Throwing fails the attempt; throw ApplicationFailure.nonRetryable to fail the step at once.
 */
export interface BookingFailureHooks {
  before?(step: BookingStep, context: StepContext): void | Promise<void>;
  after?(step: BookingStep, context: StepContext): void | Promise<void>;
  /** Runs before a status is recorded (a slow database write, say). */
  recordingStatus?(status: BookingStatus, context: { bookingId: string }): void | Promise<void>;
}

export interface StepContext {
  bookingId: string;
  idempotencyKey: string;
  attempt: number;
}

export interface BookingDeps {
  prisma: PrismaClient;
  events: TripEventLog;
  logger: Logger;
  offersAt: OffersAt;
  booking: BookingProvider;
  payments: PaymentProvider;
  /** Open the saved travelers a booking names (the credential keys): their details go to the airline, not into the workflow. */
  keys: EncryptionKeys;
  /** Exchange rates for offers quoted in another currency than the trip's (the bundled snapshot by default). */
  fx?: CurrencyConverter;
  failures?: BookingFailureHooks;
}

interface StepRef {
  bookingId: string;
  tripId: string;
  idempotencyKey: string;
}

export interface CompensationResult {
  outcome: 'undone' | 'nothing';
  reference: string | null;
}

/** Steps heartbeat every second; a provider's refusal keeps its class as the failure type (the saga's BUSINESS_FAILURES). */
const HEARTBEATS = { everyMs: 1_000, providerErrors: 'byClass' } as const;

export function createBookingActivities(deps: BookingDeps) {
  const { prisma, events, booking, payments, failures } = deps;
  const fx = deps.fx ?? snapshotConverter;

  /** Runs one step with its hooks, heartbeats and error mapping, and appends its 'done' event. */
  async function step<T>(name: BookingStep, ref: StepRef, run: () => Promise<T>, describe: (result: T) => Record<string, unknown>): Promise<T> {
    const context: StepContext = { bookingId: ref.bookingId, idempotencyKey: ref.idempotencyKey, attempt: Context.current().info.attempt };
    await failures?.before?.(name, context);
    // Heartbeats cover the event write too: a slow database is not a dead worker.
    const result = await withHeartbeat(
      (async () => {
        const done = await run();
        await events.append(ref.tripId, {
          key: `${ref.idempotencyKey}:done`,
          type: 'booking.status',
          payload: { bookingId: ref.bookingId, step: name, stepStatus: 'done', idempotencyKey: ref.idempotencyKey, ...describe(done) },
        });
        return done;
      })(),
      HEARTBEATS,
    );
    await failures?.after?.(name, context);
    return result;
  }

  async function setItem(idempotencyKey: string, data: { bookingId: string; kind: 'flight' | 'stay' | 'payment'; status: 'held' | 'confirmed'; providerReference: string; amount: Money; details: Record<string, string | number | null> }) {
    await prisma.bookingItem.createMany({
      data: [{ bookingId: data.bookingId, kind: data.kind, status: data.status, provider: 'sandbox', providerReference: data.providerReference, idempotencyKey, amount: data.amount.amount, currency: data.amount.currency, details: data.details }],
      skipDuplicates: true,
    });
  }

  /**
   * Who flies, for the airline's order: the travelers the booking names, read here (decrypted for this call
   * only) so the workflow carries no more than their number. A booking not yet naming anyone (started by an
   * API key) holds by count. A named traveler deleted since, or travelers who no longer fit the offer, fail
   * the step: the airline must not get a different party than the one approved.
   */
  async function passengersFor(bookingId: string, offer: FlightOffer, count: number): Promise<number | OrderPassenger[]> {
    const row = await prisma.booking.findUnique({ where: { id: bookingId }, select: { userId: true, travelerIds: true } });
    if (!row || row.travelerIds.length === 0) return count;
    const travelers = await loadTravelers(prisma, deps.keys, row.userId, row.travelerIds);
    if (travelers.length !== row.travelerIds.length) throw ApplicationFailure.nonRetryable('A traveler named for this booking was deleted before the flight was held: book again naming saved travelers.', 'TravelerMissing');
    const passengers = orderPassengers(offer.passengers, travelers, travelDateOf({ flight: offer, stay: null }));
    if (!passengers || passengers.length !== count) throw ApplicationFailure.nonRetryable(`The travelers named do not fit the flight's ${count} passengers (adults are 18 or older on departure): book again naming them.`, 'TravelersMismatch');
    return passengers;
  }

  /**
   * The names the booking is made for, kept on its row so it still says who travels once a traveler is
   * deleted (the row only references them). Names and passenger types only. Null when it names no one.
   */
  async function bookedPassengersOf(bookingId: string): Promise<(BookedPassengerName & { id: string })[] | null> {
    const row = await prisma.booking.findUnique({ where: { id: bookingId }, select: { userId: true, travelerIds: true, offerSnapshot: true } });
    if (!row || row.travelerIds.length === 0) return null;
    const travelDate = travelDateOf({ flight: null, stay: null, ...(row.offerSnapshot as { flight?: FlightOffer | null; stay?: StayOffer | null }) });
    const travelers = await loadTravelers(prisma, deps.keys, row.userId, row.travelerIds);
    return travelers.map((traveler) => ({ id: traveler.id, givenName: traveler.givenName, familyName: traveler.familyName, type: passengerType(traveler.bornOn, travelDate) }));
  }

  return {
    /**
     * Re-prices the offers at `at` (the workflow's time): the same flights / the same hotel and dates must
     * still be offered, at most `tolerancePercent` dearer. Returns the fresh offers (new ids, prices, expiry).
     */
    async validateBookingOffers(input: StepRef & { flight: FlightOffer | null; stay: StayOffer | null; travelers: Required<BookingTravelers>; tolerancePercent: number; at: string }) {
      const providers = deps.offersAt(new Date(input.at));
      return step(
        'validate',
        input,
        async () => ({
          flight: input.flight ? await repriceFlight(providers.flights, fx, input.flight, input.travelers, input.tolerancePercent) : null,
          stay: input.stay ? await repriceStay(providers.stays, fx, input.stay, input.travelers, input.tolerancePercent) : null,
        }),
        (offers) => ({ flightPrice: offers.flight?.price ?? null, stayPrice: offers.stay?.totalPrice ?? null }),
      );
    },

    async holdFlight(input: StepRef & { offer: FlightOffer; passengers: number }) {
      return step(
        'hold-flight',
        input,
        async () => {
          const hold = await booking.holdFlight(asQuotedByProvider(input.offer), await passengersFor(input.bookingId, input.offer, input.passengers), input.idempotencyKey);
          await setItem(input.idempotencyKey, { bookingId: input.bookingId, kind: 'flight', status: 'held', providerReference: hold.holdId, amount: hold.price, details: { offerId: hold.offerId, expiresAt: hold.expiresAt, flights: hold.flights.join(' '), bookingReference: hold.bookingReference ?? null } });
          return hold;
        },
        (hold) => ({ holdId: hold.holdId, price: hold.price }),
      );
    },

    async releaseFlightHold(input: StepRef & { holdKey: string }): Promise<CompensationResult> {
      return step(
        'release-flight-hold',
        input,
        async () => {
          const hold = await booking.findOperation(input.holdKey) ?? (await booking.voidKey(input.holdKey, 'compensated before it took effect'));
          if (!hold || hold.kind !== 'hold_flight') return { outcome: 'nothing', reference: null } satisfies CompensationResult;
          const released = await booking.releaseFlightHold(hold.reference, input.idempotencyKey);
          await prisma.bookingItem.updateMany({ where: { idempotencyKey: input.holdKey }, data: { status: 'released' } });
          return { outcome: 'undone', reference: released.releaseId } satisfies CompensationResult;
        },
        (result) => ({ ...result }),
      );
    },

    async reserveStay(input: StepRef & { offer: StayOffer; guests: number }) {
      return step(
        'reserve-stay',
        input,
        async () => {
          const reservation = await booking.reserveStay(asQuotedByStayProvider(input.offer), input.guests, input.idempotencyKey);
          await setItem(input.idempotencyKey, { bookingId: input.bookingId, kind: 'stay', status: 'held', providerReference: reservation.reservationId, amount: reservation.price, details: { offerId: reservation.offerId, hotel: reservation.hotel, checkIn: reservation.checkIn, checkOut: reservation.checkOut, confirmationNumber: reservation.confirmationNumber ?? null } });
          return reservation;
        },
        (reservation) => ({ reservationId: reservation.reservationId, price: reservation.price }),
      );
    },

    async cancelStay(input: StepRef & { reservationKey: string }): Promise<CompensationResult> {
      return step(
        'cancel-stay',
        input,
        async () => {
          const reservation = await booking.findOperation(input.reservationKey) ?? (await booking.voidKey(input.reservationKey, 'compensated before it took effect'));
          if (!reservation || reservation.kind !== 'reserve_stay') return { outcome: 'nothing', reference: null } satisfies CompensationResult;
          const cancelled = await booking.cancelStay(reservation.reference, input.idempotencyKey);
          await prisma.bookingItem.updateMany({ where: { idempotencyKey: input.reservationKey }, data: { status: 'released' } });
          return { outcome: 'undone', reference: cancelled.cancellationId } satisfies CompensationResult;
        },
        (result) => ({ ...result }),
      );
    },

    async chargePayment(input: StepRef & { amount: Money; description: string }) {
      return step(
        'charge',
        input,
        async () => {
          // The card the traveler approved with (the approve route stores its token on the booking before the
          // decision reaches the saga). A booking approved without one — decided before checkout took cards —
          // is charged as it always was.
          const row = await prisma.booking.findUnique({ where: { id: input.bookingId }, select: { paymentMethod: true } });
          const card = row?.paymentMethod as StoredPaymentMethod | null | undefined;
          const charge = await payments
            .charge({ amount: input.amount.amount, currency: input.amount.currency, description: input.description, ...(card && { paymentToken: card.token }) }, input.idempotencyKey)
            .catch((error: unknown) => {
              // The traveler reads this message as the booking's failure reason (domain/stepFailures.ts).
              if (error instanceof PaymentDeclinedError) throw ApplicationFailure.create({ type: 'PaymentDeclined', message: error.travelerMessage, nonRetryable: true, details: [{ code: error.code }] });
              throw error;
            });
          await setItem(input.idempotencyKey, { bookingId: input.bookingId, kind: 'payment', status: 'confirmed', providerReference: charge.chargeId, amount: charge.amount, details: { description: charge.description, ...(card && { brand: card.brand, last4: card.last4 }) } });
          return charge;
        },
        (charge) => ({ chargeId: charge.chargeId, amount: charge.amount }),
      );
    },

    async refundPayment(input: StepRef & { chargeKey: string }): Promise<CompensationResult & { amount: Money | null }> {
      return step(
        'refund',
        input,
        async () => {
          const charge = await payments.findOperation(input.chargeKey) ?? (await payments.voidKey(input.chargeKey, 'compensated before it took effect'));
          if (!charge || charge.kind !== 'charge') return { outcome: 'nothing' as const, reference: null, amount: null };
          const refund = await payments.refund(charge.reference, input.idempotencyKey);
          await prisma.bookingItem.updateMany({ where: { idempotencyKey: input.chargeKey }, data: { status: 'refunded' } });
          return { outcome: 'undone' as const, reference: refund.refundId, amount: refund.amount };
        },
        (result) => ({ ...result }),
      );
    },

    /** The pivot: the booking is confirmed once this returns; a failure here still compensates everything. */
    async confirmBooking(input: StepRef) {
      return step(
        'confirm',
        input,
        async () => {
          const bookedPassengers = await bookedPassengersOf(input.bookingId);
          await prisma.$transaction([
            prisma.bookingItem.updateMany({ where: { bookingId: input.bookingId, kind: { in: ['flight', 'stay'] }, status: 'held' }, data: { status: 'confirmed' } }),
            prisma.booking.update({ where: { id: input.bookingId }, data: { status: 'confirmed', ...(bookedPassengers && { bookedPassengers: bookedPassengers as unknown as object }) } }),
          ]);
          return { confirmed: true };
        },
        () => ({}),
      );
    },

    /** Projects the workflow's status onto the Booking row (created on first call) and the trip's event log. */
    async recordBookingStatus(input: {
      bookingId: string;
      tripId: string;
      userId: string;
      workflowId: string;
      eventKey: string;
      status: BookingStatus;
      total: Money | null;
      snapshot: { flight: FlightOffer | null; stay: StayOffer | null };
      failureReason: string | null;
      detail: Record<string, string | number | boolean | null>;
    }): Promise<number> {
      await failures?.recordingStatus?.(input.status, { bookingId: input.bookingId });
      const columns = {
        status: input.status,
        totalAmount: input.total?.amount ?? 0,
        currency: input.total?.currency ?? 'EUR',
        offerSnapshot: JSON.parse(JSON.stringify(input.snapshot)) as object,
        failureReason: input.failureReason,
      };
      await prisma.booking.upsert({
        where: { id: input.bookingId },
        create: { id: input.bookingId, tripId: input.tripId, userId: input.userId, workflowId: input.workflowId, idempotencyKey: input.bookingId, ...columns },
        update: columns,
      });
      const event = await events.append(input.tripId, {
        key: input.eventKey,
        type: 'booking.status',
        payload: { bookingId: input.bookingId, status: input.status, total: input.total, failureReason: input.failureReason, ...input.detail },
      });
      if (input.status !== 'pending_approval') return event.seq;
      // Awaiting the traveler: also a `proposal` event, what clients show with its countdown.
      const proposal = await events.append(input.tripId, {
        key: `${input.eventKey}:proposal`,
        type: 'proposal',
        payload: {
          bookingId: input.bookingId,
          flightOfferId: input.snapshot.flight?.id ?? null,
          stayOfferId: input.snapshot.stay?.id ?? null,
          total: input.total,
          approvalDeadline: input.detail.approvalDeadline ?? null,
        },
      });
      return proposal.seq;
    },
  };
}

export type BookingActivities = ReturnType<typeof createBookingActivities>;

/** Flights are the same when the same flight numbers leave at the same local times in the same cabin. */
export function flightIdentity(offer: FlightOffer): string {
  return `${offer.cabinClass}|${[...offer.outbound, ...offer.inbound].map((segment) => `${segment.flightNumber}@${segment.departAt}`).join('+')}`;
}

// Currencies: the traveler approves and is charged in the trip's currency (the plan's offers were converted
// into it); providers are held/reserved at their own quote (`originalPrice`), which is what they are paid.
// Re-pricing compares provider quotes with provider quotes, so a moving exchange rate never fails a booking
// on its own; the fresh quote is converted into the trip's currency again (today's rate).

/** The offer at the provider's own price, for the provider call. */
function asQuotedByProvider(offer: FlightOffer): FlightOffer {
  return offer.originalPrice ? { ...offer, price: offer.originalPrice } : offer;
}

function asQuotedByStayProvider(offer: StayOffer): StayOffer {
  if (!offer.originalPrice) return offer;
  return { ...offer, totalPrice: offer.originalPrice, pricePerNight: { amount: roundToCents(offer.originalPrice.amount / Math.max(1, offer.nights)), currency: offer.originalPrice.currency } };
}

/** A fresh provider quote in the currency the traveler approved (`approved`), keeping the quote. */
async function inApprovedCurrency(fx: CurrencyConverter, quote: Money, approved: string): Promise<{ price: Money; originalPrice?: Money; fxRateDate?: string }> {
  if (quote.currency === approved) return { price: quote };
  const converted = await fx.convert(quote, approved).catch((error: unknown) => {
    throw ApplicationFailure.nonRetryable(`cannot convert ${quote.currency} into ${approved}: ${error instanceof Error ? error.message : String(error)}`, 'OfferChanged');
  });
  return { price: converted.money, originalPrice: quote, ...(converted.rateDate && { fxRateDate: converted.rateDate }) };
}

async function repriceFlight(provider: FlightProvider, fx: CurrencyConverter, offer: FlightOffer, travelers: Required<BookingTravelers>, tolerancePercent: number): Promise<FlightOffer> {
  const first = offer.outbound[0];
  const last = offer.outbound.at(-1);
  if (!first || !last) throw ApplicationFailure.nonRetryable('the flight offer has no outbound segments', 'OfferUnavailable');
  const offers = await provider.searchFlights({
    origin: first.origin,
    destination: last.destination,
    departDate: first.departAt.slice(0, 10),
    returnDate: offer.inbound[0]?.departAt.slice(0, 10) ?? null,
    adults: travelers.adults,
    children: travelers.children,
    cabinClass: offer.cabinClass,
  });
  const identity = flightIdentity(offer);
  const current = offers.find((candidate) => flightIdentity(candidate) === identity);
  if (!current) throw ApplicationFailure.nonRetryable(`flight ${describeFlight(offer)} is no longer offered`, 'OfferUnavailable');
  checkPrice(`flight ${describeFlight(offer)}`, offer.originalPrice ?? offer.price, current.price, tolerancePercent);
  const { originalPrice: _stale, fxRateDate: _staleDate, ...fresh } = current;
  return { ...fresh, ...(await inApprovedCurrency(fx, current.price, offer.price.currency)) };
}

async function repriceStay(provider: StayProvider, fx: CurrencyConverter, offer: StayOffer, travelers: Required<BookingTravelers>, tolerancePercent: number): Promise<StayOffer> {
  const quoted = offer.originalPrice ?? offer.totalPrice;
  const offers = await provider.searchStays({
    cityCode: offer.cityCode,
    latitude: offer.latitude,
    longitude: offer.longitude,
    checkIn: offer.checkIn,
    checkOut: offer.checkOut,
    adults: travelers.adults,
    children: travelers.children,
    rooms: travelers.rooms,
    // Asked in the currency it was first quoted in (the sandbox quotes where it is asked, like a point of sale).
    currency: quoted.currency,
  });
  const current = offers.find((candidate) => candidate.name === offer.name && candidate.checkIn === offer.checkIn && candidate.checkOut === offer.checkOut);
  if (!current) throw ApplicationFailure.nonRetryable(`${offer.name} is no longer available for ${offer.checkIn}–${offer.checkOut}`, 'OfferUnavailable');
  // Searched around the hotel itself, so the fresh result's distance to "the centre" is to the hotel: the
  // booked hotel keeps where it was offered and its facts measured from the city centre.
  const { distanceToCentreKm: _fromHotel, neighbourhood: _nearHotel, ...fresh } = current;
  const repriced: StayOffer = {
    ...fresh,
    latitude: offer.latitude,
    longitude: offer.longitude,
    ...(offer.distanceToCentreKm !== undefined && { distanceToCentreKm: offer.distanceToCentreKm }),
    ...(offer.neighbourhood !== undefined && { neighbourhood: offer.neighbourhood }),
  };
  checkPrice(offer.name, quoted, repriced.totalPrice, tolerancePercent);
  const approved = await inApprovedCurrency(fx, repriced.totalPrice, offer.totalPrice.currency);
  if (!approved.originalPrice) return repriced;
  const perNight = { amount: roundToCents(approved.price.amount / Math.max(1, repriced.nights)), currency: approved.price.currency };
  return { ...repriced, totalPrice: approved.price, pricePerNight: perNight, originalPrice: approved.originalPrice, ...(approved.fxRateDate && { fxRateDate: approved.fxRateDate }) };
}

function checkPrice(what: string, before: Money, now: Money, tolerancePercent: number): void {
  if (before.currency !== now.currency) throw ApplicationFailure.nonRetryable(`${what} is now priced in ${now.currency}, not ${before.currency}`, 'OfferChanged');
  const limit = before.amount * (1 + tolerancePercent / 100);
  if (now.amount > limit + 0.005) {
    const percent = ((now.amount / before.amount - 1) * 100).toFixed(1);
    throw ApplicationFailure.create({
      type: 'PriceIncreased',
      nonRetryable: true,
      message: `${what} costs ${now.amount} ${now.currency} now, ${percent} % more than ${before.amount} (tolerance ${tolerancePercent} %)`,
      details: [{ before, now }],
    });
  }
}

