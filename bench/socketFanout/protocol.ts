// What the socket fan-out benchmark's processes (run.ts, server.ts, client.ts) say to each other over IPC,
// and the settings more than one of them reads.
import type { Socket as ClientSocket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../contracts/realtime.js';

/** Clients per small room (a trip with its traveler, collaborators and agents). */
export const ROOM_SIZE = Math.max(1, Number(process.env.BENCH_ROOM_SIZE ?? 5));
/** Clients connected at once, per batch. */
export const CONNECT_BATCH = 250;
/** Raw TCP frame: 8-byte timestamp, padded to about the size of one Socket.IO event frame. */
export const TCP_FRAME_BYTES = 256;

export type Client = ClientSocket<ServerToClientEvents, ClientToServerEvents>;
export type TripRef = { id: string; lastSeq: number };

export type ToClients =
  | { cmd: 'connect'; url: string; token: string; shared: TripRef; small: TripRef[]; firstIndex: number; count: number }
  | { cmd: 'mark' }
  | { cmd: 'collect'; ranges: Record<string, [number, number]> }
  | { cmd: 'disconnect' }
  | { cmd: 'tcpConnect'; port: number; count: number }
  | { cmd: 'tcpCollect'; rounds: number };

export type FromClients =
  | { kind: 'connected'; count: number; failed: number }
  | { kind: 'marked' }
  | { kind: 'results'; latencies: Float64Array; received: number; expected: number; duplicates: number; outOfOrder: number; complete: number; subscriptions: number; cpuPercent: number }
  | { kind: 'disconnected' }
  | { kind: 'tcpConnected'; count: number }
  | { kind: 'tcpResults'; latencies: Float64Array; complete: number };

export type ToServer = { cmd: 'mark' } | { cmd: 'usage' } | { cmd: 'memory' } | { cmd: 'roomSize'; tripId: string } | { cmd: 'tcpListen' } | { cmd: 'tcpRound'; expected: number };

export type FromServer =
  | { kind: 'listening'; url: string }
  | { kind: 'marked' }
  | { kind: 'usage'; cpuPercent: number; eventLoopUtilization: number; relayMsMean: number; relayed: number }
  | { kind: 'memory'; heapUsed: number; rss: number; external: number }
  | { kind: 'roomSize'; size: number }
  | { kind: 'tcpListening'; port: number }
  | { kind: 'tcpWritten'; sockets: number; writeMs: number };


/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
export const now = () => performance.timeOrigin + performance.now();
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
