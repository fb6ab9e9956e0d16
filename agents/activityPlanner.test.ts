// The activity choice end to end through buildItinerary: named places for the traveler's interests,
// day trips on their own day, no repeats, indoor places on wet days, generic only without data.
import { describe, expect, it } from '@jest/globals';
import { emptyTripRequest, type DailyWeather, type DestinationBrief, type ItineraryDay, type Pace } from '../domain/trip.js';
import { createActivityPicker } from './activityPlanner.js';
import { destinationFor } from './data/destinations.js';
import { buildItinerary } from './itinerary.js';

function plan(city: string, code: string, interests: string[], options: { nights?: number; pace?: Pace; weather?: DailyWeather[]; briefCity?: string } = {}): ItineraryDay[] {
  const nights = options.nights ?? 6;
  const depart = '2027-04-05';
  const returnDate = new Date(Date.UTC(2027, 3, 5 + nights)).toISOString().slice(0, 10);
  const destination: DestinationBrief | null = options.weather || options.briefCity
    ? { city: options.briefCity ?? city, iata: code, countryCode: 'XX', latitude: 0, longitude: 0, timeZone: 'UTC', weather: options.weather ?? [], highlights: [], source: 'test' }
    : null;
  return buildItinerary({
    request: { ...emptyTripRequest, destination: { city, iata: code }, departDate: depart, returnDate, adults: 2, interests },
    pace: options.pace ?? 'balanced',
    destination,
    flight: null,
    stay: null,
    interests,
    costLevel: 3,
    currency: 'EUR',
  });
}

const activities = (days: ItineraryDay[]) => days.flatMap((day) => day.entries.filter((entry) => entry.kind === 'activity'));
const meals = (days: ItineraryDay[]) => days.flatMap((day) => day.entries.filter((entry) => entry.kind === 'meal'));

function expectNoRepeats(days: ItineraryDay[]): void {
  const titles = activities(days).map((entry) => entry.title);
  expect(titles.length).toBeGreaterThan(0);
  expect(new Set(titles).size).toBe(titles.length);
  const mealKeys = meals(days).map((entry) => `${entry.title} | ${entry.description}`);
  expect(new Set(mealKeys).size).toBe(mealKeys.length);
  // Never the same lunch two days running.
  const lunches = meals(days).filter((entry) => entry.title.startsWith('Lunch')).map((entry) => entry.title);
  for (let i = 1; i < lunches.length; i += 1) expect(lunches[i]).not.toBe(lunches[i - 1]);
}

describe('activity choice', () => {
  it('fills a Kyoto trip for "temples" with named temples, from the first full day', () => {
    const days = plan('Kyoto', 'OSA', ['temples'], { nights: 4, briefCity: 'Osaka' });
    const temples = ['Fushimi Inari Taisha', 'Kinkaku-ji', 'Kiyomizu-dera', 'Ginkaku-ji and the Philosopher’s Path', 'Ryōan-ji', 'Sanjūsangen-dō'];
    const titles = activities(days).map((entry) => entry.title);
    expect(titles.filter((title) => temples.includes(title)).length).toBeGreaterThanOrEqual(4);
    expect(days[1]?.entries.some((entry) => temples.includes(entry.title))).toBe(true);
    expect(days[1]?.title).toMatch(/^Temples/);
    // Osaka's sights are not Kyoto's, and the days are named after the city the traveler asked for.
    expect(titles).not.toContain('Osaka Castle');
    expect(days.map((day) => day.title).join(' ')).not.toContain('Osaka');
    expect(days[1]?.title).toContain('Kyoto');
    // Meals are named after Kyoto's specialities.
    expect(meals(days).some((entry) => /Kaiseki|Yudofu|Matcha/.test(entry.title))).toBe(true);
  });

  it('gives "a day trip to Nikko" on a Tokyo trip its own full day, with the data’s line', () => {
    const days = plan('Tokyo', 'TYO', ['temples', 'a day trip to Nikko']);
    const tripDays = days.filter((day) => day.title === 'Day trip to Nikko');
    expect(tripDays).toHaveLength(1);
    const [tripDay] = tripDays;
    expect(tripDay?.day).toBe(2);
    expect(tripDay?.entries.find((entry) => entry.kind === 'activity')?.description).toMatch(/Tōshō-gū/);
    expect(tripDay?.entries.some((entry) => entry.kind === 'transfer' && entry.title === 'Back to Tokyo')).toBe(true);
    // The other full days still visit named temples.
    expect(activities(days).map((entry) => entry.title)).toContain('Sensō-ji');
  });

  it('keeps a day trip to a place the data does not know, in the traveler’s words', () => {
    const days = plan('Tokyo', 'TYO', ['a day trip to Karuizawa']);
    const day = days.find((candidate) => candidate.title === 'Day trip to Karuizawa');
    expect(day?.entries[0]?.description).toMatch(/ask me/);
  });

  it('covers each interest at least once, labels the one the data cannot serve, and repeats nothing over 7 days', () => {
    const days = plan('Paris', 'PAR', ['museums', 'street food', 'flamenco', 'gardens'], { nights: 7, pace: 'packed' });
    const titles = activities(days).map((entry) => entry.title);
    expect(titles).toContain('Flamenco — ask me for a show');
    expect(titles.some((title) => ['Louvre Museum', 'Musée d’Orsay'].includes(title))).toBe(true);
    expect(titles.some((title) => ['Marché des Enfants Rouges'].includes(title))).toBe(true);
    expect(titles.some((title) => ['Jardin du Luxembourg', 'Hyde Park and Kensington Gardens'].includes(title))).toBe(true);
    expectNoRepeats(days);
    // Generic fillers only once every named place and neighbourhood of Paris is used (a packed week outruns the data).
    const paris = destinationFor('PAR', ['Paris']);
    const named = [...(paris?.sights.map((sight) => sight.name) ?? []), ...(paris?.areas.map((area) => `Wander ${area}`) ?? [])];
    const firstGeneric = titles.findIndex((title) => !named.includes(title) && !title.includes(' — ask me'));
    expect(firstGeneric).toBeGreaterThanOrEqual(named.length);
    expect(named.every((title) => titles.includes(title))).toBe(true);
  });

  it('prefers indoor places on a wet day', () => {
    const weather: DailyWeather[] = [{ date: '2027-04-07', temperatureMaxC: 12, temperatureMinC: 7, precipitationMm: 14, weatherCode: 63, summary: 'Rain', kind: 'forecast' }];
    const days = plan('London', 'LON', ['parks', 'museums'], { weather });
    const wet = days.find((day) => day.date === '2027-04-07');
    const wetActivities = wet?.entries.filter((entry) => entry.kind === 'activity') ?? [];
    expect(wetActivities.length).toBeGreaterThan(0);
    for (const entry of wetActivities) expect(entry.description).toMatch(/\(indoors\)$/);
  });

  it('uses generic but non-repeating ideas and meals for a city without data', () => {
    const days = plan('Nowhere', 'XXX', ['food', 'birdwatching'], { nights: 7 });
    const titles = activities(days).map((entry) => entry.title);
    expect(titles).toContain('Birdwatching — ask me for a place');
    expect(titles).toContain('Cooking class');
    expectNoRepeats(days);
  });

  it('never repeats an activity, even when a long trip runs out of ideas', () => {
    const days = plan('Nowhere', 'XXX', [], { nights: 20, pace: 'packed' });
    expectNoRepeats(days);
  });

  it('takes requested day trips in order, once each, and a plain "day trips" picks the data’s classic', () => {
    const picker = createActivityPicker({ cityCode: 'LIS', cityNames: ['Lisbon'], interests: ['day trips', 'a day trip to Sintra', 'a day trip to Évora'] });
    // In the order asked; "day trips" skips Sintra, which the traveler named.
    expect(picker.dayTrips.map((trip) => trip.title)).toEqual(['Day trip to Cascais', 'Day trip to Sintra', 'Day trip to Évora']);
    expect(picker.takeDayTrip()?.title).toBe('Day trip to Cascais');
    expect(picker.dayTrips).toHaveLength(2);
  });
});
