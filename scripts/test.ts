// `npm test`: the same provisioning as `npm start`, then typecheck, lint (scripts/lint.ts) and both jest tiers.
// Extra arguments go to jest (e.g. `npm test -- test/health.test.ts`).
import path from 'node:path';
import { loadConfigOrExit, loadDotEnv } from '../infra/config.js';
import { projectRoot, provision } from './provision.js';
import { exitOnProvisionError } from './lib/steps.js';
import { run } from './lib/process.js';
import { step } from './lib/steps.js';

loadDotEnv();
const config = loadConfigOrExit();
const jestArgs = process.argv.slice(2);
const bin = (pkg: string, file: string) => path.join(projectRoot, 'node_modules', pkg, file);

async function check(name: string, args: string[]): Promise<void> {
  await step(name, async () => {
    const result = await run(process.execPath, args, { cwd: projectRoot });
    if (result.code !== 0) throw new Error(`failed:\n${result.stdout}${result.stderr}`);
  });
}

try {
  await provision(config, { migrate: false, buildWeb: true });
  await check('Typecheck (tsc)', [bin('typescript', 'bin/tsc'), '--noEmit', '-p', 'tsconfig.json']);
  await check('Lint (eslint, knip, madge, jscpd)', ['--import', 'tsx', path.join(projectRoot, 'scripts', 'lint.ts')]);
} catch (error) {
  exitOnProvisionError(error);
}

const jest = await run(process.execPath, ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', bin('jest', 'bin/jest.js'), ...jestArgs], {
  cwd: projectRoot,
  echo: true,
});
process.exit(jest.code ?? 1);
