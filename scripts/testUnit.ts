// `npm run test:unit`: the jest `unit` project (jest.config.js), which needs no PostgreSQL, Redis or
// Temporal server. Provisions only what those tests load: the generated Prisma client (types and
// modules, never a connection) and the pinned time-skipping test server for workflow logic on fakes.
// Extra arguments go to jest (e.g. `npm run test:unit -- test/unit/workflows`).
import path from 'node:path';
import { run } from './lib/process.js';
import { generatePrismaClient } from './lib/postgres.js';
import { projectRoot } from './lib/projectRoot.js';
import { exitOnProvisionError, step } from './lib/steps.js';
import { resolveTimeSkippingServer } from './lib/temporalServer.js';

try {
  await step('Prisma client', () => generatePrismaClient(projectRoot), (outcome) => outcome);
  await step('Temporal test server', () => resolveTimeSkippingServer(projectRoot), (binary) => binary);
} catch (error) {
  exitOnProvisionError(error);
}

const jest = path.join(projectRoot, 'node_modules', 'jest', 'bin', 'jest.js');
const result = await run(process.execPath, ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', jest, '--selectProjects', 'unit', '--', ...process.argv.slice(2)], {
  cwd: projectRoot,
  echo: true,
});
process.exit(result.code ?? 1);
