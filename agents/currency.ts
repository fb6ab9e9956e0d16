// Offers enter a plan in the trip's currency: a provider quote in another currency is converted with the
// ECB reference rates and keeps the provider's own amount (`originalPrice`, what the provider is paid) and
// the rate's date. The trip's currency is decided by domain/currency.ts `tripCurrency`.
import { currencyOfPlace, tripCurrency } from '../domain/currency.js';
import type { FareConditions, FareRule, FlightOffer, Money, StayOffer, TripRequest } from '../domain/trip.js';
import { snapshotConverter, UnknownCurrencyError } from '../providers/fx.js';
import type { CurrencyConverter } from '../providers/types.js';
import type { AgentContext } from './context.js';

export function converterOf(ctx: Pick<AgentContext, 'providers'>): CurrencyConverter {
  return ctx.providers.fx ?? snapshotConverter;
}

/** The turn's currency: the one the caller decided (profile included), else the rule without a profile. */
export function turnCurrency(ctx: Pick<AgentContext, 'places'>, state: { currency: string | null; request: TripRequest }): string {
  return state.currency ?? tripCurrency(state.request, null, ctx.places);
}

/** The currency stays are quoted in: the origin country's (a point of sale), when known. */
export function originCurrency(ctx: Pick<AgentContext, 'places'>, request: TripRequest): string | null {
  return currencyOfPlace(ctx.places, request.origin?.iata);
}

/**
 * `price` in `currency`, or null when the rates cannot convert it (a currency outside the ECB list): the
 * offer then stays in its own currency and the budget compares it at approximate rates, rather than a
 * whole search failing over one exotic currency.
 */
async function converted(ctx: Pick<AgentContext, 'providers' | 'logger'>, price: Money, currency: string, signal?: AbortSignal): Promise<{ money: Money; rateDate: string } | null> {
  try {
    const result = await converterOf(ctx).convert(price, currency, signal);
    return result.rateDate === null ? null : { money: result.money, rateDate: result.rateDate };
  } catch (error) {
    if (!(error instanceof UnknownCurrencyError)) throw error;
    ctx.logger.warn({ err: error, from: price.currency, to: currency }, 'offer kept in its own currency');
    return null;
  }
}

export async function flightsInCurrency(ctx: Pick<AgentContext, 'providers' | 'logger'>, offers: readonly FlightOffer[], currency: string, signal?: AbortSignal): Promise<FlightOffer[]> {
  return Promise.all(
    offers.map(async (input) => {
      // Penalties may be in the airline's currency even when the fare is already in the trip's.
      const offer = input.conditions ? { ...input, conditions: await conditionsInCurrency(ctx, input.conditions, currency, signal) } : input;
      if (offer.price.currency === currency) return offer;
      const result = await converted(ctx, offer.originalPrice ?? offer.price, currency, signal);
      if (!result) return offer;
      return { ...offer, price: result.money, originalPrice: offer.originalPrice ?? offer.price, fxRateDate: result.rateDate };
    }),
  );
}

/** A fare's penalties in `currency` at the same rates as its price (a penalty the rates cannot convert stays as quoted). */
async function conditionsInCurrency(ctx: Pick<AgentContext, 'providers' | 'logger'>, conditions: FareConditions, currency: string, signal?: AbortSignal): Promise<FareConditions> {
  const rule = async (input: FareRule | null): Promise<FareRule | null> => {
    if (!input?.penalty || input.penalty.currency === currency) return input;
    const result = await converted(ctx, input.penalty, currency, signal);
    return result ? { ...input, penalty: result.money } : input;
  };
  const [refundBeforeDeparture, changeBeforeDeparture] = await Promise.all([rule(conditions.refundBeforeDeparture), rule(conditions.changeBeforeDeparture)]);
  return { refundBeforeDeparture, changeBeforeDeparture };
}

export async function staysInCurrency(ctx: Pick<AgentContext, 'providers' | 'logger'>, offers: readonly StayOffer[], currency: string, signal?: AbortSignal): Promise<StayOffer[]> {
  return Promise.all(
    offers.map(async (offer) => {
      if (offer.totalPrice.currency === currency) return offer;
      const original = offer.originalPrice ?? offer.totalPrice;
      const result = await converted(ctx, original, currency, signal);
      if (!result) return offer;
      const perNight = { amount: Math.round((result.money.amount / Math.max(1, offer.nights)) * 100) / 100, currency };
      return { ...offer, totalPrice: result.money, pricePerNight: perNight, originalPrice: original, fxRateDate: result.rateDate };
    }),
  );
}
