// The OpenAPI document and the browsable docs: generated from the routes' zod schemas, covering every
// route the routers define, served without authentication.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildOpenApiDocument } from '../../api/openapi.js';
import { createApiRouter } from '../../api/routes/index.js';
import { listRoutes, toOpenApiPath } from '../support/routes.js';
import { call, startTestApi, type TestApi } from './authSupport.js';

interface Operation {
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
}

interface Document {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string; scheme?: string; in?: string; name?: string }> };
}

describe('OpenAPI', () => {
  let api: TestApi;
  let document: Document;

  beforeAll(async () => {
    api = await startTestApi();
    const response = await call<Document>(api, 'GET', '/openapi.json');
    expect(response.status).toBe(200);
    document = response.json;
  });

  afterAll(async () => {
    await api.close();
  });

  it('is an OpenAPI 3.1 document with bearer and API-key security schemes', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toBe('TripSage API');
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.securitySchemes.apiKeyAuth).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    expect(document).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });

  it('documents every route the routers define, with its method', () => {
    const routes = listRoutes(createApiRouter(api.ctx), '/api');
    expect(routes.length).toBeGreaterThan(25);
    const missing = routes.filter((route) => !document.paths[toOpenApiPath(route.path)]?.[route.method.toLowerCase()]).map((route) => `${route.method} ${route.path}`);
    expect(missing).toEqual([]);
    // And nothing documented that the code does not serve (GET /api/health is mounted by the app itself).
    const served = new Set([...routes.map((route) => `${route.method} ${toOpenApiPath(route.path)}`), 'GET /api/health']);
    const documented = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    expect(documented.filter((operation) => !served.has(operation))).toEqual([]);
  });

  it('documents problem+json errors, request bodies and security on the trip routes', () => {
    const sendMessage = document.paths['/api/trips/{id}/messages']?.post as Operation;
    expect(Object.keys(sendMessage.requestBody?.content ?? {})).toEqual(['application/json']);
    expect(sendMessage.responses['422']?.content).toHaveProperty(['application/problem+json']);
    expect(sendMessage.responses['404']?.content).toHaveProperty(['application/problem+json']);
    expect(sendMessage.security).toEqual([{ bearerAuth: [] }, { apiKeyAuth: [] }]);
    // 202 once accepted (the default), 200 with the result under Prefer: wait; the turn's status at the Location.
    expect(sendMessage.responses['202']?.content).toEqual({ 'application/json': { schema: { $ref: '#/components/schemas/MessageAccepted' } } });
    expect(sendMessage.responses['200']?.content).toEqual({ 'application/json': { schema: { $ref: '#/components/schemas/SendMessageResult' } } });
    expect(sendMessage.parameters?.map((parameter) => `${parameter.in} ${parameter.name}`)).toEqual(['path id', 'header Prefer']);
    const messageStatus = document.paths['/api/trips/{id}/messages/{clientMessageId}']?.get as Operation;
    expect(messageStatus.responses['200']?.content).toEqual({ 'application/json': { schema: { $ref: '#/components/schemas/MessageStatus' } } });
    expect(document.paths['/api/runs']?.get?.security).toEqual([{ bearerAuth: [] }]);
    expect(document.paths['/api/auth/login']?.post?.security).toEqual([]);
    const createTrip = document.components.schemas.CreateTrip as { additionalProperties: boolean; properties: Record<string, unknown> };
    expect(createTrip.additionalProperties).toBe(false);
    expect(createTrip.properties).not.toHaveProperty('ownerId');
    for (const name of ['Problem', 'Trip', 'TripState', 'TripPlan', 'SendMessage', 'Constraints', 'TripEventPage', 'Run', 'Memory', 'SuggestionRequest', 'AuthSession']) {
      expect(document.components.schemas).toHaveProperty([name]);
    }
    // A nullable reference must admit null (anyOf [ref, null]), not allOf [ref, ...].
    expect(JSON.stringify(document)).not.toMatch(/"allOf":\[\{"\$ref"[^\]]*"null"/);
  });

  it('serves a browsable Swagger UI at /api/docs, with a CSP that allows it on that route only', async () => {
    const response = await fetch(`${api.url}/api/docs`);
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${api.url}/api/docs/`);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('<div id="swagger-ui"></div>');
    // Every script is a file under /api/docs/ (nothing inline), which the route's CSP allows.
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((match) => match[1] ?? '');
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) expect(attributes).toMatch(/src=/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');

    const init = await fetch(`${api.url}/api/docs/swagger-ui-init.js`);
    expect(init.status).toBe(200);
    expect(await init.text()).toContain('"openapi": "3.1.0"');
    expect((await fetch(`${api.url}/api/docs/swagger-ui-bundle.js`)).status).toBe(200);
    // Other routes keep helmet's policy.
    expect((await fetch(`${api.url}/api/openapi.json`)).headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });
});
