// Budget specialist (deterministic): picks the flight + stay combination that best fits the budget,
// estimates daily spend from the destination's cost level and the pace, and explains the trade-offs.
import type { BudgetBreakdown, BudgetLine, FlightOffer, Money, Pace, StayOffer, TripRequest } from '../domain/trip.js';
import { convert, costLevel, dailyEstimate, formatMoney, knownCurrency, roundMoney, type CostLevel } from './knowledge.js';
import { flightCarriers, flightScore, formatDuration, stayScore, stopsLabel } from './ranking.js';
import { stayFitsFlight } from '../domain/offerSanity.js';
import { nightsBetween } from './dates.js';

export interface BudgetInput {
  request: TripRequest;
  /** The trip's currency (domain/currency.ts); every line and total is in it. */
  currency?: string;
  pace: Pace;
  flights: readonly FlightOffer[];
  stays: readonly StayOffer[];
  /** Destination city code and country, for the cost level. */
  cityCode: string | null;
  countryCode: string | null;
  /** Centre for the stay score (distance), when known. */
  centre: { latitude: number; longitude: number } | null;
  /** A pinned offer id is the only candidate of its kind; null pins "none"; undefined lets the budget choose. */
  pinnedFlightId?: string | null;
  pinnedStayId?: string | null;
}

export interface BudgetResult {
  breakdown: BudgetBreakdown | null;
  selectedFlightId: string | null;
  selectedStayId: string | null;
  costLevel: CostLevel;
  nights: number | null;
}

const MAX_FLIGHT_CANDIDATES = 8;
const MAX_STAY_CANDIDATES = 10;

interface Combination {
  flight: FlightOffer | null;
  stay: StayOffer | null;
  fixed: number; // flight + stay in plan currency
  total: number;
  score: number; // effective cost (lower is better)
}

export function planBudget(input: BudgetInput): BudgetResult {
  const { request, pace } = input;
  const currency = input.currency ?? request.budget?.currency ?? input.flights[0]?.price.currency ?? input.stays[0]?.totalPrice.currency ?? 'EUR';
  const level = costLevel(input.cityCode ?? request.destination?.iata, input.countryCode);
  const nights = request.departDate && request.returnDate ? nightsBetween(request.departDate, request.returnDate) : (input.stays[0]?.nights ?? null);
  const money = (amount: number): Money => ({ amount: roundMoney(amount), currency });
  const inCurrency = (value: Money) => convert(value, currency).amount;
  const travelers = request.adults + request.children;

  // Arrival and departure days count half: a 4-night trip spends about 4 full days in town.
  const dayEquivalents = nights === null ? 0 : Math.max(1, nights);
  const daily = dailyEstimate(level, pace, request.adults, request.children, currency);
  const dailyTotal = (daily.food + daily.activities + daily.localTransport) * dayEquivalents;

  const flightCandidates = candidatesFor(input.flights, input.pinnedFlightId, MAX_FLIGHT_CANDIDATES);
  const stayCandidates = candidatesFor(input.stays, input.pinnedStayId, MAX_STAY_CANDIDATES);
  if (input.flights.length === 0 && input.stays.length === 0 && nights === null) {
    return { breakdown: null, selectedFlightId: null, selectedStayId: null, costLevel: level, nights };
  }

  const combinations: Combination[] = [];
  // A stay whose first night is not the one the flight needs (an unused night, or none on landing) pairs
  // only when no stay fits any flight (e.g. stays searched before the flights were known).
  const departDate = request.departDate;
  const fits = (flight: FlightOffer | null, stay: StayOffer | null) => !flight || !stay || !departDate || stayFitsFlight(stay, flight, departDate);
  const anyFits = flightCandidates.some((flight) => stayCandidates.some((stay) => flight && stay && fits(flight, stay)));
  for (const flight of flightCandidates) {
    for (const stay of stayCandidates) {
      if (anyFits && !fits(flight, stay)) continue;
      const fixed = (flight ? inCurrency(flight.price) : 0) + (stay ? inCurrency(stay.totalPrice) : 0);
      const score = (flight ? flightScore(flight, travelers) : 0) + (stay ? stayScore(stay, input.centre) : 0);
      combinations.push({ flight, stay, fixed, total: fixed + dailyTotal, score });
    }
  }
  const budget = request.budget ? convert(request.budget, currency).amount : null;
  const byScore = (a: Combination, b: Combination) => a.score - b.score || a.total - b.total;
  const byTotal = (a: Combination, b: Combination) => a.total - b.total || a.score - b.score;
  const fitting = budget === null ? combinations : combinations.filter((combination) => combination.total <= budget);
  const chosen = (fitting.length > 0 ? [...fitting].sort(byScore) : [...combinations].sort(byTotal))[0];
  if (!chosen) return { breakdown: null, selectedFlightId: null, selectedStayId: null, costLevel: level, nights };

  const lines: BudgetLine[] = [];
  if (chosen.flight) lines.push({ category: 'flights', amount: money(inCurrency(chosen.flight.price)) });
  if (chosen.stay) lines.push({ category: 'stay', amount: money(inCurrency(chosen.stay.totalPrice)) });
  if (dayEquivalents > 0) {
    lines.push({ category: 'activities', amount: money(daily.activities * dayEquivalents) });
    lines.push({ category: 'food', amount: money(daily.food * dayEquivalents) });
    lines.push({ category: 'local_transport', amount: money(daily.localTransport * dayEquivalents) });
  }
  const total = money(lines.reduce((sum, line) => sum + line.amount.amount, 0));
  const withinBudget = budget === null ? null : total.amount <= budget;

  const tradeoffs = explainTradeoffs({ input, chosen, combinations, budget, currency, withinBudget, total, nights });
  return {
    breakdown: { lines, total, budget: request.budget, withinBudget, tradeoffs },
    selectedFlightId: chosen.flight?.id ?? null,
    selectedStayId: chosen.stay?.id ?? null,
    costLevel: level,
    nights,
  };
}

function explainTradeoffs(args: {
  input: BudgetInput;
  chosen: Combination;
  combinations: Combination[];
  budget: number | null;
  currency: string;
  withinBudget: boolean | null;
  total: Money;
  nights: number | null;
}): string[] {
  const { input, chosen, budget, currency } = args;
  const fmt = (amount: number) => formatMoney({ amount, currency });
  const price = (value: Money) => convert(value, currency).amount;
  const overBudgetWith = (extra: number) => budget !== null && chosen.total + extra > budget;
  const tradeoffs: string[] = [];

  // Flights: stops versus price.
  const flight = chosen.flight;
  if (flight) {
    const nonstops = input.flights.filter((offer) => offer.stops === 0).sort((a, b) => price(a.price) - price(b.price));
    const cheaperWithStops = input.flights
      .filter((offer) => offer.stops > 0 && price(offer.price) < price(flight.price))
      .sort((a, b) => price(a.price) - price(b.price));
    const nonstop = nonstops[0];
    if (flight.stops > 0 && nonstop) {
      const saving = price(nonstop.price) - price(flight.price);
      if (saving > 0) {
        tradeoffs.push(
          `The ${stopsLabel(flight.stops)} flight saves ${fmt(saving)} compared with the cheapest nonstop (${flightCarriers(nonstop)}, ` +
            `${formatDuration(nonstop.totalDurationMinutes)} instead of ${formatDuration(flight.totalDurationMinutes)})` +
            (overBudgetWith(saving) ? ', which would take you over budget.' : '.'),
        );
      } else {
        tradeoffs.push(`The ${stopsLabel(flight.stops)} flight was picked for its timing; a nonstop is available at the same price or less.`);
      }
    } else if (flight.stops === 0) {
      const cheaper = cheaperWithStops[0];
      if (cheaper) {
        const saving = price(flight.price) - price(cheaper.price);
        const extraMinutes = cheaper.totalDurationMinutes - flight.totalDurationMinutes;
        tradeoffs.push(
          `A ${stopsLabel(cheaper.stops)} flight would save ${fmt(saving)}` +
            (extraMinutes > 0 ? ` but adds ${formatDuration(extraMinutes)} of travel time` : '') +
            (budget === null ? '; the nonstop is the better deal overall.' : args.withinBudget ? '; the nonstop still fits your budget.' : '.'),
        );
      }
    }
  }

  // Stays: stars and reviews versus price.
  const stay = chosen.stay;
  if (stay) {
    const better = input.stays
      .filter((offer) => offer.rating > stay.rating)
      .sort((a, b) => price(a.totalPrice) - price(b.totalPrice))[0];
    if (better) {
      const extra = price(better.totalPrice) - price(stay.totalPrice);
      if (extra > 0) {
        tradeoffs.push(
          args.withinBudget && overBudgetWith(extra)
            ? `A ${stay.rating}-star stay (${stay.name}) keeps you under budget; the ${better.rating}-star ${better.name} would add ${fmt(extra)} and go over.`
            : `Upgrading to the ${better.rating}-star ${better.name} would add ${fmt(extra)}.`,
        );
      }
    }
    const cheapest = [...input.stays].sort((a, b) => price(a.totalPrice) - price(b.totalPrice))[0];
    if (cheapest && cheapest.id !== stay.id) {
      const saving = price(stay.totalPrice) - price(cheapest.totalPrice);
      const reviews = (offer: StayOffer) => (offer.reviewScore !== null ? `${offer.reviewScore.toFixed(1)}/10` : `${offer.rating}★`);
      // Only a real trade: the cheaper stay rates lower (else "7.9/10 against 7.9/10" explains nothing).
      const ratesLower = (cheapest.reviewScore ?? cheapest.rating * 2) < (stay.reviewScore ?? stay.rating * 2);
      if (saving > 0 && ratesLower) {
        tradeoffs.push(`The cheapest stay (${cheapest.name}) would save ${fmt(saving)}, but rates ${reviews(cheapest)} against ${reviews(stay)}.`);
      } else if (saving > 0) {
        tradeoffs.push(`The cheapest stay (${cheapest.name}) would save ${fmt(saving)}.`);
      }
    }
  }

  // The budget itself.
  if (budget !== null) {
    const budgetText = fmt(budget);
    if (args.withinBudget) {
      tradeoffs.push(`The estimated total of ${fmt(args.total.amount)} leaves ${fmt(budget - args.total.amount)} of your ${budgetText} budget.`);
    } else if (input.pinnedFlightId !== undefined || input.pinnedStayId !== undefined) {
      // The traveler's pick (or a booking) decided the offers: the gap is theirs, not the cheapest's.
      tradeoffs.push(`This selection is ${fmt(args.total.amount - budget)} over your ${budgetText} budget; cheaper options are in the plan.`);
    } else {
      tradeoffs.push(
        `Even the cheapest combination is ${fmt(args.total.amount - budget)} over your ${budgetText} budget — ` +
          'fewer nights, other dates or a simpler stay would close the gap.',
      );
    }
  }
  // Offers converted where they entered the plan say so, with the rate's date; any left in another
  // currency (no reference rate) are compared at the approximate static rates.
  const offers = [...input.flights.map((offer) => ({ quoted: offer.originalPrice?.currency ?? offer.price.currency, at: offer.fxRateDate, now: offer.price.currency })), ...input.stays.map((offer) => ({ quoted: offer.originalPrice?.currency ?? offer.totalPrice.currency, at: offer.fxRateDate, now: offer.totalPrice.currency }))];
  const convertedOffer = offers.find((offer) => offer.at !== undefined && offer.quoted !== currency);
  if (convertedOffer) tradeoffs.push(`Prices quoted in ${convertedOffer.quoted} were converted to ${currency} at the ECB reference rate of ${convertedOffer.at}.`);
  const foreign = offers.find((offer) => offer.now !== currency)?.now;
  if (foreign) {
    tradeoffs.push(
      knownCurrency(foreign)
        ? `Prices in ${foreign} were converted to ${currency} at approximate rates.`
        : `Prices in ${foreign} could not be converted and are compared as-is.`,
    );
  }
  if (!flight && input.flights.length === 0) tradeoffs.push('Flights are not included in the total.');
  if (!stay && input.stays.length === 0 && args.nights) tradeoffs.push('Accommodation is not included in the total.');
  return tradeoffs;
}

/** The offers the budget may choose from: the pinned one alone, none, or the first `max` found. */
function candidatesFor<T extends { id: string }>(offers: readonly T[], pinnedId: string | null | undefined, max: number): (T | null)[] {
  if (pinnedId === null) return [null];
  const pinned = pinnedId === undefined ? undefined : offers.find((offer) => offer.id === pinnedId);
  if (pinned) return [pinned];
  return offers.length > 0 ? offers.slice(0, max) : [null];
}
