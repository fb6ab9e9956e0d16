// `npm run history:export -- <workflowId> <file>`: saves a workflow's event history as JSON, for the
// replay tests (test/replay.test.ts) that guard workflow code changes against non-determinism.
// Record a history before changing a workflow that may have runs in flight, commit it, then change
// the code behind `patched()`.
import { loadConfigOrExit, loadDotEnv } from '../infra/config.js';
import { connectTemporalClient, temporalTarget } from '../infra/temporal.js';
import { exportHistory } from './lib/history.js';

loadDotEnv();
const [workflowId, file] = process.argv.slice(2);
if (!workflowId || !file) {
  console.error('usage: npm run history:export -- <workflowId> <file.json>');
  process.exit(64);
}
const config = loadConfigOrExit();
const client = await connectTemporalClient(temporalTarget(config));
try {
  console.log(`${workflowId}: ${await exportHistory(client, workflowId, file)} events → ${file}`);
} finally {
  await client.connection.close();
}
