import { patched } from '@temporalio/workflow';

/**
 * Decides a workflow's patches as its run starts. A `patched()` call is only reliable where a live run and
 * its replay reach it in the same workflow task, and code after a local activity is no such place: the
 * worker may record the activity's result in one task and run the code after it in the next, while a
 * replay resolves the activity from its marker at once, one task earlier, before the patch's marker is
 * announced — so the call answers false and replay fails with "Non-deprecated patch marker encountered"
 * (seen in the fault suite's worker kill, test/faults). Called first thing, a new run records its patch
 * markers in its first task, and later `patched()` calls return the same decision. Runs recorded before
 * still decide at their old call sites.
 */
export function decidePatchesAtStart(patchIds: readonly string[]): void {
  // Gated by a patch of its own: runs recorded before decide at the old call sites, in their old order.
  if (!patched(PATCHES_AT_START_PATCH)) return;
  for (const patchId of patchIds) patched(patchId);
}

/** v-next of every workflow: its patches are decided in the run's first task (decidePatchesAtStart). */
export const PATCHES_AT_START_PATCH = 'patches-decided-at-start';
