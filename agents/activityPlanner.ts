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
/** [what, where]: generic meals for a city without data, each once per trip. */
const GENERIC_LUNCH: readonly (readonly [string, string])[] = [
  ['near the sights', "Casual lunch near the morning's sights."],
  ['local canteen', 'A busy canteen where locals eat at midday.'],
  ['market stalls', 'Graze the stalls of the nearest food market.'],
  ['picnic', 'Bakery and deli picnic in a park or square.'],
  ['set menu', 'Set-lunch menu at a neighbourhood bistro.'],
  ['café', 'Café lunch in a quiet side street.'],
  ['street food', 'Street food on the go.'],
];
const GENERIC_DINNER: readonly (readonly [string, string])[] = [
  ['local restaurant', 'Dinner at a local restaurant in {city}.'],
  ['regional dishes', 'Regional dishes at a traditional restaurant.'],
  ['food street', 'The liveliest food street of {city}.'],
  ['small plates', 'Small plates to share at a neighbourhood bar.'],
  ['with a view', 'Dinner with a view over {city}.'],
  ['grill or seafood', 'A grill or seafood house favoured by locals.'],
  ['chef’s table', 'Chef-run bistro — book a table ahead.'],
];

export function createActivityPicker(input: ActivityPickerInput): ActivityPicker {
  const cityName = input.cityNames.find((name): name is string => Boolean(name)) ?? 'town';
  const destination = destinationFor(input.cityCode, input.cityNames);
  const city = destination?.name ?? cityName;

  const interests: string[] = [];
  const dayTrips: DayTripChoice[] = [];
  const usedTrips = new Set<string>();
  // Named day trips claim their data first, so a plain "day trips" takes a different classic.
  const requested = input.interests.map((raw) => ({ interest: raw.trim(), dayTrip: DAY_TRIP.exec(raw.trim()) }));
  const named = new Map<number, DayTripChoice | null>();
  for (const [index, { dayTrip }] of requested.entries()) {
    if (dayTrip?.[1]) named.set(index, dayTripFor(destination, dayTrip[1].trim(), usedTrips));
  }
  for (const [index, { interest, dayTrip }] of requested.entries()) {
    if (!interest) continue;
    if (dayTrip) {
      const trip = named.has(index) ? named.get(index) : dayTripFor(destination, null, usedTrips);
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
 * meals of the trip read the same. The dish changes from one lunch to the next (and from lunch to
 * dinner where the list allows); without data, generic meals that also never repeat.
 */
function mealPlanner(destination: Destination | null, city: string): ActivityPicker['meal'] {
  const used = new Set<string>();
  const lastDish: Record<'lunch' | 'dinner' | 'any', string | null> = { lunch: null, dinner: null, any: null };
  return (which, dayIndex) => {
    const label = which === 'lunch' ? 'Lunch' : 'Dinner';
    const options: { dish: string; meal: MealChoice }[] = [];
    if (destination && destination.food.length > 0) {
      const foods = destination.food;
      const areas = destination.areas.length > 0 ? destination.areas : [city];
      const styles = which === 'lunch' ? LUNCH_STYLES : DINNER_STYLES;
      // Every (dish, area, style) once: dish varies fastest, then area, then style.
      for (let k = 0; k < foods.length * areas.length * styles.length; k += 1) {
        const dish = foods[k % foods.length] ?? '';
        const area = areas[Math.floor(k / foods.length) % areas.length] ?? city;
        const style = styles[Math.floor(k / (foods.length * areas.length))] ?? '';
        options.push({ dish, meal: { title: `${label}: ${dish}`, description: `${style} in ${area}.` } });
      }
    } else {
      for (const [kind, line] of which === 'lunch' ? GENERIC_LUNCH : GENERIC_DINNER) {
        options.push({ dish: kind, meal: { title: `${label}: ${kind}`, description: fillCity(line, city) } });
      }
    }
    let best: { dish: string; meal: MealChoice } | undefined;
    let bestScore = Number.POSITIVE_INFINITY;
    for (const option of options) {
      if (used.has(`${option.meal.title}|${option.meal.description}`)) continue;
      const score = (option.dish === lastDish[which] ? 2 : 0) + (option.dish === lastDish.any ? 1 : 0);
      if (score < bestScore) {
        best = option;
        bestScore = score;
      }
    }
    if (!best) {
      // Everything served once already (a very long trip): vary by day rather than repeat verbatim.
      const again = options[dayIndex % Math.max(1, options.length)];
      return { title: again?.meal.title ?? label, description: `${again?.meal.description ?? `A local restaurant in ${city}.`} (day ${dayIndex + 1})` };
    }
    used.add(`${best.meal.title}|${best.meal.description}`);
    lastDish[which] = best.dish;
    lastDish.any = best.dish;
    return best.meal;
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
