// The time-skipping test environment (test/support/workflowTestEnv.ts) with the real activities
// (PostgreSQL, Redis from the jest global setup's process.env). Timers are skipped, so a watch can live
// through simulated weeks and an approval window can lapse in milliseconds.
import { createWorkerDeps, type WorkerDeps, type WorkerDepsOverrides } from '../../worker/deps.js';
import { connectTestServices, type TestServices } from './services.js';
import { startWorkflowTestEnv, type WorkflowTestEnv } from './workflowTestEnv.js';

export interface TimeSkippingStack extends WorkflowTestEnv {
  services: TestServices;
  deps: WorkerDeps;
}

export async function startTimeSkippingStack(overrides: WorkerDepsOverrides = {}): Promise<TimeSkippingStack> {
  const services = await connectTestServices();
  const deps = await createWorkerDeps(services.config, services.logger, overrides);
  const workflows = await startWorkflowTestEnv(deps.activities);
  return {
    ...workflows,
    services,
    deps,
    async close() {
      await workflows.close();
      await deps.close();
      await services.close();
    },
  };
}
