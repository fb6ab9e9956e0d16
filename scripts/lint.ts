// `npm run lint`: every static check of the code's shape, each must pass.
//   eslint  rules, incl. the workflow sandbox's determinism rules (eslint.config.js)
//   knip    no unused files, exports or dependencies (knip.json)
//   madge   no import cycles (.madgerc)
//   jscpd   copy-paste under its threshold (.jscpd.json)
import path from 'node:path';
import { projectRoot } from './provision.js';
import { run } from './lib/process.js';
import { step } from './lib/steps.js';

const bin = (pkg: string, file: string) => path.join(projectRoot, 'node_modules', pkg, file);
/** The folders whose imports must form no cycle (generated Prisma code has its own, by design). */
const SOURCE_FOLDERS = ['api', 'activities', 'agents', 'bench', 'contracts', 'domain', 'infra', 'providers', 'scripts', 'test', 'web/src', 'worker', 'workflows'];

const checks: { name: string; args: string[] }[] = [
  { name: 'eslint', args: [bin('eslint', 'bin/eslint.js'), '--max-warnings', '0', '.'] },
  { name: 'knip', args: [bin('knip', 'bin/knip.js'), '--no-progress'] },
  { name: 'madge (cycles)', args: [bin('madge', 'bin/cli.js'), '--circular', '--no-spinner', '--warning', ...SOURCE_FOLDERS] },
  { name: 'jscpd (copy-paste)', args: [bin('jscpd', 'run-jscpd.js'), '--silent'] },
];

let failed = 0;
for (const check of checks) {
  try {
    await step(check.name, async () => {
      const result = await run(process.execPath, check.args, { cwd: projectRoot });
      if (result.code !== 0) throw new Error(`failed:\n${result.stdout}${result.stderr}`);
    });
  } catch (error) {
    failed += 1;
    console.error((error as Error).message);
  }
}
process.exit(failed ? 1 : 0);
