// Named sights, neighbourhoods, day trips and food per destination, keyed by the IATA city (metro) or
// airport code the rest of the platform uses (domain/places.ts). Sources and licence: ./README.md.
// Rows are written as compact tuples (see the region files) and expanded once here.
import { normalizePlaceName } from '../../domain/places.js';
import { AFRICA_MIDDLE_EAST_OCEANIA } from './cities/africaMiddleEastOceania.js';
import { AMERICAS } from './cities/americas.js';
import { ASIA } from './cities/asia.js';
import { EUROPE } from './cities/europe.js';
import type { DestinationRow, TimeOfDay } from './rows.js';

/** What a sight is, for matching a traveler's interests ("temples" → temple, shrine). */
export const SIGHT_KINDS = [
  'temple', 'shrine', 'church', 'mosque', 'museum', 'gallery', 'market', 'food', 'wine', 'nightlife', 'music', 'show',
  'park', 'garden', 'viewpoint', 'beach', 'hiking', 'shopping', 'architecture', 'palace', 'castle', 'ruins', 'landmark',
  'family', 'spa', 'sports',
] as const;
export type SightKind = (typeof SIGHT_KINDS)[number];

export interface Sight {
  name: string;
  kinds: SightKind[];
  indoor: boolean;
  time: TimeOfDay;
  line: string;
}

export interface DayTrip {
  name: string;
  line: string;
}

export interface Destination {
  code: string;
  name: string;
  sights: Sight[];
  areas: string[];
  dayTrips: DayTrip[];
  food: string[];
}

export const DESTINATION_ROWS: readonly DestinationRow[] = [...EUROPE, ...ASIA, ...AMERICAS, ...AFRICA_MIDDLE_EAST_OCEANIA];

const KNOWN_KINDS = new Set<string>(SIGHT_KINDS);

function expand(row: DestinationRow): Destination {
  return {
    code: row.code,
    name: row.name,
    sights: row.sights.map(([name, kinds, setting, time, line]) => ({
      name,
      // Unknown tags are dropped here; the data test reports them.
      kinds: kinds.split('/').filter((kind): kind is SightKind => KNOWN_KINDS.has(kind)),
      indoor: setting === 'in',
      time,
      line,
    })),
    areas: [...row.areas],
    dayTrips: row.dayTrips.map(([name, line]) => ({ name, line })),
    food: [...row.food],
  };
}

let byCode: Map<string, Destination[]> | undefined;

/**
 * The destination for a city code, preferring the entry named like the traveler's destination when a
 * code covers several ("Kyoto" on OSA), else the code's first (main) entry. Null when there is no data.
 */
export function destinationFor(code: string | null | undefined, names: readonly (string | null | undefined)[] = []): Destination | null {
  if (!byCode) {
    byCode = new Map();
    for (const row of DESTINATION_ROWS) {
      const list = byCode.get(row.code) ?? [];
      list.push(expand(row));
      byCode.set(row.code, list);
    }
  }
  const candidates = code ? (byCode.get(code.toUpperCase()) ?? []) : [];
  for (const name of names) {
    if (!name) continue;
    const key = normalizePlaceName(name);
    const named = candidates.find((destination) => normalizePlaceName(destination.name) === key);
    if (named) return named;
  }
  return candidates[0] ?? null;
}
