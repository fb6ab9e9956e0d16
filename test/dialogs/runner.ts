// Runs the dialog set through the real trip workflow (a Temporal server, the real worker and its
// activities, the offline model) and scores every turn: the intent, the fields the turn names, nothing
// else changed, and the turn's plan checks. Several dialogs run at once; each is its own trip and user.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { sendTripMessage, type TripRef } from '../../api/tripWorkflows.js';
import { defaultStayWishes, emptyTripRequest, type Pace, type PlaceRef, type SendMessageResult, type TripPlan, type TripRequest, type TripState } from '../../domain/trip.js';
import type { PrismaClient } from '../../infra/db.js';
import { workflowIds } from '../../workflows/ids.js';
import { tripPlanningWorkflow } from '../../workflows/tripPlanning.js';
import { categories, type Category, type Dialog, type PlaceExpectation, type RequestExpectation, type Turn, type TurnOutcome } from './types.js';

export interface DialogRunOptions {
  client: Client;
  prisma: PrismaClient;
  taskQueue: string;
  dialogs: readonly Dialog[];
  /** Dialogs in flight at once. */
  concurrency?: number;
}

export interface TurnScore {
  dialogId: string;
  category: Category;
  /** 0-based position in the dialog. */
  index: number;
  say: string;
  /** A first message that sets the trip up: scored on its own row, not in its dialog's category. */
  setup: boolean;
  passed: boolean;
  /** How long the workflow took to answer the turn. */
  ms: number;
  failures: string[];
  /** Fields that changed although the turn did not ask for it. */
  unasked: string[];
  dependsOn?: string;
}

export interface DialogReport {
  turns: TurnScore[];
  dialogs: number;
  durationMs: number;
}

/** The fields a turn can change, as compared for "nothing unasked changed". */
const FIELDS = ['origin', 'destination', 'alsoVisiting', 'departDate', 'returnDate', 'adults', 'children', 'budget', 'cabinClass', 'maxStops', 'stay', 'interests', 'pace'] as const;
type Field = (typeof FIELDS)[number];

interface TripSnapshot {
  request: TripRequest;
  pace: Pace;
  plan: TripPlan | null;
}

/**
 * A first message several dialogs share is planned once (its own trip, scored once); each of those
 * dialogs then continues a copy of that trip: a new workflow started from the planned state, the way a
 * run continues as new. Only the first message's searches are saved; every follow-up runs on its own.
 */
interface PlannedTrip {
  score: TurnScore;
  state: TripState | null;
}

export async function runDialogs(options: DialogRunOptions): Promise<DialogReport> {
  const started = performance.now();
  const sharedFirst = new Map<string, Dialog[]>();
  for (const dialog of options.dialogs) {
    const first = dialog.turns[0];
    if (first?.intent === 'change') sharedFirst.set(first.say, [...(sharedFirst.get(first.say) ?? []), dialog]);
  }
  const planned = new Map<string, PlannedTrip>();
  await inPool(
    [...sharedFirst.entries()].filter(([, sharing]) => sharing.length > 1),
    async ([say, sharing]) => {
      const [dialog] = sharing as [Dialog];
      const run = await runTurns(options, { ...dialog, id: `first message of ${sharing.length} dialogs`, dependsOn: undefined }, { turns: 1 });
      planned.set(say, { score: run.scores[0] as TurnScore, state: run.state });
    },
    options.concurrency,
  );
  const turns: TurnScore[][] = [];
  await inPool(
    options.dialogs.map((dialog, position) => ({ dialog, position })),
    async ({ dialog, position }) => {
      const trip = planned.get(dialog.turns[0]?.say ?? '');
      turns[position] = (await runTurns(options, dialog, trip ? { from: trip } : {})).scores;
    },
    options.concurrency,
  );
  const firstMessages = [...planned.values()].map((trip) => trip.score);
  return { turns: [...firstMessages, ...turns.flat()], dialogs: options.dialogs.length, durationMs: performance.now() - started };
}

async function inPool<T>(items: readonly T[], work: (item: T) => Promise<void>, concurrency = 6): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}

/** Runs a dialog's turns on its own trip (from a planned first message when given) and scores each. */
async function runTurns(options: DialogRunOptions, dialog: Dialog, start: { from?: PlannedTrip; turns?: number }): Promise<{ scores: TurnScore[]; state: TripState | null }> {
  const user = await options.prisma.user.create({ data: { email: `dialog-${randomUUID()}@example.test`, displayName: 'Dialog traveler' }, select: { id: true } });
  const trip: TripRef = { tripId: randomUUID(), userId: user.id, taskQueue: options.taskQueue };
  const history: TripSnapshot[] = [];
  let before: TripSnapshot = { request: emptyTripRequest, pace: 'balanced', plan: null };
  let state: TripState | null = null;
  const scores: TurnScore[] = [];
  const from = start.from;
  if (from) {
    const notRun = (index: number) => ({ dialogId: dialog.id, category: dialog.category, index, say: dialog.turns[index]?.say ?? '', setup: false, passed: false, ms: 0, failures: ['the first message failed'], unasked: [] });
    if (!from.state || !from.score.passed) return { scores: dialog.turns.slice(1).map((_, index) => notRun(index + 1)), state: null };
    state = { ...from.state, tripId: trip.tripId, userId: trip.userId, lastEventSeq: 0 };
    await options.client.workflow.start(tripPlanningWorkflow, {
      workflowId: workflowIds.trip(trip.tripId),
      taskQueue: trip.taskQueue,
      args: [{ tripId: trip.tripId, userId: trip.userId, carried: { state, recentResults: [] } }],
    });
    before = { request: state.request, pace: state.pace, plan: state.plan };
    history.push(before);
  }
  const last = start.turns ?? dialog.turns.length;
  for (let index = from ? 1 : 0; index < last; index += 1) {
    const turn = dialog.turns[index] as Turn;
    const base = { dialogId: dialog.id, category: dialog.category, index, say: turn.say, setup: index === 0 && turn.intent === 'change', ...(dialog.dependsOn && { dependsOn: dialog.dependsOn }) };
    const turnKey = `turn-${index}`;
    let result: SendMessageResult;
    const sent = performance.now();
    try {
      result = await sendTripMessage(options.client, trip, { text: turn.say, clientMessageId: turnKey });
    } catch (error) {
      // The rest of the dialog cannot run without this turn.
      for (let rest = index; rest < last; rest += 1) {
        scores.push({ ...base, index: rest, say: dialog.turns[rest]?.say ?? '', passed: false, ms: 0, failures: [`turn failed: ${error instanceof Error ? error.message : String(error)}`], unasked: [] });
      }
      return { scores, state };
    }
    const ms = performance.now() - sent;
    const outcome: TurnOutcome = {
      request: result.state.request,
      pace: result.state.pace,
      plan: result.plan,
      reply: result.reply,
      lastTurn: result.state.lastTurn,
      before,
      searches: await searchesOfTurn(options.prisma, trip.tripId, turnKey),
    };
    const { failures, unasked } = scoreTurn(turn, outcome, turn.restores === undefined ? null : (history[turn.restores] ?? null));
    scores.push({ ...base, passed: failures.length === 0, ms, failures, unasked });
    before = { request: result.state.request, pace: result.state.pace, plan: result.plan };
    history.push(before);
    state = result.state;
  }
  return { scores, state };
}

/** The searches a turn ran: the steps its activities reported running (the trip's progress events). */
async function searchesOfTurn(prisma: PrismaClient, tripId: string, turnKey: string): Promise<TurnOutcome['searches']> {
  const counts = { destination: 0, flights: 0, stays: 0 };
  const events = await prisma.tripEvent.findMany({ where: { tripId, type: 'progress' }, select: { payload: true } });
  for (const { payload } of events) {
    const progress = payload as { turn?: string; step?: string; status?: string } | null;
    if (progress?.turn !== turnKey || progress.status !== 'running') continue;
    if (progress.step === 'destination' || progress.step === 'flights' || progress.step === 'stays') counts[progress.step] += 1;
  }
  return counts;
}

/** Everything wrong with a turn's outcome, and which of it is a field that changed unasked. */
export function scoreTurn(turn: Turn, outcome: TurnOutcome, restored: TripSnapshot | null): { failures: string[]; unasked: string[] } {
  const failures: string[] = [];
  const unasked: string[] = [];
  const intent = outcome.lastTurn?.intent;
  if (intent !== turn.intent) failures.push(`intent ${intent ?? 'none'}, expected ${turn.intent}`);
  const after = { request: outcome.request, pace: outcome.pace };
  const before = outcome.before;

  if (turn.restores !== undefined) {
    // Undo: every field as it was after the restored turn; a field the undo moved away from both is unasked.
    if (!restored) failures.push(`no turn ${turn.restores} to restore`);
    for (const field of FIELDS) {
      if (!restored || same(field, after, restored)) continue;
      failures.push(`${field} is ${show(field, after)}, expected ${show(field, restored)} (restored)`);
      if (!same(field, after, before)) unasked.push(field);
    }
  } else {
    const expected = turn.expect ?? {};
    for (const problem of expectationProblems(expected, after)) failures.push(problem);
    for (const field of FIELDS) {
      if (field === 'interests' ? interestsAsAsked(expected, before.request.interests, after.request.interests) : isNamed(expected, field) || same(field, after, before)) continue;
      unasked.push(field);
      failures.push(`${field} changed unasked: ${show(field, before)} → ${show(field, after)}`);
    }
  }
  for (const planCheck of turn.checks ?? []) {
    const problem = planCheck.check(outcome);
    if (problem) failures.push(`${planCheck.name}: ${problem}`);
  }
  return { failures, unasked };
}

function isNamed(expected: RequestExpectation, field: Field): boolean {
  return field in expected;
}

/** Interests may lose only what the turn drops and gain only what it adds. */
function interestsAsAsked(expected: RequestExpectation, before: readonly string[], after: readonly string[]): boolean {
  const matches = (interest: string, phrases: readonly string[] | undefined) => (phrases ?? []).some((phrase) => interest.toLowerCase().includes(phrase.toLowerCase()));
  const lower = (list: readonly string[]) => list.map((interest) => interest.toLowerCase());
  const removed = before.filter((interest) => !lower(after).includes(interest.toLowerCase()));
  const added = after.filter((interest) => !lower(before).includes(interest.toLowerCase()));
  return removed.every((interest) => matches(interest, expected.interestsExclude)) && added.every((interest) => matches(interest, expected.interestsInclude));
}

function expectationProblems(expected: RequestExpectation, after: { request: TripRequest; pace: Pace }): string[] {
  const problems: string[] = [];
  const { request } = after;
  const expectPlace = (field: 'origin' | 'destination', want: PlaceExpectation | null | undefined) => {
    if (want === undefined) return;
    const have = request[field];
    if (!placeMatches(have, want)) problems.push(`${field} is ${have ? `${have.city} (${have.iata})` : 'none'}, expected ${typeof want === 'string' || want === null ? want : `${want.city} (${want.iata})`}`);
  };
  expectPlace('origin', expected.origin);
  expectPlace('destination', expected.destination);
  const compare = (field: string, have: unknown, want: unknown) => {
    if (want !== undefined && JSON.stringify(have ?? null) !== JSON.stringify(want)) problems.push(`${field} is ${JSON.stringify(have ?? null)}, expected ${JSON.stringify(want)}`);
  };
  compare('alsoVisiting', (request.alsoVisiting ?? []).map((place) => place.iata), expected.alsoVisiting);
  compare('departDate', request.departDate, expected.departDate);
  compare('returnDate', request.returnDate, expected.returnDate);
  compare('adults', request.adults, expected.adults);
  compare('children', request.children, expected.children);
  compare('budget', request.budget, expected.budget);
  compare('cabinClass', request.cabinClass, expected.cabinClass);
  compare('maxStops', request.maxStops ?? null, expected.maxStops);
  compare('pace', after.pace, expected.pace);
  const wishes = { ...defaultStayWishes, ...request.stay };
  for (const [key, want] of Object.entries(expected.stay ?? {})) compare(`stay.${key}`, wishes[key as keyof typeof wishes], want);
  const has = (phrase: string) => request.interests.some((interest) => interest.toLowerCase().includes(phrase.toLowerCase()));
  for (const phrase of expected.interestsInclude ?? []) if (!has(phrase)) problems.push(`interests ${JSON.stringify(request.interests)} lack "${phrase}"`);
  for (const phrase of expected.interestsExclude ?? []) if (has(phrase)) problems.push(`interests ${JSON.stringify(request.interests)} still have "${phrase}"`);
  return problems;
}

function placeMatches(have: PlaceRef | null, want: PlaceExpectation | null): boolean {
  if (want === null) return have === null;
  if (!have) return false;
  if (typeof want === 'string') return have.iata === want;
  return have.iata === want.iata && have.city.toLowerCase() === want.city.toLowerCase();
}

function valueOf(field: Field, trip: { request: TripRequest; pace: Pace }): unknown {
  if (field === 'pace') return trip.pace;
  if (field === 'stay') return { ...defaultStayWishes, ...trip.request.stay };
  if (field === 'maxStops') return trip.request.maxStops ?? null;
  if (field === 'alsoVisiting') return trip.request.alsoVisiting ?? [];
  return trip.request[field];
}

function same(field: Field, a: { request: TripRequest; pace: Pace }, b: { request: TripRequest; pace: Pace }): boolean {
  return JSON.stringify(valueOf(field, a) ?? null) === JSON.stringify(valueOf(field, b) ?? null);
}

function show(field: Field, trip: { request: TripRequest; pace: Pace }): string {
  return JSON.stringify(valueOf(field, trip) ?? null);
}

// ---------------------------------------------------------------------------------------------------

export interface CategoryScore {
  label: string;
  turns: number;
  passed: number;
  unasked: number;
}

/** Per category (follow-up turns), then the first messages, then all follow-up turns together. */
export function summarize(report: DialogReport): { rows: CategoryScore[]; overall: CategoryScore; setup: CategoryScore; unaskedFree: number } {
  const tally = (label: string, turns: TurnScore[]): CategoryScore => ({
    label,
    turns: turns.length,
    passed: turns.filter((turn) => turn.passed).length,
    unasked: turns.filter((turn) => turn.unasked.length > 0).length,
  });
  const followUps = report.turns.filter((turn) => !turn.setup);
  const rows = categories.map((category) => tally(category, followUps.filter((turn) => turn.category === category)));
  const overall = tally('overall', followUps);
  return { rows, overall, setup: tally('first messages', report.turns.filter((turn) => turn.setup)), unaskedFree: overall.turns === 0 ? 1 : (overall.turns - overall.unasked) / overall.turns };
}

const meanMs = (turns: readonly TurnScore[]) => (turns.length === 0 ? 0 : Math.round(turns.reduce((sum, turn) => sum + turn.ms, 0) / turns.length));
const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`);

/** The table `npm test` and `npm run dialogs` print, and the failing turns with their reasons. */
export function formatReport(report: DialogReport): string {
  const { rows, overall, setup, unaskedFree } = summarize(report);
  const line = (row: CategoryScore) => `${row.label.padEnd(16)} ${String(row.turns).padStart(5)} ${String(row.passed).padStart(6)} ${percent(row.passed, row.turns).padStart(9)} ${String(row.unasked).padStart(8)}`;
  const out = [
    `Dialog set: ${report.dialogs} dialogs, ${report.turns.length} turns in ${(report.durationMs / 1000).toFixed(1)} s (mean turn: first messages ${meanMs(report.turns.filter((turn) => turn.setup))} ms, follow-ups ${meanMs(report.turns.filter((turn) => !turn.setup))} ms)`,
    `${'category'.padEnd(16)} ${'turns'.padStart(5)} ${'passed'.padStart(6)} ${'accuracy'.padStart(9)} ${'unasked'.padStart(8)}`,
    ...rows.map(line),
    '-'.repeat(48),
    line({ ...overall, label: 'overall' }),
    line(setup),
    `nothing unasked changed: ${percent(unaskedFree * overall.turns, overall.turns)} of follow-up turns`,
  ];
  const failing = report.turns.filter((turn) => !turn.passed);
  if (failing.length > 0) {
    out.push('', 'Failing turns:');
    for (const turn of failing) {
      out.push(`- ${turn.dialogId} #${turn.index} "${turn.say}"${turn.dependsOn ? ` [waits for: ${turn.dependsOn}]` : ''}`);
      for (const failure of turn.failures) out.push(`    ${failure}`);
    }
  }
  return out.join('\n');
}
