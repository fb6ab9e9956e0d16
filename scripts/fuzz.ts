// `npm run fuzz`: Schemathesis against the API's own OpenAPI document, on an isolated stack (own database,
// Temporal dev server, worker) plus an API process, once per identity: a traveler's session, an API key
// holding every scope, and a second user aimed at the first user's resources. Fails on any 5xx, any
// response the document does not describe, and any cross-user access. See docs/fuzzing.md.
//
//   npm run fuzz                       the CI run
//   npm run fuzz -- --examples 40      more examples per operation (slower)
//   npm run fuzz -- --no-stateful      skip the stateful phase
//   npm run fuzz -- --identity owner   one identity only (owner | api-key | other-user)
//   npm run fuzz -- --hold             start the stack, print the URL and credentials, wait for Ctrl-C
import { mkdirSync, openSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { spawn, type ChildProcess } from 'node:child_process';
import { loadConfigOrExit, loadDotEnv } from '../infra/config.js';
import { projectRoot, provision } from './provision.js';
import { exitOnProvisionError } from './lib/steps.js';
import type { IsolatedStack } from './lib/isolatedStack.js';
import { freePort } from './lib/ports.js';
import { stop } from './lib/process.js';
import { resolveSchemathesis, type Schemathesis } from './lib/schemathesis.js';
import { step } from './lib/steps.js';
import type { FuzzIdentity, FuzzIdentityName } from './lib/fuzz/identities.js';
import { documentedOperations, runSchemathesis, type FuzzRunResult } from './lib/fuzz/run.js';
import { printSummary } from './lib/fuzz/summary.js';

const { values: args } = parseArgs({
  options: {
    examples: { type: 'string', default: '10' },
    identity: { type: 'string', multiple: true },
    'no-stateful': { type: 'boolean', default: false },
    hold: { type: 'boolean', default: false },
    seed: { type: 'string' },
  },
});

loadDotEnv();
const config = loadConfigOrExit(); // fail early on a broken .env, before anything starts
const startedAt = performance.now();
const outputDir = path.join(projectRoot, '.data', 'fuzz');
const children: ChildProcess[] = [];
let stack: IsolatedStack | null = null;
let cleaningUp: Promise<void> | null = null;

/** Stops everything this script started (API first, then worker and Temporal); safe to call twice. */
function cleanUp(): Promise<void> {
  cleaningUp ??= (async () => {
    for (const child of children.reverse()) await stop(child, 5_000);
    await stack?.stop();
  })();
  return cleaningUp;
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.error(`\n▸ ${signal}: stopping the fuzz stack …`);
    void cleanUp().finally(() => process.exit(130));
  });
}

let exitCode = 1;
try {
  const examples = Number(args.examples);
  if (!Number.isInteger(examples) || examples < 1) throw new Error(`--examples must be a positive integer, not ${args.examples}`);
  // On a fresh clone the Prisma client is generated here, before the modules that import it load.
  await provision(config, { migrate: false, buildWeb: false });
  const { startIsolatedStack } = await import('./lib/isolatedStack.js');
  const { createIdentities, FUZZ_IDENTITIES } = await import('./lib/fuzz/identities.js');
  const selected = (args.identity ?? [...FUZZ_IDENTITIES]) as FuzzIdentityName[];
  const unknown = selected.filter((name) => !FUZZ_IDENTITIES.includes(name));
  if (unknown.length) throw new Error(`unknown --identity ${unknown.join(', ')} (one of ${FUZZ_IDENTITIES.join(', ')})`);

  const schemathesis: Schemathesis = await step('Schemathesis', () => resolveSchemathesis(projectRoot), (tool) => `${tool.source}: ${tool.path}`);
  rmSync(outputDir, { recursive: true, force: true });
  mkdirSync(outputDir, { recursive: true });

  stack = await step('Isolated stack (database, Temporal, worker)', () =>
    startIsolatedStack({
      projectRoot,
      databaseSuffix: 'fuzz',
      name: 'fuzz',
      workerStdio: 'ignore',
      env: {
        ...process.env,
        // The fuzzer sends thousands of requests a minute from one address and a handful of principals:
        // the limiters stay on (their 429 is documented) but out of the way.
        RATE_LIMIT_PER_MINUTE: '1000000',
        RATE_LIMIT_IP_PER_MINUTE: '1000000',
        AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      },
    }),
  );
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const apiLog = path.join(outputDir, 'api.log');
  await step('API', async () => {
    const logFd = openSync(apiLog, 'w');
    const api = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'api', 'main.ts')], {
      cwd: projectRoot,
      env: { ...stack?.env, API_HOST: '127.0.0.1', API_PORT: String(port), SERVE_WEB: 'false' },
      stdio: ['ignore', logFd, logFd],
    });
    children.push(api);
    await waitForHealthy(`${baseUrl}/api/health`, api, 60_000);
  }, () => `${baseUrl}, log in ${path.relative(projectRoot, apiLog)}`);

  const document = await step('OpenAPI document', async () => {
    const response = await fetch(`${baseUrl}/api/openapi.json`);
    if (response.status !== 200) throw new Error(`GET /api/openapi.json answered ${response.status}`);
    return documentedOperations((await response.json()) as Parameters<typeof documentedOperations>[0]);
  }, (operations) => `${operations.length} operations`);
  const identities = await step('Identities', () => createIdentities(baseUrl), (all) => all.map((identity) => identity.name).join(', '));

  if (args.hold) {
    hold(baseUrl, identities);
    await new Promise(() => undefined); // until a signal
  }

  const fuzz = (name: FuzzIdentityName) => {
    const identity = identities.find((candidate) => candidate.name === name) as FuzzIdentity;
    return step(`Fuzz as ${identity.name}`, () =>
      runSchemathesis({ schemathesis, baseUrl, identity, examples, stateful: !args['no-stateful'], seed: args.seed, outputDir, operations: document }),
      (result) => `${result.requests} requests, ${result.failures.length} failures`,
    );
  };
  // The second user and the API key together (neither can revoke the key or see the owner's data; the
  // key may archive the owner's trip, which the second user must not see either way), then the owner,
  // whose stateful run may revoke keys it lists.
  const results: FuzzRunResult[] = [
    ...(await Promise.all((['other-user', 'api-key'] as const).filter((name) => selected.includes(name)).map(fuzz))),
    ...(selected.includes('owner') ? [await fuzz('owner')] : []),
  ];
  const failed = printSummary(results, { outputDir: path.relative(projectRoot, outputDir), apiLog: path.relative(projectRoot, apiLog) });
  exitCode = failed ? 1 : 0;
} catch (error) {
  await cleanUp();
  exitOnProvisionError(error);
} finally {
  await cleanUp();
}
console.log(`${exitCode === 0 ? '✔' : '✖'} npm run fuzz: ${((performance.now() - startedAt) / 1000).toFixed(1)}s`);
process.exit(exitCode);

async function waitForHealthy(url: string, api: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (api.exitCode !== null) throw new Error(`the API exited with code ${api.exitCode} during start-up`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} was not healthy within ${timeoutMs / 1000} s`);
}

function hold(baseUrl: string, identities: FuzzIdentity[]): void {
  console.log(`\n  API            ${baseUrl} (document: ${baseUrl}/api/openapi.json)`);
  for (const identity of identities) console.log(`  ${identity.name.padEnd(14)} ${Object.entries(identity.headers).map(([name, value]) => `-H '${name}: ${value}'`).join(' ')}`);
  console.log('  Press Ctrl-C to stop.\n');
}
