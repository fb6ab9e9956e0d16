// The sandbox payment provider: Stripe-like charges and refunds with enforced idempotency (operations.ts).
// A refund always refunds the whole charge, once; refunding an unknown charge is a no-op.
import type { Money } from '../../domain/trip.js';
import { SandboxOperationStore, SandboxRequestError, type SandboxOperation } from './operations.js';

export interface ChargeRequest {
  amount: number;
  currency: string;
  description: string;
}

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

export class SandboxPaymentProvider implements PaymentProvider {
  readonly name = 'sandbox';

  constructor(private readonly store: SandboxOperationStore) {}

  async charge(request: ChargeRequest, idempotencyKey: string): Promise<Charge> {
    const { amount, currency, description } = request;
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

  findOperation(idempotencyKey: string): Promise<SandboxOperation | null> {
    return this.store.findByKey(idempotencyKey);
  }

  voidKey(idempotencyKey: string, reason: string): Promise<SandboxOperation | null> {
    return this.store.voidKey(idempotencyKey, reason);
  }
}
