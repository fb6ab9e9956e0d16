// The API process once its configuration is valid: HTTP server (+ web client) and Socket.IO
// (api/realtime/server.ts), metrics on their own port, graceful shutdown. Started by api/main.ts.
import { createServer } from 'node:http';
import type { Config } from '../infra/config.js';
import { createLogger } from '../infra/logger.js';
import { startMetricsServer } from '../infra/metrics.js';
import { createApp } from './app.js';
import { createApiContext } from './context.js';
import { createMcpRouter } from './mcp/http.js';
import { attachRealtime } from './realtime/server.js';
import { createApiRouter } from './routes/index.js';
import { securityMiddleware } from './security.js';

export async function serveApi(config: Config): Promise<void> {
  const logger = createLogger('api', config.LOG_LEVEL);

  const ctx = await createApiContext(config, logger);
  const { prisma, redis, temporal } = ctx;
  const app = createApp({
    logger,
    health: { prisma, redis, temporal, namespace: ctx.namespace, taskQueue: config.TEMPORAL_TASK_QUEUE },
    webDistDir: config.SERVE_WEB ? config.WEB_DIST_DIR : undefined,
    temporalUiUrl: config.TEMPORAL_UI_URL,
    apiRouter: createApiRouter(ctx),
    mcpRouter: createMcpRouter(ctx),
    security: securityMiddleware(ctx),
    operatorToken: config.OPERATOR_TOKEN,
    mapTileUrl: config.MAP_TILE_URL,
  });

  // Metrics on their own port (bound like the API), never on the public one: they describe the process.
  const metricsServer = config.API_METRICS_PORT > 0 ? await startMetricsServer(config.API_METRICS_PORT, config.API_HOST) : null;

  const server = createServer(app);
  const realtime = await attachRealtime(server, ctx);
  server.listen(config.API_PORT, config.API_HOST, () => {
    logger.info({ url: `http://${config.API_HOST}:${config.API_PORT}`, metricsPort: config.API_METRICS_PORT }, 'api listening');
  });

  let stopping = false;
  async function shutdown(signal: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'api shutting down');
    // Stop accepting, let in-flight requests finish, then cut idle keep-alive sockets.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // Open websockets would hold the server open: close them (clients reconnect to another node).
    await realtime.close();
    const forced = setTimeout(() => server.closeAllConnections(), 5_000);
    await closed;
    clearTimeout(forced);
    await new Promise<void>((resolve) => (metricsServer ? metricsServer.close(() => resolve()) : resolve()));
    await ctx.close();
    logger.info('api stopped');
    process.exit(0);
  }
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
