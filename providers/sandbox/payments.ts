// The sandbox payment provider: Stripe-like charges and refunds with enforced idempotency (operations.ts).
// A refund always refunds the whole charge, once; refunding an unknown charge is a no-op.
//
// Cards: Stripe's test numbers. A card is tokenized first (never stored: the token carries brand, last4
// and how the test card behaves, like Stripe's tok_visa / tok_chargeDeclined); a charge with a token of a
// declining test card fails with PaymentDeclined and takes nothing.
//   4242 4242 4242 4242  succeeds          4000 0000 0000 0002  declined: card_declined
//   4000 0000 0000 9995  declined: insufficient_funds        any other valid (Luhn) number succeeds
import { randomBytes } from 'node:crypto';
import { cardBrandOf, cardDigits, cardProblems, type CardBrand, type CardInput } from '../../domain/checkout.js';
import type { Money } from '../../domain/trip.js';
import { ProviderError } from '../types.js';
import { SANDBOX_PROVIDER_NAME } from './common.js';
import { SandboxOperationsProvider, SandboxOperationStore, SandboxRequestError, type SandboxOperation } from './operations.js';

export interface ChargeRequest {
  amount: number;
  currency: string;
  description: string;
  /** A token from tokenizeTestCard. Omitted: the sandbox account's balance pays (bookings approved before checkout took cards). */
  paymentToken?: string;
}

/** Why a test card declines (Stripe's decline codes). */
export const declineCodes = ['card_declined', 'insufficient_funds'] as const;
export type DeclineCode = (typeof declineCodes)[number];

const DECLINING_TEST_CARDS: Record<string, DeclineCode> = {
  '4000000000000002': 'card_declined',
  '4000000000009995': 'insufficient_funds',
};

const DECLINE_TEXT: Record<DeclineCode, string> = {
  card_declined: 'your bank declined the card',
  insufficient_funds: 'the card has insufficient funds',
};

/**
 * A declined charge. Its message is written for the traveler (the booking shows it as the reason): it
 * names the card by its last four digits and says what happened to the rest of the booking.
 */
export class PaymentDeclinedError extends ProviderError {
  constructor(
    readonly code: DeclineCode,
    last4: string,
  ) {
    super(SANDBOX_PROVIDER_NAME, `The payment was declined: ${DECLINE_TEXT[code]} (${code}, card ending ${last4}). Nothing was charged and everything held was released: book again with another card.`, false, 402);
    // A traveler-facing failure type (domain/stepFailures.ts): the booking shows this message as its reason.
    this.name = 'PaymentDeclined';
  }

  /** The message without the provider prefix ProviderError adds. */
  get travelerMessage(): string {
    return this.message.slice(`${SANDBOX_PROVIDER_NAME}: `.length);
  }
}

export interface CardToken {
  token: string;
  brand: CardBrand;
  last4: string;
  expMonth: number;
  expYear: number;
}

/**
 * Tokenizes a valid card (check cardProblems first): the number is dropped here, the token keeps only
 * how the sandbox charges it. Throws SandboxRequestError for an invalid card.
 */
export function tokenizeTestCard(card: CardInput, now: Date): CardToken {
  const problem = cardProblems(card, now)[0];
  if (problem) throw new SandboxRequestError(`${problem.field} ${problem.reason}`);
  const digits = cardDigits(card.number);
  const behaviour = DECLINING_TEST_CARDS[digits] ?? 'ok';
  const last4 = digits.slice(-4);
  return { token: `tok_sandbox_${behaviour}_${last4}_${randomBytes(9).toString('base64url')}`, brand: cardBrandOf(digits), last4, expMonth: card.expMonth, expYear: card.expYear };
}

const TOKEN = /^tok_sandbox_(ok|card_declined|insufficient_funds)_(\d{4})_[\w-]{12}$/;

export interface Charge {
  chargeId: string;
  amount: Money;
  description: string;
  status: 'succeeded';
}

export interface Refund {
  chargeId: string;
  refunded: boolean;
  refundId: string | null;
  amount: Money | null;
}

export interface PaymentProvider {
  readonly name: string;
  charge(request: ChargeRequest, idempotencyKey: string): Promise<Charge>;
  refund(chargeId: string, idempotencyKey: string): Promise<Refund>;
  findOperation(idempotencyKey: string): Promise<SandboxOperation | null>;
  voidKey(idempotencyKey: string, reason: string): Promise<SandboxOperation | null>;
}

/** Largest single charge the sandbox accepts (a typo guard, like a card limit). */
const MAX_CHARGE = 1_000_000;

export class SandboxPaymentProvider extends SandboxOperationsProvider implements PaymentProvider {

  async charge(request: ChargeRequest, idempotencyKey: string): Promise<Charge> {
    const { amount, currency, description, paymentToken } = request;
    if (paymentToken !== undefined) {
      const token = TOKEN.exec(paymentToken);
      if (!token) throw new SandboxRequestError('paymentToken is not a sandbox card token');
      const [, behaviour, last4 = ''] = token;
      // A decline takes nothing and records nothing: the key stays unused (a compensation voids it).
      if (behaviour !== 'ok') throw new PaymentDeclinedError(behaviour as DeclineCode, last4);
    }
    if (!Number.isFinite(amount) || amount <= 0 || amount > MAX_CHARGE) throw new SandboxRequestError(`amount must be a positive number up to ${MAX_CHARGE}`);
    if (Math.round(amount * 100) / 100 !== amount) throw new SandboxRequestError('amount must have at most two decimals');
    if (!/^[A-Z]{3}$/.test(currency)) throw new SandboxRequestError('currency must be an ISO 4217 code such as EUR');
    if (typeof description !== 'string' || description.length > 500) throw new SandboxRequestError('description must be at most 500 characters');
    const { operation } = await this.store.perform<Charge>('charge', idempotencyKey, { amount, currency, description }, () => {
      const chargeId = SandboxOperationStore.newReference('ch');
      return { reference: chargeId, result: { chargeId, amount: { amount, currency }, description, status: 'succeeded' } };
    });
    return operation.result;
  }

  async refund(chargeId: string, idempotencyKey: string): Promise<Refund> {
    const charge = await this.store.findByReference('charge', chargeId);
    if (!charge) return { chargeId, refunded: false, refundId: null, amount: null };
    const amount = (charge.result as unknown as Charge).amount;
    const { operation } = await this.store.perform<Refund>('refund', idempotencyKey, { chargeId }, () => {
      const refundId = SandboxOperationStore.newReference('re');
      return { reference: refundId, targetReference: chargeId, result: { chargeId, refunded: true, refundId, amount } };
    });
    return operation.result;
  }
}
