import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { projectRoot } from '../scripts/provision.js';
import { freePort } from '../scripts/lib/ports.js';

/** Processes whose command line mentions `marker` (our data dir), other than `ps` itself. */
function processesMentioning(marker: string): string[] {
  const listing = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).stdout;
  return listing.split('\n').filter((line) => line.includes(marker) && !line.includes(' ps '));
}

describe('npm start orchestration (scripts/start.ts)', () => {
  it('provisions, runs Temporal + worker + API to an all-green health, and SIGTERM leaves no process behind', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tripsage-start-'));
    const [apiPort, temporalPort, uiPort, metricsPort, appMetricsPort, apiMetricsPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      API_PORT: String(apiPort),
      TEMPORAL_DEV_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(uiPort),
      WORKER_METRICS_PORT: String(metricsPort),
      WORKER_APP_METRICS_PORT: String(appMetricsPort),
      API_METRICS_PORT: String(apiMetricsPort),
      DATA_DIR: dataDir,
      TEMPORAL_TASK_QUEUE: `start-test-${process.pid}`,
      SERVE_WEB: 'true',
    };
    delete env.TEMPORAL_ADDRESS; // npm start must run its own dev server here

    const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'scripts', 'start.ts')], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not up after 60 s:\n${output}`)), 60_000);
        const poll = setInterval(() => {
          if (output.includes('TripSage is up')) {
            clearInterval(poll);
            clearTimeout(timer);
            resolve();
          } else if (child.exitCode !== null) {
            clearInterval(poll);
            clearTimeout(timer);
            reject(new Error(`start exited early (${child.exitCode}):\n${output}`));
          }
        }, 100);
      });

      const health = await fetch(`http://127.0.0.1:${apiPort}/api/health`);
      expect(health.status).toBe(200);
      expect(((await health.json()) as { status: string }).status).toBe('ok');
      const ui = await fetch(`http://127.0.0.1:${uiPort}/`);
      expect(ui.status).toBe(200);
      const app = await fetch(`http://127.0.0.1:${apiPort}/trips/some-client-route`);
      expect(app.status).toBe(200);
      expect(await app.text()).toContain('<div id="root">');
      const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(await metrics.text()).toContain('temporal_');
      const appMetrics = await fetch(`http://127.0.0.1:${appMetricsPort}/metrics`);
      expect(await appMetrics.text()).toContain('tripsage_provider_cache_requests_total');
      // The API's metrics are on their own port (printed at start), not on the public API port.
      expect(output).toContain(`http://127.0.0.1:${apiMetricsPort}/metrics (API)`);
      const apiMetrics = await fetch(`http://127.0.0.1:${apiMetricsPort}/metrics`);
      expect(await apiMetrics.text()).toContain('tripsage_process_cpu');
      expect(await (await fetch(`http://127.0.0.1:${apiPort}/metrics`)).text()).not.toContain('tripsage_');
      expect(processesMentioning(dataDir).length).toBeGreaterThan(0);

      child.kill('SIGTERM');
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(0);
      expect(output).toMatch(/api stopped[\s\S]*worker stopped[\s\S]*temporal stopped/);
      // The dev server is found by its data dir on the command line; the API and worker by their ports.
      expect(processesMentioning(dataDir)).toEqual([]);
      await expect(fetch(`http://127.0.0.1:${apiPort}/api/health`)).rejects.toThrow();
      await expect(fetch(`http://127.0.0.1:${metricsPort}/metrics`)).rejects.toThrow();
      await expect(fetch(`http://127.0.0.1:${apiMetricsPort}/metrics`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
