// The anatomy of a planning turn in Temporal's history: how many workflow tasks, activities, local
// activities and events one turn costs, and how many payload bytes it writes, by activity. The server's
// CPU per turn grows with these, so this is the first place to look before cutting (docs/benchmarks.md).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { createPrismaClient } from '../infra/db.js';
import { sendTripMessage } from '../api/tripWorkflows.js';
import { connectToStack, startIsolatedStack } from '../scripts/lib/isolatedStack.js';
import { projectRoot } from '../scripts/provision.js';
import { createUser } from '../test/support/identity.js';
import { workflowIds } from '../workflows/ids.js';

/** One PostgreSQL query or Redis command, as bench/roundTrips.mjs records it in the worker. */
interface RoundTrip {
  sentAt: number;
  answeredAt: number;
  kind: 'postgres' | 'redis';
  text: string;
  failed: boolean;
}

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];
type Payloads = NonNullable<HistoryEvent['activityTaskScheduledEventAttributes']>['input'];

/** `ANATOMY_EVENTS=1` also lists every event of each turn with its time from the turn's first event. */
const LIST_EVENTS = process.env.ANATOMY_EVENTS === '1';
/** `ANATOMY_ROUND_TRIPS=1` also lists the warm turn's PostgreSQL and Redis round trips (bench/roundTrips.mjs). */
const LIST_ROUND_TRIPS = process.env.ANATOMY_ROUND_TRIPS === '1';

const TURNS = [
  'Plan 5 nights in Lisbon from New York departing May 10 2027 for 2 adults, budget $4000, we like food and museums',
  'Make it 3 adults',
  'What is the weather like?',
];

function payloadBytes(payloads: Payloads | null | undefined): number {
  return (payloads?.payloads ?? []).reduce((sum, payload) => sum + (payload.data?.length ?? 0), 0);
}

interface TurnShape {
  events: number;
  workflowTasks: number;
  activities: Map<string, { count: number; inputBytes: number; resultBytes: number }>;
  markers: { count: number; bytes: number };
  updateBytes: number;
}

function shapeOf(events: HistoryEvent[]): TurnShape {
  const shape: TurnShape = { events: events.length, workflowTasks: 0, activities: new Map(), markers: { count: 0, bytes: 0 }, updateBytes: 0 };
  const scheduled = new Map<string, string>();
  const add = (name: string, field: 'inputBytes' | 'resultBytes', bytes: number, count = 0) => {
    const entry = shape.activities.get(name) ?? { count: 0, inputBytes: 0, resultBytes: 0 };
    entry.count += count;
    entry[field] += bytes;
    shape.activities.set(name, entry);
  };
  for (const event of events) {
    if (event.workflowTaskCompletedEventAttributes) shape.workflowTasks += 1;
    const scheduledAttributes = event.activityTaskScheduledEventAttributes;
    if (scheduledAttributes) {
      const name = scheduledAttributes.activityType?.name ?? '?';
      scheduled.set(String(event.eventId), name);
      add(name, 'inputBytes', payloadBytes(scheduledAttributes.input), 1);
    }
    const completed = event.activityTaskCompletedEventAttributes;
    if (completed) add(scheduled.get(String(completed.scheduledEventId)) ?? '?', 'resultBytes', payloadBytes(completed.result));
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName === 'core_local_activity') {
      shape.markers.count += 1;
      shape.markers.bytes += Object.values(marker.details ?? {}).reduce((sum, payloads) => sum + payloadBytes(payloads), 0);
    }
    shape.updateBytes += payloadBytes(event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args);
    shape.updateBytes += payloadBytes(event.workflowExecutionUpdateCompletedEventAttributes?.outcome?.success);
  }
  return shape;
}

const millis = (event: HistoryEvent): number => Number(event.eventTime?.seconds ?? 0) * 1000 + (event.eventTime?.nanos ?? 0) / 1e6;

/**
 * Where a turn's wall time goes, from the history's own timestamps: waiting for a worker to take a workflow
 * task (schedule → start), the worker running it (start → complete, local activities included) and the
 * regular activities (schedule → complete, dispatch included; parallel ones overlap).
 */
function timeline(events: HistoryEvent[]): string {
  let dispatch = 0;
  let worker = 0;
  let tasks = 0;
  let scheduledAt = 0;
  let startedAt = 0;
  const activityStart = new Map<string, number>();
  const activities: string[] = [];
  const names = new Map<string, string>();
  for (const event of events) {
    const at = millis(event);
    if (event.workflowTaskScheduledEventAttributes) scheduledAt = at;
    if (event.workflowTaskStartedEventAttributes) {
      startedAt = at;
      if (scheduledAt) dispatch += at - scheduledAt;
    }
    if (event.workflowTaskCompletedEventAttributes && startedAt) {
      worker += at - startedAt;
      tasks += 1;
    }
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) {
      activityStart.set(String(event.eventId), at);
      names.set(String(event.eventId), scheduled.activityType?.name ?? '?');
    }
    const completed = event.activityTaskCompletedEventAttributes;
    if (completed) {
      const id = String(completed.scheduledEventId);
      activities.push(`${names.get(id)} ${(at - (activityStart.get(id) ?? at)).toFixed(0)} ms`);
    }
  }
  const span = events.length > 1 ? millis(events.at(-1)!) - millis(events[0]!) : 0;
  if (LIST_EVENTS) {
    for (const event of events) {
      const type = String(event.eventType ?? '?').replace('EVENT_TYPE_', '');
      const marker = event.markerRecordedEventAttributes?.markerName;
      const name = event.activityTaskScheduledEventAttributes?.activityType?.name;
      console.log(`      +${(millis(event) - millis(events[0]!)).toFixed(1).padStart(6)} ms  ${type}${name ? ` ${name}` : ''}${marker ? ` ${marker}` : ''}`);
    }
  }
  return `    time: ${span.toFixed(0)} ms first to last event; ${tasks} workflow tasks waited ${dispatch.toFixed(0)} ms for a worker and ran ${worker.toFixed(0)} ms (local activities included); activities: ${activities.join(', ') || 'none'}`;
}

interface DatabaseCounters {
  transactions: number;
  rowsWritten: number;
}

/** PostgreSQL's own counters for this database (every statement outside a transaction is one). */
async function databaseCounters(prisma: ReturnType<typeof createPrismaClient>): Promise<DatabaseCounters> {
  const [row] = await prisma.$queryRaw<{ transactions: bigint; rows_written: bigint }[]>`
    SELECT xact_commit + xact_rollback AS transactions, tup_inserted + tup_updated + tup_deleted AS rows_written
    FROM pg_stat_database WHERE datname = current_database()`;
  return { transactions: Number(row?.transactions ?? 0), rowsWritten: Number(row?.rows_written ?? 0) };
}

function print(label: string, shape: TurnShape): void {
  const activityCount = [...shape.activities.values()].reduce((sum, entry) => sum + entry.count, 0);
  console.log(`${label}: ${shape.events} events, ${shape.workflowTasks} workflow tasks, ${activityCount} activities, ${shape.markers.count} local-activity markers (${(shape.markers.bytes / 1024).toFixed(1)} KB), update in+out ${(shape.updateBytes / 1024).toFixed(1)} KB`);
  for (const [name, entry] of shape.activities) {
    console.log(`    ${name.padEnd(22)} ×${entry.count}  input ${(entry.inputBytes / 1024).toFixed(1).padStart(6)} KB  result ${(entry.resultBytes / 1024).toFixed(1).padStart(6)} KB`);
  }
}

export async function runTurnAnatomy(): Promise<void> {
  console.log('starting an isolated stack (Temporal dev server, migrated database, worker process) …');
  const roundTripLog = LIST_ROUND_TRIPS ? path.join(mkdtempSync(path.join(tmpdir(), 'anatomy-')), 'round-trips.json') : null;
  const stack = await startIsolatedStack({
    projectRoot, databaseSuffix: 'anatomy', name: 'tripsage-anatomy',
    env: { ...process.env, LOG_LEVEL: process.env.ANATOMY_LOG_LEVEL ?? 'warn', ...(roundTripLog && { ROUND_TRIP_LOG: roundTripLog }) },
    ...(roundTripLog && { workerNodeOptions: ['--import', path.join(projectRoot, 'bench', 'roundTrips.mjs')] }),
  });
  const { config, prisma, client, close } = await connectToStack(stack);
  const wallClock = () => performance.timeOrigin + performance.now();
  let warmWindow: [number, number];
  try {
    const user = await createUser(prisma, { displayName: 'Anatomy' });
    const tripId = randomUUID();
    const handle = client.workflow.getHandle(workflowIds.trip(tripId));
    let seen = 0;
    for (const [index, text] of TURNS.entries()) {
      // The statistics collector publishes counters with a delay; wait for them to settle on both sides.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const before = await databaseCounters(prisma);
      await sendTripMessage(client, { tripId, userId: user.id, taskQueue: config.TEMPORAL_TASK_QUEUE }, { text, clientMessageId: `anatomy-${index}` });
      // Background work (the memory write) lands after the reply; let it settle before reading.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const events = (await handle.fetchHistory()).events ?? [];
      print(`turn ${index + 1} "${text.slice(0, 40)}…"`, shapeOf(events.slice(seen)));
      console.log(timeline(events.slice(seen)));
      seen = events.length;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const after = await databaseCounters(prisma);
      // Two of the transactions are this script's own counter reads.
      console.log(`    PostgreSQL: ${after.transactions - before.transactions - 2} transactions, ${after.rowsWritten - before.rowsWritten} rows written`);
    }
    // The planning bench's "warm" turn: the first message of a new trip whose searches are cached.
    const warmTripId = randomUUID();
    const warmSent = wallClock();
    await sendTripMessage(client, { tripId: warmTripId, userId: user.id, taskQueue: config.TEMPORAL_TASK_QUEUE }, { text: TURNS[0]!, clientMessageId: 'anatomy-warm' });
    warmWindow = [warmSent, wallClock()];
    await new Promise((resolve) => setTimeout(resolve, 500));
    const warmEvents = (await client.workflow.getHandle(workflowIds.trip(warmTripId)).fetchHistory()).events ?? [];
    print('turn 1 again on a new trip (warm cache, as in the planning bench)', shapeOf(warmEvents));
    console.log(timeline(warmEvents));
  } finally {
    await close();
  }
  if (roundTripLog) {
    // The worker writes its log as it exits (close() stopped it); a worker killed after the grace time wrote none.
    if (existsSync(roundTripLog)) printRoundTrips(JSON.parse(readFileSync(roundTripLog, 'utf8')) as RoundTrip[], warmWindow);
    else console.log('    round trips: the worker wrote no log (it did not exit on its own)');
    rmSync(path.dirname(roundTripLog), { recursive: true, force: true });
  }
}

/** The round trips that started within the warm turn (send to answer), each from the turn's start. */
function printRoundTrips(trips: RoundTrip[], [from, to]: [number, number]): void {
  const inTurn = trips.filter((trip) => trip.sentAt >= from && trip.sentAt <= to).sort((a, b) => a.sentAt - b.sentAt);
  const count = (kind: RoundTrip['kind']) => inTurn.filter((trip) => trip.kind === kind).length;
  console.log(`    round trips of the warm turn (${(to - from).toFixed(0)} ms from send to answer): ${count('postgres')} PostgreSQL statements, ${count('redis')} Redis commands (a pipeline counts once)`);
  for (const trip of inTurn) {
    console.log(`      +${(trip.sentAt - from).toFixed(1).padStart(6)} ms  ${(trip.answeredAt - trip.sentAt).toFixed(1).padStart(5)} ms  ${trip.kind.padEnd(8)} ${trip.failed ? '(failed) ' : ''}${trip.text}`);
  }
}
