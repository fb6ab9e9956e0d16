// Checkout rules shared by the API, the sandbox payment provider and the web client: who may fly as what
// (passenger types by age), and what makes a card number plausible (Luhn, brand, expiry). Pure functions.

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
