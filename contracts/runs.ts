// Request and response schemas of /api/runs: Temporal visibility for operators.
import { dateTimeSchema, intQuery, uuidSchema, z } from './common.js';
import { listEnvelope } from './list.js';

/** ExecutionStatus values of Temporal's visibility query language. */
export const executionStatuses = ['Running', 'Completed', 'Failed', 'Canceled', 'Terminated', 'ContinuedAsNew', 'TimedOut'] as const;

export const listRunsQuery = z
  .object({
    status: z.enum(executionStatuses).optional(),
    userId: uuidSchema.optional(),
    tripId: uuidSchema.optional(),
    type: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/, 'must be a workflow type name such as tripPlanningWorkflow')
      .optional(),
    turnFailed: z.enum(['true', 'false']).optional().openapi({ description: '`true`: trips whose last turn or change failed and was rolled back (search attribute `TurnFailed`).' }),
    pageSize: intQuery(1, 100).optional().openapi({ description: 'At most this many runs (default 20).' }),
  })
  .strict();

export const runView = z
  .object({
    workflowId: z.string(),
    runId: z.string(),
    type: z.string(),
    status: z.string().openapi({ example: 'RUNNING' }),
    startTime: dateTimeSchema,
    closeTime: dateTimeSchema.nullable(),
    searchAttributes: z.object({
      TripId: z.string().nullable(),
      UserId: z.string().nullable(),
      TripStatus: z.string().nullable(),
      Destination: z.string().nullable(),
      BookingStatus: z.string().nullable(),
      WatchStatus: z.string().nullable(),
      TurnFailed: z.boolean().nullable(),
    }),
    uiUrl: z.string().openapi({ format: 'uri', description: 'The run\'s history in the Temporal Web UI.' }),
  })
  .openapi('Run');

export const runListView = listEnvelope(runView, 'Always null: the most recent `pageSize` runs only; narrow the filters to see others.')
  .extend({ query: z.string().openapi({ description: 'The visibility query that was run.' }) })
  .openapi('RunList');
