// The compact row shapes the region files (./cities/*) are written in; ./destinations.ts expands them.
export type TimeOfDay = 'morning' | 'afternoon' | 'evening' | 'any';

/** [name, kinds ("temple/garden"), indoor or outdoor, best time of day, one line]. */
export type SightRow = readonly [name: string, kinds: string, setting: 'in' | 'out', time: TimeOfDay, line: string];
/** [name, one line]. */
export type DayTripRow = readonly [name: string, line: string];

export interface DestinationRow {
  /** IATA city/metro code (LON, TYO) or the airport code of a single-airport city (LIS). */
  code: string;
  /** The destination's name; several destinations may share a code (Kyoto and Osaka fly into OSA). */
  name: string;
  sights: readonly SightRow[];
  /** Neighbourhoods to wander. */
  areas: readonly string[];
  dayTrips: readonly DayTripRow[];
  /** Local specialities or food streets. */
  food: readonly string[];
}
