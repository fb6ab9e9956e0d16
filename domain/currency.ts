// Which currency a trip is priced in. Plain data and pure functions (no I/O), so workflows, activities,
// agents and the API can all import it and agree.
//
// Order: the budget's currency (the traveler said it), else the traveler's profile setting, else the
// currency of the origin's country, else EUR. Countries map to currencies through the small table below
// rather than a package (none is installed): it covers every currency the European Central Bank
// publishes a daily reference rate for (providers/fx.ts converts with those) plus the euro area; a
// country whose currency has no ECB rate falls through to EUR, so a trip is never priced in a currency
// the platform cannot convert.
import type { PlaceIndex } from './places.js';
import type { TripRequest } from './trip.js';

export const DEFAULT_TRIP_CURRENCY = 'EUR';

const EURO_AREA = ['AT', 'BE', 'CY', 'DE', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PT', 'SI', 'SK', 'AD', 'MC', 'SM', 'VA', 'ME', 'XK'];

/** ISO 3166-1 alpha-2 → ISO 4217, for countries whose currency has an ECB reference rate. */
export const COUNTRY_CURRENCY: Readonly<Record<string, string>> = {
  ...Object.fromEntries(EURO_AREA.map((country) => [country, 'EUR'])),
  US: 'USD', PR: 'USD', EC: 'USD', SV: 'USD', PA: 'USD', GU: 'USD', VI: 'USD',
  GB: 'GBP', JE: 'GBP', GG: 'GBP', IM: 'GBP',
  JP: 'JPY', BG: 'BGN', CZ: 'CZK', DK: 'DKK', GL: 'DKK', FO: 'DKK', HU: 'HUF', PL: 'PLN', RO: 'RON', SE: 'SEK',
  CH: 'CHF', LI: 'CHF', IS: 'ISK', NO: 'NOK', TR: 'TRY', AU: 'AUD', BR: 'BRL', CA: 'CAD', CN: 'CNY', HK: 'HKD',
  ID: 'IDR', IL: 'ILS', IN: 'INR', KR: 'KRW', MX: 'MXN', MY: 'MYR', NZ: 'NZD', PH: 'PHP', SG: 'SGD', TH: 'THB', ZA: 'ZAR',
};

const ISO_CURRENCY = /^[A-Z]{3}$/;

/** The currency of a country (ISO alpha-2), or null when it has none the platform converts. */
export function currencyOfCountry(countryCode: string | null | undefined): string | null {
  if (!countryCode) return null;
  return COUNTRY_CURRENCY[countryCode.toUpperCase()] ?? null;
}

/** The currency of the country of a city or airport code ("CHI" → USD), or null. */
export function currencyOfPlace(places: Pick<PlaceIndex, 'city'>, code: string | null | undefined): string | null {
  return code ? currencyOfCountry(places.city(code)?.countryCode) : null;
}

/** The one rule for a trip's currency: budget, else profile, else the origin's country, else EUR. */
export function tripCurrency(
  request: Pick<TripRequest, 'budget' | 'origin'>,
  profileCurrency: string | null | undefined,
  places: Pick<PlaceIndex, 'city'>,
): string {
  if (request.budget && ISO_CURRENCY.test(request.budget.currency)) return request.budget.currency;
  if (profileCurrency && ISO_CURRENCY.test(profileCurrency)) return profileCurrency;
  return currencyOfPlace(places, request.origin?.iata) ?? DEFAULT_TRIP_CURRENCY;
}
