// `npm run histories:record`: runs reference scenarios of each workflow on an isolated stack and saves
// their histories to test/histories/<name>.json for the replay tests. Re-record only for a deliberate
// new version (the old files stay, so runs in flight on old code keep being checked).
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { sendTripMessage, setTripConstraints } from '../api/tripWorkflows.js';
import { loadConfig } from '../infra/config.js';
import { createPrismaClient } from '../infra/db.js';
import { connectTemporalClient, temporalTarget } from '../infra/temporal.js';
import { workflowIds } from '../workflows/ids.js';
import { agentSuggestionSignal, archiveTripUpdate } from '../workflows/tripPlanning.js';
import { exportHistory } from './lib/history.js';
import { startIsolatedStack } from './lib/isolatedStack.js';
import { projectRoot } from './provision.js';

const version = process.argv[2] ?? 'v1';
const stack = await startIsolatedStack({ projectRoot, databaseSuffix: 'record', name: 'tripsage-record', env: { ...process.env, LOG_LEVEL: 'warn' } });
const config = loadConfig(stack.env);
const prisma = createPrismaClient(config.DATABASE_URL);
const client = await connectTemporalClient(temporalTarget(config, stack.env));
try {
  const user = await prisma.user.create({ data: { email: `record-${randomUUID()}@example.test`, displayName: 'Recorder' } });
  const trip = { tripId: randomUUID(), userId: user.id, taskQueue: config.TEMPORAL_TASK_QUEUE };
  const handle = client.workflow.getHandle(workflowIds.trip(trip.tripId));
  // A session touching every handler: two turns, a suggestion, constraints, archive.
  await sendTripMessage(client, trip, { text: 'Plan a week in Lisbon from New York departing March 5 2027 for 2 adults, budget $5000, food and museums', clientMessageId: 'm1' });
  await handle.signal(agentSuggestionSignal, { source: 'concierge-bot', kind: 'activity', payload: { title: 'Fado night in Alfama' } });
  await setTripConstraints(client, trip.tripId, { pace: 'relaxed' });
  await sendTripMessage(client, trip, { text: 'Make it business class', clientMessageId: 'm2' });
  await handle.executeUpdate(archiveTripUpdate);
  await handle.result();
  const file = path.join(projectRoot, 'test', 'histories', `tripPlanning-${version}.json`);
  const events = await exportHistory(client, handle.workflowId, file);
  console.log(`tripPlanningWorkflow: ${events} events → ${path.relative(projectRoot, file)}`);
} finally {
  await prisma.$disconnect();
  await client.connection.close();
  await stack.stop();
}
