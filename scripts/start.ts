// `npm start`: provision, then run the Temporal dev server (unless one is configured), the worker and the
// API (+ web client) as supervised children with prefixed logs. Ctrl-C / SIGTERM stops them all.
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { loadConfigOrExit, loadDotEnv } from '../infra/config.js';
import { projectRoot, provision } from './provision.js';
import { exitOnProvisionError } from './lib/steps.js';
import { stop, supervise } from './lib/process.js';
import { startDevServer } from './lib/temporalServer.js';
import { step } from './lib/steps.js';

loadDotEnv();
const config = loadConfigOrExit();
const startedAt = performance.now();
const children: { name: string; child: ChildProcess }[] = [];
let shuttingDown = false;

async function shutdown(reason: string, exitCode: number): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    console.log(`\n▸ stopping (${reason}) …`);
    // Reverse start order: API first, Temporal server last, so the worker can finish its tasks.
    for (const { name, child } of [...children].reverse()) {
      await stop(child);
      console.log(`✔ ${name} stopped`);
    }
  }
  process.exit(exitCode);
}
process.on('SIGINT', () => void shutdown('SIGINT', 0));
process.on('SIGTERM', () => void shutdown('SIGTERM', 0));

function track(name: string, child: ChildProcess): void {
  children.push({ name, child });
  child.on('exit', (code, signal) => {
    if (!shuttingDown) void shutdown(`${name} exited with ${signal ?? `code ${code}`}`, 1);
  });
}

try {
  const { temporalCli } = await provision(config, { migrate: true, buildWeb: config.SERVE_WEB });
  const childEnv: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };

  if (temporalCli) {
    const dbFilename = path.resolve(projectRoot, config.DATA_DIR, 'temporal.db');
    const server = await step('Temporal dev server', () =>
      startDevServer({ cliPath: temporalCli.path, port: config.TEMPORAL_DEV_PORT, uiPort: config.TEMPORAL_UI_PORT, dbFilename, namespace: config.TEMPORAL_NAMESPACE }),
      () => `127.0.0.1:${config.TEMPORAL_DEV_PORT}, UI on ${config.TEMPORAL_UI_PORT}, data in ${path.relative(projectRoot, dbFilename)}`,
    );
    track('temporal', server);
    childEnv.TEMPORAL_ADDRESS = `127.0.0.1:${config.TEMPORAL_DEV_PORT}`;
  }

  const tsx = ['--import', 'tsx'];
  track('worker', supervise('worker', process.execPath, [...tsx, path.join(projectRoot, 'worker', 'main.ts')], { cwd: projectRoot, env: childEnv }));
  track('api', supervise('api', process.execPath, [...tsx, path.join(projectRoot, 'api', 'main.ts')], { cwd: projectRoot, env: childEnv }));

  const localUrl = `http://127.0.0.1:${config.API_PORT}`;
  await step('Platform healthy', () => waitForHealthy(`${localUrl}/api/health`, 120_000));
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  console.log(
    [
      '',
      `  TripSage is up (${seconds}s to healthy).`,
      `  App            ${config.PUBLIC_URL}`,
      `  API health     ${config.PUBLIC_URL}/api/health`,
      `  Temporal UI    ${config.TEMPORAL_UI_URL}`,
      `  Metrics        ${metricsUrl(config.API_HOST, config.API_METRICS_PORT)} (API), ${metricsUrl('127.0.0.1', config.WORKER_METRICS_PORT)} (Temporal worker), ${metricsUrl('127.0.0.1', config.WORKER_APP_METRICS_PORT)} (worker app)`,
      '  Press Ctrl-C to stop everything.',
      '',
    ].join('\n'),
  );
} catch (error) {
  for (const { child } of children) await stop(child, 3_000);
  exitOnProvisionError(error);
}

/** Where a metrics port serves, or that it is off (port 0). */
function metricsUrl(host: string, port: number): string {
  return port > 0 ? `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}/metrics` : 'off';
}

async function waitForHealthy(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (shuttingDown) return;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
      if (response.ok) return;
      const body = (await response.json()) as { checks?: Record<string, { status: string; detail?: string }> };
      last = Object.entries(body.checks ?? {})
        .filter(([, check]) => check.status !== 'up')
        .map(([name, check]) => `${name}: ${check.detail ?? check.status}`)
        .join('; ');
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`not healthy after ${timeoutMs / 1000}s: ${last}`);
}
