// A client process of the socket fan-out benchmark (forked by run.ts): holds socket.io-client connections
// (websocket transport only) and raw TCP connections, and reports what they received over IPC.
import net from 'node:net';
import { io as connectClient } from 'socket.io-client';
import type { JoinAck } from '../../contracts/realtime.js';
import type { TripEventRecord } from '../../contracts/realtime.js';
import { CONNECT_BATCH, ROOM_SIZE, TCP_FRAME_BYTES, now, sleep, type Client, type FromClients, type ToClients, type TripRef } from './protocol.js';

interface Tracked {
  next: number;
  received: number;
  duplicates: number;
  outOfOrder: number;
}

async function runClientProcess(): Promise<void> {
  const sockets: Client[] = [];
  /** Per trip, its subscriptions in this process. */
  let byTrip = new Map<string, Tracked[]>();
  let latencies: number[] = [];
  let cpuMark = process.cpuUsage();
  let markedAt = performance.now();
  const raw: { socket: net.Socket; pending: Buffer; frames: number }[] = [];
  let rawLatencies: number[] = [];
  const send = (message: FromClients) => process.send?.(message);

  const track = (trip: TripRef): Tracked => {
    const entry: Tracked = { next: trip.lastSeq + 1, received: 0, duplicates: 0, outOfOrder: 0 };
    const list = byTrip.get(trip.id);
    if (list) list.push(entry);
    else byTrip.set(trip.id, [entry]);
    return entry;
  };

  const connectOne = (command: Extract<ToClients, { cmd: 'connect' }>, index: number): Promise<boolean> =>
    new Promise((resolve) => {
      const socket: Client = connectClient(command.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: command.token }, timeout: 60_000 });
      const small = command.small[Math.floor(index / ROOM_SIZE) % command.small.length] as TripRef;
      const entries = new Map<string, Tracked>();
      socket.on('progress', (event: TripEventRecord) => {
        const received = now();
        const sentAt = event.payload.sentAt;
        if (typeof sentAt === 'number') latencies.push(received - sentAt);
        const entry = entries.get(event.tripId);
        if (!entry) return;
        entry.received += 1;
        if (event.seq < entry.next) entry.duplicates += 1;
        else if (event.seq > entry.next) entry.outOfOrder += 1;
        entry.next = Math.max(entry.next, event.seq + 1);
      });
      socket.once('connect_error', () => resolve(false));
      socket.once('connect', () => {
        const join = (trip: TripRef) =>
          new Promise<boolean>((joined) => {
            entries.set(trip.id, track(trip));
            socket.emit('join', { tripId: trip.id, lastSeq: trip.lastSeq }, (ack: JoinAck) => joined(ack.ok));
          });
        void Promise.all([join(command.shared), join(small)]).then((acks) => {
          sockets.push(socket);
          resolve(acks.every(Boolean));
        });
      });
    });

  process.on('message', (message: ToClients) => {
    void (async () => {
      if (message.cmd === 'connect') {
        let failed = 0;
        for (let offset = 0; offset < message.count; offset += CONNECT_BATCH) {
          const batch = await Promise.all(Array.from({ length: Math.min(CONNECT_BATCH, message.count - offset) }, (_, index) => connectOne(message, message.firstIndex + offset + index)));
          failed += batch.filter((ok) => !ok).length;
        }
        send({ kind: 'connected', count: sockets.length, failed });
      } else if (message.cmd === 'mark') {
        cpuMark = process.cpuUsage();
        markedAt = performance.now();
        send({ kind: 'marked' });
      } else if (message.cmd === 'collect') {
        const ranges = Object.entries(message.ranges);
        const behind = () => ranges.some(([tripId, [, to]]) => (byTrip.get(tripId) ?? []).some((entry) => entry.next <= to));
        const deadline = Date.now() + 60_000;
        while (Date.now() < deadline && behind()) await sleep(20);
        const cpu = process.cpuUsage(cpuMark);
        const seconds = (performance.now() - markedAt) / 1000;
        await sleep(200); // late duplicates would show up now
        let received = 0;
        let expected = 0;
        let duplicates = 0;
        let outOfOrder = 0;
        let complete = 0;
        let subscriptions = 0;
        for (const [tripId, [from, to]] of ranges) {
          for (const entry of byTrip.get(tripId) ?? []) {
            subscriptions += 1;
            expected += to - from + 1;
            received += entry.received;
            duplicates += entry.duplicates;
            outOfOrder += entry.outOfOrder;
            if (entry.next > to && entry.received === to - from + 1) complete += 1;
          }
        }
        send({ kind: 'results', latencies: Float64Array.from(latencies), cpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100, received, expected, duplicates, outOfOrder, complete, subscriptions });
        latencies = [];
        for (const list of byTrip.values()) for (const entry of list) Object.assign(entry, { received: 0, duplicates: 0, outOfOrder: 0 });
      } else if (message.cmd === 'disconnect') {
        for (const socket of sockets) socket.disconnect();
        sockets.length = 0;
        byTrip = new Map();
        send({ kind: 'disconnected' });
      } else if (message.cmd === 'tcpConnect') {
        for (let offset = 0; offset < message.count; offset += CONNECT_BATCH) {
          await Promise.all(
            Array.from(
              { length: Math.min(CONNECT_BATCH, message.count - offset) },
              () =>
                new Promise<void>((resolve) => {
                  const entry = { socket: net.connect(message.port, '127.0.0.1', resolve), pending: Buffer.alloc(0), frames: 0 };
                  entry.socket.on('data', (chunk: Buffer) => {
                    const received = now();
                    let data = entry.pending.length ? Buffer.concat([entry.pending, chunk]) : chunk;
                    while (data.length >= TCP_FRAME_BYTES) {
                      rawLatencies.push(received - data.readDoubleBE(0));
                      entry.frames += 1;
                      data = data.subarray(TCP_FRAME_BYTES);
                    }
                    entry.pending = Buffer.from(data);
                  });
                  raw.push(entry);
                }),
            ),
          );
        }
        send({ kind: 'tcpConnected', count: raw.length });
      } else {
        const { rounds } = message;
        const deadline = Date.now() + 30_000;
        while (Date.now() < deadline && raw.some((entry) => entry.frames < rounds)) await sleep(20);
        send({ kind: 'tcpResults', latencies: Float64Array.from(rawLatencies), complete: raw.filter((entry) => entry.frames === rounds).length });
        rawLatencies = [];
      }
    })();
  });
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}

if (!process.send) throw new Error('bench/socketFanout/client.ts is forked by `npm run bench -- sockets`, not run on its own');
await runClientProcess();
