// The Express application, built from its dependencies so tests run it in-process against real services.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type Request, type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { storageProblem } from '../domain/storable.js';
import type { Logger } from '../infra/logger.js';
import { requireOperatorToken } from './auth/operatorToken.js';
import { HttpError, notFoundHandler, problemHandler } from './errors.js';
import { checkHealth, type HealthDeps, type HealthReport } from './health.js';
import { methodNotAllowedHandler } from './methodNotAllowed.js';
import { buildOpenApiDocument } from './openapi.js';
import { healthRoutes } from './openapi/platform.js';
import { mcpRequestErrors } from './mcp/requestErrors.js';
import { deepHealthRateLimit } from './security.js';

export interface AppDeps {
  logger: Logger;
  health: HealthDeps;
  /** Built web client to serve at `/`, if present. */
  webDistDir?: string;
  temporalUiUrl: string;
  /** The platform's API routes (api/routes/index.ts), mounted at /api. */
  apiRouter?: Router;
  /** The MCP server over Streamable HTTP (api/mcp/http.ts), mounted at /mcp. */
  mcpRouter?: Router;
  /** Edge middleware for /api (api/security.ts: CORS, per-IP rate limit), run before the API router. */
  security?: RequestHandler[];
  /** OPERATOR_TOKEN: unlocks GET /api/health?deep=true (unset: deep checks are refused). */
  operatorToken?: string;
  /** MAP_TILE_URL: the page may load map tiles (and the tile renderer's workers) from its origin. */
  mapTileUrl?: string;
}

/** helmet's defaults, plus what the tile map needs when tiles are configured: their origin, blob: workers. */
function contentSecurityPolicy(mapTileUrl: string | undefined): Parameters<typeof helmet>[0] {
  if (!mapTileUrl) return {};
  const origin = new URL(mapTileUrl.replace(/[{}]/g, '')).origin;
  return {
    contentSecurityPolicy: {
      directives: { 'img-src': ["'self'", 'data:', 'blob:', origin], 'connect-src': ["'self'", origin], 'worker-src': ["'self'", 'blob:'], 'child-src': ["'self'", 'blob:'] },
    },
  };
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet(contentSecurityPolicy(deps.mapTileUrl)));
  app.use(
    pinoHttp({
      logger: deps.logger,
      // Reuse a caller's request id when it is well-formed, so traces join up across services.
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/api/health' },
    }),
  );
  app.use(express.json({ limit: '64kb' }));
  // A body in another media type is not mistaken for a missing one (a 400 about absent fields): the API
  // reads JSON only, and says so.
  app.use('/api', (req, _res, next) => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0';
    const unreadable = BODY_METHODS.has(req.method) && hasBody && !req.is('application/json');
    next(unreadable ? new HttpError(415, 'Unsupported Media Type', 'The API reads request bodies as application/json only.') : undefined);
  });
  // Values storage cannot hold (a NUL character, absurd nesting) are refused here, before any route or
  // workflow sees them: a 400 naming the field instead of a failed write (or a wedged trip) later.
  app.use((req, _res, next) => {
    const problem = storageProblem(req.body);
    next(problem ? new HttpError(400, 'Bad Request', 'The request body has a value that cannot be stored.', [{ field: problem.field.replace(/^body\.?/, '') || 'body', reason: problem.reason }]) : undefined);
  });

  // Shallow health is public and cheap (load balancers poll it). The deep check starts a workflow, so it is
  // for operators only, rate-limited cluster-wide, and concurrent deep checks share the one in flight.
  const isDeep = (req: Request) => req.query.deep === 'true';
  const checkDeepParameter: RequestHandler = (req, _res, next) => {
    const deep = req.query.deep;
    next(deep === undefined || deep === 'true' || deep === 'false' ? undefined : new HttpError(400, 'Bad Request', 'Invalid query parameters', [{ field: 'deep', reason: 'must be true or false' }]));
  };
  const whenDeep =
    (handler: RequestHandler): RequestHandler =>
    (req, res, next) =>
      isDeep(req) ? handler(req, res, next) : next();
  let deepCheckInFlight: Promise<HealthReport> | null = null;
  const deepCheck = () =>
    (deepCheckInFlight ??= checkHealth(deps.health, { deep: true }).finally(() => {
      deepCheckInFlight = null;
    }));
  app.use(
    '/api/health',
    healthRoutes.router({
      checkHealth: [
        checkDeepParameter,
        whenDeep(requireOperatorToken(deps.operatorToken)),
        whenDeep(deepHealthRateLimit({ redis: deps.health.redis, logger: deps.logger })),
        async (req, res) => {
          const report = isDeep(req) ? await deepCheck() : await checkHealth(deps.health);
          res.status(report.status === 'ok' ? 200 : 503).json({ ...report, temporalUi: deps.temporalUiUrl });
        },
      ],
    }),
  );

  if (deps.security?.length) app.use('/api', ...deps.security);
  if (deps.apiRouter) app.use('/api', deps.apiRouter);
  if (deps.mcpRouter) app.use('/mcp', deps.mcpRouter, mcpRequestErrors);

  app.use('/api', methodNotAllowedHandler(buildOpenApiDocument()), notFoundHandler);

  if (deps.webDistDir && existsSync(path.join(deps.webDistDir, 'index.html'))) {
    const root = path.resolve(deps.webDistDir);
    app.use(express.static(root, { index: 'index.html', maxAge: '1h' }));
    // Client-side routes fall back to the SPA shell.
    app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => res.sendFile(path.join(root, 'index.html')));
  }

  app.use(notFoundHandler);
  app.use(problemHandler(deps.logger));
  return app;
}
