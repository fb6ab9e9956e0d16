// What the sandbox providers share: their name, options, quoting currency and offer lifetime.
import { currencyOfCountry } from '../../domain/currency.js';
import type { PlaceIndex } from '../../domain/places.js';
import { convertWithRates, fxSnapshot, knowsCurrency } from '../fx.js';

export const SANDBOX_PROVIDER_NAME = 'sandbox';
/** Sandbox offers expire like Duffel's: about 30 minutes after the search. */
export const SANDBOX_OFFER_TTL_MS = 30 * 60_000;
export const SANDBOX_DEFAULT_CURRENCY = 'EUR';

export interface SandboxOptions {
  places: PlaceIndex;
  /** Injectable clock (tests, price watches); defaults to the wall clock. */
  now?: () => Date;
  /**
   * Quote every price in this one currency. Unset (the default): like a point of sale, flights are quoted
   * in the currency of the origin's country and stays in the one the search asks for (else EUR).
   */
  currency?: string;
}

/** The sandbox providers' shared state: the place index, the clock and the quoting currency. */
export abstract class SandboxProvider {
  readonly name = SANDBOX_PROVIDER_NAME;
  protected readonly places: PlaceIndex;
  protected readonly now: () => Date;
  private readonly fixedCurrency: string | null;

  constructor(options: SandboxOptions) {
    this.places = options.places;
    this.now = options.now ?? (() => new Date());
    this.fixedCurrency = options.currency ?? null;
  }

  /** The currency to quote in: the fixed one, else the first of `candidates` the reference rates know, else EUR. */
  protected quoteCurrency(...candidates: (string | null | undefined)[]): string {
    if (this.fixedCurrency) return this.fixedCurrency;
    return candidates.find((code): code is string => Boolean(code) && knowsCurrency(fxSnapshot, code!)) ?? SANDBOX_DEFAULT_CURRENCY;
  }

  /** The currency of a country, for `quoteCurrency`. */
  protected countryCurrency(countryCode: string): string | null {
    return currencyOfCountry(countryCode);
  }
}

/**
 * Sandbox prices are modelled in EUR; a quote in another currency uses the bundled ECB reference rates,
 * so the same product costs the same wherever it is sold from.
 */
export function eurIn(amountEur: number, currency: string): number {
  if (currency === 'EUR' || !knowsCurrency(fxSnapshot, currency)) return amountEur;
  return convertWithRates(fxSnapshot, { amount: amountEur, currency: 'EUR' }, currency).money.amount;
}
