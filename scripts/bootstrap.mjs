#!/usr/bin/env node
// Entry for `npm start` / `npm test` on a fresh clone: plain JavaScript, so it runs before any dependency
// is installed. It installs npm dependencies when they are missing or the lockfile changed, then hands
// over to the TypeScript orchestration script (run with tsx), forwarding signals.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [command = 'start', ...rest] = process.argv.slice(2);
const scripts = { start: 'scripts/start.ts', test: 'scripts/test.ts', 'test:unit': 'scripts/testUnit.ts', provision: 'scripts/provision.ts', fuzz: 'scripts/fuzz.ts' };
const script = scripts[command];
if (!script) {
  console.error(`usage: bootstrap.mjs <${Object.keys(scripts).join('|')}> [args]`);
  process.exit(64);
}

// The same range as `engines` in package.json: Prisma 7, Vite 8 and ESLint 10 need require(esm), which
// Node.js has unflagged from 20.19 and 22.12 on.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19) || (major === 22 && minor < 12) || major === 21) {
  console.error(
    `Node.js ${process.versions.node} is too old: TripSage needs ^20.19.0 or >= 22.12.0 (Prisma 7, Vite 8 and ESLint 10 require it).\n` +
      'Install a current Node.js LTS (e.g. `nvm install 22`, or https://nodejs.org) and run the command again.',
  );
  process.exit(1);
}

ensureDependencies();

const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, script), ...rest], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0)));

function ensureDependencies() {
  const lockfile = path.join(root, 'package-lock.json');
  const stamp = path.join(root, 'node_modules', '.tripsage-install-sha256');
  const digest = () =>
    createHash('sha256')
      .update(readFileSync(path.join(root, 'package.json')))
      .update(existsSync(lockfile) ? readFileSync(lockfile) : '')
      .digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest()) return;

  const started = Date.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // `npm install` rather than `npm ci`: it honours the lockfile too, and tolerates registries that
  // serve no platform-specific optional packages for other platforms (which makes `npm ci` refuse).
  console.log('▸ npm dependencies: running `npm install` …');
  const result = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('✖ npm dependencies: install failed (output above). Check network access to the npm registry and retry.');
    process.exit(result.status ?? 1);
  }
  writeFileSync(stamp, digest()); // after install: npm may have rewritten the lockfile
  console.log(`✔ npm dependencies installed in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}
