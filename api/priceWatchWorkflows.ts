// Client-side entry points of price watches (`pricewatch:<watchId>`), for the API routes, tests and benchmarks.
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Client, type WorkflowHandle } from '@temporalio/client';
import { DEFAULT_CADENCE_MINUTES, type PriceWatchInput, type WatchChange, type WatchState } from '../domain/priceWatch.js';
import { priceWatchRow } from '../domain/priceWatchRow.js';
import { openSealedSecret, sealSecret, webhookSecretContext, type EncryptionKeys } from '../infra/credentials.js';
import type { PrismaClient } from '../infra/db.js';
import { newWebhookSecret } from '../infra/webhooks.js';
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
  /** False when the watch's workflow was already running (a retried start): nothing new was started. */
  started: boolean;
}

/**
 * Starts a watch. Its row is created first (with a fresh signing secret, sealed with the credential keys,
 * when it has a webhook), so the watch is listed and authorized as soon as this returns and the secret
 * never enters workflow history (the workflow's own registration then finds the row in place).
 *
 * Safe to retry: a row already there is kept with its secret, and "already started" counts as started
 * (REJECT_DUPLICATE). A start that fails removes the row again (unless a start was confirmed on it), so
 * no watch is ever listed without its workflow; should the failed start in fact have reached the server,
 * the workflow's registration puts the row back.
 */
export async function startPriceWatch(deps: { client: Client; prisma: PrismaClient; keys: EncryptionKeys }, options: StartPriceWatchOptions): Promise<StartedPriceWatch> {
  const { taskQueue, ...input } = options;
  const secretContext = webhookSecretContext(input.watchId);
  const workflowId = workflowIds.priceWatch(input.watchId);
  await deps.prisma.priceWatch.createMany({
    data: [
      priceWatchRow({
        ...input,
        tripId: input.tripId ?? null,
        targetPrice: input.targetPrice ?? null,
        dropPercent: input.dropPercent ?? null,
        currency: input.currency ?? null,
        cadenceMinutes: input.cadenceMinutes ?? DEFAULT_CADENCE_MINUTES,
        webhookUrl: input.webhookUrl ?? null,
        webhookSecret: input.webhookUrl ? sealSecret(deps.keys, newWebhookSecret(), secretContext) : null,
        // Set once the start is confirmed: null marks a row still waiting for its workflow.
        workflowId: null,
      }),
    ],
    skipDuplicates: true,
  });
  const row = await deps.prisma.priceWatch.findUniqueOrThrow({ where: { id: input.watchId }, select: { webhookSecret: true } });
  let started = true;
  try {
    await deps.client.workflow.start(priceWatchWorkflow, {
      workflowId,
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
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) {
      await deps.prisma.priceWatch.deleteMany({ where: { id: input.watchId, workflowId: null } });
      throw error;
    }
    started = false;
  }
  await deps.prisma.priceWatch.updateMany({ where: { id: input.watchId, workflowId: null }, data: { workflowId } });
  return {
    handle: deps.client.workflow.getHandle<typeof priceWatchWorkflow>(workflowId),
    webhookSecret: row.webhookSecret && openSealedSecret(deps.keys, row.webhookSecret, secretContext),
    started,
  };
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
