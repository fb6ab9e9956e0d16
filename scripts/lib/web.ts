// Builds the React client with Vite when its sources changed since the last build.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run } from './process.js';
import { ProvisionError } from './steps.js';

export async function buildWebClient(projectRoot: string): Promise<string> {
  const webDir = path.join(projectRoot, 'web');
  const distDir = path.join(webDir, 'dist');
  const stampPath = path.join(distDir, '.source-sha256');
  // The client also bundles the zod contracts (forms validate with them) and the domain they import; eslint
  // keeps contracts/ from importing anything else.
  const shared = ['contracts', 'domain'].map((entry) => path.join(projectRoot, entry));
  const digest = hashSources([path.join(webDir, 'src'), path.join(webDir, 'index.html'), path.join(webDir, 'vite.config.ts'), ...shared, path.join(projectRoot, 'package-lock.json')]);
  if (existsSync(stampPath) && readFileSync(stampPath, 'utf8') === digest) return 'up to date';
  const vite = path.join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = await run(process.execPath, [vite, 'build', '--config', path.join(webDir, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: projectRoot,
    // A production bundle even when started from jest (NODE_ENV=test would give React's development build).
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.code !== 0) throw new ProvisionError('Web client', `vite build failed:\n${result.stdout}\n${result.stderr}`);
  writeFileSync(stampPath, digest);
  return 'built';
}

function hashSources(roots: string[]): string {
  const hash = createHash('sha256');
  const visit = (entry: string) => {
    if (!existsSync(entry)) return;
    if (statSync(entry).isDirectory()) {
      for (const name of readdirSync(entry).sort()) visit(path.join(entry, name));
      return;
    }
    hash.update(entry).update(readFileSync(entry));
  };
  roots.forEach(visit);
  return hash.digest('hex');
}
