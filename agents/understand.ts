// Router / understand: reads the traveler's message as a change set against the trip's current request
// through the `update_trip_request` tool (agents/changeSet.ts; offline, the planner fills it from
// agents/followUp.ts), applies exactly those edits, says what changed, and recalls memories relevant to
// the turn. Questions, acknowledgements and unclear messages change nothing; undo restores the request
// before the last change (the workflow keeps that history and passes it in as `undoTarget`).
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { tripRequestSchema } from '../domain/schemas.js';
import type { TripRequest } from '../domain/trip.js';
import { agentContextFrom, contextBlock } from './context.js';
import type { TripDateProblem } from '../domain/dates.js';
import { applyChangeSet, describeChanges } from './changeSet.js';
import { turnCurrency } from './currency.js';
import { dateSpan } from './dates.js';
import { computeNeeds, type TurnStateValue } from './state.js';
import { buildToolAgent, finalText, toolArtifacts, toolErrors } from './toolAgent.js';
import { TOOL, updateTripRequestTool, type TripRequestUpdateResult } from './tools.js';

// Two model calls at most: a change set the tool rejects (malformed arguments, an unknown place) goes
// back to the model once; if the retry fails too, the turn asks the traveler instead of guessing.
const understandAgent = buildToolAgent('understand_agent', [updateTripRequestTool], { returnDirect: [TOOL.updateTripRequest], maxModelCalls: 2 });

const SYSTEM_PROMPT = [
  'You maintain the structured trip request of TripSage, a trip planner, across a conversation.',
  `Read the traveler's latest message and call ${TOOL.updateTripRequest} exactly once.`,
  'intent: "change" when they ask to change the trip; "question" when they ask something about it (weather, flight length or times, hotel price, breakfast, total) — a question changes nothing, even if it names a month; "confirm" for an acknowledgement; "undo" to take back the last change; "clarify" when the request is too vague or contradictory to act on (then give clarifyingQuestion).',
  'For a change, send ONLY what the message changes relative to the current request in the context; everything else stays as it is. Use shiftDepartDays/shiftReturnDays for "two days later" or "push the departure back by three days", nights for "make it a full week", addAdults/addChildren for "my sister is coming too" or "my wife can\'t come", addInterests for a day trip ("a day trip to Nikko" is not a new destination), removeInterests to drop one.',
  'Absolute dates without a year belong to the trip\'s own dates (referenceDate is today). A budget without a currency keeps the current one: omit budget.currency. A budget is the total for the whole party.',
].join('\n');

const CLARIFY_AFTER_BAD_ARGUMENTS = 'Sorry — I could not work out what to change from that. Could you say it another way, for example "move the trip two days later" or "nonstop flights only"?';

/** What understanding a message reads of the turn. */
export type UnderstandState = Pick<TurnStateValue, 'text' | 'request' | 'referenceDate' | 'userId' | 'tripId' | 'pace' | 'undoTarget' | 'currency'>;

/** What a message was, and the turn's request and pace after it. */
export type Understood = Pick<TurnStateValue, 'request' | 'pace' | 'intent' | 'mentioned' | 'changes' | 'needs' | 'notes'> &
  Partial<Pick<TurnStateValue, 'questionTopic' | 'clarifyingQuestion'>>;

export async function understandMessage(state: UnderstandState, config: LangGraphRunnableConfig): Promise<Understood> {
  const ctx = agentContextFrom(config);
  const current = tripRequestSchema.parse(state.request);
  const messages = [
    new SystemMessage(`${SYSTEM_PROMPT}\n${contextBlock({ task: 'understand', referenceDate: state.referenceDate, request: current, pace: state.pace })}`),
    new HumanMessage(state.text),
  ];
  const result = await understandAgent.invoke({ messages }, config);
  const [update] = toolArtifacts<TripRequestUpdateResult>(result.messages, TOOL.updateTripRequest).slice(-1);
  const errors = toolErrors(result.messages);
  if (errors.length > 0) ctx.logger.warn({ errors }, 'update_trip_request rejected arguments');

  const unchanged = { request: current, pace: state.pace, mentioned: [], changes: [], needs: computeNeeds(current) };
  if (!update) {
    // No usable change set: ask rather than guess; the trip stays exactly as it was.
    ctx.logger.info({ errors: errors.length, text: finalText(result.messages).slice(0, 200) }, 'no change set from the model; asking the traveler');
    return { ...unchanged, intent: 'clarify', clarifyingQuestion: CLARIFY_AFTER_BAD_ARGUMENTS, notes: [] };
  }
  const { changes } = update;
  if (changes.intent === 'undo') {
    const target = state.undoTarget;
    if (!target) return { ...unchanged, intent: 'undo', notes: [] };
    const restored = { request: tripRequestSchema.parse(target.request), pace: target.pace };
    const described = describeChanges({ request: current, pace: state.pace }, restored);
    return { ...restored, intent: 'undo', mentioned: changedRequestFields(current, restored.request), changes: described, needs: computeNeeds(restored.request), notes: [] };
  }
  if (changes.intent !== 'change') {
    return { ...unchanged, intent: changes.intent, notes: [], ...(changes.questionTopic && { questionTopic: changes.questionTopic }), ...(changes.clarifyingQuestion && { clarifyingQuestion: changes.clarifyingQuestion }) };
  }
  const applied = applyChangeSet(current, state.pace, changes, { today: state.referenceDate, currency: turnCurrency(ctx, state) });
  const notes = applied.problems.length > 0 ? [dateProblemNote(applied.problems)] : [];
  const described = describeChanges({ request: current, pace: state.pace }, { request: applied.request, pace: applied.pace });
  ctx.logger.debug({ changed: applied.changed, notes }, 'understood turn');
  return {
    request: applied.request,
    pace: applied.pace,
    intent: 'change',
    mentioned: applied.changed.filter((field): field is keyof TripRequest => field !== 'pace'),
    changes: described,
    needs: computeNeeds(applied.request),
    notes,
  };
}

function changedRequestFields(before: TripRequest, after: TripRequest): (keyof TripRequest)[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)] as (keyof TripRequest)[]);
  return [...keys].filter((key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null));
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

export async function recallMemories(state: Pick<TurnStateValue, 'text' | 'request' | 'referenceDate' | 'userId' | 'tripId'>, config: LangGraphRunnableConfig): Promise<Pick<TurnStateValue, 'memories'>> {
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
