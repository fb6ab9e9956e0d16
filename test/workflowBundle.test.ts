// The prebuilt workflow bundle (`npm run build:workflows`, loaded by the worker when WORKFLOW_BUNDLE_PATH is
// set): built to a temporary file by the real script, it replays a recorded history as the sources do.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { workflowBundlerOptions, workflowCodeOptions, workflowsPath } from '../worker/bundler.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const outputDir = mkdtempSync(path.join(tmpdir(), 'tripsage-workflow-bundle-'));
const bundlePath = path.join(outputDir, 'workflow-bundle.js');
const HISTORY = 'tripPlanning-v4';

afterAll(() => rmSync(outputDir, { recursive: true, force: true }));

describe('prebuilt workflow bundle', () => {
  it('builds with npm run build:workflows and replays a recorded trip-planning history', async () => {
    const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/buildWorkflowBundle.ts', bundlePath], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
    expect({ status: built.status, stderr: built.stderr }).toEqual({ status: 0, stderr: '' });
    expect(built.stdout).toContain(`workflow bundle: ${bundlePath}`);

    const options = workflowCodeOptions(bundlePath);
    expect(options).toEqual({ workflowBundle: { codePath: bundlePath } });
    const history = historyFromJSON(JSON.parse(readFileSync(new URL(`./histories/${HISTORY}.json`, import.meta.url), 'utf8')));
    await expect(Worker.runReplayHistory(options, history, HISTORY)).resolves.toBeUndefined();
  }, 180_000);

  it('bundles the sources at start when WORKFLOW_BUNDLE_PATH is unset', () => {
    expect(workflowCodeOptions(undefined)).toEqual({ workflowsPath, bundlerOptions: workflowBundlerOptions });
    expect(workflowsPath).toBe(path.join(repoRoot, 'workflows', 'index.ts'));
  });
});
