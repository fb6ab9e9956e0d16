import { patched } from '@temporalio/workflow';

/** Answers, for the rest of a run, whether a patch applies to it (decided as the run started). */
export type PatchDecisions = (patchId: string) => boolean;

/**
 * One patch that stands for a set of older ones in runs started after it. Each `patched()` call of a new run
 * records a marker and upserts the `TemporalChangeVersion` search attribute (a visibility write), so eight
 * patches cost a new trip 16 history events and 8 visibility updates; under a baseline it is one of each.
 */
export interface PatchBaseline {
  id: string;
  /** Older patches: in runs under the baseline they apply without markers of their own. */
  covers: readonly string[];
  /** Behaviour new with the baseline: it applies in runs under the baseline, never in runs started before. */
  introduces?: readonly string[];
}

/**
 * Decides a workflow's patches as its run starts. A `patched()` call is only reliable where a live run and
 * its replay reach it in the same workflow task, and code after a local activity is no such place: the
 * worker may record the activity's result in one task and run the code after it in the next, while a
 * replay resolves the activity from its marker at once, one task earlier, before the patch's marker is
 * announced — so the call answers false and replay fails with "Non-deprecated patch marker encountered"
 * (seen in the fault suite's worker kill, test/faults). Called first thing, a new run records its patch
 * markers in its first task, and later `patched()` calls return the same decision. Runs recorded before
 * still decide at their old call sites.
 *
 * With `baselines` (newest first), a new run records the newest baseline's marker alone, and every patch it
 * covers or introduces applies; runs started under an older baseline replay its marker and keep what it
 * decided (a later baseline's new behaviour never applies to them); runs recorded before any baseline
 * replay their own markers as before. Use the returned decisions, not `patched()`, for the covered patches.
 * A patch not in `patchIds` (nor a baseline's) answers false in runs that decide at start: list every patch
 * the workflow asks about.
 *
 * Rolling back: code from before a baseline replays a run started under it as if no patch applied (it
 * looks for the older markers, which the run never recorded), so a worker fleet must not go back past the
 * release that introduced the newest baseline while runs started under it are open (docs/planning.md).
 */
export function decidePatchesAtStart(patchIds: readonly string[], baselines: readonly PatchBaseline[] = []): PatchDecisions {
  // Only here, in the run's first task, is a baseline decided: later, a live run would answer true. A
  // replayed run answers false for a marker it never recorded, so it finds the baseline it started under.
  for (const baseline of baselines) {
    if (!patched(baseline.id)) continue;
    const later = decideNow(patchIds.filter((patchId) => !baseline.covers.includes(patchId)));
    return (patchId) => baseline.covers.includes(patchId) || baseline.introduces?.includes(patchId) === true || later(patchId);
  }
  const introducedByBaseline = (patchId: string) => baselines.some((baseline) => baseline.introduces?.includes(patchId) === true);
  // Gated by a patch of its own: runs recorded before decide at the old call sites, in their old order.
  if (!patched(PATCHES_AT_START_PATCH)) return (patchId) => !introducedByBaseline(patchId) && patched(patchId);
  const atStart = decideNow(patchIds);
  return (patchId) => !introducedByBaseline(patchId) && atStart(patchId);
}

/**
 * Each patch's `patched()` answer, asked now and kept: a patch the run did not record at its start stays off
 * for the whole run. Asked again later, a live worker would answer true and record its marker mid-run, after
 * a local activity (a run started before the patch existed, then continued by newer code).
 */
function decideNow(patchIds: readonly string[]): PatchDecisions {
  const decisions = new Map(patchIds.map((patchId) => [patchId, patched(patchId)] as const));
  return (patchId) => decisions.get(patchId) ?? false;
}

/** v-next of every workflow: its patches are decided in the run's first task (decidePatchesAtStart). */
export const PATCHES_AT_START_PATCH = 'patches-decided-at-start';
