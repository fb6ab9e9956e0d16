// Socket.IO test clients speaking the trip protocol (contracts/realtime.ts).
import type { Socket } from 'socket.io-client';
import { tripEventNames, type ClientToServerEvents, type JoinAck, type ServerToClientEvents, type TripEventRecord } from '../../contracts/realtime.js';

export type TripSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Resolves once the client is connected; rejects with the connection error. */
export const connected = (client: TripSocket) =>
  new Promise<void>((resolve, reject) => {
    // Connected already (the caller awaited something else first): its 'connect' event has fired.
    if (client.connected) return resolve();
    client.once('connect', () => resolve());
    client.once('connect_error', reject);
  });

/** Joins a trip's room (from `lastSeq` when given) and resolves with the server's acknowledgement. */
export const join = (client: TripSocket, tripId: string, lastSeq?: number) =>
  new Promise<JoinAck>((resolve) => client.emit('join', lastSeq === undefined ? { tripId } : { tripId, lastSeq }, resolve));

/** Records every trip event the client receives, with the Socket.IO event name it came as. */
export const collect = (client: TripSocket) => {
  const received: { name: string; event: TripEventRecord }[] = [];
  for (const name of Object.values(tripEventNames)) client.on(name, (event: TripEventRecord) => received.push({ name, event }));
  return received;
};
