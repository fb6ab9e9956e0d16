// Starts what the integration tests share (see scripts/lib/isolatedStack.ts): a migrated `<db>_test`
// database, an isolated Redis key prefix and task queue, a Temporal dev server on free ports (unless
// TEMPORAL_ADDRESS names one) and the real worker process. Settings reach the test files through
// process.env, which jest's workers inherit.
import { startIsolatedStack, type IsolatedStack } from '../../scripts/lib/isolatedStack.js';
import { projectRoot } from '../../scripts/provision.js';

declare global {
  var __tripsageTestStack: IsolatedStack | undefined;
}

export default async function globalSetup(): Promise<void> {
  const started = performance.now();
  const stack = await startIsolatedStack({
    projectRoot,
    databaseSuffix: 'test',
    name: 'tripsage-test',
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn' },
  });
  globalThis.__tripsageTestStack = stack;
  Object.assign(process.env, stack.env);
  console.log(`\n[test setup] temporal ${stack.env.TEMPORAL_ADDRESS}, ready in ${((performance.now() - started) / 1000).toFixed(1)}s`);
}
