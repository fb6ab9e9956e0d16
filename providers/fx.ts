// Currency conversion with the European Central Bank's euro reference rates (published each TARGET working
// day around 16:00 CET, no key): https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml.
//
// Sources: `snapshot` (default, offline like the other sandbox providers) uses the dated ECB file bundled in
// providers/fx/; `ecb` fetches FX_ECB_RATES_URL, cached in Redis through the provider cache (one entry
// holding the rates *and* their date), falling back to the snapshot when the ECB cannot be reached, so
// planning never fails over a reference rate. Every conversion reports the date of the rates it used.
// Rates are "units per EUR"; a cross rate goes through the euro like the ECB's own guidance.
import { createRequire } from 'node:module';
import type { Money } from '../domain/trip.js';
import type { Logger } from '../infra/logger.js';
import { CACHE_TTL_MS, type ProviderCache } from './cache.js';
import { asProviderError, isRetryableStatus, withDeadline } from './http.js';
import { ProviderError, type Conversion, type CurrencyConverter, type FxRates } from './types.js';

export const ECB_DAILY_URL = 'https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml';
export const ECB_PROVIDER_NAME = 'ecb';
const FETCH_TIMEOUT_MS = 10_000;

/** A currency the reference rates do not cover: retrying cannot help, the caller must say which one. */
export class UnknownCurrencyError extends Error {
  constructor(
    readonly currency: string,
    readonly rateDate: string,
  ) {
    super(`no ECB reference rate for currency "${currency}" (rates of ${rateDate}); known: EUR and the ECB's daily list`);
    this.name = 'UnknownCurrencyError';
  }
}

const require = createRequire(import.meta.url);
const snapshotFile = require('./fx/ecb-eurofxref-2024-04-19.json') as { date: string; rates: Record<string, number> };

/** The bundled ECB snapshot (what runs offline). */
export const fxSnapshot: FxRates = Object.freeze({ source: 'snapshot', date: snapshotFile.date, rates: Object.freeze({ EUR: 1, ...snapshotFile.rates }) });

const roundMoney = (amount: number) => Math.round(amount * 100) / 100;

/** Converts with given rates (synchronous; throws UnknownCurrencyError). */
export function convertWithRates(rates: FxRates, money: Money, to: string): Conversion {
  const target = to.toUpperCase();
  const source = money.currency.toUpperCase();
  if (source === target) return { money: { amount: money.amount, currency: target }, rateDate: null };
  const from = rates.rates[source];
  if (from === undefined) throw new UnknownCurrencyError(source, rates.date);
  const into = rates.rates[target];
  if (into === undefined) throw new UnknownCurrencyError(target, rates.date);
  return { money: { amount: roundMoney((money.amount / from) * into), currency: target }, rateDate: rates.date };
}

export function knowsCurrency(rates: FxRates, currency: string): boolean {
  return currency.toUpperCase() in rates.rates;
}

/**
 * Reads the ECB daily file: `<Cube time='YYYY-MM-DD'>` holding `<Cube currency='USD' rate='1.0653'/>`.
 * Two regular scans, no XML parser dependency: the file is a fixed, machine-generated shape.
 */
export function parseEcbDailyXml(xml: string): { date: string; rates: Record<string, number> } {
  const date = /<Cube\b[^>]*\btime=["'](\d{4}-\d{2}-\d{2})["']/.exec(xml)?.[1];
  const rates: Record<string, number> = {};
  for (const match of xml.matchAll(/<Cube\b[^>]*\bcurrency=["']([A-Za-z]{3})["'][^>]*\brate=["']([^"']+)["']/g)) {
    const rate = Number(match[2]);
    if (Number.isFinite(rate) && rate > 0) rates[(match[1] ?? '').toUpperCase()] = rate;
  }
  if (!date || Object.keys(rates).length === 0) throw new Error('not an ECB reference-rate document (no <Cube time> with rates)');
  return { date, rates };
}

/** Fetches the live ECB file (no caching here: see `createCurrencyConverter`). */
export async function fetchEcbRates(url: string, signal?: AbortSignal, fetchImpl: typeof fetch = fetch): Promise<FxRates> {
  return withDeadline(ECB_PROVIDER_NAME, 'reference rates', FETCH_TIMEOUT_MS, signal, async (combined) => {
    let response: Response;
    try {
      response = await fetchImpl(url, { headers: { accept: 'application/xml, text/xml' }, signal: combined });
    } catch (error) {
      throw asProviderError(ECB_PROVIDER_NAME, error);
    }
    const body = await response.text();
    if (!response.ok) throw new ProviderError(ECB_PROVIDER_NAME, `reference rates answered HTTP ${response.status}`, isRetryableStatus(response.status), response.status);
    try {
      const parsed = parseEcbDailyXml(body);
      return { source: 'ecb', date: parsed.date, rates: { EUR: 1, ...parsed.rates } };
    } catch (error) {
      throw new ProviderError(ECB_PROVIDER_NAME, error instanceof Error ? error.message : String(error), true);
    }
  });
}

export interface CurrencyConverterOptions {
  source: 'snapshot' | 'ecb';
  url?: string;
  /** Redis read-through cache of the live rates (shared by every worker). */
  cache?: ProviderCache;
  logger?: Logger;
  fetch?: typeof fetch;
}

/** A converter over the configured source. */
export function createCurrencyConverter(options: CurrencyConverterOptions): CurrencyConverter {
  const url = options.url ?? ECB_DAILY_URL;
  const live = (signal?: AbortSignal) => fetchEcbRates(url, signal, options.fetch);
  const rates = async (signal?: AbortSignal): Promise<FxRates> => {
    if (options.source === 'snapshot') return fxSnapshot;
    try {
      // The query names the URL, so a differently configured source never reads another's entry.
      return options.cache ? await options.cache.through(ECB_PROVIDER_NAME, 'fxRates', { url }, CACHE_TTL_MS.fxRates, live, signal) : await live(signal);
    } catch (error) {
      if (signal?.aborted) throw error;
      options.logger?.warn({ err: error }, 'ECB reference rates unavailable; converting with the bundled snapshot');
      return fxSnapshot;
    }
  };
  return {
    rates,
    async convert(money, to, signal) {
      if (money.currency.toUpperCase() === to.toUpperCase()) return { money: { amount: money.amount, currency: to.toUpperCase() }, rateDate: null };
      return convertWithRates(await rates(signal), money, to);
    },
  };
}

/** The offline converter (the bundled snapshot), for code paths built without configuration. */
export const snapshotConverter: CurrencyConverter = createCurrencyConverter({ source: 'snapshot' });
