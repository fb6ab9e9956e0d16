import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import { problemHandler } from '../api/errors.js';
import { createPlanRouter } from '../api/routes/plan.js';
import { emptyTripRequest } from '../domain/trip.js';
import { createLogger } from '../infra/logger.js';
import { listen, type RunningApp } from './support/http.js';

interface Problem {
  status: number;
  title: string;
  detail?: string;
  errors?: { field: string; reason: string }[];
}

describe('POST /api/plan/parse', () => {
  let api: RunningApp;

  beforeAll(async () => {
    const app = express();
    app.use(express.json());
    app.use('/api/plan', createPlanRouter());
    app.use(problemHandler(createLogger('plan-route-test', 'silent')));
    api = await listen(app);
  });

  afterAll(async () => {
    await api.close();
  });

  const post = (body: unknown) =>
    fetch(`${api.url}/api/plan/parse`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('answers 200 with the understood request and the fields the text mentioned', async () => {
    const response = await post({ text: 'From NYC to Lisbon on Dec 10 for 5 nights, 2 adults, budget €2,000', referenceDate: '2026-11-23' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      request: {
        ...emptyTripRequest,
        origin: { city: 'New York', iata: 'NYC' },
        destination: { city: 'Lisbon', iata: 'LIS' },
        departDate: '2026-12-10',
        returnDate: '2026-12-15',
        adults: 2,
        budget: { amount: 2000, currency: 'EUR' },
      },
      mentioned: ['origin', 'destination', 'departDate', 'returnDate', 'adults', 'budget'],
    });
  });

  it('reads relative dates against today (UTC) when no reference date is given', async () => {
    const before = new Date().toISOString().slice(0, 10);
    const response = await post({ text: 'Rome tomorrow for a week' });
    const after = new Date().toISOString().slice(0, 10);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { request: { destination: unknown; departDate: string }; mentioned: string[] };
    expect(body.request.destination).toEqual({ city: 'Rome', iata: 'ROM' });
    expect(body.mentioned).toEqual(['destination', 'departDate', 'returnDate']);
    const dayAfter = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect([dayAfter(before), dayAfter(after)]).toContain(body.request.departDate);
  });

  it.each([
    ['text is missing', { referenceDate: '2026-11-23' }, [{ field: 'text', reason: 'is required' }]],
    ['text is empty', { text: '   ' }, [{ field: 'text', reason: 'must not be empty' }]],
    ['text is too long', { text: 'x'.repeat(2001) }, [{ field: 'text', reason: 'must be at most 2000 characters' }]],
    ['text is not a string', { text: 42 }, [{ field: 'text', reason: 'must be a string' }]],
    ['referenceDate is malformed', { text: 'Paris', referenceDate: '11/23/2026' }, [{ field: 'referenceDate', reason: 'must be a date YYYY-MM-DD' }]],
    ['referenceDate is not a real date', { text: 'Paris', referenceDate: '2026-02-30' }, [{ field: 'referenceDate', reason: 'must be a real calendar date' }]],
    ['referenceDate is a real date of year 97 (Date.UTC would read 1997)', { text: 'Rome tomorrow', referenceDate: '0097-09-26' }, [{ field: 'referenceDate', reason: 'must be a date between 2000 and 2100' }]],
    ['referenceDate is the last day of year 9999', { text: 'Rome tomorrow', referenceDate: '9999-12-31' }, [{ field: 'referenceDate', reason: 'must be a date between 2000 and 2100' }]],
    ['an unknown field is sent', { text: 'Paris', userId: 'u1' }, [{ field: 'userId', reason: 'is not a known field' }]],
    ['the body is not an object', ['Paris'], [{ field: 'body', reason: 'must be a JSON object' }]],
  ])('answers 400 problem+json naming the field when %s', async (_label, body, errors) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as Problem;
    expect(problem).toMatchObject({ status: 400, title: 'Bad Request', detail: 'Invalid request body' });
    expect(problem.errors).toEqual(errors);
  });

  it('reports every problem at once', async () => {
    const response = await post({ referenceDate: 'tomorrow', extra: true });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as Problem;
    expect(problem.errors?.map((error) => error.field).sort()).toEqual(['extra', 'referenceDate', 'text']);
  });
});
