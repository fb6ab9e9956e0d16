// GET /api/plan/airports: where the trip's airports are, for the trip map; bad input is a 400 naming the field.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import { problemHandler } from '../../api/errors.js';
import { createPlanRouter, MAX_AIRPORT_CODES } from '../../api/routes/plan.js';
import { createLogger } from '../../infra/logger.js';
import { listen, type RunningApp } from '../support/http.js';

describe('GET /api/plan/airports', () => {
  let api: RunningApp;

  beforeAll(async () => {
    const app = express();
    app.use('/api/plan', createPlanRouter());
    app.use(problemHandler(createLogger('airports-route-test', 'silent')));
    api = await listen(app);
  });

  afterAll(async () => {
    await api.close();
  });

  const get = (query: string) => fetch(`${api.url}/api/plan/airports${query}`);

  it('answers each known code with its name, city and coordinates, in the order asked, leaving out unknown ones', async () => {
    const response = await get('?codes=lis,MAD,ZZZ,LIS');
    expect(response.status).toBe(200);
    const { items: airports, nextCursor } = (await response.json()) as { items: { iata: string; cityName: string; latitude: number; longitude: number }[]; nextCursor: null };
    expect(nextCursor).toBeNull();
    expect(airports.map((airport) => airport.iata)).toEqual(['LIS', 'MAD']);
    expect(airports[0]).toMatchObject({ cityName: 'Lisbon', latitude: expect.closeTo(38.78, 1), longitude: expect.closeTo(-9.14, 1) });
  });

  it('refuses a missing, malformed or too long list with 400 naming `codes`', async () => {
    for (const query of ['', '?codes=LISBON', '?codes=LIS;MAD', `?codes=${Array.from({ length: MAX_AIRPORT_CODES + 1 }, (_, index) => `A${String.fromCharCode(65 + (index % 26))}${String.fromCharCode(65 + Math.floor(index / 26))}`).join(',')}`]) {
      const response = await get(query);
      expect(response.status).toBe(400);
      const problem = (await response.json()) as { errors: { field: string; reason: string }[] };
      expect(problem.errors.map((error) => error.field)).toEqual(['codes']);
    }
  });
});
