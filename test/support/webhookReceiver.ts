// A webhook receiver on an ephemeral loopback port: records every delivery's headers and raw body.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { serveOnLoopback, type LoopbackServer } from './http.js';

export interface WebhookDelivery {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver extends LoopbackServer {
  deliveries: WebhookDelivery[];
}

/** Answers 204 and records the delivery; the first `failFirst` requests get a 503 instead (not recorded), so retries are exercised. */
export async function startWebhookReceiver(options: { failFirst?: number } = {}): Promise<WebhookReceiver> {
  const deliveries: WebhookDelivery[] = [];
  let failuresLeft = options.failFirst ?? 0;
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        response.writeHead(503).end();
        return;
      }
      deliveries.push({ headers: request.headers, body });
      response.writeHead(204).end();
    });
  });
  return { ...(await serveOnLoopback(server)), deliveries };
}
