// Undeclared methods on known API paths: 405 with `Allow` listing the declared ones (problem+json), for every
// path of the OpenAPI document; unknown paths stay 404, and authentication still comes first.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildOpenApiDocument } from '../../api/openapi.js';
import { signUp, type SignedInUser } from '../support/identity.js';
import { call, startTestApi, type Problem, type TestApi } from './authSupport.js';

const CANDIDATES = ['DELETE', 'PUT', 'PATCH', 'POST', 'GET'] as const;
const LISTED_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

describe('405 Method Not Allowed', () => {
  let api: TestApi;
  let traveler: SignedInUser;
  let tripId: string;

  beforeAll(async () => {
    api = await startTestApi();
    traveler = await signUp(api.url, 'methods');
    tripId = (await call<{ id: string }>(api, 'POST', '/trips', { headers: traveler.auth, body: { title: 'Methods' } })).json.id;
  });

  afterAll(async () => {
    await api.close();
  });

  it('answers DELETE /api/trips/:id/messages with 405 and Allow, as problem+json', async () => {
    const response = await call<Problem>(api, 'DELETE', `/trips/${tripId}/messages`, { headers: traveler.auth });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.json).toMatchObject({ title: 'Method Not Allowed', status: 405, detail: `DELETE is not allowed on /api/trips/${tripId}/messages; it allows GET, HEAD, POST.` });
    // Authentication is checked first, as for any other request to a protected path.
    expect((await call(api, 'DELETE', `/trips/${tripId}/messages`)).status).toBe(401);
  });

  it('answers an undeclared method on every documented path with 405 and exactly the declared methods', async () => {
    const document = buildOpenApiDocument();
    const mismatches: string[] = [];
    for (const [template, item] of Object.entries(document.paths ?? {})) {
      const declared = Object.keys(item).map((method) => method.toUpperCase());
      const method = CANDIDATES.find((candidate) => !declared.includes(candidate));
      if (!method) continue;
      const path = template.replace(/\{[^}]+\}/g, () => randomUUID()).replace(/^\/api/, '');
      const response = await call<Problem>(api, method, path, { headers: traveler.auth });
      const allow = LISTED_ORDER.filter((listed) => declared.includes(listed) || (listed === 'HEAD' && declared.includes('GET'))).join(', ');
      if (response.status !== 405 || response.headers.get('allow') !== allow) mismatches.push(`${method} ${template}: ${response.status} Allow=${response.headers.get('allow')} (expected ${allow})`);
    }
    expect(mismatches).toEqual([]);
  }, 60_000);

  it('keeps 404 for paths the API does not have', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await call<Problem>(api, method, '/no-such-thing', { headers: traveler.auth });
      expect(response.status).toBe(404);
      expect(response.headers.get('allow')).toBeNull();
    }
  });
});
