// /api/travelers: a traveler's saved passengers. CRUD, encryption at rest (the raw row holds no
// readable detail, and its ciphertext is bound to its owner and id), per-user authorization (session
// only; another user's traveler is a 404), and validation (400 for shape, 422 for rules, by field).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decryptSecret } from '../../infra/credentials.js';
import { travelerContext } from '../../infra/travelers.js';
import { adultDetails } from '../support/checkout.js';
import { createApiKeyFor, signUp, type SignedInUser } from '../support/identity.js';
import { call, startTestApi, type Problem, type TestApi } from './authSupport.js';

interface TravelerView {
  id: string;
  givenName: string;
  familyName: string;
  bornOn: string;
  email: string;
  phoneNumber: string;
  title: string;
  gender: string;
}

describe('/api/travelers', () => {
  let api: TestApi;
  let owner: SignedInUser;
  let stranger: SignedInUser;

  beforeAll(async () => {
    api = await startTestApi();
    [owner, stranger] = await Promise.all([signUp(api.url, 'passenger'), signUp(api.url, 'stranger')]);
  });

  afterAll(async () => {
    await api.close();
  });

  it('creates, lists, reads, replaces and deletes a traveler; the row is ciphertext bound to its owner', async () => {
    const created = await call<TravelerView>(api, 'POST', '/travelers', { headers: owner.auth, body: adultDetails(0, { givenName: 'Ana Maria', familyName: "D'Almeida-Costa" }) });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/travelers/${created.json.id}`);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(created.json).toMatchObject({ givenName: 'Ana Maria', familyName: "D'Almeida-Costa", bornOn: '1990-01-15', email: 'traveler0@example.test', phoneNumber: '+351912345678', title: 'ms', gender: 'f' });

    // At rest: no readable detail in any column, and the ciphertext only opens with its own owner and id.
    const [raw] = await api.ctx.prisma.$queryRaw<Record<string, unknown>[]>`SELECT * FROM travelers WHERE id = ${created.json.id}::uuid`;
    const stored = JSON.stringify(raw);
    for (const plain of ['Almeida', 'Ana Maria', '1990-01-15', 'traveler0@example.test', '351912345678']) expect(stored).not.toContain(plain);
    const row = raw as { ciphertext: string; iv: string; authTag: string; keyVersion: number };
    expect(JSON.parse(decryptSecret(api.ctx.secrets, row, travelerContext(owner.user.id, created.json.id))) as object).toMatchObject({ familyName: "D'Almeida-Costa" });
    expect(() => decryptSecret(api.ctx.secrets, row, travelerContext(stranger.user.id, created.json.id))).toThrow();

    const list = await call<{ items: TravelerView[] }>(api, 'GET', '/travelers', { headers: owner.auth });
    expect(list.json.items.map((item) => item.id)).toEqual([created.json.id]);
    expect((await call<TravelerView>(api, 'GET', `/travelers/${created.json.id}`, { headers: owner.auth })).json.givenName).toBe('Ana Maria');

    const replaced = await call<TravelerView>(api, 'PUT', `/travelers/${created.json.id}`, { headers: owner.auth, body: adultDetails(0, { givenName: 'Ana' }) });
    expect(replaced.status).toBe(200);
    expect(replaced.json).toMatchObject({ id: created.json.id, givenName: 'Ana', familyName: 'Silva' });

    expect((await call(api, 'DELETE', `/travelers/${created.json.id}`, { headers: owner.auth })).status).toBe(204);
    expect((await call(api, 'GET', `/travelers/${created.json.id}`, { headers: owner.auth })).status).toBe(404);
    expect(await api.ctx.prisma.traveler.count({ where: { id: created.json.id } })).toBe(0);
    expect((await call(api, 'DELETE', `/travelers/${created.json.id}`, { headers: owner.auth })).status).toBe(404);
  });

  it('keeps each user\'s travelers to them, and passport details away from API keys', async () => {
    const mine = await call<TravelerView>(api, 'POST', '/travelers', { headers: owner.auth, body: adultDetails(1) });
    expect(mine.status).toBe(201);
    for (const [method, body] of [['GET', undefined], ['PUT', adultDetails(2)], ['DELETE', undefined]] as const) {
      const response = await call<Problem>(api, method, `/travelers/${mine.json.id}`, { headers: stranger.auth, ...(body && { body }) });
      expect(response.status).toBe(404);
    }
    expect((await call<{ items: TravelerView[] }>(api, 'GET', '/travelers', { headers: stranger.auth })).json.items).toEqual([]);
    expect((await call(api, 'GET', '/travelers')).status).toBe(401);
    const key = await createApiKeyFor(api.url, owner, ['trips:read', 'trips:write']);
    expect((await call(api, 'GET', '/travelers', { headers: key.auth })).status).toBe(403);
    expect((await call(api, 'POST', '/travelers', { headers: key.auth, body: adultDetails(3) })).status).toBe(403);
    // Unchanged by the stranger's attempts.
    expect((await call<TravelerView>(api, 'GET', `/travelers/${mine.json.id}`, { headers: owner.auth })).json.givenName).toBe(adultDetails(1).givenName);
  });

  it('answers bad input with 400 (shape) or 422 (a rule), naming each field and why', async () => {
    const bad = await call<Problem>(api, 'POST', '/travelers', {
      headers: owner.auth,
      body: { ...adultDetails(0), title: 'sir', givenName: 'R2-D2', bornOn: '1990-02-30', email: 'nope', phoneNumber: '0912 345 678', passport: 'X1' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors).toEqual(
      expect.arrayContaining([
        { field: 'title', reason: 'must be one of mr, ms, mrs, miss, dr' },
        { field: 'givenName', reason: expect.stringMatching(/as on the passport/) },
        { field: 'bornOn', reason: 'must be a real calendar date' },
        { field: 'email', reason: 'must be an email address' },
        { field: 'phoneNumber', reason: expect.stringMatching(/international format/) },
        { field: 'passport', reason: 'is not a known field' },
      ]),
    );
    const { familyName: _missing, ...withoutFamilyName } = adultDetails(0);
    expect((await call<Problem>(api, 'POST', '/travelers', { headers: owner.auth, body: withoutFamilyName })).json.errors).toEqual([{ field: 'familyName', reason: 'is required' }]);

    const future = await call<Problem>(api, 'POST', '/travelers', { headers: owner.auth, body: adultDetails(0, { bornOn: `${new Date().getUTCFullYear() + 1}-01-01` }) });
    expect(future.status).toBe(422);
    expect(future.json.errors).toEqual([{ field: 'bornOn', reason: 'must not be in the future' }]);
    expect((await call<Problem>(api, 'POST', '/travelers', { headers: owner.auth, body: adultDetails(0, { bornOn: '1800-01-01' }) })).status).toBe(422);
    expect((await call<Problem>(api, 'GET', '/travelers/not-a-uuid', { headers: owner.auth })).status).toBe(400);
  });
});
