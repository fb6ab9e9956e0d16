// The sandbox's booking side: flight holds and stay reservations, persisted in PostgreSQL with enforced
// idempotency (see operations.ts). Releasing or cancelling something the sandbox never created is a
// no-op, so a compensation may run for a step whose outcome is unknown.
import { createHash } from 'node:crypto';
import { isIsoDate } from '../../contracts/primitives.js';
import { ageOn, ADULT_AGE, travelerGenders, travelerTitles, type OrderPassenger } from '../../domain/checkout.js';
import type { FlightOffer, Money, StayOffer } from '../../domain/trip.js';
import { SandboxOperationsProvider, SandboxOperationStore, SandboxRequestError, type JsonObject, type SandboxOperation } from './operations.js';

export interface FlightHold {
  holdId: string;
  offerId: string;
  passengers: number;
  price: Money;
  /** The hold lapses with the offer. */
  expiresAt: string;
  flights: string[];
  /** The airline's booking reference (record locator, six characters), as an order has it from its hold. Absent on holds made before it was issued. */
  bookingReference?: string;
}

export interface FlightHoldRelease {
  holdId: string;
  released: boolean;
  releaseId: string | null;
}

export interface StayReservation {
  reservationId: string;
  offerId: string;
  guests: number;
  hotel: string;
  checkIn: string;
  checkOut: string;
  price: Money;
  expiresAt: string;
  /** The hotel's confirmation number. Absent on reservations made before it was issued. */
  confirmationNumber?: string;
}

export interface StayCancellation {
  reservationId: string;
  cancelled: boolean;
  cancellationId: string | null;
}

/** What the booking saga needs from a provider that can hold and reserve inventory. */
export interface BookingProvider {
  readonly name: string;
  /**
   * Who flies: their details in the shape of Duffel's create-order `passengers[]`, or only how many when
   * no one is named yet (a booking an API key started; the traveler names them when approving).
   */
  holdFlight(offer: FlightOffer, passengers: number | readonly OrderPassenger[], idempotencyKey: string): Promise<FlightHold>;
  releaseFlightHold(holdId: string, idempotencyKey: string): Promise<FlightHoldRelease>;
  reserveStay(offer: StayOffer, guests: number, idempotencyKey: string): Promise<StayReservation>;
  cancelStay(reservationId: string, idempotencyKey: string): Promise<StayCancellation>;
  /** The operation a key was used for, if any (to compensate a step whose response was lost). */
  findOperation(idempotencyKey: string): Promise<SandboxOperation | null>;
  /** Makes an unused key unusable; returns the operation instead when the key was already used. */
  voidKey(idempotencyKey: string, reason: string): Promise<SandboxOperation | null>;
}

export class SandboxBookingProvider extends SandboxOperationsProvider implements BookingProvider {

  async holdFlight(offer: FlightOffer, party: number | readonly OrderPassenger[], idempotencyKey: string): Promise<FlightHold> {
    const passengers = typeof party === 'number' ? party : party.length;
    if (!Number.isInteger(passengers) || passengers < 1 || passengers > 9) throw new SandboxRequestError('passengers must be an integer from 1 to 9');
    if (!(offer.price.amount > 0)) throw new SandboxRequestError('the offer has no price');
    if (typeof party !== 'number') checkOrderPassengers(offer, party);
    const flights = [...offer.outbound, ...offer.inbound].map((segment) => `${segment.flightNumber}@${segment.departAt}`);
    // The airline keeps who flies; the sandbox's operation log (plain JSON in our database) keeps their ids
    // and names, and a digest of the rest so a retry with other details is still a different request.
    // (An unnamed hold's request is as it was before passengers were sent, so its retries still match.)
    const named: JsonObject = typeof party === 'number' ? {} : { named: party.map(({ id, type, given_name, family_name }) => ({ id, type, given_name, family_name })), namedDigest: digest(party) };
    const request = { offerId: offer.id, flights, cabinClass: offer.cabinClass, passengers, ...named, price: { ...offer.price } };
    const { operation } = await this.store.perform<FlightHold>('hold_flight', idempotencyKey, request, () => {
      const holdId = SandboxOperationStore.newReference('hold');
      return {
        reference: holdId,
        result: { holdId, offerId: offer.id, passengers, price: { ...offer.price }, expiresAt: offer.expiresAt, flights, bookingReference: recordLocator(holdId) },
      };
    });
    return operation.result;
  }

  async releaseFlightHold(holdId: string, idempotencyKey: string): Promise<FlightHoldRelease> {
    const hold = await this.store.findByReference('hold_flight', holdId);
    if (!hold) return { holdId, released: false, releaseId: null }; // unknown hold: nothing to release
    const { operation } = await this.store.perform<FlightHoldRelease>('release_flight_hold', idempotencyKey, { holdId }, () => {
      const releaseId = SandboxOperationStore.newReference('rel');
      return { reference: releaseId, targetReference: holdId, result: { holdId, released: true, releaseId } };
    });
    return operation.result;
  }

  async reserveStay(offer: StayOffer, guests: number, idempotencyKey: string): Promise<StayReservation> {
    if (!Number.isInteger(guests) || guests < 1 || guests > 36) throw new SandboxRequestError('guests must be an integer from 1 to 36');
    if (!(offer.totalPrice.amount > 0)) throw new SandboxRequestError('the offer has no price');
    const request = { offerId: offer.id, hotel: offer.name, checkIn: offer.checkIn, checkOut: offer.checkOut, guests, price: { ...offer.totalPrice } };
    const { operation } = await this.store.perform<StayReservation>('reserve_stay', idempotencyKey, request, () => {
      const reservationId = SandboxOperationStore.newReference('res');
      return {
        reference: reservationId,
        result: {
          reservationId,
          offerId: offer.id,
          guests,
          hotel: offer.name,
          checkIn: offer.checkIn,
          checkOut: offer.checkOut,
          price: { ...offer.totalPrice },
          expiresAt: offer.expiresAt,
          confirmationNumber: `${offer.cityCode}${createHash('sha256').update(reservationId).digest('hex').slice(0, 8).toUpperCase()}`,
        },
      };
    });
    return operation.result;
  }

  async cancelStay(reservationId: string, idempotencyKey: string): Promise<StayCancellation> {
    const reservation = await this.store.findByReference('reserve_stay', reservationId);
    if (!reservation) return { reservationId, cancelled: false, cancellationId: null };
    const { operation } = await this.store.perform<StayCancellation>('cancel_stay', idempotencyKey, { reservationId }, () => {
      const cancellationId = SandboxOperationStore.newReference('cxl');
      return { reference: cancellationId, targetReference: reservationId, result: { reservationId, cancelled: true, cancellationId } };
    });
    return operation.result;
  }
}

/** Airline record locators: six characters without the easily confused 0/O and 1/I. */
const LOCATOR_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** The sandbox airline's record locator for a hold (stable for the hold). */
export function recordLocator(holdId: string): string {
  const digest = createHash('sha256').update(holdId).digest();
  return Array.from(digest.subarray(0, 6), (byte) => LOCATOR_ALPHABET[byte % LOCATOR_ALPHABET.length]).join('');
}

/**
 * What Duffel's create-order API checks of `passengers[]`, so a hold the sandbox takes would be taken there:
 * each of the offer's passenger ids once (any ids when the offer lists none), a title and gender Duffel
 * knows, names, a past birth date that makes the passenger the type they are on departure, an email and an
 * E.164 phone number. Throws SandboxRequestError naming the passenger and field.
 */
export function checkOrderPassengers(offer: FlightOffer, passengers: readonly OrderPassenger[]): void {
  const departure = offer.outbound[0]?.departAt.slice(0, 10) ?? '';
  const offered = offer.passengers ? new Map(offer.passengers.map((passenger) => [passenger.id, passenger.type])) : null;
  const seen = new Set<string>();
  const problems: string[] = [];
  passengers.forEach((passenger, index) => {
    const at = (field: string, reason: string) => problems.push(`passengers[${index}].${field} ${reason}`);
    if (!passenger.id || seen.has(passenger.id)) at('id', 'must name each passenger once');
    else if (offered && !offered.has(passenger.id)) at('id', `is not a passenger of offer ${offer.id}`);
    seen.add(passenger.id);
    if (!(travelerTitles as readonly string[]).includes(passenger.title)) at('title', `must be one of ${travelerTitles.join(', ')}`);
    if (!(travelerGenders as readonly string[]).includes(passenger.gender)) at('gender', `must be one of ${travelerGenders.join(', ')}`);
    for (const field of ['given_name', 'family_name'] as const) if (!passenger[field]?.trim()) at(field, 'is required');
    if (!/^\+[1-9]\d{6,14}$/.test(passenger.phone_number ?? '')) at('phone_number', 'must be an E.164 number');
    if (!/^[^@\s]+@[^@\s]+$/.test(passenger.email ?? '')) at('email', 'must be an email address');
    const bornOn = isIsoDate(passenger.born_on) ? passenger.born_on : null;
    if (!bornOn || (departure && bornOn > departure)) at('born_on', 'must be a date before departure');
    else if (departure) {
      const type = ageOn(bornOn, departure) >= ADULT_AGE ? 'adult' : 'child';
      if (type !== passenger.type || (offered && offered.get(passenger.id) && offered.get(passenger.id) !== type)) at('type', `is ${passenger.type}, but born on ${bornOn} makes them ${type === 'adult' ? 'an adult' : 'a child'} on departure`);
    }
  });
  if (offered && passengers.length !== offered.size) problems.push(`the offer is for ${offered.size} passengers, not ${passengers.length}`);
  if (problems.length > 0) throw new SandboxRequestError(problems.join('; '));
}

function digest(passengers: readonly OrderPassenger[]): string {
  return createHash('sha256').update(JSON.stringify(passengers)).digest('hex');
}
