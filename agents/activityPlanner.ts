// What to do and where to eat, per itinerary: named sights from the destination data (agents/data),
// chosen for the traveler's interests as they said them. One picker per itinerary keeps it from
// repeating a place, a filler or a meal. The itinerary decides *when* (slots, days); this decides *what*.
//
// Choice order for an activity slot: a sight matching an interest not yet covered, a labelled entry for
// an interest the data cannot serve ("Flamenco — ask me for a show"), other sights matching an
// interest, the remaining sights, neighbourhood walks, and generic ideas only when the data runs out
// (or the city has none). Wet days push outdoor places back; a place is used at most once.
import { normalizePlaceName } from '../domain/places.js';
import { destinationFor, type Destination, type Sight, type SightKind } from './data/destinations.js';
import { fillCity, GENERAL_IDEAS, kindsForInterest, themesFor, type ActivityIdea } from './knowledge.js';

export type ActivitySlot = 'morning' | 'afternoon' | 'evening';

export interface ActivityChoice {
  title: string;
  description: string;
  indoor: boolean;
  /** Share of a day's activity budget. */
  costShare: number;
  /** The traveler's interest this serves, in their words (for the day's title), if any. */
  interest: string | null;
}

export interface MealChoice {
  title: string;
  description: string;
}

export interface DayTripChoice {
  /** "Day trip to Nikko". */
  title: string;
  /** Where to: the data's name, or the traveler's words for a place the data does not know. */
  place: string;
  description: string;
}

export interface ActivityPicker {
  /** The destination data used, or null when the city has none (generic ideas then). */
  readonly destination: Destination | null;
  /** Requested day trips not yet placed, in the order asked. */
  readonly dayTrips: readonly DayTripChoice[];
  /** The next requested day trip, removed from `dayTrips`; undefined when none remain. */
  takeDayTrip(): DayTripChoice | undefined;
  /** The best unused activity for the slot; null when everything (data and fillers) is used up. */
  next(slot: ActivitySlot, wet: boolean): ActivityChoice | null;
  /** A named, non-repeating meal; `dayIndex` spreads specialities across the trip. */
  meal(which: 'lunch' | 'dinner', dayIndex: number): MealChoice;
}

export interface ActivityPickerInput {
  /** IATA city/metro or airport code of the destination. */
  cityCode: string | null | undefined;
  /** Names the destination goes by, most specific first (the traveler's "Kyoto" before the metro's "Osaka"). */
  cityNames: readonly (string | null | undefined)[];
  interests: readonly string[];
}

interface Candidate {
  key: string;
  choice: ActivityChoice;
  /** 0 = matches an interest, 1 = labelled unmatched interest, 2 = plain sight, 3 = neighbourhood, 4 = generic. */
  tier: number;
  /** Indexes into the interest list this candidate serves. */
  serves: number[];
  time: ActivitySlot | 'any';
  order: number;
}

/** "a day trip to Nikko", "day trips" (the rest of the phrase is the place, if any). */
const DAY_TRIP = /^(?:an?\s+)?(?:day[- ]?trips?|excursions?)(?:\s+(?:to|out to|into)\s+(.+))?$/i;

/** Relative cost by sight kind (share of the day's activity budget); the highest of a sight's kinds wins. */
const KIND_COST: Partial<Record<SightKind, number>> = {
  museum: 0.35, gallery: 0.35, palace: 0.4, castle: 0.4, ruins: 0.35, show: 0.6, music: 0.5, wine: 0.5, nightlife: 0.4,
  spa: 0.6, family: 0.6, sports: 0.5, food: 0.3, market: 0.15, temple: 0.15, shrine: 0.1, church: 0.1, mosque: 0.05,
  landmark: 0.3, architecture: 0.2, shopping: 0.2, park: 0.05, garden: 0.15, viewpoint: 0.1, beach: 0.05, hiking: 0.05,
};

/** Words of an interest too common to match a sight by name ("the", "local", "tasting"). */
const STOP_WORDS = new Set(['the', 'and', 'for', 'with', 'some', 'local', 'good', 'great', 'best', 'lots', 'tasting', 'tour', 'tours', 'visit', 'visits', 'seeing', 'trip', 'trips']);

const LUNCH_STYLES = ['A casual spot', 'A busy local canteen', 'A market stall', 'A neighbourhood café', 'A set-lunch counter', 'A family-run place'];
const DINNER_STYLES = ['A local favourite', 'A lively neighbourhood restaurant', 'A traditional dining room', 'A small wine or tapas-style bar', 'A chef-run bistro', 'A late-night eatery'];
const GENERIC_LUNCH = [
  "Casual lunch near the morning's sights",
  'Lunch at a busy local canteen',
  'Market-stall lunch with the day’s specials',
  'Picnic from a bakery and deli in a park',
  'Set-lunch menu at a neighbourhood bistro',
  'Café lunch in a quiet side street',
  'Street-food lunch on the go',
];
const GENERIC_DINNER = [
  'Dinner at a local restaurant in {city}',
  'Regional dishes at a traditional restaurant',
  'Dinner in the liveliest food street of {city}',
  'Small plates to share at a neighbourhood bar',
  'Dinner with a view over {city}',
  'Seafood or grill house favoured by locals',
  'Chef-run bistro — book a table ahead',
];

export function createActivityPicker(input: ActivityPickerInput): ActivityPicker {
  const cityName = input.cityNames.find((name): name is string => Boolean(name)) ?? 'town';
  const destination = destinationFor(input.cityCode, input.cityNames);
  const city = destination?.name ?? cityName;

  const interests: string[] = [];
  const dayTrips: DayTripChoice[] = [];
  const usedTrips = new Set<string>();
  for (const raw of input.interests) {
    const interest = raw.trim();
    if (!interest) continue;
    const dayTrip = DAY_TRIP.exec(interest);
    if (dayTrip) {
      const trip = dayTripFor(destination, dayTrip[1]?.trim() ?? null, usedTrips);
      if (trip) dayTrips.push(trip);
    } else if (!interests.some((known) => known.toLowerCase() === interest.toLowerCase())) {
      interests.push(interest);
    }
  }

  const candidates = destination ? candidatesFromData(destination, interests) : candidatesWithoutData(interests, city);
  // Generic ideas back the data up on long trips; each at most once like everything else.
  if (destination) candidates.push(...GENERAL_IDEAS.map((idea, order) => genericCandidate(idea, city, null, order)));
  const used = new Set<string>();
  const covered = new Set<number>();
  const interestUses = new Map<number, number>();

  const score = (candidate: Candidate, slot: ActivitySlot, wet: boolean): number => {
    const uncovered = candidate.serves.some((index) => !covered.has(index));
    let value = (uncovered ? 0 : candidate.tier === 0 ? 10 : candidate.tier * 10 + 10) + candidate.order * 0.01;
    // Spread the traveler's interests instead of exhausting the first one.
    if (candidate.serves.length > 0) value += Math.min(...candidate.serves.map((index) => interestUses.get(index) ?? 0)) * 2;
    if (wet && !candidate.choice.indoor) value += 35;
    if (candidate.time !== 'any' && candidate.time !== slot) value += 6;
    if (slot === 'evening' && candidate.time !== 'evening') value += 15;
    return value;
  };

  const picker: ActivityPicker = {
    destination,
    dayTrips,
    takeDayTrip: () => dayTrips.shift(),
    next(slot, wet) {
      let best: Candidate | undefined;
      let bestScore = Number.POSITIVE_INFINITY;
      for (const candidate of candidates) {
        if (used.has(candidate.key)) continue;
        const value = score(candidate, slot, wet);
        if (value < bestScore) {
          bestScore = value;
          best = candidate;
        }
      }
      if (!best) return null;
      used.add(best.key);
      for (const index of best.serves) {
        covered.add(index);
        interestUses.set(index, (interestUses.get(index) ?? 0) + 1);
      }
      return best.choice;
    },
    meal: mealPlanner(destination, city),
  };
  return picker;
}

function candidatesFromData(destination: Destination, interests: readonly string[]): Candidate[] {
  const matchers = interests.map((interest) => ({ interest, kinds: kindsForInterest(interest), words: contentWords(interest) }));
  const candidates: Candidate[] = [];
  const served = new Set<number>();
  for (const [order, sight] of destination.sights.entries()) {
    const serves = matchers.flatMap((matcher, index) => (sightMatches(sight, matcher.kinds, matcher.words) ? [index] : []));
    for (const index of serves) served.add(index);
    candidates.push({
      key: `sight:${sight.name}`,
      choice: {
        title: sight.name,
        description: sight.line,
        indoor: sight.indoor,
        costShare: Math.max(0.05, ...sight.kinds.map((kind) => KIND_COST[kind] ?? 0.2)),
        interest: serves[0] !== undefined ? (interests[serves[0]] ?? null) : null,
      },
      tier: serves.length > 0 ? 0 : 2,
      serves,
      time: sight.time,
      order,
    });
  }
  for (const [index, interest] of interests.entries()) {
    if (!served.has(index)) candidates.push(unmatchedCandidate(interest, index, destination.name));
  }
  for (const [order, area] of destination.areas.entries()) {
    candidates.push({
      key: `area:${area}`,
      choice: { title: `Wander ${area}`, description: `Streets, cafés and small shops of ${area} at an easy pace.`, indoor: false, costShare: 0.05, interest: null },
      tier: 3,
      serves: [],
      time: 'any',
      order,
    });
  }
  return candidates;
}

/** No data for the city: the theme ideas of interests the coarse vocabulary knows, labels for the rest, then generic ideas. */
function candidatesWithoutData(interests: readonly string[], city: string): Candidate[] {
  const candidates: Candidate[] = [];
  const seenThemes = new Set<string>();
  for (const [index, { interest, theme }] of themesFor(interests).entries()) {
    if (!theme) {
      candidates.push(unmatchedCandidate(interest, index, city));
      continue;
    }
    if (seenThemes.has(theme.key)) continue;
    seenThemes.add(theme.key);
    for (const [order, idea] of theme.ideas.entries()) candidates.push({ ...genericCandidate(idea, city, interest, order), tier: 0, serves: [index] });
  }
  candidates.push(...GENERAL_IDEAS.map((idea, order) => genericCandidate(idea, city, null, order)));
  return candidates;
}

function genericCandidate(idea: ActivityIdea, city: string, interest: string | null, order: number): Candidate {
  return {
    key: `idea:${idea.title}`,
    choice: { title: fillCity(idea.title, city), description: fillCity(idea.description, city), indoor: idea.indoor, costShare: idea.costShare, interest },
    tier: 4,
    serves: [],
    time: idea.slot ?? 'any',
    order,
  };
}

/** "Flamenco — ask me for a show": the traveler's own words, clearly not a named place. */
function unmatchedCandidate(interest: string, index: number, city: string): Candidate {
  const performance = /\b(?:flamenco|opera|ballet|theat(?:re|er)|concerts?|shows?|jazz|fado|tango|music|cabaret|musicals?)\b/i.test(interest);
  return {
    key: `interest:${interest.toLowerCase()}`,
    choice: {
      title: `${capitalize(interest)} — ask me for ${performance ? 'a show' : 'a place'}`,
      description: `No named place for “${interest}” in my notes on ${city} yet — ask and I will look one up for you.`,
      indoor: performance,
      costShare: performance ? 0.6 : 0.3,
      interest,
    },
    tier: 1,
    serves: [index],
    time: performance ? 'evening' : 'any',
    order: index,
  };
}

function sightMatches(sight: Sight, kinds: readonly SightKind[], words: readonly string[]): boolean {
  if (sight.kinds.some((kind) => kinds.includes(kind))) return true;
  if (words.length === 0) return false;
  const text = ` ${normalizePlaceName(`${sight.name} ${sight.line}`)} `;
  return words.some((word) => text.includes(` ${word} `) || text.includes(` ${word}s `));
}

/** The distinctive words of an interest, singular: "sushi bars" → sushi, bar. */
function contentWords(interest: string): string[] {
  return normalizePlaceName(interest)
    .split(' ')
    .filter((word) => word.length >= 4 && !STOP_WORDS.has(word))
    .map((word) => (word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word));
}

function dayTripFor(destination: Destination | null, place: string | null, usedTrips: Set<string>): DayTripChoice | null {
  const trips = destination?.dayTrips ?? [];
  if (!place) {
    // "day trips" without a place: the data's classic one not yet taken.
    const classic = trips.find((trip) => !usedTrips.has(trip.name));
    if (!classic) return null;
    usedTrips.add(classic.name);
    return { title: `Day trip to ${classic.name}`, place: classic.name, description: classic.line };
  }
  const key = normalizePlaceName(place);
  const known = trips.find((trip) => {
    const name = normalizePlaceName(trip.name);
    return name === key || ` ${name} `.includes(` ${key} `) || ` ${key} `.includes(` ${name} `);
  });
  if (known) {
    if (usedTrips.has(known.name)) return null;
    usedTrips.add(known.name);
    return { title: `Day trip to ${known.name}`, place: known.name, description: known.line };
  }
  const shown = place.replace(/[.!?,;]+$/, '');
  return { title: `Day trip to ${shown}`, place: shown, description: `Your pick — ask me for trains, tours and what to see in ${shown}.` };
}

/**
 * Meals named after the local specialities, each paired with a neighbourhood and a style so no two
 * meals of the trip read the same; consecutive days get different dishes when there are several.
 */
function mealPlanner(destination: Destination | null, city: string): ActivityPicker['meal'] {
  const used = new Set<string>();
  return (which, dayIndex) => {
    const label = which === 'lunch' ? 'Lunch' : 'Dinner';
    const options: MealChoice[] = [];
    if (destination && destination.food.length > 0) {
      const foods = destination.food;
      const areas = destination.areas.length > 0 ? destination.areas : [city];
      const styles = which === 'lunch' ? LUNCH_STYLES : DINNER_STYLES;
      // Food varies fastest, then area, then style; start where this day's meal should.
      for (let k = 0; k < foods.length * areas.length * styles.length; k += 1) {
        const food = foods[k % foods.length] ?? '';
        const area = areas[(k + Math.floor(k / foods.length)) % areas.length] ?? city;
        const style = styles[Math.floor(k / (foods.length * areas.length)) % styles.length] ?? '';
        options.push({ title: `${label}: ${food}`, description: `${style} in ${area}.` });
      }
    } else {
      for (const line of which === 'lunch' ? GENERIC_LUNCH : GENERIC_DINNER) options.push({ title: label, description: fillCity(line, city) });
    }
    const offset = which === 'lunch' ? dayIndex : dayIndex + 1;
    for (let k = 0; k < options.length; k += 1) {
      const option = options[(offset + k) % options.length];
      if (option && !used.has(`${option.title}|${option.description}`)) {
        used.add(`${option.title}|${option.description}`);
        return option;
      }
    }
    // Everything served once already (a very long trip): vary by day rather than repeat verbatim.
    const fallback = options[dayIndex % options.length] ?? { title: label, description: `A local restaurant in ${city}.` };
    return { title: fallback.title, description: `${fallback.description} (day ${dayIndex + 1})` };
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
