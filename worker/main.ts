// Temporal worker entrypoint: registers every workflow and activity on the platform's task queue.
import { Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import { loadConfigOrExit, loadDotEnv } from '../infra/config.js';
import { createLogger, toTemporalLogger } from '../infra/logger.js';
import { startMetricsServer } from '../infra/metrics.js';
import { connectTemporalWorker, temporalTarget } from '../infra/temporal.js';
import { startWorkerLiveness } from '../infra/workerLiveness.js';
import { workflowCodeOptions } from './bundler.js';
import { createWorkerDeps } from './deps.js';

loadDotEnv();
const config = loadConfigOrExit();
const logger = createLogger('worker', config.LOG_LEVEL);

Runtime.install({
  logger: toTemporalLogger(logger),
  telemetryOptions: {
    logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} },
    ...(config.WORKER_METRICS_PORT > 0 && {
      metrics: { prometheus: { bindAddress: `0.0.0.0:${config.WORKER_METRICS_PORT}` } },
    }),
  },
});

const target = temporalTarget(config);
const deps = await createWorkerDeps(config, logger);
const appMetrics = config.WORKER_APP_METRICS_PORT > 0 ? await startMetricsServer(config.WORKER_APP_METRICS_PORT) : null;
const connection = await connectTemporalWorker(target);

const worker = await Worker.create({
  connection,
  namespace: target.namespace,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  ...workflowCodeOptions(config.WORKFLOW_BUNDLE_PATH),
  activities: deps.activities,
  shutdownGraceTime: '10s',
});

logger.info(
  { address: target.address, namespace: target.namespace, taskQueue: config.TEMPORAL_TASK_QUEUE, workflowBundle: config.WORKFLOW_BUNDLE_PATH ?? 'bundled from source at start', metricsPort: config.WORKER_METRICS_PORT, appMetricsPort: config.WORKER_APP_METRICS_PORT },
  'worker started',
);

// /api/health reads this to tell a dead worker within seconds (Temporal lists pollers for ~70 s).
const liveness = startWorkerLiveness({ redis: deps.redis, taskQueue: config.TEMPORAL_TASK_QUEUE, isRunning: () => ['INITIALIZED', 'RUNNING'].includes(worker.getState()), logger });

// Worker.run() resolves after SIGINT/SIGTERM (the SDK installs the handlers) and in-flight tasks drain.
await worker.run();
await liveness.stop();
appMetrics?.close();
await Promise.allSettled([deps.close(), connection.close()]);
logger.info('worker stopped');
