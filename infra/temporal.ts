// Temporal connections. Settings follow @temporalio/envconfig (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
// TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE and temporal.toml), so Temporal Cloud or a
// self-hosted cluster is a matter of environment, not code.
import { Client, Connection } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { NativeConnection } from '@temporalio/worker';
// @temporalio/proto is CommonJS without static named exports; take the namespace from its default.
import temporalProto from '@temporalio/proto';
import type { Config } from './config.js';

export const temporalEnums = temporalProto.temporal.api.enums.v1;

export interface TemporalTarget {
  address: string;
  namespace: string;
  connectionOptions: ReturnType<typeof loadClientConnectConfig>['connectionOptions'];
}

/** True when the environment or a temporal.toml profile names a server, so npm start runs none. */
export function hasExternalTemporal(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(loadClientConnectConfig({ overrideEnvVars: envStrings(env) }).connectionOptions.address);
}

export function temporalTarget(config: Config, env: NodeJS.ProcessEnv = process.env): TemporalTarget {
  const { connectionOptions, namespace } = loadClientConnectConfig({ overrideEnvVars: envStrings(env) });
  const address = connectionOptions.address ?? `127.0.0.1:${config.TEMPORAL_DEV_PORT}`;
  return {
    address,
    namespace: namespace ?? config.TEMPORAL_NAMESPACE,
    connectionOptions: { ...connectionOptions, address },
  };
}

export async function connectTemporalClient(target: TemporalTarget): Promise<Client> {
  const connection = await Connection.connect({ ...target.connectionOptions, connectTimeout: '5s' });
  return new Client({ connection, namespace: target.namespace });
}

export async function connectTemporalWorker(target: TemporalTarget): Promise<NativeConnection> {
  return NativeConnection.connect(target.connectionOptions);
}

function envStrings(env: NodeJS.ProcessEnv): Record<string, string> {
  // Empty values mean "unset" (as in .env.example); envconfig would treat TEMPORAL_API_KEY='' as "use TLS".
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => Boolean(entry[1])));
}

/** Workers seen polling a task queue's workflow tasks within the last `freshMs`. */
export async function pollingWorkerCount(client: { workflowService: Client['workflowService'] }, namespace: string, taskQueue: string, freshMs = 70_000): Promise<number> {
  const response = await client.workflowService.describeTaskQueue({
    namespace,
    taskQueue: { name: taskQueue, kind: temporalEnums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: temporalEnums.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  const now = Date.now();
  return (response.pollers ?? []).filter((poller) => now - Number(poller.lastAccessTime?.seconds ?? 0) * 1000 < freshMs).length;
}
