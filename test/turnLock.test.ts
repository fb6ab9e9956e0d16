// The planning workflow's FIFO lock on the real worker: updates that arrive while a turn runs each get
// their own turn, one after another, in arrival order (their events never interleave), and a message
// queued behind an archive is refused when its turn comes (its worker's flight search waits for a gate, so the
// turn is still running when the archive and the message behind it arrive: turns take ~0.1 s otherwise).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WorkflowUpdateFailedError, WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { sendTripMessage, type TripRef } from '../api/tripWorkflows.js';
import { loadPlaces } from '../domain/places.js';
import type { FlightProvider } from '../providers/types.js';
import { SandboxFlightProvider } from '../providers/sandbox/flights.js';
import { createWorkerDeps, type WorkerDeps } from '../worker/deps.js';
import { workflowIds } from '../workflows/ids.js';
import { archiveTripUpdate, getStateQuery, sendMessageUpdate, setConstraintsUpdate, type tripPlanningWorkflow } from '../workflows/tripPlanning.js';
import { connectTestServices, type TestServices } from './support/services.js';
import { eventually } from './support/eventually.js';
import { startTestWorker, type TestWorker } from './support/worker.js';

describe('planning turn lock', () => {
  let services: TestServices;
  let userId: string;
  let gatedDeps: WorkerDeps;
  let gatedWorker: TestWorker;
  /** While set, the gated worker's flight searches wait for it. */
  let searchGate: Promise<void> | null = null;
  let searchesWaiting = 0;

  beforeAll(async () => {
    services = await connectTestServices();
    const user = await services.prisma.user.create({ data: { email: `lock-${randomUUID()}@example.test`, displayName: 'Lock Test' } });
    userId = user.id;
    const sandbox = new SandboxFlightProvider({ places: await loadPlaces() });
    const flights: FlightProvider = {
      name: 'gated',
      async searchFlights(query) {
        if (searchGate) {
          searchesWaiting += 1;
          await searchGate;
        }
        return sandbox.searchFlights(query);
      },
    };
    gatedDeps = await createWorkerDeps(services.config, services.logger, { providers: { flights } });
    gatedWorker = await startTestWorker({ address: services.target.address, namespace: services.target.namespace, taskQueue: `turn-lock-${randomUUID()}`, activities: gatedDeps.activities });
  });

  afterAll(async () => {
    await gatedWorker.stop();
    await gatedDeps.close();
    await services.prisma.user.delete({ where: { id: userId } });
    await services.close();
  });

  const newTrip = (): TripRef => ({ tripId: randomUUID(), userId, taskQueue: services.config.TEMPORAL_TASK_QUEUE });
  const handleOf = (trip: TripRef): WorkflowHandle<typeof tripPlanningWorkflow> => services.temporal.workflow.getHandle(workflowIds.trip(trip.tripId));
  const message = (handle: WorkflowHandle<typeof tripPlanningWorkflow>, text: string, clientMessageId: string) =>
    handle.startUpdate(sendMessageUpdate, { args: [{ text, clientMessageId }], waitForStage: WorkflowUpdateStage.ACCEPTED });

  it('runs three messages and a constraint change sent during a turn as four turns, in arrival order, never interleaved', async () => {
    const trip = newTrip();
    await sendTripMessage(services.temporal, trip, { text: 'A week in Lisbon from New York departing March 5 2027 for 2 adults', clientMessageId: 'first' });
    const handle = handleOf(trip);

    // A runs; B, C, the constraint change and D are accepted while it runs, in this order.
    const a = await message(handle, 'make it Porto instead', 'a');
    const b = await message(handle, 'make it Madrid instead', 'b');
    const c = await message(handle, 'make it Rome instead', 'c');
    const constraints = await handle.startUpdate(setConstraintsUpdate, { args: [{ adults: 3 }], waitForStage: WorkflowUpdateStage.ACCEPTED });
    const d = await message(handle, 'make it Paris instead', 'd');
    const results = await Promise.all([a.result(), b.result(), c.result(), constraints.result(), d.result()]);

    // Each turn answered its own message: no two turns saw the same request.
    expect(results[0]).toMatchObject({ state: { request: { destination: { iata: 'OPO' } } } });
    expect(results[1]).toMatchObject({ state: { request: { destination: { iata: 'MAD' } } } });
    expect(results[2]).toMatchObject({ state: { request: { destination: { iata: 'ROM' } } } });
    expect(results[4]).toMatchObject({ state: { request: { destination: { iata: 'PAR' }, adults: 3 } } });

    // The event log, by seq: every turn's user message is followed by its own events up to its reply
    // before anything of the next handler starts; turns in arrival order; seq gap-free.
    const events = await services.prisma.tripEvent.findMany({ where: { tripId: trip.tripId }, orderBy: { seq: 'asc' } });
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    const owners = events.map((event) => {
      if (event.type === 'trip.updated') return 'constraints';
      const turn = (event.payload as { clientMessageId?: string; turn?: string }).clientMessageId ?? (event.payload as { turn?: string }).turn;
      return turn ?? `other:${event.type}`;
    });
    const order: string[] = [];
    for (const owner of owners) if (order.at(-1) !== owner) order.push(owner);
    expect(order).toEqual(['first', 'a', 'b', 'c', 'constraints', 'd']);
    const state = await handle.query(getStateQuery);
    expect(state.turns).toBe(5);
    expect(state.lastEventSeq).toBe(events.length);
  });

  it('refuses a message that was queued behind an archive', async () => {
    const trip = { ...newTrip(), taskQueue: gatedWorker.taskQueue };
    await sendTripMessage(services.temporal, trip, { text: 'A long weekend in Rome from London departing May 7 2027', clientMessageId: 'first' });
    const handle = handleOf(trip);

    let openGate = () => undefined as void;
    searchGate = new Promise<void>((resolve) => (openGate = resolve));
    const running = await message(handle, 'make it Florence instead', 'running');
    const archive = await handle.startUpdate(archiveTripUpdate, { args: [], waitForStage: WorkflowUpdateStage.ACCEPTED });
    const queued = await message(handle, 'make it Venice instead', 'queued');
    // All three were accepted while the first turn was still running: it waits at its flight search.
    await eventually(async () => searchesWaiting, (waiting) => waiting > 0, { what: "the first turn's flight search" });
    searchGate = null;
    openGate();

    await expect(running.result()).resolves.toMatchObject({ state: { request: { destination: { iata: 'FLR' } } } });
    await expect(archive.result()).resolves.toMatchObject({ status: 'archived' });
    const refusal = await queued.result().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refusal as WorkflowUpdateFailedError).cause).toBeInstanceOf(ApplicationFailure);
    expect(((refusal as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('TripArchived');

    // The archived trip stays archived, with Florence; Venice never entered it.
    const final = await handle.result();
    expect(final).toMatchObject({ status: 'archived', request: { destination: { iata: 'FLR' } }, turns: 2 });
  });
});
