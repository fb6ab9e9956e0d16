// Small, static travel knowledge the deterministic specialists use: city cost levels, approximate
// exchange rates and a per-interest activity vocabulary. Deliberately coarse — it turns "a few days in a
// city" into plausible estimates and varied itineraries, not authoritative prices or venue names.
import type { Money, Pace } from '../domain/trip.js';
import type { SightKind } from './data/destinations.js';

/** 1 (cheap) … 5 (very expensive). */
export type CostLevel = 1 | 2 | 3 | 4 | 5;

const COUNTRY_COST: Record<string, CostLevel> = {
  CH: 5, NO: 5, IS: 5, LU: 5, MC: 5,
  DK: 4, SE: 4, FI: 4, GB: 4, IE: 4, FR: 4, NL: 4, BE: 4, AT: 4, US: 4, CA: 4, AU: 4, NZ: 4, JP: 4, SG: 4, AE: 4, IL: 4, QA: 4,
  DE: 3, IT: 3, ES: 3, PT: 3, GR: 3, CY: 3, MT: 3, SI: 3, EE: 3, KR: 3, HK: 4, TW: 3, CL: 3, UY: 3, SA: 3,
  HR: 3, CZ: 2, PL: 2, HU: 2, SK: 2, LT: 2, LV: 2, RO: 2, BG: 2, RS: 2, BA: 2, ME: 2, AL: 2, MK: 2, TR: 2, GE: 2, AM: 2,
  MX: 2, BR: 2, AR: 2, CO: 2, PE: 2, CR: 3, PA: 3, ZA: 2, MA: 2, TN: 2, JO: 3, CN: 2, MY: 2, PH: 2, RU: 2, UA: 1,
  TH: 1, VN: 1, KH: 1, LA: 1, IN: 1, NP: 1, LK: 1, ID: 1, EG: 1, PK: 1, BD: 1, BO: 1, KE: 2, TZ: 2, ET: 1,
};

/** City (IATA metro or airport code) overrides where a city differs from its country. */
const CITY_COST: Record<string, CostLevel> = {
  LON: 5, PAR: 4, NYC: 5, SFO: 5, BOS: 5, ZRH: 5, GVA: 5, OSL: 5, CPH: 5, REK: 5, AMS: 4, DUB: 4, MUC: 4, MIL: 4, VCE: 4,
  TYO: 4, SIN: 4, HKG: 4, SYD: 4, DXB: 4, BCN: 3, MAD: 3, ROM: 3, LIS: 3, BER: 3, OPO: 2, BUD: 2, PRG: 2, KRK: 2,
  IST: 2, BKK: 2, MEX: 2, RIO: 2, SAO: 2, BUE: 2, CPT: 2, MRK: 2, RAK: 2,
};

export function costLevel(cityCode: string | null | undefined, countryCode: string | null | undefined): CostLevel {
  return (cityCode && CITY_COST[cityCode.toUpperCase()]) || (countryCode && COUNTRY_COST[countryCode.toUpperCase()]) || 3;
}

/** Per adult per day, in EUR, by cost level. */
const DAILY_EUR: Record<CostLevel, { food: number; activities: number; localTransport: number }> = {
  1: { food: 25, activities: 15, localTransport: 5 },
  2: { food: 38, activities: 25, localTransport: 8 },
  3: { food: 55, activities: 35, localTransport: 10 },
  4: { food: 75, activities: 50, localTransport: 14 },
  5: { food: 95, activities: 60, localTransport: 18 },
};

const PACE_FACTOR: Record<Pace, { activities: number; localTransport: number }> = {
  relaxed: { activities: 0.7, localTransport: 0.8 },
  balanced: { activities: 1, localTransport: 1 },
  packed: { activities: 1.4, localTransport: 1.2 },
};

/** A child costs this share of an adult for food and activities. */
const CHILD_SHARE = 0.6;

export interface DailyEstimate {
  food: number;
  activities: number;
  localTransport: number;
}

/** Estimated daily spend for the whole party, in `currency`. */
export function dailyEstimate(level: CostLevel, pace: Pace, adults: number, children: number, currency: string): DailyEstimate {
  const base = DAILY_EUR[level];
  const people = adults + children * CHILD_SHARE;
  const toCurrency = (eur: number) => convert({ amount: eur, currency: 'EUR' }, currency).amount;
  return {
    food: toCurrency(base.food * people),
    activities: toCurrency(base.activities * PACE_FACTOR[pace].activities * people),
    localTransport: toCurrency(base.localTransport * PACE_FACTOR[pace].localTransport * (adults + children)),
  };
}

/** Approximate units per EUR (static; for comparing against a budget, not for charging). */
const PER_EUR: Record<string, number> = {
  EUR: 1, USD: 1.08, GBP: 0.85, CHF: 0.95, JPY: 160, CAD: 1.47, AUD: 1.65, NZD: 1.8, SEK: 11.4, NOK: 11.6, DKK: 7.46, PLN: 4.3,
  CZK: 25, HUF: 390, RON: 4.97, TRY: 35, MXN: 19, BRL: 5.6, ARS: 1000, ZAR: 20, INR: 90, THB: 38, SGD: 1.45, HKD: 8.4, CNY: 7.8,
  KRW: 1450, AED: 3.97, MAD: 10.8, EGP: 52, ILS: 4, ISK: 150,
};

export function knownCurrency(currency: string): boolean {
  return currency.toUpperCase() in PER_EUR;
}

/** Converts with the static table; unknown currencies pass through unchanged (same amount). */
export function convert(money: Money, currency: string): Money {
  if (money.currency === currency) return { amount: roundMoney(money.amount), currency };
  const from = PER_EUR[money.currency.toUpperCase()];
  const to = PER_EUR[currency.toUpperCase()];
  if (from === undefined || to === undefined) return { amount: roundMoney(money.amount), currency };
  return { amount: roundMoney((money.amount / from) * to), currency };
}

export function roundMoney(amount: number): number {
  return Math.round(amount * 100) / 100;
}

const SYMBOLS: Record<string, string> = { EUR: '€', USD: '$', GBP: '£', JPY: '¥' };

export function formatMoney(money: Money, options: { exact?: boolean } = {}): string {
  const amount = options.exact ? money.amount.toFixed(2).replace(/\.00$/, '') : Math.round(money.amount).toLocaleString('en-US');
  const symbol = SYMBOLS[money.currency];
  return symbol ? `${symbol}${amount}` : `${amount} ${money.currency}`;
}

/** "$2,345 total for 2 travelers": how every total is shown (the web client mirrors it in lib/format.ts). */
export function formatTotalFor(money: Money, travelers: number): string {
  return `${formatMoney(money)} total for ${travelers} traveler${travelers === 1 ? '' : 's'}`;
}

// ---- Interests → activities ----

export interface ActivityIdea {
  title: string; // may contain {city}
  description: string;
  indoor: boolean;
  /** Relative cost of the activity (share of a day's activity budget). */
  costShare: number;
  slot?: 'morning' | 'afternoon' | 'evening';
}

export interface InterestTheme {
  key: string;
  /** Words in a traveler's interest that map to this theme. */
  matches: string[];
  highlight: string; // one line for the destination brief, may contain {city}
  ideas: ActivityIdea[];
}

export const INTEREST_THEMES: InterestTheme[] = [
  {
    key: 'food',
    matches: ['food', 'eat', 'cuisine', 'culinary', 'gastronomy', 'restaurant', 'street food', 'foodie', 'cooking'],
    highlight: 'Food: market halls, a cooking class and neighbourhood restaurants for local dishes in {city}',
    ideas: [
      { title: 'Market hall breakfast and food stalls', description: 'Graze through the central market with local snacks.', indoor: true, costShare: 0.3, slot: 'morning' },
      { title: 'Cooking class', description: 'Learn two or three regional dishes with a local cook.', indoor: true, costShare: 0.6 },
      { title: 'Street-food walk', description: 'Guided tasting walk through the old quarter.', indoor: false, costShare: 0.5, slot: 'afternoon' },
    ],
  },
  {
    key: 'wine',
    matches: ['wine', 'vineyard', 'winery', 'tasting', 'beer', 'brewery', 'cocktail'],
    highlight: 'Drinks: wine bars and a tasting of regional producers',
    ideas: [
      { title: 'Wine tasting', description: 'Tasting of regional wines with a sommelier.', indoor: true, costShare: 0.5, slot: 'evening' },
      { title: 'Vineyard or brewery visit', description: 'Half-day trip to a nearby producer.', indoor: false, costShare: 0.7 },
    ],
  },
  {
    key: 'museums',
    matches: ['museum', 'museums', 'gallery', 'galleries', 'exhibition'],
    highlight: 'Museums: the city’s major collections — book timed tickets ahead',
    ideas: [
      { title: 'Flagship museum', description: 'The city’s best-known collection; go at opening time.', indoor: true, costShare: 0.4, slot: 'morning' },
      { title: 'Smaller specialist museum', description: 'A quieter collection matching your interests.', indoor: true, costShare: 0.3 },
    ],
  },
  {
    key: 'art',
    matches: ['art', 'arts', 'street art', 'design', 'painting', 'contemporary'],
    highlight: 'Art: galleries, design shops and street art in {city}',
    ideas: [
      { title: 'Art gallery visit', description: 'Modern and contemporary art gallery.', indoor: true, costShare: 0.35 },
      { title: 'Street-art walk', description: 'Self-guided route through murals and studios.', indoor: false, costShare: 0.1, slot: 'afternoon' },
    ],
  },
  {
    key: 'history',
    matches: ['history', 'historic', 'historical', 'heritage', 'castle', 'castles', 'ruins', 'culture', 'cultural'],
    highlight: 'History: the old town, landmark monuments and a guided heritage walk',
    ideas: [
      { title: 'Old-town walking tour', description: 'Guided walk through the historic centre.', indoor: false, costShare: 0.3, slot: 'morning' },
      { title: 'Landmark monument or castle', description: 'The headline historic site; pre-book to skip queues.', indoor: false, costShare: 0.4 },
      { title: 'History museum', description: 'The story of {city} from its origins.', indoor: true, costShare: 0.3 },
    ],
  },
  {
    key: 'architecture',
    matches: ['architecture', 'buildings', 'churches', 'cathedral', 'cathedrals'],
    highlight: 'Architecture: signature buildings, churches and viewpoints',
    ideas: [
      { title: 'Architecture walk', description: 'Signature buildings from old to new.', indoor: false, costShare: 0.2 },
      { title: 'Cathedral and interiors', description: 'Main cathedral or a landmark interior.', indoor: true, costShare: 0.2 },
    ],
  },
  {
    key: 'nature',
    matches: ['nature', 'hiking', 'hike', 'outdoors', 'outdoor', 'parks', 'park', 'mountains', 'trekking', 'walking'],
    highlight: 'Outdoors: parks, viewpoints and an easy hike near {city}',
    ideas: [
      { title: 'Day hike or nature trail', description: 'A scenic trail within reach of the city.', indoor: false, costShare: 0.2 },
      { title: 'City park and viewpoint', description: 'Gardens and the best panorama of {city}.', indoor: false, costShare: 0.05, slot: 'afternoon' },
    ],
  },
  {
    key: 'beach',
    matches: ['beach', 'beaches', 'sea', 'swimming', 'surf', 'surfing', 'coast', 'island', 'islands', 'sun'],
    highlight: 'Beaches: the nearest good beach and a sunset spot by the water',
    ideas: [
      { title: 'Beach time', description: 'A day at the nearest good beach.', indoor: false, costShare: 0.15 },
      { title: 'Sunset by the water', description: 'Waterfront promenade at golden hour.', indoor: false, costShare: 0.1, slot: 'evening' },
    ],
  },
  {
    key: 'nightlife',
    matches: ['nightlife', 'bars', 'bar', 'clubs', 'clubbing', 'party', 'live music', 'jazz', 'music', 'concert', 'concerts'],
    highlight: 'Evenings: live music and the liveliest bar streets',
    ideas: [
      { title: 'Live music night', description: 'A local venue with live music.', indoor: true, costShare: 0.5, slot: 'evening' },
      { title: 'Bar-hopping in the nightlife district', description: 'The city’s liveliest streets after dark.', indoor: false, costShare: 0.4, slot: 'evening' },
    ],
  },
  {
    key: 'shopping',
    matches: ['shopping', 'shops', 'markets', 'market', 'fashion', 'boutiques', 'souvenirs'],
    highlight: 'Shopping: local markets, design boutiques and souvenirs',
    ideas: [
      { title: 'Local markets and boutiques', description: 'Crafts, design and local produce.', indoor: false, costShare: 0.2 },
      { title: 'Covered shopping arcade', description: 'Department stores and arcades — good on a rainy day.', indoor: true, costShare: 0.1 },
    ],
  },
  {
    key: 'family',
    matches: ['family', 'kids', 'children', 'zoo', 'aquarium', 'theme park'],
    highlight: 'Family: an aquarium or zoo, playgrounds and hands-on museums',
    ideas: [
      { title: 'Aquarium or zoo', description: 'A family favourite; allow half a day.', indoor: true, costShare: 0.6 },
      { title: 'Hands-on science museum', description: 'Interactive exhibits for kids.', indoor: true, costShare: 0.4 },
    ],
  },
  {
    key: 'wellness',
    matches: ['spa', 'wellness', 'relax', 'relaxing', 'yoga', 'thermal', 'baths'],
    highlight: 'Wellness: a spa or thermal bath afternoon',
    ideas: [{ title: 'Spa or thermal baths', description: 'An unhurried afternoon of pools and saunas.', indoor: true, costShare: 0.6, slot: 'afternoon' }],
  },
];

/** Always-available ideas when interests are few or unknown. */
export const GENERAL_IDEAS: ActivityIdea[] = [
  { title: 'Neighbourhood stroll', description: 'Wander a characterful district of {city}.', indoor: false, costShare: 0.05 },
  { title: 'Panoramic viewpoint', description: 'The classic view over {city}.', indoor: false, costShare: 0.05, slot: 'afternoon' },
  { title: 'City museum', description: 'A good introduction to {city}.', indoor: true, costShare: 0.3 },
  { title: 'Café and covered market', description: 'Slow coffee and browsing indoors.', indoor: true, costShare: 0.1 },
  { title: 'Guided city highlights tour', description: 'The main sights in one loop.', indoor: false, costShare: 0.3, slot: 'morning' },
  { title: 'Old-town wander', description: 'Lanes, squares and small shops of the historic centre.', indoor: false, costShare: 0.05 },
  { title: 'Waterfront or riverside walk', description: 'An easy walk along the water.', indoor: false, costShare: 0.05, slot: 'afternoon' },
  { title: 'Food hall tasting', description: 'Try several local specialities under one roof.', indoor: true, costShare: 0.3 },
  { title: 'Local craft workshop', description: 'A hands-on class with a local maker.', indoor: true, costShare: 0.5, slot: 'afternoon' },
  { title: 'Historic church or palace interior', description: 'One of the landmark interiors of {city}.', indoor: true, costShare: 0.2, slot: 'morning' },
  { title: 'Theatre, concert or show', description: 'An evening performance — check what is on.', indoor: true, costShare: 0.6, slot: 'evening' },
];

/** Themes matching a traveler's interests, in the order the interests were given. */
export function themesFor(interests: readonly string[]): { interest: string; theme: InterestTheme | null }[] {
  return interests.map((interest) => {
    const normalized = interest.toLowerCase().trim();
    const theme =
      INTEREST_THEMES.find((candidate) => candidate.key === normalized) ??
      INTEREST_THEMES.find((candidate) => candidate.matches.some((word) => ` ${normalized.replace(/[^a-z]+/g, ' ')} `.includes(` ${word} `))) ??
      null;
    return { interest, theme };
  });
}

export function fillCity(text: string, city: string): string {
  return text.replaceAll('{city}', city);
}

/** WMO weather codes that mean precipitation (drizzle, rain, snow, showers, thunderstorms). */
export function isWetDay(weather: { precipitationMm: number; weatherCode: number } | null | undefined): boolean {
  if (!weather) return false;
  return weather.precipitationMm >= 2 || (weather.weatherCode >= 51 && weather.weatherCode <= 99 && weather.precipitationMm >= 0.5);
}

// ---- Interests (in the traveler's words) → kinds of named sights ----

/**
 * Words in a traveler's interest and the sight kinds they ask for: "temples" → temple/shrine,
 * "street food" → food/market, "wine tasting" → wine. Matched on whole words of the interest; an
 * interest no entry covers is matched by its own words against sight names instead ("flamenco").
 */
export const INTEREST_KINDS: readonly { words: readonly string[]; kinds: readonly SightKind[] }[] = [
  { words: ['temple', 'temples', 'shrine', 'shrines', 'pagoda', 'pagodas', 'buddhist', 'zen'], kinds: ['temple', 'shrine'] },
  { words: ['church', 'churches', 'cathedral', 'cathedrals', 'basilica'], kinds: ['church'] },
  { words: ['mosque', 'mosques', 'islamic'], kinds: ['mosque'] },
  { words: ['museum', 'museums', 'exhibition', 'exhibitions'], kinds: ['museum'] },
  { words: ['art', 'arts', 'artsy', 'gallery', 'galleries', 'painting', 'paintings'], kinds: ['gallery'] },
  { words: ['history', 'historic', 'historical', 'heritage', 'ancient', 'ruins', 'medieval', 'roman'], kinds: ['ruins', 'castle', 'palace', 'landmark'] },
  { words: ['castle', 'castles', 'fortress', 'fortresses'], kinds: ['castle'] },
  { words: ['palace', 'palaces', 'royal'], kinds: ['palace'] },
  { words: ['architecture', 'architectural', 'buildings', 'skyscrapers'], kinds: ['architecture', 'church', 'palace'] },
  { words: ['food', 'foodie', 'foodies', 'eat', 'eating', 'cuisine', 'culinary', 'gastronomy', 'restaurants', 'dining', 'tapas', 'cooking'], kinds: ['food', 'market'] },
  { words: ['market', 'markets', 'bazaar', 'bazaars', 'souk', 'souks'], kinds: ['market'] },
  { words: ['wine', 'wines', 'winery', 'wineries', 'vineyard', 'vineyards', 'tasting'], kinds: ['wine'] },
  { words: ['nightlife', 'bars', 'bar', 'clubs', 'clubbing', 'cocktails', 'party', 'partying', 'pubs', 'beer', 'dancing'], kinds: ['nightlife'] },
  { words: ['music', 'jazz', 'concert', 'concerts', 'opera', 'gigs'], kinds: ['music'] },
  { words: ['show', 'shows', 'theatre', 'theater', 'musicals'], kinds: ['show'] },
  { words: ['hiking', 'hike', 'hikes', 'trek', 'trekking', 'trails', 'walking'], kinds: ['hiking'] },
  { words: ['nature', 'parks', 'outdoors', 'outdoorsy', 'scenery', 'scenic', 'wildlife', 'mountains', 'lakes'], kinds: ['park', 'garden', 'hiking', 'viewpoint'] },
  { words: ['gardens', 'garden'], kinds: ['garden'] },
  { words: ['beach', 'beaches', 'seaside', 'swimming', 'sunbathing', 'sea'], kinds: ['beach'] },
  { words: ['shopping', 'shops', 'boutiques', 'souvenirs', 'fashion'], kinds: ['shopping', 'market'] },
  { words: ['family', 'kids', 'children', 'zoo', 'zoos', 'aquarium', 'aquariums'], kinds: ['family'] },
  { words: ['relax', 'relaxing', 'relaxation', 'spa', 'spas', 'wellness', 'baths', 'onsen'], kinds: ['spa', 'garden', 'beach'] },
  { words: ['photography', 'photos', 'photo', 'views', 'viewpoints', 'sunset', 'sunsets', 'panorama'], kinds: ['viewpoint'] },
  { words: ['culture', 'cultural', 'traditions', 'traditional', 'local life'], kinds: ['museum', 'temple', 'show', 'market'] },
  { words: ['sports', 'sport', 'football', 'soccer', 'baseball', 'stadium', 'stadiums'], kinds: ['sports'] },
];

/** The sight kinds a traveler's interest phrase asks for (empty when the vocabulary does not know it). */
export function kindsForInterest(interest: string): SightKind[] {
  const words = ` ${interest.toLowerCase().replace(/[^a-z]+/g, ' ').trim()} `;
  const kinds = new Set<SightKind>();
  for (const entry of INTEREST_KINDS) {
    if (entry.words.some((word) => words.includes(` ${word} `))) for (const kind of entry.kinds) kinds.add(kind);
  }
  return [...kinds];
}
