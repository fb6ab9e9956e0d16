// Client-side entry points of the trip workflow, shared by the API routes, tests and benchmarks.
import {
  isGrpcServiceError,
  WithStartWorkflowOperation,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  WorkflowUpdateStage,
  type Client,
  type WorkflowUpdateHandle,
} from '@temporalio/client';
import { withPlan, type ConstraintsChange, type OptionSelection, type SendMessageInput, type SendMessageResult, type TripState, type TurnOutcome } from '../domain/trip.js';
import { temporalEnums } from '../infra/temporal.js';
import { workflowIds } from '../workflows/ids.js';
import { TripIdAttribute, TripStatusAttribute, UserIdAttribute } from '../workflows/searchAttributes.js';
import type { ItineraryEditChange } from '../domain/itineraryEdits.js';
import { editItineraryUpdate, FIRST_TRIP_STATUS, getStateQuery, selectOptionsUpdate, sendMessageUpdate, setConstraintsUpdate, tripPlanningWorkflow, type TripPlanningInput } from '../workflows/tripPlanning.js';

export interface TripRef {
  tripId: string;
  userId: string;
  taskQueue: string;
}

/**
 * The sendMessage update's id, derived from the clientMessageId: a re-sent message is the same update
 * (Temporal answers it with the first one's outcome within a run; the workflow itself dedupes across
 * runs), and a turn's status can be looked up by the id the client chose.
 */
export const messageUpdateId = (clientMessageId: string): string => `message:${clientMessageId}`;

/** The trip's workflow, started by its first message and seeded with what the trip row already says (`initial`; ignored when it runs). */
function startOnFirstMessage(trip: TripRef, initial?: TripPlanningInput['initial']) {
  return new WithStartWorkflowOperation(tripPlanningWorkflow, {
    workflowId: workflowIds.trip(trip.tripId),
    taskQueue: trip.taskQueue,
    args: [{ tripId: trip.tripId, userId: trip.userId, ...(initial && { initial }) }],
    workflowIdConflictPolicy: 'USE_EXISTING',
    // All the workflow's first ones (a first task with no upsert of its own, v13).
    typedSearchAttributes: [
      { key: TripIdAttribute, value: trip.tripId },
      { key: UserIdAttribute, value: trip.userId },
      { key: TripStatusAttribute, value: FIRST_TRIP_STATUS },
    ],
    staticSummary: `Trip planning session ${trip.tripId}`,
    staticDetails: `Traveler ${trip.userId}. Updates: sendMessage, setConstraints, archive. Query: getState. Signal: agentSuggestion.`,
  });
}

/** Sends a message with update-with-start and waits for the whole turn. */
export async function sendTripMessage(client: Client, trip: TripRef, message: SendMessageInput, initial?: TripPlanningInput['initial']): Promise<SendMessageResult> {
  return withPlan(await client.workflow.executeUpdateWithStart(sendMessageUpdate, {
    args: [message],
    updateId: messageUpdateId(message.clientMessageId),
    startWorkflowOperation: startOnFirstMessage(trip, initial),
  }));
}

/**
 * Sends a message with update-with-start and returns as soon as the workflow has accepted it (its
 * validator passed; a rejection is the handle's failed result); the turn runs on.
 */
export async function startTripMessage(client: Client, trip: TripRef, message: SendMessageInput, initial?: TripPlanningInput['initial']): Promise<WorkflowUpdateHandle<TurnOutcome>> {
  return client.workflow.startUpdateWithStart(sendMessageUpdate, {
    args: [message],
    updateId: messageUpdateId(message.clientMessageId),
    waitForStage: WorkflowUpdateStage.ACCEPTED,
    startWorkflowOperation: startOnFirstMessage(trip, initial),
  });
}

/**
 * The update's result if it arrives within `waitMs`, else null (still running). With 0, only an outcome
 * already in hand counts: the one the server answered the start with (a rejection, or a re-sent
 * message's first outcome). A failed update throws WorkflowUpdateFailedError.
 */
export async function updateResultWithin<T>(client: Client, handle: WorkflowUpdateHandle<T>, waitMs: number): Promise<{ result: T } | null> {
  try {
    // The deadline also ends the SDK's long poll for the outcome, so nothing keeps polling after the wait.
    return { result: await client.withDeadline(Date.now() + Math.max(0, waitMs), () => handle.result()) };
  } catch (error) {
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return null;
    throw error;
  }
}

export type MessageTurnStatus =
  | { status: 'pending' }
  | { status: 'done'; result: SendMessageResult }
  | { status: 'failed'; error: WorkflowUpdateFailedError }
  /** The trip's current run has no such update: never sent, rejected, or answered in an earlier run. */
  | { status: 'unknown' };

/** gRPC status codes the status read tells apart (grpc/status.proto). */
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_NOT_FOUND = 5;

/** How long a status read may take to reach the server when it does not wait for the turn. */
const STATUS_READ_MS = 5_000;

/** A message's turn in the trip's current workflow run; waits up to `waitMs` for a running one to end. */
export async function messageTurnStatus(client: Client, tripId: string, clientMessageId: string, waitMs = 0): Promise<MessageTurnStatus> {
  const workflowId = workflowIds.trip(tripId);
  const updateId = messageUpdateId(clientMessageId);
  let completed: boolean;
  try {
    // Every update the run knows is accepted already, so this answers at once, with the outcome if it has one.
    const answer = await client.withDeadline(Date.now() + STATUS_READ_MS, () =>
      client.workflowService.pollWorkflowExecutionUpdate({
        namespace: client.options.namespace,
        updateRef: { workflowExecution: { workflowId }, updateId },
        identity: client.options.identity,
        waitPolicy: { lifecycleStage: temporalEnums.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED },
      }),
    );
    completed = Boolean(answer.outcome);
  } catch (error) {
    if (isGrpcServiceError(error) && error.code === GRPC_NOT_FOUND) return { status: 'unknown' };
    // Admitted but not accepted yet (a workflow task is on its way): it is queued, so pending.
    if (isGrpcServiceError(error) && error.code === GRPC_DEADLINE_EXCEEDED) return { status: 'pending' };
    throw error;
  }
  if (!completed && waitMs <= 0) return { status: 'pending' };
  const handle = client.workflow.getHandle(workflowId).getUpdateHandle<TurnOutcome>(updateId);
  try {
    const settled = await updateResultWithin(client, handle, completed ? STATUS_READ_MS : waitMs);
    return settled ? { status: 'done', result: withPlan(settled.result) } : { status: 'pending' };
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) return { status: 'failed', error };
    throw error;
  }
}

export async function getTripState(client: Client, tripId: string): Promise<TripState> {
  return client.workflow.getHandle(workflowIds.trip(tripId)).query(getStateQuery);
}

export async function setTripConstraints(client: Client, tripId: string, constraints: ConstraintsChange): Promise<TripState> {
  return client.workflow.getHandle(workflowIds.trip(tripId)).executeUpdate(setConstraintsUpdate, { args: [constraints] });
}

export async function selectTripOptions(client: Client, tripId: string, selection: OptionSelection): Promise<SendMessageResult> {
  return withPlan(await client.workflow.getHandle(workflowIds.trip(tripId)).executeUpdate(selectOptionsUpdate, { args: [selection] }));
}

export async function editTripItinerary(client: Client, tripId: string, edit: ItineraryEditChange): Promise<TripState> {
  return client.workflow.getHandle(workflowIds.trip(tripId)).executeUpdate(editItineraryUpdate, { args: [edit] });
}
