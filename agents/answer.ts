// Replies to turns that change nothing: a question answered from the plan and the destination data, an
// acknowledgement, a clarifying question (with destination ideas for "somewhere warm and cheap in
// March"), or "nothing to undo". Drafted from facts, then phrased by the model like every reply
// (agents/compose.ts phraseReply); the offline planner sends the draft as is.
import type { PlaceIndex } from '../domain/places.js';
import type { Pace, QuestionTopic, TripPlan, TripRequest, TurnIntent } from '../domain/trip.js';
import { DESTINATION_ROWS } from './data/destinations.js';
import { dateOf, dateSpan, shortDate, timeOf } from './dates.js';
import { costLevel, formatMoney, formatTotalFor } from './knowledge.js';
import { flightCarriers, formatDuration, stopsLabel } from './ranking.js';
import { joinList, weatherSentence } from './weather.js';

export interface AnswerInput {
  intent: Exclude<TurnIntent, 'change'>;
  text: string;
  request: TripRequest;
  pace: Pace;
  plan: TripPlan | null;
  questionTopic?: QuestionTopic;
  clarifyingQuestion?: string;
  /** For an undo with nothing to undo. */
  nothingToUndo?: boolean;
}

export function draftAnswer(input: AnswerInput, places: PlaceIndex): string {
  switch (input.intent) {
    case 'question':
      return answerQuestion(input.questionTopic ?? 'general', input);
    case 'confirm':
      return input.request.destination
        ? `Great — the plan for ${input.request.destination.city} stays as it is. Pick a flight or stay, book it, or tell me what to change.`
        : 'Great. Tell me where you would like to go, and when.';
    case 'undo':
      return 'There is no change to undo yet.';
    case 'clarify':
      return clarify(input, places);
  }
}

function answerQuestion(topic: QuestionTopic, input: AnswerInput): string {
  const { request, plan } = input;
  const city = request.destination?.city ?? null;
  if (!city || !plan) return 'I can answer that once the trip has a destination and dates — where would you like to go, and when?';
  const flight = plan.flightOptions.find((offer) => offer.id === plan.selectedFlightId) ?? null;
  const stay = plan.stayOptions.find((offer) => offer.id === plan.selectedStayId) ?? null;
  switch (topic) {
    case 'weather': {
      const sentence = weatherSentence(plan.destination?.weather ?? [], plan.temperatureUnit ?? 'C');
      if (!sentence) return `I have no weather for ${city} yet${request.departDate ? '' : ' — it comes with the trip dates'}.`;
      const when = request.departDate ? ` for ${dateSpan(request.departDate, request.returnDate)}` : '';
      const otherMonth = monthAskedAbout(input.text, request.departDate);
      return `${sentence.replace(/^Weather: /, `${city}${when}: `)}${otherMonth ? ` (Your trip is in ${otherMonth.trip}; I only have the weather for the trip's own dates.)` : ''}`;
    }
    case 'flight_duration': {
      if (!flight) return noFlight(request);
      const out = flight.outbound.reduce((sum, segment) => sum + segment.durationMinutes, 0);
      const back = flight.inbound.reduce((sum, segment) => sum + segment.durationMinutes, 0);
      return (
        `The outbound flight (${flightCarriers(flight)}) is ${formatDuration(out)} in the air, ${stopsLabel(flight.stops)}` +
        (back > 0 ? `; the flight home is ${formatDuration(back)}.` : '.')
      );
    }
    case 'flight_times': {
      if (!flight) return noFlight(request);
      const first = flight.outbound[0];
      const landing = flight.outbound.at(-1);
      const home = flight.inbound[0];
      const parts = [
        `You leave ${first?.origin ?? ''} at ${timeOf(first?.departAt) ?? '?'} on ${dayOf(first?.departAt)} and land in ${landing?.destination ?? city} at ${timeOf(landing?.arriveAt) ?? '?'} on ${dayOf(landing?.arriveAt)} (local times), ${stopsLabel(flight.stops)}.`,
      ];
      if (home) parts.push(`The flight home leaves at ${timeOf(home.departAt) ?? '?'} on ${dayOf(home.departAt)}.`);
      const nonstop = plan.flightOptions.some((offer) => offer.stops === 0);
      if (flight.stops > 0) parts.push(nonstop ? 'A nonstop option exists — say "nonstop only" to switch.' : 'No nonstop option was found on this route.');
      return parts.join(' ');
    }
    case 'stay_price':
      return stay
        ? `${stay.name} is ${formatMoney(stay.pricePerNight)} a night — ${formatMoney(stay.totalPrice)} for ${stay.nights} night${stay.nights === 1 ? '' : 's'}.`
        : request.stay?.needed === false
          ? 'The plan has no accommodation: you said you have somewhere to stay.'
          : 'The plan has no stay selected yet.';
    case 'breakfast': {
      if (!stay) return 'The plan has no stay selected, so there is no breakfast to speak of yet.';
      const included = stay.amenities.some((amenity) => /breakfast/i.test(amenity));
      return included
        ? `Yes — breakfast is included at ${stay.name}.`
        : `${stay.name}'s offer does not list breakfast${stay.amenities.length > 0 ? ` (it lists ${joinList(stay.amenities.slice(0, 5).map(amenityLabel))})` : ''}; plan on eating out.`;
    }
    case 'total_price':
    case 'budget': {
      const breakdown = plan.budget;
      if (!breakdown) return 'I have no estimate yet: it comes once flights and a stay are found.';
      const parts = breakdown.lines.map((line) => `${line.category.replace('_', ' ')} ${formatMoney(line.amount)}`).join(', ');
      const verdict =
        breakdown.withinBudget === null ? '' : breakdown.withinBudget ? ` That is within your ${formatMoney(breakdown.budget ?? breakdown.total)} budget.` : ` That is over your ${formatMoney(breakdown.budget ?? breakdown.total)} budget.`;
      return `The estimate is ${formatTotalFor(breakdown.total, request.adults + request.children)}: ${parts}.${verdict}`;
    }
    case 'general':
      return [
        `Your trip: ${city}${request.departDate ? `, ${dateSpan(request.departDate, request.returnDate)}` : ''}, ${input.pace} pace.`,
        flight ? `Flight: ${flightCarriers(flight)}, ${stopsLabel(flight.stops)}, ${formatMoney(flight.price)}.` : '',
        stay ? `Stay: ${stay.name}, ${formatMoney(stay.totalPrice)}.` : '',
        plan.budget ? `Estimated ${formatMoney(plan.budget.total)} in total.` : '',
        'I can tell you about the weather, the flight times and length, the hotel and its price, or the total — or change anything about the trip.',
      ]
        .filter(Boolean)
        .join(' ');
  }
}

function noFlight(request: TripRequest): string {
  return request.origin ? 'The plan has no flight selected yet.' : 'There is no flight in the plan yet: tell me where you are flying from.';
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A month the question names that is not the trip's (e.g. "early April" on a June trip). */
function monthAskedAbout(text: string, departDate: string | null): { trip: string } | null {
  if (!departDate) return null;
  const asked = MONTHS.findIndex((month) => new RegExp(`\\b${month.slice(0, 3)}[a-z]*\\b`, 'i').test(text));
  const tripMonth = Number(departDate.slice(5, 7)) - 1;
  if (asked === -1 || asked === tripMonth) return null;
  const name = MONTHS[tripMonth] ?? '';
  return { trip: name.charAt(0).toUpperCase() + name.slice(1) };
}

function clarify(input: AnswerInput, places: PlaceIndex): string {
  const question = input.clarifyingQuestion ?? 'Could you say a little more about what you would like?';
  // Without a destination every clarification is about where to go: offer a few places to start from.
  if (input.request.destination) return question;
  const ideas = destinationIdeas(input.text, places);
  return ideas.length > 0 ? `A few ideas: ${joinList(ideas)}. ${question}` : question;
}

/**
 * Destinations from the activity data that fit "warm" (by latitude and the month asked about) and
 * "cheap" (the cost level table) — a rough first cut for the traveler to choose from, never a plan.
 */
export function destinationIdeas(text: string, places: PlaceIndex, limit = 4): string[] {
  const wantsWarm = /\b(?:warm|hot|sun|sunny|beach|tropical)\b/i.test(text);
  const wantsCheap = /\b(?:cheap|budget|affordable|inexpensive)\b/i.test(text);
  const month = MONTHS.findIndex((name) => new RegExp(`\\b${name.slice(0, 3)}[a-z]*\\b`, 'i').test(text));
  const ideas: string[] = [];
  for (const row of DESTINATION_ROWS) {
    const city = places.city(row.code);
    if (!city) continue;
    if (wantsWarm && !warmIn(city.latitude, month)) continue;
    if (wantsCheap && costLevel(row.code, city.countryCode) > 2) continue;
    if (!ideas.includes(row.name)) ideas.push(row.name);
    if (ideas.length >= limit) break;
  }
  return ideas;
}

/** Tropics are warm all year; elsewhere, the local summer half of the year (month -1: any). */
function warmIn(latitude: number, month: number): boolean {
  if (Math.abs(latitude) <= 24) return true;
  if (month === -1) return Math.abs(latitude) <= 35;
  const northernSummer = month >= 4 && month <= 8;
  return latitude > 0 ? northernSummer && latitude <= 45 : !northernSummer && latitude >= -40;
}

/** "Sun 5 Sept" for a local date-time; "?" when unknown. */
function dayOf(dateTime: string | undefined): string {
  const date = dateOf(dateTime);
  return date ? shortDate(date) : '?';
}

/** Provider amenity codes as words: "24_hour_front_desk" → "24-hour front desk". */
function amenityLabel(code: string): string {
  return code.replace(/^(\d+)_hour/, '$1-hour').replace(/_/g, ' ');
}
