// Client-side entry points of price watches (`pricewatch:<watchId>`), for the API routes, tests and benchmarks.
import { WorkflowIdReusePolicy, type Client, type WorkflowHandle } from '@temporalio/client';
import { newWebhookSecret } from '../activities/priceWatch.js';
import type { PriceWatchInput, WatchChange, WatchState } from '../domain/priceWatch.js';
import type { PrismaClient } from '../infra/db.js';
import { workflowIds } from '../workflows/ids.js';
import { changeWatchUpdate, getWatchQuery, pauseWatchUpdate, priceWatchWorkflow, resumeWatchUpdate, stopWatchUpdate } from '../workflows/priceWatch.js';
import { TripIdAttribute, UserIdAttribute, WatchStatusAttribute } from '../workflows/searchAttributes.js';

export interface StartPriceWatchOptions extends Omit<PriceWatchInput, 'carried'> {
  taskQueue: string;
}

export interface StartedPriceWatch {
  handle: WorkflowHandle<typeof priceWatchWorkflow>;
  /** The per-watch webhook signing secret (null without a webhook): show it to the owner once. */
  webhookSecret: string | null;
}

/**
 * Starts a watch. With a webhook, the watch's row is created first with a fresh signing secret, so the
 * secret never enters workflow history (the workflow's own registration then finds the row in place).
 */
export async function startPriceWatch(deps: { client: Client; prisma: PrismaClient }, options: StartPriceWatchOptions): Promise<StartedPriceWatch> {
  const { taskQueue, ...input } = options;
  let webhookSecret: string | null = null;
  if (input.webhookUrl) {
    webhookSecret = newWebhookSecret();
    const target = input.target;
    await deps.prisma.priceWatch.create({
      data: {
        id: input.watchId,
        userId: input.userId,
        tripId: input.tripId ?? null,
        kind: target.kind,
        origin: target.kind === 'flight' ? target.origin : null,
        destination: target.kind === 'flight' ? target.destination : target.cityCode,
        departDate: new Date(`${target.kind === 'flight' ? target.departDate : target.checkIn}T00:00:00Z`),
        returnDate: target.kind === 'flight' ? (target.returnDate ? new Date(`${target.returnDate}T00:00:00Z`) : null) : new Date(`${target.checkOut}T00:00:00Z`),
        cabinClass: target.kind === 'flight' ? target.cabinClass : null,
        adults: target.adults,
        targetPrice: input.targetPrice ?? null,
        dropPercent: input.dropPercent ?? null,
        currency: input.currency ?? 'EUR',
        cadenceMinutes: Math.max(1, Math.round(input.cadenceMinutes ?? 360)),
        webhookUrl: input.webhookUrl,
        webhookSecret,
        workflowId: workflowIds.priceWatch(input.watchId),
      },
    });
  }
  const handle = await deps.client.workflow.start(priceWatchWorkflow, {
    workflowId: workflowIds.priceWatch(input.watchId),
    taskQueue,
    args: [input],
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    typedSearchAttributes: [
      { key: WatchStatusAttribute, value: 'active' },
      { key: UserIdAttribute, value: input.userId },
      ...(input.tripId ? [{ key: TripIdAttribute, value: input.tripId }] : []),
    ],
    staticSummary: `Price watch ${input.watchId}`,
    staticDetails: 'Updates: changeWatch, pause, resume, stop. Query: getWatch. Ends at departure.',
  });
  return { handle, webhookSecret };
}

const handleOf = (client: Client, watchId: string) => client.workflow.getHandle<typeof priceWatchWorkflow>(workflowIds.priceWatch(watchId));

export async function getPriceWatch(client: Client, watchId: string): Promise<WatchState> {
  return handleOf(client, watchId).query(getWatchQuery);
}

export async function changePriceWatch(client: Client, watchId: string, change: WatchChange): Promise<WatchState> {
  return handleOf(client, watchId).executeUpdate(changeWatchUpdate, { args: [change] });
}

export async function pausePriceWatch(client: Client, watchId: string): Promise<WatchState> {
  return handleOf(client, watchId).executeUpdate(pauseWatchUpdate);
}

export async function resumePriceWatch(client: Client, watchId: string): Promise<WatchState> {
  return handleOf(client, watchId).executeUpdate(resumeWatchUpdate);
}

export async function stopPriceWatch(client: Client, watchId: string): Promise<WatchState> {
  return handleOf(client, watchId).executeUpdate(stopWatchUpdate);
}
