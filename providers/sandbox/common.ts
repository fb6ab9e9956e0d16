// What the sandbox providers share: their name, options, currency and offer lifetime.
import type { PlaceIndex } from '../../domain/places.js';

export const SANDBOX_PROVIDER_NAME = 'sandbox';
/** Sandbox offers expire like Duffel's: about 30 minutes after the search. */
export const SANDBOX_OFFER_TTL_MS = 30 * 60_000;
export const SANDBOX_DEFAULT_CURRENCY = 'EUR';

export interface SandboxOptions {
  places: PlaceIndex;
  /** Injectable clock (tests, price watches); defaults to the wall clock. */
  now?: () => Date;
  /** Currency every sandbox price is quoted in (one currency, so budgets compare without FX). */
  currency?: string;
}

/** The sandbox providers' shared state: the place index, the clock and the quoting currency. */
export abstract class SandboxProvider {
  readonly name = SANDBOX_PROVIDER_NAME;
  protected readonly places: PlaceIndex;
  protected readonly now: () => Date;
  protected readonly currency: string;

  constructor(options: SandboxOptions) {
    this.places = options.places;
    this.now = options.now ?? (() => new Date());
    this.currency = options.currency ?? SANDBOX_DEFAULT_CURRENCY;
  }
}
