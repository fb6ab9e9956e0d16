// Temporal connections. Settings follow @temporalio/envconfig (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
// TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE and temporal.toml), so Temporal Cloud or a
// self-hosted cluster is a matter of environment, not code.
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
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

/**
 * gRPC channel settings of the API's connection. grpc-js backs off between reconnection attempts from 1 s
 * up to 120 s (x1.6), so after a 20 s outage its next attempt could be 10-20 s away while the worker (Rust
 * core) was back in 3 s: a short ceiling keeps the API within ~1 s of a server that came back.
 */
export const temporalClientChannelArgs = {
  'grpc.initial_reconnect_backoff_ms': 250,
  'grpc.max_reconnect_backoff_ms': 1_000,
} as const;

/**
 * Retries of a call the server could not take (UNAVAILABLE and the like). The SDK's default is 10
 * attempts over ~20 s, which held every API request ~20 s during an outage before a 500; 4 attempts
 * (~1 s of backoff) ride out a blip, then the request fails fast (a 503 with Retry-After).
 */
export const TEMPORAL_CLIENT_MAX_ATTEMPTS = 4;

export async function connectTemporalClient(target: TemporalTarget): Promise<Client> {
  const connection = await Connection.connect({
    ...target.connectionOptions,
    connectTimeout: '5s',
    channelArgs: temporalClientChannelArgs,
    interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: TEMPORAL_CLIENT_MAX_ATTEMPTS }))],
  });
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
