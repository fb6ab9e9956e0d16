// Values the schemas used to let in but storage cannot hold are refused at the boundary with the field and
// the reason (never a 500, never a wedged trip): NUL characters, budgets beyond Decimal(12,2) or finer than
// a cent, JSON nested absurdly deep; the workflow's own validators refuse them too; and the same trip then
// plans normally.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { SendMessageResult } from '../../domain/trip.js';
import { workflowIds } from '../../workflows/ids.js';
import { sendMessageUpdate, setConstraintsUpdate } from '../../workflows/tripPlanning.js';
import { signUp, type SignedInUser } from '../support/identity.js';
import { call, startTestApi, WAIT_FOR_REPLY, type Problem, type TestApi } from './authSupport.js';

describe('the storage boundary', () => {
  let api: TestApi;
  let owner: SignedInUser;
  let tripId: string;

  beforeAll(async () => {
    api = await startTestApi();
    owner = await signUp(api.url, 'boundary');
    tripId = (await call<{ id: string }>(api, 'POST', '/trips', { headers: owner.auth, body: { title: 'Boundary' } })).json.id;
    const first = await call(api, 'POST', `/trips/${tripId}/messages`, { headers: { ...owner.auth, ...WAIT_FOR_REPLY }, body: { text: 'Five nights in Lisbon from London from 2027-05-10 to 2027-05-15', clientMessageId: 'plan-1' } });
    expect(first.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await api.close();
  });

  it.each([
    ['a trip title', 'POST', '/trips', { title: 'Bad\u0000title' }, 'title'],
    ['a display name at sign-up (no login)', 'POST', '/auth/register', { email: `nul-${randomUUID()}@example.test`, password: 'correct horse battery', displayName: 'Eve\u0000' }, 'displayName'],
    ['a chat message', 'POST', '/trips/:id/messages', { text: 'hello\u0000', clientMessageId: 'nul-1' }, 'text'],
    ['interests', 'POST', '/trips/:id/constraints', { interests: ['wine\u0000'] }, 'interests.0'],
  ])('refuses a NUL character in %s with 400 naming the field', async (_what, method, path, body, field) => {
    const response = await call<Problem>(api, method, path.replace(':id', tripId), { headers: owner.auth, body });
    // 400 from the request schema: refused at the edge, before any turn runs (it used to fail after ~26 s of retries).
    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([{ field, reason: 'must not contain the NUL character (U+0000)' }]);
  });

  it.each([
    ['a trip title', 'POST', '/trips', { title: 'Half an emoji \ud83d' }, 'title'],
    ['a chat message', 'POST', '/trips/:id/messages', { text: '\ude00 low half first' }, 'text'],
    ['an object key', 'POST', '/trips', { title: 'Key', ['\ud800']: 1 }, 'body'],
  ])('refuses a lone surrogate in %s with 400 (it has no UTF-8 form, so the database would refuse it)', async (_what, method, path, body, field) => {
    const response = await call<Problem>(api, method, path.replace(':id', tripId), { headers: owner.auth, body });
    expect(response.status).toBe(400);
    expect(response.json.errors?.[0]?.field).toBe(field);
    expect(response.json.errors?.[0]?.reason).toMatch(/lone surrogate/);
  });

  it('keeps whole emoji and other scripts (surrogate pairs are fine)', async () => {
    const response = await call<{ title: string }>(api, 'POST', '/trips', { headers: owner.auth, body: { title: 'Lisboa 😀 東京' } });
    expect(response.status).toBe(201);
    expect(response.json.title).toBe('Lisboa 😀 東京');
  });

  it('refuses a body nested thousands of levels deep', async () => {
    // Written by hand: JSON.stringify itself overflows the stack on such a value.
    const body = `{"kind":"note","payload":${'{"inner":'.repeat(5_000)}"deep"${'}'.repeat(5_000)}}`;
    const response = await fetch(`${api.url}/api/trips/${tripId}/messages`, { method: 'POST', headers: { ...owner.auth, 'content-type': 'application/json' }, body });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Problem).errors?.[0]?.reason).toMatch(/nested more than 32 levels/);
  });

  it.each([
    [{ amount: 1e10, currency: 'USD' }, 'must be at most 9999999999.99'],
    [{ amount: 12.345, currency: 'USD' }, 'must have at most 2 decimal places'],
  ])('refuses a budget storage cannot hold exactly (%j)', async (budget, reason) => {
    const response = await call<Problem>(api, 'POST', `/trips/${tripId}/constraints`, { headers: owner.auth, body: { budget } });
    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([{ field: 'budget.amount', reason }]);
  });

  it('accepts the event cursors the spec allows (up to 2,000,000,000)', async () => {
    const response = await call<{ items: unknown[] }>(api, 'GET', `/trips/${tripId}/events?after=1000000000`, { headers: owner.auth });
    expect(response.status).toBe(200);
    expect(response.json.items).toEqual([]);
  });

  it('has the workflow refuse them too (a client that skips the API), and the trip still plans', async () => {
    const handle = api.ctx.temporal.workflow.getHandle(workflowIds.trip(tripId));
    for (const attempt of [
      () => handle.executeUpdate(sendMessageUpdate, { args: [{ text: 'poison\u0000', clientMessageId: 'poison' }] }),
      () => handle.executeUpdate(setConstraintsUpdate, { args: [{ budget: { amount: 1e12, currency: 'USD' } }] }),
      () => handle.executeUpdate(setConstraintsUpdate, { args: [{ interests: ['a\u0000b'] }] }),
    ]) {
      const refusal = await attempt().catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(((refusal as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('ValidationError');
    }
    const next = await call<SendMessageResult>(api, 'POST', `/trips/${tripId}/messages`, { headers: { ...owner.auth, ...WAIT_FOR_REPLY }, body: { text: 'we love food and museums', clientMessageId: 'after-poison' } });
    expect(next.status).toBe(200);
    expect(next.json.state.request.destination?.iata).toBe('LIS');
    expect(next.json.plan?.flightOptions.length).toBeGreaterThan(0);
  }, 90_000);
});
