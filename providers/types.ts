// One interface per capability; implementations: the built-in sandbox (default), Duffel, Open-Meteo.
import type { DailyWeather, FlightOffer, FlightSearch, Money, StayOffer, StaySearch } from '../domain/trip.js';

export type { FlightSearch, StaySearch };

export interface GeoPlace {
  name: string;
  countryCode: string;
  latitude: number;
  longitude: number;
  timeZone: string;
}

export interface FlightProvider {
  readonly name: string;
  searchFlights(search: FlightSearch, signal?: AbortSignal): Promise<FlightOffer[]>;
}

export interface StayProvider {
  readonly name: string;
  searchStays(search: StaySearch, signal?: AbortSignal): Promise<StayOffer[]>;
}

export interface WeatherProvider {
  readonly name: string;
  geocode(name: string, signal?: AbortSignal): Promise<GeoPlace[]>;
  /** Daily forecast (`kind: 'forecast'`) for [startDate, endDate]; days beyond the forecast horizon are omitted. */
  forecast(latitude: number, longitude: number, startDate: string, endDate: string, signal?: AbortSignal): Promise<DailyWeather[]>;
  /** Typical weather (`kind: 'typical'`, climate normals) for every day of [startDate, endDate], at any distance. */
  typical(latitude: number, longitude: number, startDate: string, endDate: string, signal?: AbortSignal): Promise<DailyWeather[]>;
}

export interface Providers {
  flights: FlightProvider;
  stays: StayProvider;
  weather: WeatherProvider;
  /** Exchange rates (ECB); the bundled snapshot when absent (test doubles need not carry one). */
  fx?: CurrencyConverter;
}

/**
 * A provider failure the caller can report in a partial plan. `message` names the provider and the
 * technical reason (for the log); `travelerReason`, when the provider wrote one, says the same for the
 * traveler (what to change in the request) and is what a plan or reply shows.
 */
export class ProviderError extends Error {
  constructor(
    readonly provider: string,
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly travelerReason?: string,
  ) {
    super(`${provider}: ${message}`);
    this.name = 'ProviderError';
  }

  /** What a traveler reads: the provider's own wording for them, else the technical message. */
  get forTraveler(): string {
    return this.travelerReason ?? this.message;
  }
}

export interface FxRates {
  /** Where the rates came from: the live ECB file or the bundled snapshot. */
  source: 'ecb' | 'snapshot';
  /** The ECB reference date of the rates (YYYY-MM-DD). */
  date: string;
  /** Units of each currency per 1 EUR; EUR itself is 1. */
  rates: Readonly<Record<string, number>>;
}

export interface Conversion {
  money: Money;
  /** ECB reference date of the rate used; null when nothing was converted (same currency). */
  rateDate: string | null;
}

export interface CurrencyConverter {
  rates(signal?: AbortSignal): Promise<FxRates>;
  convert(money: Money, to: string, signal?: AbortSignal): Promise<Conversion>;
}
