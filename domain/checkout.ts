// Checkout rules shared by the API, the sandbox payment provider and the web client: who may fly as what
// (passenger types by age), and what makes a card number plausible (Luhn, brand, expiry). Pure functions.
import type { FlightOffer, StayOffer } from './trip.js';

/** Duffel's passenger titles and genders (an order's passengers need both). */
export const travelerTitles = ['mr', 'ms', 'mrs', 'miss', 'dr'] as const;
export const travelerGenders = ['f', 'm'] as const;
export type TravelerTitle = (typeof travelerTitles)[number];
export type TravelerGender = (typeof travelerGenders)[number];

/** A saved traveler's details: what an airline order needs for a passenger (Duffel `passengers[]`). */
export interface TravelerDetails {
  title: TravelerTitle;
  gender: TravelerGender;
  /** As on the passport. */
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD. */
  bornOn: string;
  email: string;
  /** E.164, e.g. +351912345678. */
  phoneNumber: string;
}

/** Adults are 18 or older on the day they travel (Duffel's adult type); younger travelers are children. */
export const ADULT_AGE = 18;

/** Age in whole years on `on` (both YYYY-MM-DD). */
export function ageOn(bornOn: string, on: string): number {
  const [by, bm, bd] = bornOn.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The date a booking's travelers travel (passenger types are by age on it): the flight's departure, else check-in. */
export function travelDateOf(offers: { flight: FlightOffer | null; stay: StayOffer | null }, today: Date = new Date()): string {
  return offers.flight?.outbound[0]?.departAt.slice(0, 10) ?? offers.stay?.checkIn ?? today.toISOString().slice(0, 10);
}

export function passengerType(bornOn: string, travelDate: string): 'adult' | 'child' {
  return ageOn(bornOn, travelDate) >= ADULT_AGE ? 'adult' : 'child';
}

/** Luhn checksum of a string of digits. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}

export const cardBrands = ['visa', 'mastercard', 'amex', 'discover', 'unknown'] as const;
export type CardBrand = (typeof cardBrands)[number];

export function cardBrandOf(digits: string): CardBrand {
  if (/^4/.test(digits)) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^6(011|5)/.test(digits)) return 'discover';
  return 'unknown';
}

/** The digits of a card number as typed (spaces and dashes allowed between groups). */
export const cardDigits = (number: string): string => number.replace(/[\s-]/g, '');

/** True when the card's expiry month (MM/YYYY) has not ended by `now`. */
export function expiryInFuture(month: number, year: number, now: Date): boolean {
  return year > now.getUTCFullYear() || (year === now.getUTCFullYear() && month >= now.getUTCMonth() + 1);
}

/** A card as the traveler types it. */
export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

/** A card problem, by field, as the API reports it (422). */
export interface CardProblem {
  field: 'number' | 'expMonth' | 'expYear' | 'cvc';
  reason: string;
}

/** What is wrong with a card: digits and Luhn, expiry (not before this month), CVC length for the brand. */
export function cardProblems(card: CardInput, now: Date): CardProblem[] {
  const digits = cardDigits(card.number);
  const problems: CardProblem[] = [];
  if (!/^\d{12,19}$/.test(digits)) problems.push({ field: 'number', reason: 'must be 12 to 19 digits' });
  else if (!passesLuhn(digits)) problems.push({ field: 'number', reason: 'is not a valid card number (check the digits)' });
  if (!expiryInFuture(card.expMonth, card.expYear, now)) problems.push({ field: 'expYear', reason: 'the card has expired' });
  const cvcLength = cardBrandOf(digits) === 'amex' ? 4 : 3;
  if (!(card.cvc.length === cvcLength && /^\d+$/.test(card.cvc))) problems.push({ field: 'cvc', reason: `must be ${cvcLength} digits` });
  return problems;
}

/** What a booking keeps of the card it was paid with: never the number. */
export interface StoredPaymentMethod {
  brand: CardBrand;
  last4: string;
  expMonth: number;
  expYear: number;
  /** The payment provider's token for the card (the sandbox's `tok_…`). */
  token: string;
}

/** A passenger of an offer, as the provider's offer request made it (Duffel's `offer.passengers[]`). */
export interface OfferPassenger {
  id: string;
  type: 'adult' | 'child';
}

/**
 * A passenger of an airline order in the shape of Duffel's create-order API (`data.passengers[]`): the
 * offer's passenger id and the traveler's details. Only the booking activity builds these, from the
 * saved (encrypted) travelers; they never enter workflow state.
 */
export interface OrderPassenger {
  id: string;
  type: 'adult' | 'child';
  title: TravelerTitle;
  gender: TravelerGender;
  given_name: string;
  family_name: string;
  born_on: string;
  email: string;
  phone_number: string;
}

/**
 * The travelers as the order's passengers, each on one of the offer's passenger ids of their type (adults
 * by age on `travelDate`), in the travelers' order. An offer that lists no passengers (the sandbox's) has
 * its ids numbered. Null when the travelers do not fit the offer's passengers (other counts or types).
 */
export function orderPassengers(offerPassengers: readonly OfferPassenger[] | undefined, travelers: readonly TravelerDetails[], travelDate: string): OrderPassenger[] | null {
  const typed = travelers.map((traveler) => ({ traveler, type: passengerType(traveler.bornOn, travelDate) }));
  const slots = offerPassengers ?? typed.map(({ type }, index) => ({ id: `passenger_${index + 1}`, type }));
  if (slots.length !== travelers.length) return null;
  const free = [...slots];
  const passengers: OrderPassenger[] = [];
  for (const { traveler, type } of typed) {
    const index = free.findIndex((slot) => slot.type === type);
    if (index < 0) return null;
    const [slot] = free.splice(index, 1);
    passengers.push({
      id: slot!.id,
      type,
      title: traveler.title,
      gender: traveler.gender,
      given_name: traveler.givenName,
      family_name: traveler.familyName,
      born_on: traveler.bornOn,
      email: traveler.email,
      phone_number: traveler.phoneNumber,
    });
  }
  return passengers;
}

/** The names a booking keeps of who it was booked for (never birth dates or contact details). */
export interface BookedPassengerName {
  givenName: string;
  familyName: string;
  type: 'adult' | 'child';
}
