// A minimal JSON HTTP server on an ephemeral loopback port for faking external services in tests:
// records every request, and can be told to fail the next request(s) with a given status and body.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { serveOnLoopback } from '../support/http.js';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface JsonReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type Handler = (request: RecordedRequest) => JsonReply | Promise<JsonReply>;

export interface FakeHttpServer {
  url: string;
  requests: RecordedRequest[];
  /** The next `times` requests get this reply instead of the handler's. */
  failNext(reply: JsonReply, times?: number): void;
  /** Delay every reply by this many milliseconds (timeouts, cancellation). */
  setDelay(ms: number): void;
  close(): Promise<void>;
}

export async function startFakeHttpServer(handler: Handler): Promise<FakeHttpServer> {
  const requests: RecordedRequest[] = [];
  const failures: JsonReply[] = [];
  let delayMs = 0;
  const pendingDelays = new Set<() => void>();
  const delay = (ms: number, res: ServerResponse) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        pendingDelays.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      pendingDelays.add(done);
      res.once('close', done); // the client gave up: stop waiting
    });

  const server = createServer((req, res) => {
    void (async () => {
      const recorded = await recordRequest(req);
      requests.push(recorded);
      if (delayMs > 0) await delay(delayMs, res);
      const reply = failures.shift() ?? (await handler(recorded));
      send(res, reply);
    })().catch((error: unknown) => send(res, { status: 500, body: { error: String(error) } }));
  });
  const loopback = await serveOnLoopback(server);

  return {
    url: loopback.url,
    requests,
    failNext: (reply, times = 1) => {
      for (let i = 0; i < times; i += 1) failures.push(reply);
    },
    setDelay: (ms) => {
      delayMs = ms;
    },
    close: async () => {
      for (const done of [...pendingDelays]) done();
      await loopback.close();
    },
  };
}

/** Reads a request's body (parsed when it is JSON) with its method, path, query and headers. */
export async function recordRequest(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  let body: unknown = text || null;
  if (text && (req.headers['content-type'] ?? '').includes('json')) body = JSON.parse(text) as unknown;
  const url = new URL(req.url ?? '/', 'http://fake');
  return { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body };
}

function send(res: ServerResponse, reply: JsonReply): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...reply.headers });
  res.end(payload);
}

/** A loopback port nothing listens on (bound once, then released): "the service is down". */
export async function closedPort(): Promise<number> {
  const { port, close } = await serveOnLoopback(createServer());
  await close();
  return port;
}
