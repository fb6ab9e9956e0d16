// The trip-planning workflow's versions: each patch id, what it changed, and the baselines (v13–v16) that
// stand for the older ones in new runs (workflows/patches.ts). Recorded histories of each version replay in
// test/replay.test.ts (test/histories/tripPlanning-v*.json).
import type { PatchBaseline } from './patches.js';

/**
 * v2 (patch id below): persistence runs as local activities (short, idempotent database writes; no
 * task-queue round trip) and memory is written after the reply is returned. Runs started on v1 code
 * replay the v1 path (test/histories/tripPlanning-v1.json).
 */
export const LOCAL_PERSISTENCE_PATCH = 'local-persistence-background-memory';

/** v3: a FIFO lock (promise chain) that serialises turns and constraint changes; archived checked inside it. */
export const FIFO_TURN_LOCK_PATCH = 'fifo-turn-lock';

/** v5: stays are searched after flights, from the night the traveler first needs a room. */
export const STAYS_FROM_LANDING_PATCH = 'stays-from-landing';

/**
 * v6: a message is a change set against the current request (agents/changeSet.ts). Only what changed is
 * searched again (a budget or pace change recomposes the plan's own options); questions, acknowledgements
 * and clarifications are answered without touching the trip; `undo` restores the request before the
 * last change (kept in `history`); the reply leads with what changed.
 */
export const CHANGE_SETS_PATCH = 'conversation-change-sets';

/** v7: new dates fetch the destination brief again (its weather is per day of the trip). */
export const BRIEF_FOLLOWS_DATES_PATCH = 'brief-follows-dates';

/**
 * v8: a turn or change that fails (a write the database refuses — `StorageRejected`, not retried — or a
 * step that cannot finish) leaves the trip as it was before it: request, pace, plan, status, undo history
 * are restored, `turnFailure` says what failed (search attribute `TurnFailed` for operators), and only that
 * update fails, with a plain `TurnFailed` reason. Signals (booking changes, agent suggestions) that fail the
 * same way are rolled back and logged instead of failing the whole trip workflow.
 */
export const TURN_ROLLBACK_PATCH = 'turn-rollback';

/**
 * v10: where the worker says its planner is the offline model (recordUserMessage answers `reasoning`),
 * understanding, composing and answering run as local activities: milliseconds of CPU that as regular
 * activities each cost a task-queue round trip, three history events and a workflow task of their own.
 * With a language model they stay regular activities: a local one would hold the workflow task, and every
 * message and state query arriving meanwhile, for the seconds a model takes. Searches stay regular
 * activities (providers can be slow or down) until v13's `local-search`, for the sandbox only.
 */
export const LOCAL_REASONING_PATCH = 'local-reasoning';

/**
 * v11: edits that don't collide. A message, constraint change or selection may carry the trip `version` it
 * was made against (`baseVersion`) and its author. Every applied change moves `version` and is logged in
 * `recentChanges` with the fields it touched; a change whose base is older and touches a field changed
 * since fails with an `EditConflict` naming that change (details: EditConflictDetails) and changes nothing.
 * Without `baseVersion` a change applies as before.
 */
export const EDIT_CONFLICTS_PATCH = 'edit-conflicts';

/**
 * v13, new with the baseline (never in runs started before it): where reasoning is local, recording the
 * message and understanding it are one local activity (`recordAndUnderstand`), a workflow activation fewer.
 */
export const RECORD_AND_UNDERSTAND = 'record-and-understand';

/**
 * v13, new with the baseline: where the worker's memory is local, a turn's memories are written by the local
 * activity that saves its plan (`savePlanAndRemember`), not by an activity of their own after the reply.
 */
export const REMEMBER_WITH_PLAN = 'remember-with-plan';

/** v13, new with the baseline: search attributes written where they change, a step's changes together. */
export const CHANGED_ATTRIBUTES_ONLY = 'changed-search-attributes-only';

/**
 * v13, new with the baseline: where the worker computes a traveler's searches itself (the sandbox providers;
 * recordUserMessage answers `searching`), destination research, flights and stays run as local activities:
 * no activity task round trips, and the turn's workflow task carries on with their results.
 */
export const LOCAL_SEARCH = 'local-search';

/**
 * v13, new with the baseline: an itinerary move or removal that names its entry (`entryTitle`) applies to
 * that entry where it is now (re-applied after a conflict, the index may point at another), and a move
 * within a day keeps the day's times in place (domain/itineraryEdits.ts).
 */
export const ITINERARY_EDITS_FOLLOW_ENTRIES = 'itinerary-edits-follow-entries';

/**
 * v14, new with its baseline: where a turn's searches and its reasoning both run in the worker (the sandbox
 * providers and the offline planner), the searches and the compose step are one local activity
 * (`searchAndCompose`): one workflow activation where there were up to four, and the offers no longer go into
 * the workflow and back out to compose. A failure of that call falls back to the steps one by one.
 */
export const SEARCH_AND_COMPOSE = 'search-and-compose';

/**
 * v15, new with its baseline: where a turn's searches and compose step run as one call (v14), that call also
 * saves the plan, the turn's summary and its memories (`searchComposeAndSave`): the plan no longer comes into
 * the workflow and goes back out to be saved, and a turn is one workflow activation shorter. A failure falls
 * back to the steps one by one and their own save.
 */
export const SEARCH_COMPOSE_AND_SAVE = 'search-compose-and-save';

/**
 * v16, new with its baseline: where the worker computes the whole turn (the offline planner and the sandbox's
 * searches), the call that records and understands the message also plans a change to the trip ahead
 * (`recordUnderstandAndPlan`): it decides what to search and keep from the state the workflow hands it
 * (domain/turnChange.ts, the workflow's own decision), searches, composes and saves; a turn that changes
 * nothing is answered and its reply saved there (where the reasoning is local). A turn is one local activity
 * where there were two (three for a question). The workflow decides again and uses that plan or answer only
 * where it decides alike; else, or where the worker could not go on, it goes on as in v15.
 */
export const ONE_CALL_TURN = 'one-call-turn';

/** The patches of v2–v12, decided at a run's start (decidePatchesAtStart); under the v13 baseline all apply. */
export const PLANNING_PATCHES = [
  LOCAL_PERSISTENCE_PATCH,
  FIFO_TURN_LOCK_PATCH,
  STAYS_FROM_LANDING_PATCH,
  CHANGE_SETS_PATCH,
  BRIEF_FOLLOWS_DATES_PATCH,
  TURN_ROLLBACK_PATCH,
  LOCAL_REASONING_PATCH,
  EDIT_CONFLICTS_PATCH,
] as const;

/**
 * v13: runs start on one patch marker that stands for v2–v12's (patches.ts, PatchBaseline): a new trip's
 * first task records 2 history events for its patches instead of 18, and one visibility write instead of 9.
 */
const PLANNING_BASELINE_V13: PatchBaseline = {
  id: 'trip-planning-baseline-v13',
  covers: PLANNING_PATCHES,
  introduces: [RECORD_AND_UNDERSTAND, CHANGED_ATTRIBUTES_ONLY, REMEMBER_WITH_PLAN, LOCAL_SEARCH, ITINERARY_EDITS_FOLLOW_ENTRIES],
};

/**
 * v14: new runs record this marker alone; everything of v13 applies, and `search-and-compose`. Runs started
 * under v13 keep v13's behaviour (decidePatchesAtStart tries the newest baseline first).
 */
const PLANNING_BASELINE_V14: PatchBaseline = {
  id: 'trip-planning-baseline-v14',
  covers: PLANNING_PATCHES,
  introduces: [...(PLANNING_BASELINE_V13.introduces ?? []), SEARCH_AND_COMPOSE],
};

/** v15: new runs record this marker alone; everything of v14 applies, and `search-compose-and-save`. */
const PLANNING_BASELINE_V15: PatchBaseline = {
  id: 'trip-planning-baseline-v15',
  covers: PLANNING_PATCHES,
  introduces: [...(PLANNING_BASELINE_V14.introduces ?? []), SEARCH_COMPOSE_AND_SAVE],
};

/** v16: new runs record this marker alone; everything of v15 applies, and `one-call-turn`. */
const PLANNING_BASELINE_V16: PatchBaseline = {
  id: 'trip-planning-baseline-v16',
  covers: PLANNING_PATCHES,
  introduces: [...(PLANNING_BASELINE_V15.introduces ?? []), ONE_CALL_TURN],
};

/** The planning workflow's baselines, newest first (decidePatchesAtStart). */
export const PLANNING_BASELINES = [PLANNING_BASELINE_V16, PLANNING_BASELINE_V15, PLANNING_BASELINE_V14, PLANNING_BASELINE_V13] as const;
