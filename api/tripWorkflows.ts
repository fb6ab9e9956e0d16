// Client-side entry points of the trip workflow, shared by the API routes, tests and benchmarks.
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { Constraints, OptionSelection, SendMessageInput, SendMessageResult, TripState } from '../domain/trip.js';
import { workflowIds } from '../workflows/ids.js';
import { TripIdAttribute, UserIdAttribute } from '../workflows/searchAttributes.js';
import { getStateQuery, selectOptionsUpdate, sendMessageUpdate, setConstraintsUpdate, tripPlanningWorkflow, type TripPlanningInput } from '../workflows/tripPlanning.js';

export interface TripRef {
  tripId: string;
  userId: string;
  taskQueue: string;
}

/**
 * Sends a message with update-with-start: the trip's workflow is started by its first message, seeded
 * with what the trip row already says (`initial`; ignored when the workflow is running).
 */
export async function sendTripMessage(client: Client, trip: TripRef, message: SendMessageInput, initial?: TripPlanningInput['initial']): Promise<SendMessageResult> {
  const startWorkflowOperation = new WithStartWorkflowOperation(tripPlanningWorkflow, {
    workflowId: workflowIds.trip(trip.tripId),
    taskQueue: trip.taskQueue,
    args: [{ tripId: trip.tripId, userId: trip.userId, ...(initial && { initial }) }],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: [
      { key: TripIdAttribute, value: trip.tripId },
      { key: UserIdAttribute, value: trip.userId },
    ],
    staticSummary: `Trip planning session ${trip.tripId}`,
    staticDetails: `Traveler ${trip.userId}. Updates: sendMessage, setConstraints, archive. Query: getState. Signal: agentSuggestion.`,
  });
  return client.workflow.executeUpdateWithStart(sendMessageUpdate, { args: [message], startWorkflowOperation });
}

export async function getTripState(client: Client, tripId: string): Promise<TripState> {
  return client.workflow.getHandle(workflowIds.trip(tripId)).query(getStateQuery);
}

export async function setTripConstraints(client: Client, tripId: string, constraints: Constraints): Promise<TripState> {
  return client.workflow.getHandle(workflowIds.trip(tripId)).executeUpdate(setConstraintsUpdate, { args: [constraints] });
}

export async function selectTripOptions(client: Client, tripId: string, selection: OptionSelection): Promise<SendMessageResult> {
  return client.workflow.getHandle(workflowIds.trip(tripId)).executeUpdate(selectOptionsUpdate, { args: [selection] });
}
