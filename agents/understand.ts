// Router / understand: merges the traveler's new message into the current TripRequest through the
// `update_trip_request` tool (offline, the planner fills it from agents/requestParser.ts with only the
// fields the message mentions), validates the result, decides which specialists can run, and recalls
// memories relevant to the turn.
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { tripRequestSchema } from '../domain/schemas.js';
import type { TripRequest } from '../domain/trip.js';
import { agentContextFrom, contextBlock } from './context.js';
import { addDays } from '../domain/dates.js';
import { nightsBetween } from './dates.js';
import { computeNeeds, type TurnStateUpdate, type TurnStateValue } from './state.js';
import { buildToolAgent, finalText, toolArtifacts, toolErrors } from './toolAgent.js';
import { TOOL, updateTripRequestTool, type TripRequestPatch } from './tools.js';

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
  const patches = toolArtifacts<TripRequestPatch>(result.messages, TOOL.updateTripRequest);
  const errors = toolErrors(result.messages);
  if (errors.length > 0) ctx.logger.warn({ errors }, 'update_trip_request rejected arguments');

  let request = current;
  const mentioned = new Set<keyof TripRequest>();
  for (const patch of patches) {
    const merged = mergeTripRequest(request, patch, ctx.logger);
    request = merged.request;
    for (const key of merged.applied) mentioned.add(key);
  }
  ctx.logger.debug({ mentioned: [...mentioned], summary: finalText(result.messages) }, 'understood turn');
  return { request, mentioned: [...mentioned], needs: computeNeeds(request) };
}

/**
 * Applies only the patched fields to `current`. Interests accumulate (a follow-up "also hiking" adds to
 * "food"); everything else is replaced. A field whose value would make the request invalid is dropped.
 */
export function mergeTripRequest(
  current: TripRequest,
  patch: TripRequestPatch,
  logger?: { warn(object: object, message: string): void },
): { request: TripRequest; applied: (keyof TripRequest)[] } {
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
    } else {
      request = { ...request, returnDate: null };
    }
  }
  return { request, applied };
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
