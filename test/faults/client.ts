// What a well-behaved client of the public API does during an outage: retry a 503 after its Retry-After,
// go to another API node when one stops answering, and resend writes only with the same idempotency handle
// (clientMessageId, Idempotency-Key). Anything else the platform answers with during a fault (a 500, a 503
// without Retry-After) breaks the contract and is recorded as a violation.
import { io as connectSocket, type Socket } from 'socket.io-client';
import { tripEventNames, type ClientToServerEvents, type JoinAck, type ServerToClientEvents, type TripEventRecord } from '../../contracts/realtime.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ApiResponse<T> {
  status: number;
  json: T;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Give up (throw) after this long; outages of 20 s must fit. */
  deadlineMs?: number;
}

/** Contract violations seen by the clients, shared by every client of a scenario. */
export class ContractLog {
  readonly violations: string[] = [];
  retried503 = 0;
  failovers = 0;

  violation(what: string): void {
    if (this.violations.length < 200) this.violations.push(what);
  }

  /** Internal error text (a driver's message, a source location) must never reach a client, in any answer. */
  inspect(route: string, body: string): void {
    const leak = INTERNAL_TEXT.exec(body);
    if (leak) this.violation(`${route}: internal error text in the answer ("${leak[0]}")`);
  }
}

const INTERNAL_TEXT = /Invalid `[\w.]+\(\)` invocation|Can't reach database server|ECONNREFUSED|PrismaClient\w*Error|[\w/-]+\.ts:\d+(:\d+)?/;

export class ApiClient {
  private node: number;

  constructor(
    private readonly urls: string[],
    private readonly contract: ContractLog,
    preferredNode = 0,
  ) {
    this.node = preferredNode % urls.length;
  }

  /** The node this client talks to now (it moves to the next one when a node stops answering). */
  get url(): string {
    return this.urls[this.node] as string;
  }

  async call<T = unknown>(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
    const deadline = Date.now() + (options.deadlineMs ?? 120_000);
    const route = `${method} ${path.replace(/[0-9a-f-]{36}/g, ':id')}`;
    for (let attempt = 1; ; attempt += 1) {
      if (Date.now() > deadline) throw new Error(`${route}: no answer within ${options.deadlineMs ?? 120_000} ms (attempt ${attempt})`);
      const headers: Record<string, string> = { ...options.headers };
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let response: Response;
      try {
        response = await fetch(`${this.url}/api${path}`, {
          method,
          headers,
          ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
          signal: AbortSignal.timeout(Math.max(1_000, Math.min(90_000, deadline - Date.now()))),
        });
      } catch {
        // The node is gone (refused, reset) or did not answer in time: try the next one.
        this.node = (this.node + 1) % this.urls.length;
        this.contract.failovers += 1;
        await sleep(250);
        continue;
      }
      const text = await response.text().catch(() => '');
      this.contract.inspect(route, text);
      if (response.status === 503) {
        const retryAfter = Number(response.headers.get('retry-after'));
        if (!Number.isFinite(retryAfter) || retryAfter <= 0) this.contract.violation(`${route}: 503 without Retry-After`);
        this.contract.retried503 += 1;
        // Honour Retry-After, but poll at least every 2 s so that recovery is seen when it happens.
        await sleep(Math.min(2_000, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 1_000));
        continue;
      }
      if (response.status >= 500 || response.status === 429) {
        if (response.status !== 429) this.contract.violation(`${route}: ${response.status} (an outage must answer 503 + Retry-After)`);
        await sleep(1_000);
        continue;
      }
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = text;
      }
      return { status: response.status, json: json as T };
    }
  }
}

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A Socket.IO client following one trip: on every (re)connect it joins with the highest seq it has, and
 * when its node goes away it connects to the next node. Counts how often each seq arrived.
 */
export class TripWatcher {
  readonly received = new Map<number, number>();
  private socket: Client | null = null;
  private node: number;
  private closed = false;
  reconnects = 0;

  constructor(
    private readonly urls: string[],
    private readonly token: string,
    readonly tripId: string,
    preferredNode: number,
  ) {
    this.node = preferredNode % urls.length;
  }

  /** The node this client is connected to now, or null between connections. */
  get connectedTo(): string | null {
    return this.socket?.connected ? (this.urls[this.node] as string) : null;
  }

  get lastSeq(): number {
    let max = 0;
    for (const seq of this.received.keys()) max = Math.max(max, seq);
    return max;
  }

  start(): void {
    if (this.closed) return;
    const socket: Client = connectSocket(this.urls[this.node] as string, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: this.token }, timeout: 5_000 });
    this.socket = socket;
    for (const name of Object.values(tripEventNames)) {
      socket.on(name, (event: TripEventRecord) => {
        if (event.tripId === this.tripId) this.received.set(event.seq, (this.received.get(event.seq) ?? 0) + 1);
      });
    }
    socket.on('connect', () => {
      socket.emit('join', { tripId: this.tripId, lastSeq: this.lastSeq }, (ack: JoinAck) => {
        // A join refused during an outage (the database is down): leave and come back.
        if (!ack.ok) this.retry(socket, 1_000);
      });
    });
    socket.on('disconnect', () => this.retry(socket, 200));
    socket.on('connect_error', () => this.retry(socket, 500));
  }

  /** Drops `socket` and connects again, to the next node. */
  private retry(socket: Client, delayMs: number): void {
    if (this.closed || this.socket !== socket) return;
    this.socket = null;
    socket.removeAllListeners();
    socket.disconnect();
    this.node = (this.node + 1) % this.urls.length;
    this.reconnects += 1;
    setTimeout(() => this.start(), delayMs);
  }

  close(): void {
    this.closed = true;
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
  }
}
