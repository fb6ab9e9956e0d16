// Schemathesis (the OpenAPI fuzzer behind `npm run fuzz`), pinned and installed from PyPI into its own
// virtualenv under .tools/, the same way the Temporal CLI is provisioned (scripts/lib/temporalServer.ts).
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findPython, isExecutable, lastLines } from './pinnedTools.js';
import { run } from './process.js';
import { ProvisionError } from './steps.js';

/** Pinned: a new version can change what is generated and checked, so bump it on purpose. */
export const SCHEMATHESIS_PACKAGE = { name: 'schemathesis', version: '4.32.5' } as const;

/** Written last by the install: a folder without it is a half-finished install and is redone. */
const INSTALLED_MARKER = '.installed';

export interface Schemathesis {
  path: string;
  source: 'SCHEMATHESIS_PATH' | 'project tools (cached)' | 'project tools (installed now)';
}

export async function resolveSchemathesis(projectRoot: string, env: NodeJS.ProcessEnv = process.env): Promise<Schemathesis> {
  const configured = env.SCHEMATHESIS_PATH?.trim();
  if (configured) {
    if (!isExecutable(configured)) {
      throw new ProvisionError('Schemathesis', `SCHEMATHESIS_PATH=${configured} is not an executable file.`, ['Fix SCHEMATHESIS_PATH or unset it to let the project install Schemathesis itself.']);
    }
    return { path: configured, source: 'SCHEMATHESIS_PATH' };
  }
  const { name, version } = SCHEMATHESIS_PACKAGE;
  const venv = path.join(projectRoot, '.tools', `${name}-${version}`);
  const binary = path.join(venv, 'bin', 'schemathesis');
  if (isExecutable(binary) && existsSync(path.join(venv, INSTALLED_MARKER))) return { path: binary, source: 'project tools (cached)' };

  const options = [
    `Install Python 3 (with the venv module and pip), so the project can install the pinned ${name}==${version} into .tools/.`,
    `Or install it yourself (\`pipx install ${name}==${version}\`) and set SCHEMATHESIS_PATH to its \`schemathesis\` executable.`,
  ];
  const python = findPython(env);
  if (!python) throw new ProvisionError('Schemathesis', 'no Python to install it with', options);
  // Schemathesis has many dependencies: a virtualenv keeps them away from the system's Python.
  rmSync(venv, { recursive: true, force: true });
  const created = await run(python, ['-m', 'venv', venv]);
  if (created.code !== 0) throw new ProvisionError('Schemathesis', `\`${python} -m venv\` failed: ${lastLines(created.stderr)}`, options);
  const installed = await run(path.join(venv, 'bin', 'python'), [
    '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-warn-script-location', `${name}==${version}`,
  ]);
  if (installed.code !== 0 || !isExecutable(binary)) {
    throw new ProvisionError('Schemathesis', `pip could not install ${name}==${version}: ${lastLines(installed.stderr)}`, options);
  }
  writeFileSync(path.join(venv, INSTALLED_MARKER), `${name}==${version}\n`);
  return { path: binary, source: 'project tools (installed now)' };
}
