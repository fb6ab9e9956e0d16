import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { workflowBundlerOptions, workflowsPath } from '../worker/bundler.js';

// Histories recorded from real runs (npm run history:export) and committed. Replaying them against the
// current workflow code fails on any non-deterministic change, which must go behind patched().
const historiesDir = fileURLToPath(new URL('./histories/', import.meta.url));
const histories = readdirSync(historiesDir).filter((name) => name.endsWith('.json')).sort();

describe('workflow replay against recorded histories', () => {
  it('has recorded histories for the trip planning workflow', () => {
    expect(histories.some((name) => name.startsWith('tripPlanning'))).toBe(true);
  });

  it.each(histories)('replays %s deterministically', async (name) => {
    const history = historyFromJSON(JSON.parse(readFileSync(`${historiesDir}${name}`, 'utf8')));
    const workflowId = name.replace(/\.json$/, '');
    await expect(
      Worker.runReplayHistory(
        { workflowsPath, bundlerOptions: workflowBundlerOptions },
        history,
        workflowId,
      ),
    ).resolves.toBeUndefined();
  }, 60_000);
});
