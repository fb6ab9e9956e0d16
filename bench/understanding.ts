// Understanding cost (offline): parsing a first message and reading follow-ups as change sets, after
// the place index is loaded. Baseline in the same run: parsing a one-word message ("Paris").
import { readChangeSet } from '../agents/followUp.js';
import { parseWithPlaces } from '../agents/parse/index.js';
import { loadPlaces } from '../domain/places.js';
import type { TripRequest } from '../domain/trip.js';
import { formatSummary, summarize } from './stats.js';

const REFERENCE_DATE = '2026-12-02';
const FIRST = 'Hi! Me and my wife want to fly from New York to Lisbon on Dec 10 for a week, budget around $3000, business class please, we love food and museums.';
const FOLLOW_UPS = ['two days later please', 'my sister is coming too', 'can we keep it under $5000, nonstop, and add a day trip to Nikko?', 'no hotel needed, we have an apartment', 'how warm will it be?', 'undo'];
const TRIP: TripRequest = {
  origin: { city: 'New York', iata: 'NYC' },
  destination: { city: 'Tokyo', iata: 'TYO' },
  departDate: '2027-04-01',
  returnDate: '2027-04-10',
  adults: 2,
  children: 0,
  budget: { amount: 8000, currency: 'USD' },
  cabinClass: 'economy',
  interests: [],
};

function time(runs: number, work: () => void): number[] {
  for (let i = 0; i < 20; i += 1) work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    work();
    samples.push(performance.now() - started);
  }
  return samples;
}

export async function runUnderstandingBenchmark(): Promise<void> {
  const places = await loadPlaces();
  const baseline = summarize(time(200, () => parseWithPlaces('Paris', { referenceDate: REFERENCE_DATE }, places)));
  const first = summarize(time(200, () => parseWithPlaces(FIRST, { referenceDate: REFERENCE_DATE }, places)));
  let next = 0;
  const followUps = summarize(time(300, () => readChangeSet(FOLLOW_UPS[next++ % FOLLOW_UPS.length] ?? '', TRIP, { referenceDate: REFERENCE_DATE, places })));
  console.log(formatSummary('baseline: parse "Paris"', baseline));
  console.log(formatSummary('first message (parse)', first));
  console.log(formatSummary('follow-up (change set)', followUps));
  console.log(`ratios to the baseline p50: first message ${(first.p50 / baseline.p50).toFixed(1)}×, follow-up ${(followUps.p50 / baseline.p50).toFixed(1)}×`);
}
