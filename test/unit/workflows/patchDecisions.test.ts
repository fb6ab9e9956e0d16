// Patches decided at a run's start stay decided for the whole run (workflows/patches.ts): a run started by
// code that did not know a patch, then continued by code that does, keeps the old path and records no
// marker mid-run (a marker after a local activity is what made replays fail). Two bundles of one probe
// workflow stand for the two releases, on the time-skipping test server.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowBundlerOptions } from '../../../worker/bundler.js';
import { eventually } from '../../support/eventually.js';
import { createTimeSkippingEnv } from '../../support/workflowTestEnv.js';
import type { patchProbe } from './patchProbe/continuedAfter.js';

const probe = (release: 'startedBefore' | 'continuedAfter') => ({
  workflowsPath: fileURLToPath(new URL(`./patchProbe/${release}.ts`, import.meta.url)),
  bundlerOptions: workflowBundlerOptions,
});

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
}, 60_000);

afterAll(async () => {
  await env?.teardown();
});

it('a patch the run did not record at its start stays off when newer code continues it, with no marker mid-run', async () => {
  const taskQueue = `patch-probe-${randomUUID()}`;
  const workflowId = `patch-probe-${randomUUID()}`;

  // No cache, so no sticky queue: the next task goes to whichever worker polls the task queue.
  const before = await Worker.create({ connection: env.nativeConnection, taskQueue, maxCachedWorkflows: 0, ...probe('startedBefore') });
  const handle = await before.runUntil(async () => {
    const started = await env.client.workflow.start<typeof patchProbe>('patchProbe', { taskQueue, workflowId });
    // The run's first task is done: its patch markers are in the history, and it waits for the signal.
    await eventually(
      () => started.fetchHistory(),
      ({ events }) => events?.some((event) => event.workflowTaskCompletedEventAttributes) ?? false,
      { what: "the probe's first workflow task" },
    );
    return started;
  });

  // A fresh worker with the newer code: it replays the first task from history, then runs on live.
  const after = await Worker.create({ connection: env.nativeConnection, taskQueue, ...probe('continuedAfter') });
  const decisions = await after.runUntil(async () => {
    await handle.signal('proceed');
    return handle.result();
  });

  expect(decisions).toEqual({ 'probe-old': true, 'probe-new': false });
  const history = await handle.fetchHistory();
  const markers = (history.events ?? []).flatMap((event) => {
    const attributes = event.markerRecordedEventAttributes;
    const data = attributes?.markerName === 'core_patch' ? attributes.details?.['patch-data']?.payloads?.[0]?.data : undefined;
    return data ? [(JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id] : [];
  });
  expect(markers).toEqual(['patches-decided-at-start', 'probe-old']);
  // And the whole run replays on the newer code.
  await Worker.runReplayHistory(probe('continuedAfter'), history, workflowId);
}, 60_000);
