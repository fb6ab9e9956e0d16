// An in-process Temporal worker on its own task queue, for tests that need activities wired differently
// from the shared worker process (e.g. an external provider that answers 503).
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { workflowBundlerOptions, workflowsPath } from '../../worker/bundler.js';

let runtimeInstalled = false;

export interface TestWorker {
  taskQueue: string;
  stop(): Promise<void>;
}

export async function startTestWorker(options: { address: string; namespace: string; taskQueue: string; activities: object }): Promise<TestWorker> {
  if (!runtimeInstalled) {
    runtimeInstalled = true;
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // Already installed by another test file in this jest worker process.
    }
  }
  const connection = await NativeConnection.connect({ address: options.address });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowsPath,
    bundlerOptions: workflowBundlerOptions,
    activities: options.activities,
  });
  const running = worker.run();
  return {
    taskQueue: options.taskQueue,
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
