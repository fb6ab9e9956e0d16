// The OpenAPI 3.1 document, generated from the zod contracts the routes validate with (contracts/), and
// its public routes: GET /api/openapi.json and a browsable Swagger UI at GET /api/docs.
//
// Each module in api/openapi/ exports a registration `(registry) => void` that adds its schemas and
// paths (through the route tables its routers are built from, api/openapi/routeTable.ts); add a new one
// to `openApiRegistrations` below.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { Router, type RequestHandler } from 'express';
import swaggerUi from 'swagger-ui-express';
import { registerAgentOpenApi } from './openapi/agent.js';
import { registerBookingsOpenApi } from './openapi/bookings.js';
import { registerExpensesOpenApi } from './openapi/expenses.js';
import { registerWatchesOpenApi } from './openapi/watches.js';
import { problems, registerCommonOpenApi, SECURITY, type OpenApiRegistration } from './openapi/common.js';
import { registerMemoriesOpenApi } from './openapi/memories.js';
import { registerOperatorsOpenApi } from './openapi/operators.js';
import { registerAuthOpenApi, registerClientOpenApi, registerHealthAndPlanOpenApi } from './openapi/platform.js';
import { registerRunsOpenApi } from './openapi/runs.js';
import { registerTripLinksOpenApi } from './openapi/tripLinks.js';
import { registerTripsOpenApi } from './openapi/trips.js';
import { registerTripStateOpenApi } from './openapi/tripState.js';
import { registerTravelersOpenApi } from './openapi/travelers.js';

/** This module's own public routes. */
const registerDocsOpenApi: OpenApiRegistration = (registry) => {
  registry.registerPath({
    method: 'get',
    path: '/api/openapi.json',
    tags: ['Documentation'],
    security: [],
    summary: 'This OpenAPI 3.1 document',
    responses: { 200: { description: 'The document.', content: { 'application/json': { schema: { type: 'object' } } } } },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/docs',
    tags: ['Documentation'],
    security: [],
    summary: 'Browsable API documentation (Swagger UI); redirects to /api/docs/',
    responses: { 200: { description: 'The page.', content: { 'text/html': { schema: { type: 'string' } } } }, 301: { description: 'To /api/docs/.' } },
  });
};

const openApiRegistrations: OpenApiRegistration[] = [
  registerCommonOpenApi,
  registerDocsOpenApi,
  registerTripStateOpenApi,
  registerHealthAndPlanOpenApi,
  registerClientOpenApi,
  registerAuthOpenApi,
  registerTripsOpenApi,
  registerTripLinksOpenApi,
  registerExpensesOpenApi,
  registerMemoriesOpenApi,
  registerAgentOpenApi,
  registerRunsOpenApi,
  registerOperatorsOpenApi,
  registerBookingsOpenApi,
  registerTravelersOpenApi,
  registerWatchesOpenApi,
];

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

export interface OpenApiOptions {
  version?: string;
  serverUrl?: string;
  /** PRICE_WATCH_MIN_CADENCE_MINUTES: the document states the server's own minimum (a smaller cadence is a 400). */
  minCadenceMinutes?: number;
}

/** Every schema and operation of the document, as registered (the zod schemas the routes validate with). */
export function openApiRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', SECURITY.bearer, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A traveler\'s access token from POST /api/auth/login (or /register, /refresh). An API key (tsk_...) is also accepted as a bearer token.',
  });
  registry.registerComponent('securitySchemes', SECURITY.apiKey, {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
    description: 'An AI agent\'s API key (tsk_...), created with POST /api/api-keys. Its scopes limit what it may do.',
  });
  for (const register of openApiRegistrations) register(registry);
  return registry;
}

export function buildOpenApiDocument(options: OpenApiOptions = {}): OpenApiDocument {
  const document = new OpenApiGeneratorV31(openApiRegistry().definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'TripSage API',
      version: options.version ?? '0.1.0',
      description:
        'Durable AI trip planning. Errors are RFC 9457 problem+json (`application/problem+json`) with the request id; invalid ' +
        'input lists each field in `errors`, and unknown fields are rejected. A trip another user cannot see is a 404, never a 403. ' +
        'No string (nor object key) may contain U+0000, which storage cannot keep: a 400 naming the field. 400 means the input does ' +
        'not match this document; 422 that it does, but breaks a rule the schema can only state in words (see each operation).',
    },
    ...(options.serverUrl && { servers: [{ url: options.serverUrl }] }),
    security: [{ [SECURITY.bearer]: [] }, { [SECURITY.apiKey]: [] }],
  });
  addMiddlewareResponses(document);
  if (options.minCadenceMinutes !== undefined) stateCadenceMinimum(document, options.minCadenceMinutes);
  return document;
}

/** `cadenceMinutes` of a watch: the schema says only "positive"; the configured minimum is the real bound. */
function stateCadenceMinimum(document: OpenApiDocument, minimum: number): void {
  for (const name of ['CreatePriceWatch', 'ChangePriceWatch']) {
    const cadence = (document.components?.schemas?.[name] as { properties?: Record<string, Record<string, unknown>> } | undefined)?.properties?.cadenceMinutes;
    if (!cadence) continue;
    delete cadence.exclusiveMinimum;
    cadence.minimum = minimum;
  }
}

type Operation = { security?: unknown[]; requestBody?: unknown; responses?: Record<string, unknown> };

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

/**
 * The statuses that middleware in front of every route can answer (api/app.ts, api/security.ts,
 * api/auth), added to each operation they apply to, so no route has to remember them: 429 from the
 * per-address limit (every /api route but GET /api/health, which is mounted before it and documents its
 * own), 401 where credentials are required, 400 for a body that is not valid JSON (or holds a value storage
 * cannot keep), and 413/415 from the body parser on every POST, PUT and PATCH. A route's own description of
 * a status wins; a route that validates parameters documents its own 400.
 */
function addMiddlewareResponses(document: OpenApiDocument): void {
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, value] of Object.entries(item as Record<string, Operation>)) {
      if (typeof value !== 'object' || value === null || !('responses' in value)) continue;
      const operation = value;
      const add = (status: keyof typeof problems) => {
        operation.responses ??= {};
        operation.responses[status] ??= problemResponse(problems[status].description ?? '');
      };
      if (path !== '/api/health') add(429);
      if ((operation.security ?? document.security ?? []).length > 0) add(401);
      if (operation.requestBody) add(400);
      if (['post', 'put', 'patch'].includes(method)) {
        add(413);
        add(415);
      }
    }
  }
}

/**
 * Swagger UI's page: its scripts are files under /api/docs/ (no inline script), but the page carries
 * inline styles and data: images. This CSP replaces helmet's on these responses only.
 */
const docsContentSecurityPolicy: RequestHandler = (_req, res, next) => {
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
      "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'",
  );
  next();
};

/** The docs are read-only: other methods leave this router (and meet the API's 405 with `Allow`). */
const docsReadOnly: RequestHandler = (req, _res, next) => next(req.method === 'GET' || req.method === 'HEAD' ? undefined : 'router');

/** Public routes (mount on the API router, before authentication): GET /openapi.json and GET /docs. */
export function createOpenApiRouter(options: OpenApiOptions = {}): Router {
  const router = Router();
  const document = buildOpenApiDocument(options);

  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });

  // The page loads its assets relative to itself, so it must be served at /docs/.
  router.get('/docs', (req, res, next) => {
    if (req.originalUrl.split('?')[0]?.endsWith('/')) return next();
    res.redirect(301, `${req.baseUrl}/docs/`);
  });
  router.use(
    '/docs',
    docsReadOnly,
    docsContentSecurityPolicy,
    swaggerUi.serveFiles(document, { swaggerOptions: { validatorUrl: null, persistAuthorization: false } }),
    swaggerUi.setup(document, { customSiteTitle: 'TripSage API', swaggerOptions: { validatorUrl: null } }),
  );
  return router;
}
