// A short diagnostic run: proves a worker is polling and can reach PostgreSQL and Redis from its side.
// Used by `GET /api/health?deep=true` and by operators after a deploy.
import { proxyActivities } from '@temporalio/workflow';
import type { PlatformActivities, SystemCheckResult } from '../activities/index.js';

const { checkWorkerDependencies } = proxyActivities<PlatformActivities>({
  startToCloseTimeout: '5s',
  retry: { maximumAttempts: 2 },
});

export async function systemCheckWorkflow(): Promise<SystemCheckResult> {
  return checkWorkerDependencies();
}
