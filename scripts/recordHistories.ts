// `npm run histories:record [-- <version> [tripPlanning|booking|priceWatch ...]]`: runs reference scenarios
// of each workflow (or only the named ones) on an isolated stack and saves their histories to
// test/histories/<name>-<version>.json for the replay tests. Re-record only for a deliberate new version
// (the old files stay, so runs in flight on old code keep being checked).
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { startBooking } from '../api/bookingWorkflows.js';
import { changePriceWatch, getPriceWatch, pausePriceWatch, resumePriceWatch, startPriceWatch, stopPriceWatch } from '../api/priceWatchWorkflows.js';
import { editTripItinerary, selectTripOptions, sendTripMessage, setTripConstraints } from '../api/tripWorkflows.js';
import { addDays } from '../domain/dates.js';
import { loadPlaces } from '../domain/places.js';
import type { Config } from '../infra/config.js';
import { resolveSecrets } from '../infra/secrets.js';
import type { PrismaClient } from '../infra/db.js';
import { SandboxFlightProvider } from '../providers/sandbox/flights.js';
import { SandboxStayProvider } from '../providers/sandbox/stays.js';
import { decideUpdate, getBookingQuery } from '../workflows/booking.js';
import { workflowIds } from '../workflows/ids.js';
import { agentSuggestionSignal, archiveTripUpdate, getStateQuery, resolveSuggestionUpdate } from '../workflows/tripPlanning.js';
import { exportHistory } from './lib/history.js';
import { connectToStack, startIsolatedStack } from './lib/isolatedStack.js';
import { projectRoot } from './provision.js';
import { createUser } from '../test/support/identity.js';

interface Scenario {
  client: Client;
  prisma: PrismaClient;
  config: Config;
  userId: string;
}

const scenarios: Record<string, (scenario: Scenario) => Promise<string>> = {
  /** A session touching every handler: two turns, a suggestion, constraints, archive. */
  async tripPlanning({ client, prisma, config, userId }) {
    const trip = { tripId: randomUUID(), userId, taskQueue: config.TEMPORAL_TASK_QUEUE };
    const handle = client.workflow.getHandle(workflowIds.trip(trip.tripId));
    await sendTripMessage(client, trip, { text: 'Plan a week in Lisbon from New York departing March 5 2027 for 2 adults, budget $5000, food and museums', clientMessageId: 'm1' });
    await handle.signal(agentSuggestionSignal, { source: 'concierge-bot', kind: 'activity', payload: { title: 'Fado night in Alfama' } });
    await setTripConstraints(client, trip.tripId, { pace: 'relaxed' });
    // Since v3: the traveler answers the suggestion (resolveSuggestion update).
    const suggestionId = (await handle.query(getStateQuery)).suggestions[0]?.id;
    if (suggestionId) await handle.executeUpdate(resolveSuggestionUpdate, { args: [{ suggestionId, decision: 'accept' }] });
    await sendTripMessage(client, trip, { text: 'Make it business class', clientMessageId: 'm2' });
    // Since v4: the traveler picks another flight (selectOptions), and turns queue behind the FIFO lock.
    const options = (await handle.query(getStateQuery)).plan?.flightOptions ?? [];
    if (options[1]) await selectTripOptions(client, trip.tripId, { flightOfferId: options[1].id });
    // Since v6: change sets — a question (no search), a relative change (dates only), an undo.
    // Since v7: the date change fetches the destination brief again (its weather is per day).
    await sendTripMessage(client, trip, { text: 'How warm will it be?', clientMessageId: 'm3' });
    await sendTripMessage(client, trip, { text: 'Two days later, and no hotel needed — we have an apartment', clientMessageId: 'm4' });
    await sendTripMessage(client, trip, { text: 'undo', clientMessageId: 'm5' });
    // Since v8: a turn whose write the database refuses is rolled back (a trigger refuses Porto for this trip).
    await prisma.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION refuse_recorded_trip() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused while recording' USING ERRCODE = '23514'; END $$`);
    await prisma.$executeRawUnsafe(`CREATE TRIGGER refuse_recorded_trip BEFORE UPDATE ON trips FOR EACH ROW
      WHEN (NEW.id = '${trip.tripId}'::uuid AND 'OPO' = ANY(NEW.destinations)) EXECUTE FUNCTION refuse_recorded_trip()`);
    await sendTripMessage(client, trip, { text: 'Go to Porto instead', clientMessageId: 'm6' }).catch(() => undefined);
    await prisma.$executeRawUnsafe('DROP TRIGGER refuse_recorded_trip ON trips');
    await sendTripMessage(client, trip, { text: 'How warm will it be?', clientMessageId: 'm7' });
    // Since v11: changes carry the version they were made against and their author; one whose base is older
    // and touches a field changed since is refused (EditConflict), one touching other fields applies.
    const base = (await handle.query(getStateQuery)).version ?? 0;
    const collaborator = { userId: randomUUID(), name: 'Collaborator' };
    // Sent together, both are accepted; whichever runs second, in turn behind the other, is the conflict.
    await Promise.all([
      setTripConstraints(client, trip.tripId, { adults: 3, baseVersion: base, author: { userId, name: 'Recorder' } }).catch(() => undefined),
      setTripConstraints(client, trip.tripId, { children: 1, baseVersion: base, author: collaborator }).catch(() => undefined),
    ]);
    await setTripConstraints(client, trip.tripId, { cabinClass: 'first', baseVersion: base, author: collaborator });
    await sendTripMessage(client, trip, { text: 'Make it business class', clientMessageId: 'm8', baseVersion: base, author: { userId, name: 'Recorder' } }).catch(() => undefined);
    await sendTripMessage(client, trip, { text: 'How warm will it be?', clientMessageId: 'm9', baseVersion: base, author: collaborator });
    // …and travelers edit the itinerary by hand (editItinerary), under the same rule.
    const beforeEdits = await handle.query(getStateQuery);
    const edited = beforeEdits.version ?? 0;
    // Since v13 a flight stays where it is: the first other entry of day 2 moves to the end of day 1, named.
    const [dayOne, dayTwo] = beforeEdits.plan?.itinerary ?? [];
    const from = dayTwo?.entries.findIndex((entry) => entry.kind !== 'flight') ?? -1;
    if (!dayOne || from < 0) throw new Error('the recorded plan has no entry on day 2 to move');
    await editTripItinerary(client, trip.tripId, { op: 'move', day: 2, index: from, toDay: 1, toIndex: dayOne.entries.length, entryTitle: dayTwo?.entries[from]?.title, baseVersion: edited, author: collaborator });
    await editTripItinerary(client, trip.tripId, { op: 'add', day: 2, entry: { kind: 'meal', title: 'Dinner in Alfama', time: '20:30' }, baseVersion: edited }).catch(() => undefined);
    await handle.executeUpdate(archiveTripUpdate);
    await handle.result();
    return handle.workflowId;
  },

  /** Hold → edit (compensations, round 2) → approve → charge → confirm. */
  async booking({ client, prisma, config, userId }) {
    const places = await loadPlaces();
    const trip = await prisma.trip.create({ data: { ownerId: userId, title: 'Recorded booking' } });
    const now = new Date();
    const depart = addDays(now.toISOString().slice(0, 10), 60);
    const back = addDays(depart, 5);
    const [flight] = await new SandboxFlightProvider({ places, now: () => now }).searchFlights({ origin: 'JFK', destination: 'LIS', departDate: depart, returnDate: back, adults: 2, children: 0, cabinClass: 'economy' });
    const stays = await new SandboxStayProvider({ places, now: () => now }).searchStays({ cityCode: 'LIS', latitude: 38.72, longitude: -9.14, checkIn: depart, checkOut: back, adults: 2, children: 0, rooms: 1, currency: flight?.price.currency ?? 'USD' });
    if (!flight || !stays[0] || !stays[1]) throw new Error('the sandbox offered nothing');
    const bookingId = randomUUID();
    const handle = await startBooking(client, { taskQueue: config.TEMPORAL_TASK_QUEUE, bookingId, tripId: trip.id, userId, flight, stay: stays[0], travelers: { adults: 2, children: 0, rooms: 1 } });
    const awaitingDecision = async () => {
      for (let attempt = 0; attempt < 300 && (await handle.query(getBookingQuery)).status !== 'pending_approval'; attempt += 1) await sleep(100);
    };
    await awaitingDecision();
    await handle.executeUpdate(decideUpdate, { args: [{ decision: 'edit', stay: stays[1] }] });
    await awaitingDecision();
    await handle.executeUpdate(decideUpdate, { args: [{ decision: 'approve', note: 'recorded' }] });
    const result = await handle.result();
    if (result.status !== 'confirmed') throw new Error(`recorded booking ended ${result.status}`);
    return handle.workflowId;
  },

  /** Checks every 3 s, a target change that alerts (with a signed webhook), pause, resume, stop. */
  async priceWatch({ client, prisma, config, userId }) {
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(204).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const trip = await prisma.trip.create({ data: { ownerId: userId, title: 'Recorded watch' } });
      const departDate = addDays(new Date().toISOString().slice(0, 10), 45);
      const watchId = randomUUID();
      const { handle } = await startPriceWatch(
        { client, prisma, keys: resolveSecrets(config) },
        {
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          watchId,
          userId,
          tripId: trip.id,
          target: { kind: 'flight', origin: 'JFK', destination: 'LIS', departDate, returnDate: addDays(departDate, 7), cabinClass: 'economy', adults: 1, children: 0 },
          targetPrice: 1,
          cadenceMinutes: 0.05,
          webhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        },
      );
      const checks = async (count: number) => {
        for (let attempt = 0; attempt < 300 && (await getPriceWatch(client, watchId)).checks < count; attempt += 1) await sleep(100);
        return getPriceWatch(client, watchId);
      };
      const first = await checks(2);
      await changePriceWatch(client, watchId, { targetPrice: Math.round((first.lastPrice?.price.amount ?? 1000) * 1.5) });
      const alerted = await checks(first.checks + 1);
      if (alerted.alerts !== 1) throw new Error('the recorded watch did not alert');
      await pausePriceWatch(client, watchId);
      await resumePriceWatch(client, watchId);
      await checks(alerted.checks + 2);
      await changePriceWatch(client, watchId, { cadenceMinutes: 0.1, dropPercent: 10 });
      await stopPriceWatch(client, watchId);
      await handle.result();
      return handle.workflowId;
    } finally {
      server.close();
    }
  },
};

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const [version = 'v1', ...named] = process.argv.slice(2);
const selected = named.length > 0 ? named : Object.keys(scenarios);
for (const name of selected) {
  if (!scenarios[name]) {
    console.error(`unknown scenario "${name}"; available: ${Object.keys(scenarios).join(', ')}`);
    process.exit(64);
  }
}

const stack = await startIsolatedStack({ projectRoot, databaseSuffix: 'record', name: 'tripsage-record', env: { ...process.env, LOG_LEVEL: 'warn' } });
const { config, prisma, client, close } = await connectToStack(stack);
try {
  const user = await createUser(prisma, { displayName: 'Recorder' });
  for (const name of selected) {
    const workflowId = await (scenarios[name] as (typeof scenarios)[string])({ client, prisma, config, userId: user.id });
    const file = path.join(projectRoot, 'test', 'histories', `${name}-${version}.json`);
    const events = await exportHistory(client, workflowId, file);
    console.log(`${name}: ${events} events → ${path.relative(projectRoot, file)}`);
  }
} finally {
  await close();
}
