// Prometheus metrics of the platform's own code (the Temporal SDK exports its own on the worker).
import { createServer, type Server } from 'node:http';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'tripsage_' });

export const cacheRequests = new Counter({
  name: 'tripsage_provider_cache_requests_total',
  help: 'Provider cache lookups by provider operation and outcome (hit, miss, error; shared: joined an identical lookup in flight).',
  labelNames: ['operation', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const providerCallDuration = new Histogram({
  name: 'tripsage_provider_call_seconds',
  help: 'Duration of calls to external providers by provider, operation and outcome.',
  labelNames: ['provider', 'operation', 'outcome'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

export const offersRejected = new Counter({
  name: 'tripsage_offers_rejected_total',
  help: 'Provider offers dropped by the sanity rules (domain/offerSanity.ts) before reaching a plan, by kind (flight, stay) and rule broken.',
  labelNames: ['kind', 'reason'] as const,
  registers: [metricsRegistry],
});

/** Serves this process's platform metrics at http://<host>:<port>/metrics, apart from any public HTTP port. */
export function startMetricsServer(port: number, host = '0.0.0.0'): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metricsRegistry
      .metrics()
      .then((body) => res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(body))
      .catch(() => res.writeHead(500).end());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
