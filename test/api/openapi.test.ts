// The OpenAPI document and the browsable docs: generated from the routes' zod schemas, covering every
// route the routers define, served without authentication.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildOpenApiDocument } from '../../api/openapi.js';
import { createApiRouter } from '../../api/routes/index.js';
import { listRoutes, toOpenApiPath } from '../support/routes.js';
import { call, registerUser, startTestApi, type TestApi } from './authSupport.js';

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
    expect(document).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument({ minCadenceMinutes: api.ctx.config.PRICE_WATCH_MIN_CADENCE_MINUTES }))));
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

  // What `npm run fuzz` (Schemathesis) holds the API to: every status an operation can answer is documented,
  // and schema-valid input is accepted (or meets a 422 for a rule the schema can only state in words).
  it('documents the statuses middleware answers on every operation it applies to', () => {
    const missing: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const expected = [
          ...(path === '/api/health' ? [] : ['429']), // the per-address limit runs in front of every other /api route
          ...(operation.security === undefined || operation.security.length > 0 ? ['401'] : []), // undefined: the document's security
          ...(operation.requestBody ? ['400'] : []),
          ...(['post', 'put', 'patch'].includes(method) ? ['413', '415'] : []),
        ];
        for (const status of expected) if (!operation.responses[status]) missing.push(`${method.toUpperCase()} ${path} ${status}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('states formats, bounds and one-of rules in the schemas, so generated input keeps to them', () => {
    const schemas = document.components.schemas as Record<string, { properties?: Record<string, Record<string, unknown>>; minProperties?: number; anyOf?: unknown[] }>;
    for (const name of ['LoginRequest', 'RegisterRequest', 'AddCollaborator']) expect(schemas[name]?.properties?.email).toMatchObject({ format: 'email', maxLength: 254 });
    const budget = schemas.CreateTrip?.properties?.budget as { properties: Record<string, unknown> };
    expect(budget.properties.amount).toEqual({ type: 'number', minimum: 0, maximum: 9_999_999_999.99, multipleOf: 0.01 });
    expect(schemas.ChangePriceWatch?.minProperties).toBe(1);
    // A change's baseVersion is not a field to change: one of the others must be present.
    for (const name of ['UpdateTrip', 'Constraints', 'OptionSelection']) {
      const rules = (schemas[name]?.anyOf ?? []) as { required?: string[] }[];
      expect(rules.length).toBeGreaterThan(1);
      expect(rules.every((rule) => rule.required?.length === 1 && rule.required[0] !== 'baseVersion')).toBe(true);
    }
    for (const name of ['StartBooking', 'EditProposal', 'CreatePriceWatch']) expect(schemas[name]?.anyOf).toHaveLength(2);
    expect(schemas.SaveCredential?.properties?.secret).toHaveProperty('pattern');
    // The header shape api/idempotency.ts accepts (anything else is a 400).
    const createWatch = document.paths['/api/watches']?.post as Operation;
    const idempotencyKey = createWatch.parameters?.find((parameter) => parameter.name === 'Idempotency-Key') as { schema?: { pattern?: string } } | undefined;
    expect(idempotencyKey?.schema?.pattern).toBe('^[\\x21-\\x7e]{1,200}$');
    expect(createWatch.responses['409']).toBeDefined();
    // The server's configured minimum, not just "positive".
    for (const name of ['CreatePriceWatch', 'ChangePriceWatch']) {
      expect(schemas[name]?.properties?.cadenceMinutes).toMatchObject({ minimum: api.ctx.config.PRICE_WATCH_MIN_CADENCE_MINUTES });
      expect(schemas[name]?.properties?.cadenceMinutes).not.toHaveProperty('exclusiveMinimum');
    }
  });

  it('bounds every integer a request may carry (zod refuses one past 2^53 - 1, so the document says so)', () => {
    const unbounded: string[] = [];
    const visited = new Set<string>();
    const walk = (node: unknown, where: string): void => {
      if (!node || typeof node !== 'object') return;
      const schema = node as Record<string, unknown>;
      if (typeof schema.$ref === 'string') {
        const name = schema.$ref.split('/').pop() as string;
        if (!visited.has(name)) {
          visited.add(name);
          walk(document.components.schemas[name], name);
        }
        return;
      }
      const types = ([] as unknown[]).concat(schema.type ?? []);
      if (types.includes('integer') && schema.maximum === undefined && schema.exclusiveMaximum === undefined) unbounded.push(where);
      for (const [key, child] of Object.entries(schema)) walk(child, `${where}.${key}`);
    };
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        walk(operation.requestBody, `${method} ${path} body`);
        walk(operation.parameters, `${method} ${path} parameters`);
      }
    }
    expect(visited.size).toBeGreaterThan(10);
    expect(unbounded).toEqual([]);
  });

  it('answers every list in one envelope, {items, nextCursor}', () => {
    type Schema = { $ref?: string; type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema };
    const resolve = (schema: Schema | undefined): Schema | undefined => (schema?.$ref ? resolve(document.components.schemas[schema.$ref.replace('#/components/schemas/', '')] as Schema) : schema);
    // Single resources whose fields hold arrays (a trip's destinations, a state's bookings, a watch's recent prices,
    // a settle-up's balances and transfers).
    const resources = new Set(['/api/trips/{id}', '/api/trips/{id}/state', '/api/agent/trips/{id}/state', '/api/shared/{token}', '/api/watches/{id}', '/api/trips/{id}/expenses/settle-up']);
    const lists: string[] = [];
    const offenders: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      if (resources.has(path)) continue;
      const schema = resolve((item.get?.responses['200']?.content?.['application/json'] as { schema?: Schema } | undefined)?.schema);
      const arrays = Object.entries(schema?.properties ?? {}).filter(([, property]) => resolve(property)?.type === 'array').map(([name]) => name);
      if (arrays.length === 0) continue;
      lists.push(path);
      const cursor = schema?.properties?.nextCursor;
      const envelope = arrays.includes('items') && schema?.required?.includes('items') && schema.required.includes('nextCursor') && cursor?.type !== undefined && [cursor.type].flat().includes('string');
      if (!envelope) offenders.push(`GET ${path}: ${arrays.join(', ')}`);
    }
    // Every list the issue named, and the rest.
    expect(lists).toEqual(expect.arrayContaining(['/api/trips', '/api/trips/{id}/events', '/api/trips/{id}/bookings', '/api/trips/{id}/proposals', '/api/watches', '/api/watches/{id}/points', '/api/api-keys', '/api/runs', '/api/credentials', '/api/trips/{id}/collaborators']));
    expect(offenders).toEqual([]);
  });

  it('answers what the document says: 415 for a body that is not JSON, 400 for a bad `deep`, 422 for a cursor it did not issue', async () => {
    const { accessToken } = await registerUser(api, 'openapi');
    const textBody = await fetch(`${api.url}/api/trips`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'text/plain' }, body: 'a trip' });
    expect(textBody.status).toBe(415);
    expect(textBody.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    // A JSON body is still read as before.
    expect((await call(api, 'POST', '/trips', { token: accessToken, body: { title: 'Lisbon' } })).status).toBe(201);

    const deep = await call<{ errors: unknown[] }>(api, 'GET', '/health?deep=maybe');
    expect(deep.status).toBe(400);
    expect(deep.json.errors).toEqual([{ field: 'deep', reason: 'must be true or false' }]);

    const foreignCursor = await call<{ errors: unknown[] }>(api, 'GET', `/trips?cursor=${Buffer.from('["x"]').toString('base64url')}`, { token: accessToken });
    expect(foreignCursor.status).toBe(422);
    expect(foreignCursor.json.errors).toEqual([{ field: 'cursor', reason: 'is not a cursor from a previous page' }]);
    expect((await call(api, 'GET', '/trips?cursor=not*base64', { token: accessToken })).status).toBe(400);
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
