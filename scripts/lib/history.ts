// Exports a workflow history in the JSON format the replayer reads (historyFromJSON), through the
// platform's own Temporal connection (so it works against Temporal Cloud too).
// Note: the SDK's proto helpers need ONE protobufjs copy; package.json pins protobufjs@8 at the top level
// so npm does not nest separate copies under @temporalio/common and @temporalio/proto.
import { writeFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';

export async function exportHistory(client: Client, workflowId: string, file: string): Promise<number> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  writeFileSync(file, `${historyToJSON(history)}\n`);
  return history.events?.length ?? 0;
}
