// Router / understand: merges the traveler's new message into the current TripRequest through the
// `update_trip_request` tool (offline, the planner fills it from agents/requestParser.ts with only the
// fields the message mentions), validates the result, decides which specialists can run, and recalls
// memories relevant to the turn.
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { tripRequestSchema } from '../domain/schemas.js';
import type { TripRequest } from '../domain/trip.js';
import { agentContextFrom, contextBlock } from './context.js';
import { addDays, tripDateProblems, type TripDateProblem } from '../domain/dates.js';
import { dateSpan, nightsBetween } from './dates.js';
import { computeNeeds, type TurnStateUpdate, type TurnStateValue } from './state.js';
import { buildToolAgent, finalText, toolArtifacts, toolErrors } from './toolAgent.js';
import { TOOL, updateTripRequestTool, type TripRequestPatch, type TripRequestUpdateResult } from './tools.js';

const understandAgent = buildToolAgent('understand_agent', [updateTripRequestTool], { returnDirect: [TOOL.updateTripRequest], maxModelCalls: 3 });

const SYSTEM_PROMPT = [
  'You maintain the structured trip request of TripSage, a trip planner.',
  `Read the traveler's latest message and call ${TOOL.updateTripRequest} once with ONLY the fields the traveler stated or changed in that message; omit every other field.`,
  'Resolve relative dates ("next Friday", "for 4 nights") against referenceDate. A budget is the total for the whole party. Interests are short keywords.',
  'If the message says nothing about the trip itself, do not call the tool and answer "nothing new".',
].join('\n');

export async function understandNode(state: TurnStateValue, config: LangGraphRunnableConfig): Promise<TurnStateUpdate> {
  const ctx = agentContextFrom(config);
  const current = tripRequestSchema.parse(state.request);
  const messages = [
    new SystemMessage(`${SYSTEM_PROMPT}\n${contextBlock({ task: 'understand', referenceDate: state.referenceDate, request: current })}`),
    new HumanMessage(state.text),
  ];
  const result = await understandAgent.invoke({ messages }, config);
  const updates = toolArtifacts<TripRequestUpdateResult>(result.messages, TOOL.updateTripRequest);
  const errors = toolErrors(result.messages);
  if (errors.length > 0) ctx.logger.warn({ errors }, 'update_trip_request rejected arguments');

  let request = current;
  const mentioned = new Set<keyof TripRequest>();
  const problems: TripDateProblem[] = [];
  for (const update of updates) {
    problems.push(...update.problems);
    const merged = mergeTripRequest(request, update.patch, ctx.logger, { today: state.referenceDate });
    request = merged.request;
    problems.push(...merged.problems);
    for (const key of merged.applied) mentioned.add(key);
  }
  const notes = problems.length > 0 ? [dateProblemNote(problems)] : [];
  ctx.logger.debug({ mentioned: [...mentioned], notes, summary: finalText(result.messages) }, 'understood turn');
  return { request, mentioned: [...mentioned], needs: computeNeeds(request), notes };
}

/**
 * One line for the reply about dates that were not taken: the first problem (a past trip has two, one
 * per date), with what the traveler may have meant. "The return date (2027-04-03) is before the
 * departure (2027-04-12) — did you mean 3–12 Apr 2027? I kept your previous dates."
 */
export function dateProblemNote(problems: readonly TripDateProblem[]): string {
  const [first] = problems;
  if (!first) return '';
  const reason = first.reason.charAt(0).toUpperCase() + first.reason.slice(1);
  const suggestion = first.suggestion ? ` — did you mean ${dateSpan(first.suggestion.departDate, first.suggestion.returnDate)}?` : '.';
  return `${reason}${suggestion} I kept the trip's previous dates; tell me the dates again to change them.`;
}

/**
 * Applies only the patched fields to `current`. Interests accumulate (a follow-up "also hiking" adds to
 * "food"); everything else is replaced. A field whose value would make the request invalid is dropped.
 */
export function mergeTripRequest(
  current: TripRequest,
  patch: TripRequestPatch,
  logger?: { warn(object: object, message: string): void },
  options: { today?: string } = {},
): { request: TripRequest; applied: (keyof TripRequest)[]; problems: TripDateProblem[] } {
  let request: TripRequest = { ...current };
  const applied: (keyof TripRequest)[] = [];
  for (const key of Object.keys(patch) as (keyof TripRequest)[]) {
    const candidate: TripRequest =
      key === 'interests'
        ? { ...request, interests: [...new Set([...request.interests, ...(patch.interests ?? [])])].slice(0, 20) }
        : { ...request, [key]: patch[key] };
    if (tripRequestSchema.safeParse(candidate).success) {
      request = candidate;
      applied.push(key);
    } else {
      logger?.warn({ field: key }, 'dropped an invalid trip request field');
    }
  }
  // A new departure date past the old return date: keep the trip's length rather than invert it.
  if (request.departDate && request.returnDate && request.returnDate < request.departDate) {
    if (applied.includes('departDate') && !applied.includes('returnDate') && current.departDate && current.returnDate) {
      request = { ...request, returnDate: addDays(request.departDate, nightsBetween(current.departDate, current.returnDate)) };
    }
  }
  // The trip as it would be must pass the date rule (domain/dates.ts); if not, it keeps its previous dates.
  const changed = (['departDate', 'returnDate'] as const).filter((field) => applied.includes(field));
  const problems = changed.length > 0 ? tripDateProblems({ departDate: request.departDate, returnDate: request.returnDate }, { today: options.today ?? null, changed }) : [];
  if (problems.length > 0) {
    logger?.warn({ problems }, 'refused trip dates');
    request = { ...request, departDate: current.departDate, returnDate: current.returnDate };
    return { request, applied: applied.filter((key) => key !== 'departDate' && key !== 'returnDate'), problems };
  }
  return { request, applied, problems };
}

export async function recallNode(state: TurnStateValue, config: LangGraphRunnableConfig): Promise<TurnStateUpdate> {
  const ctx = agentContextFrom(config);
  if (!state.userId) return { memories: [] };
  const { request } = state;
  const query = [
    state.text,
    request.destination ? `trip to ${request.destination.city}` : '',
    request.interests.length > 0 ? `interests ${request.interests.join(' ')}` : '',
    request.cabinClass !== 'economy' ? `${request.cabinClass} class` : '',
    request.budget ? 'budget' : '',
  ]
    .filter(Boolean)
    .join('. ');
  try {
    // Only what applies to this trip: the traveler's preferences, this trip's facts, and past trips.
    return { memories: await ctx.memory.recall(state.userId, query, 5, undefined, { tripId: state.tripId, today: state.referenceDate }) };
  } catch (error) {
    // Memory is an enhancement: a failing recall must not fail the turn.
    ctx.logger.warn({ err: error }, 'memory recall failed');
    return { memories: [] };
  }
}
