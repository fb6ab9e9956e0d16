// A socket join during a database outage fails with the retryable `unavailable` (not `internal`, and not a
// refusal like `forbidden` / `not_found`), and the web client (web/src/realtime/connection.ts) joins again
// with backoff until it is in, then catches up from the last seq it holds. The outage is real: the API
// reaches PostgreSQL through a TCP proxy that is cut and restored; events are written straight to the
// database meanwhile (as the worker would).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import type { ClientToServerEvents, JoinAck, ServerToClientEvents } from '../../contracts/realtime.js';
import { loadConfig } from '../../infra/config.js';
import { TripEventLog } from '../../infra/tripEvents.js';
import { RealtimeConnection } from '../../web/src/realtime/connection.js';
import { TripEventStore } from '../../web/src/realtime/eventStore.js';
import { eventually } from '../support/eventually.js';
import { signUp, type SignedInUser } from '../support/identity.js';
import { connectTestServices, type TestServices } from '../support/services.js';
import { hostAndPort, startTcpProxy, throughProxy, type TcpProxy } from '../support/tcpProxy.js';
import { call, startTestApi, type TestApi } from './authSupport.js';

type Client = ClientSocket<ServerToClientEvents, ClientToServerEvents>;

describe('joining a trip during a database outage', () => {
  let database: TcpProxy;
  let api: TestApi;
  let services: TestServices;
  /** Writes trip events straight to PostgreSQL (not through the cut proxy) and publishes them to the API's relay. */
  let log: TripEventLog;
  let traveler: SignedInUser;
  const sockets: Client[] = [];
  const connections: RealtimeConnection[] = [];

  const newTrip = async () => (await call<{ id: string }>(api, 'POST', '/trips', { headers: traveler.auth, body: { title: 'Realtime outage' } })).json.id;
  const progress = (tripId: string, key: string) => log.append(tripId, { key, type: 'progress', payload: { step: key, status: 'done' } });

  beforeAll(async () => {
    const config = loadConfig(process.env);
    database = await startTcpProxy(hostAndPort(config.DATABASE_URL, 5432));
    api = await startTestApi({ config: { DATABASE_URL: throughProxy(config.DATABASE_URL, database) }, realtime: true });
    services = await connectTestServices();
    log = new TripEventLog(services.prisma, services.redis, api.ctx.config.REDIS_KEY_PREFIX, services.logger);
    traveler = await signUp(api.url, 'realtime-outage');
  });

  afterAll(async () => {
    for (const connection of connections) connection.stop();
    for (const socket of sockets) socket.disconnect();
    await database.restore();
    await api.close();
    await services.close();
    await database.close();
  });

  it('answers the join with `unavailable` while the database is down, and joins once it is back', async () => {
    const tripId = await newTrip();
    const socket: Client = connectClient(api.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: traveler.accessToken } });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const join = () => new Promise<JoinAck>((resolve) => socket.emit('join', { tripId }, resolve));

    await database.cut();
    try {
      expect(await join()).toEqual({ ok: false, error: 'unavailable' });
    } finally {
      await database.restore();
    }
    expect(await eventually(join, (ack) => ack.ok, { timeoutMs: 15_000, intervalMs: 250, what: 'a join after the database came back' })).toEqual({ ok: true, tripId });
  });

  it('the web client retries a failed join with backoff until it is in, then catches up from its last seq', async () => {
    const tripId = await newTrip();
    const store = new TripEventStore();
    const retries: string[] = [];
    const joinErrors: string[] = [];
    const connection = new RealtimeConnection({
      store,
      url: api.url,
      token: () => traveler.accessToken,
      refresh: () => Promise.resolve(true),
      onJoinRetry: (_tripId, error) => retries.push(error),
      onJoinError: (_tripId, error) => joinErrors.push(error),
    });
    connections.push(connection);
    connection.start();
    await eventually(() => Promise.resolve(connection.getState()), (state) => state === 'online', { timeoutMs: 15_000, what: 'the client to connect' });
    await progress(tripId, 'before-the-outage');

    await database.cut();
    try {
      connection.watchTrip(tripId);
      // At least two failed joins: the client keeps trying during the outage.
      await eventually(() => Promise.resolve(retries.length), (count) => count >= 2, { timeoutMs: 15_000, what: 'the client to retry its join' });
      await progress(tripId, 'during-the-outage');
    } finally {
      await database.restore();
    }
    await progress(tripId, 'after-the-outage');

    const events = await eventually(() => Promise.resolve(store.get(tripId)), (held) => held.length === 3, { timeoutMs: 30_000, what: 'the events of the trip to reach the client' });
    expect(events.map((event) => event.seq)).toEqual([1, 2, 3]);
    expect(events.map((event) => event.payload.step)).toEqual(['before-the-outage', 'during-the-outage', 'after-the-outage']);
    expect(new Set(retries)).toEqual(new Set(['unavailable']));
    expect(joinErrors).toEqual([]);
  }, 60_000);
});
