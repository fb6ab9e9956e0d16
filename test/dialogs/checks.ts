// Plan and reply properties a dialog turn can require, each a small named predicate over the turn's
// outcome (null: holds; a string: what was wrong).
import { convert } from '../../agents/knowledge.js';
import type { Money, TripPlan } from '../../domain/trip.js';
import type { PlanCheck, TurnOutcome } from './types.js';

type SearchKind = keyof TurnOutcome['searches'];

const check = (name: string, run: (outcome: TurnOutcome) => string | null): PlanCheck => ({ name, check: run });

const selectedStay = (plan: TripPlan | null) => plan?.stayOptions.find((offer) => offer.id === plan.selectedStayId) ?? null;

/** Every flight option is nonstop, or the reply says plainly that no nonstop exists. */
export const allNonstop = check('all offers nonstop', ({ plan, reply }) => {
  const offers = plan?.flightOptions ?? [];
  if (offers.length === 0) return 'no flight options';
  if (offers.every((offer) => offer.stops === 0)) return null;
  return /no nonstop flight exists/i.test(reply) ? null : `${offers.filter((offer) => offer.stops > 0).length} offer(s) with stops and no note saying why`;
});

/** No accommodation in the plan or its budget. */
export const noStay = check('no stay in plan or budget', ({ plan }) => {
  if (!plan) return 'no plan';
  if (plan.stayOptions.length > 0 || plan.selectedStayId) return `${plan.stayOptions.length} stay option(s) still in the plan`;
  const line = plan.budget?.lines.find((budgetLine) => budgetLine.category === 'stay');
  return line && line.amount.amount > 0 ? `budget still has a stay line of ${line.amount.amount}` : null;
});

/** A stay is back in the plan. */
export const hasStay = check('a stay in the plan', ({ plan }) => (selectedStay(plan) ? null : 'no stay selected'));

/** Some itinerary day names `text` (its title or one of its entries). */
export const dayMentions = (text: string): PlanCheck =>
  check(`a day mentions ${text}`, ({ plan }) => {
    const needle = text.toLowerCase();
    const found = (plan?.itinerary ?? []).some((day) =>
      [day.title, ...day.entries.flatMap((entry) => [entry.title, entry.description ?? ''])].some((words) => words.toLowerCase().includes(needle)),
    );
    return found ? null : `no itinerary day mentions "${text}"`;
  });

export const replyMentions = (pattern: RegExp): PlanCheck =>
  check(`reply matches ${pattern}`, ({ reply }) => (pattern.test(reply) ? null : `reply does not match ${pattern}: "${reply.slice(0, 160)}"`));

export const replyNotMentions = (pattern: RegExp): PlanCheck =>
  check(`reply does not match ${pattern}`, ({ reply }) => (pattern.test(reply) ? `reply matches ${pattern}: "${reply.slice(0, 160)}"` : null));

/** These searches did not run this turn. */
export const notSearched = (...kinds: SearchKind[]): PlanCheck =>
  check(`no ${kinds.join('/')} search`, ({ searches }) => {
    const ran = kinds.filter((kind) => searches[kind] > 0);
    return ran.length > 0 ? `searched ${ran.join(', ')} again` : null;
  });

/** Nothing was searched again (questions, acknowledgements, clarifications). */
export const noResearch: PlanCheck = { ...notSearched('destination', 'flights', 'stays'), name: 'no re-search' };

/** The plan is the one from before: same offers, same picks, same days. */
export const planUnchanged = check('plan unchanged', ({ plan, before }) => {
  const key = (value: TripPlan | null) =>
    JSON.stringify([value?.flightOptions.map((offer) => offer.id), value?.stayOptions.map((offer) => offer.id), value?.selectedFlightId, value?.selectedStayId, value?.itinerary.map((day) => day.date)]);
  return key(plan) === key(before.plan) ? null : 'the plan changed';
});

/** The itinerary runs from the departure to the return date. */
export const itineraryCoversTrip = check('itinerary covers the trip', ({ plan, request }) => {
  const days = plan?.itinerary ?? [];
  if (days.length === 0) return 'no itinerary';
  const [first, last] = [days[0]?.date, days.at(-1)?.date];
  return first === request.departDate && last === request.returnDate ? null : `itinerary ${first}…${last}, trip ${request.departDate}…${request.returnDate}`;
});

const activitiesOf = (plan: TripPlan | null) => (plan?.itinerary ?? []).flatMap((day) => day.entries).filter((entry) => entry.kind === 'activity').length;

/** A slower trip: fewer activities than before over the same days. */
export const fewerActivities = check('fewer items per day', ({ plan, before }) => {
  const [now, then] = [activitiesOf(plan), activitiesOf(before.plan)];
  return now < then ? null : `${now} activities, before ${then}`;
});

/** A busier trip: more activities than before over the same days. */
export const moreActivities = check('more items per day', ({ plan, before }) => {
  const [now, then] = [activitiesOf(plan), activitiesOf(before.plan)];
  return now > then ? null : `${now} activities, before ${then}`;
});

/** The reply says "within your … budget" only when the total is, and "over" only when it is over. */
export const honestBudgetClaim = check('budget claim matches the total', ({ plan, reply }) => {
  const within = plan?.budget?.withinBudget ?? null;
  const total = plan?.budget?.total;
  const budget = plan?.budget?.budget;
  if (total && budget && within !== null && within !== total.amount <= convert(budget, total.currency).amount + 0.5) return `withinBudget=${within} but total ${total.amount} vs budget ${budget.amount}`;
  if (/within your .{0,20}budget/i.test(reply) && within !== true) return 'reply claims the plan is within budget';
  if (/over your .{0,20}budget/i.test(reply) && within !== false) return 'reply claims the plan is over budget';
  return null;
});

/** The cheapest stay on offer is the one picked. */
export const cheapestStayPicked = check('cheapest stay picked', ({ plan }) => {
  const stay = selectedStay(plan);
  if (!stay || !plan) return 'no stay selected';
  const cheapest = Math.min(...plan.stayOptions.map((offer) => offer.totalPrice.amount));
  return stay.totalPrice.amount <= cheapest + 0.005 ? null : `picked ${stay.totalPrice.amount}, cheapest ${cheapest}`;
});

/** Every stay option has at least `stars`, or the reply says none does. */
export const staysAtLeastStars = (stars: number): PlanCheck =>
  check(`stays ${stars}★ or more`, ({ plan, reply }) => {
    const below = (plan?.stayOptions ?? []).filter((offer) => offer.rating < stars);
    if (!selectedStay(plan)) return 'no stay selected';
    return below.length === 0 || /No stay found is/i.test(reply) ? null : `${below.length} option(s) under ${stars}★`;
  });

/** Every stay option costs at most `limit` a night, or the reply says none does. */
export const staysAtMostPerNight = (limit: Money): PlanCheck =>
  check(`stays at most ${limit.amount} ${limit.currency}/night`, ({ plan, reply }) => {
    if (!selectedStay(plan)) return 'no stay selected';
    const over = (plan?.stayOptions ?? []).filter((offer) => offer.pricePerNight.amount > convert(limit, offer.pricePerNight.currency).amount + 0.005);
    return over.length === 0 || /No stay found is/i.test(reply) ? null : `${over.length} option(s) over the nightly limit`;
  });

/** The reply leads with the change it made ("Dates: 12–19 Jun 2028 → 15–19 Jun 2028"). */
export const replyLeadsWith = (label: string): PlanCheck =>
  check(`reply leads with ${label}`, ({ reply }) => (reply.split('\n')[0]?.includes(`${label}:`) ? null : `first line: "${reply.split('\n')[0]?.slice(0, 120)}"`));
