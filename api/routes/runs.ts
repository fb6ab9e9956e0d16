// Workflow runs for operators, mounted at /api/runs behind authentication (protect(ctx)).
// The operation is defined in api/openapi/runs.ts (runRoutes).
//   GET /?status=&userId=&tripId=&type=&turnFailed=&pageSize= → {items, nextCursor: null, query}: Temporal visibility (the platform's
//   search attributes, incl. booking and watch status), each run with a link to its history in the Temporal Web UI.
// Operators only: a signed-in user with the operator role (requireOperator), never an API key.
import type { WorkflowExecutionInfo } from '@temporalio/client';
import type { Router } from 'express';
import { BookingStatusAttribute, DestinationAttribute, TripIdAttribute, TripStatusAttribute, TurnFailedAttribute, UserIdAttribute, WatchStatusAttribute } from '../../workflows/searchAttributes.js';
import { principalOf, requireOperator } from '../auth/principal.js';
import type { ApiContext } from '../context.js';
import { parseRequest } from '../validation.js';
import { listRunsQuery } from '../../contracts/runs.js';
import { runRoutes } from '../openapi/runs.js';

const DEFAULT_PAGE_SIZE = 20;

/** A string literal for Temporal's visibility query language (values are validated too; this is the backstop). */
export function visibilityLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function createRunsRouter(ctx: ApiContext): Router {
  return runRoutes.router({
    listRuns: async (req, res) => {
      requireOperator(principalOf(req), 'listing workflow runs');
      const params = parseRequest(listRunsQuery, req.query, 'query');
      const clauses = [
        params.type && `WorkflowType = ${visibilityLiteral(params.type)}`,
        params.status && `ExecutionStatus = ${visibilityLiteral(params.status)}`,
        params.tripId && `TripId = ${visibilityLiteral(params.tripId)}`,
        params.userId && `UserId = ${visibilityLiteral(params.userId)}`,
        params.turnFailed && `TurnFailed = ${params.turnFailed}`,
      ].filter((clause): clause is string => Boolean(clause));
      const query = clauses.join(' AND ');
      const pageSize = params.pageSize ?? DEFAULT_PAGE_SIZE;

      const items = [];
      for await (const run of ctx.temporal.workflow.list({ query, pageSize })) {
        items.push(toRunView(ctx, run));
        if (items.length >= pageSize) break;
      }
      // The most recent pageSize runs only (operators narrow with the filters): no next page.
      res.json({ items, nextCursor: null, query });
    },
  });
}

function toRunView(ctx: ApiContext, run: WorkflowExecutionInfo) {
  const attribute = (key: typeof TripIdAttribute) => run.typedSearchAttributes.get(key) ?? null;
  const ui = ctx.config.TEMPORAL_UI_URL.replace(/\/+$/, '');
  return {
    workflowId: run.workflowId,
    runId: run.runId,
    type: run.type,
    status: run.status.name,
    startTime: run.startTime.toISOString(),
    closeTime: run.closeTime?.toISOString() ?? null,
    searchAttributes: {
      TripId: attribute(TripIdAttribute),
      UserId: attribute(UserIdAttribute),
      TripStatus: attribute(TripStatusAttribute),
      Destination: attribute(DestinationAttribute),
      BookingStatus: attribute(BookingStatusAttribute),
      WatchStatus: attribute(WatchStatusAttribute),
      TurnFailed: run.typedSearchAttributes.get(TurnFailedAttribute) ?? null,
    },
    uiUrl: `${ui}/namespaces/${encodeURIComponent(ctx.namespace)}/workflows/${encodeURIComponent(run.workflowId)}/${encodeURIComponent(run.runId)}/history`,
  };
}
