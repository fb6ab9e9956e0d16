// A turn that fails cannot wedge or damage a trip (TURN_ROLLBACK_PATCH): when the database refuses what
// a turn writes, the turn fails at once (StorageRejected is not retried), the trip keeps its request and
// plan, `turnFailure` and the `TurnFailed` search attribute tell the traveler and the operator, and the next
// message plans normally. The refusal is real PostgreSQL: a trigger on this one trip's row refuses a value,
// as a column constraint would. Also: every poison value from the outside review is refused at the edge, in
// the order that once wedged a trip, and that trip then plans normally.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SendMessageResult, TripState } from '../domain/trip.js';
import { createApiKeyFor, promoteToOperator, signUp, type SignedInUser } from './support/identity.js';
import { eventually } from './support/eventually.js';
import { call, startTestApi, WAIT_FOR_REPLY, type Problem, type TestApi } from './api/authSupport.js';

interface MessageStatus {
  status: 'pending' | 'done' | 'failed';
  error: { status: number; title: string; detail: string } | null;
}

describe('a failing turn is rolled back and the trip goes on', () => {
  let api: TestApi;
  let owner: SignedInUser;
  let operator: SignedInUser;
  let tripId: string;
  let planned: SendMessageResult;
  const trigger = `refuse_${randomUUID().replace(/-/g, '').slice(0, 12)}`;

  const send = (text: string, clientMessageId: string) =>
    call<SendMessageResult & Problem>(api, 'POST', `/trips/${tripId}/messages`, { headers: { ...owner.auth, ...WAIT_FOR_REPLY }, body: { text, clientMessageId } });
  const state = async () => (await call<TripState>(api, 'GET', `/trips/${tripId}/state`, { headers: owner.auth })).json;

  beforeAll(async () => {
    api = await startTestApi();
    owner = await signUp(api.url, 'rollback');
    operator = await signUp(api.url, 'rollback-operator');
    await promoteToOperator(api.ctx.prisma, operator.user.id);
    tripId = (await call<{ id: string }>(api, 'POST', '/trips', { headers: owner.auth, body: { title: 'Rollback' } })).json.id;
    const first = await send('Five nights in Lisbon from London from 2028-05-10 to 2028-05-15', 'plan-1');
    expect(first.status).toBe(200);
    planned = first.json;
    // Storage refuses Madrid and a budget of 4242 for this trip only (SQLSTATE 23514, as a CHECK constraint would).
    await api.ctx.prisma.$executeRawUnsafe(`CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused by test' USING ERRCODE = '23514'; END $$`);
    await api.ctx.prisma.$executeRawUnsafe(`CREATE TRIGGER ${trigger} BEFORE UPDATE ON trips FOR EACH ROW
      WHEN (NEW.id = '${tripId}'::uuid AND ('MAD' = ANY(NEW.destinations) OR NEW."budgetAmount" = 4242)) EXECUTE FUNCTION ${trigger}()`);
  }, 120_000);

  afterAll(async () => {
    await api.ctx.prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${trigger} ON trips`).catch(() => undefined);
    await api.ctx.prisma.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${trigger}()`).catch(() => undefined);
    await api.close();
  });

  it('answers a turn whose write is refused with 422 and keeps the trip as it was', async () => {
    const refused = await send("Let's go to Madrid instead", 'to-madrid');
    expect(refused.status).toBe(422);
    expect(refused.json.detail).toBe('The trip could not store this change, so it was not made; the trip is as it was before it.');
    expect(JSON.stringify(refused.json)).not.toMatch(/prisma|SQLSTATE|refused by test|\.ts:/i);

    const status = await call<MessageStatus>(api, 'GET', `/trips/${tripId}/messages/to-madrid`, { headers: owner.auth });
    expect(status.json).toMatchObject({ status: 'failed', error: { status: 422 } });

    const after = await state();
    expect(after.request.destination?.iata).toBe('LIS');
    expect(after.plan?.selectedFlightId).toBe(planned.plan?.selectedFlightId);
    expect(after.turns).toBe(planned.state.turns);
    expect(after.status).toBe(planned.state.status);
    expect(after.turnFailure).toMatchObject({ kind: 'message', clientMessageId: 'to-madrid', reason: 'refused' });
    // The stored trip was never changed either (the database refused the whole write).
    const row = await api.ctx.prisma.trip.findUniqueOrThrow({ where: { id: tripId } });
    expect(row.destinations).toEqual(['LIS']);
  }, 90_000);

  it('shows the failed trip to operators in Temporal visibility', async () => {
    const failedRuns = () =>
      call<{ items: { workflowId: string; searchAttributes: { TurnFailed: boolean | null } }[] }>(api, 'GET', '/runs?turnFailed=true&type=tripPlanningWorkflow&pageSize=100', { headers: operator.auth });
    const runs = await eventually(failedRuns, (response) => response.json.items.some((run) => run.workflowId.endsWith(tripId)), { timeoutMs: 15_000, what: 'the trip among TurnFailed runs' });
    expect(runs.status).toBe(200);
    expect(runs.json.items.find((run) => run.workflowId.endsWith(tripId))?.searchAttributes.TurnFailed).toBe(true);
  });

  it('rolls back a constraint change storage refuses, with the previous budget kept', async () => {
    const before = await state();
    const refused = await call<Problem>(api, 'POST', `/trips/${tripId}/constraints`, { headers: owner.auth, body: { budget: { amount: 4242, currency: 'USD' } } });
    expect(refused.status).toBe(422);
    const after = await state();
    expect(after.request.budget).toEqual(before.request.budget);
    expect(after.turnFailure).toMatchObject({ kind: 'constraints', clientMessageId: null, reason: 'refused' });
  }, 60_000);

  it('plans the next message normally and clears the failure', async () => {
    const next = await send('we love food and museums', 'after-refusal');
    expect(next.status).toBe(200);
    expect(next.json.state.request.destination?.iata).toBe('LIS');
    expect(next.json.state.request.interests).toEqual(expect.arrayContaining(['food']));
    expect(next.json.plan?.flightOptions.length).toBeGreaterThan(0);
    expect(next.json.state.turnFailure ?? null).toBeNull();
    const failedRuns = () => call<{ items: { workflowId: string }[] }>(api, 'GET', '/runs?turnFailed=true&type=tripPlanningWorkflow&pageSize=100', { headers: operator.auth });
    await eventually(failedRuns, (response) => !response.json.items.some((run) => run.workflowId.endsWith(tripId)), { timeoutMs: 15_000, what: 'the trip no longer among TurnFailed runs' });
  }, 90_000);

  it('refuses every poison value from the review in the order that once wedged a trip, then plans normally', async () => {
    const agent = await createApiKeyFor(api.url, owner, ['trips:read', 'trips:suggest'], 'suggesting agent');
    const poison: [string, () => Promise<{ status: number }>][] = [
      ['NUL in an agent suggestion', () => call(api, 'POST', `/agent/trips/${tripId}/suggestions`, { headers: agent.auth, body: { kind: 'note', payload: { text: 'Try\u0000this' } } })],
      ['NUL in a chat message', () => call(api, 'POST', `/trips/${tripId}/messages`, { headers: owner.auth, body: { text: 'Porto\u0000', clientMessageId: 'poison-text' } })],
      ['a budget beyond Decimal(12,2)', () => call(api, 'POST', `/trips/${tripId}/constraints`, { headers: owner.auth, body: { budget: { amount: 1e10, currency: 'USD' } } })],
      ['a sub-cent budget', () => call(api, 'POST', `/trips/${tripId}/constraints`, { headers: owner.auth, body: { budget: { amount: 0.001, currency: 'USD' } } })],
      ['a year-0000 date', () => call(api, 'POST', `/trips/${tripId}/constraints`, { headers: owner.auth, body: { departDate: '0000-01-01' } })],
      ['NUL in interests', () => call(api, 'POST', `/trips/${tripId}/constraints`, { headers: owner.auth, body: { interests: ['wine\u0000'] } })],
      ['NUL in an API key name', () => call(api, 'POST', '/api-keys', { headers: owner.auth, body: { name: 'key\u0000', scopes: ['trips:read'] } })],
      ['an activity cursor beyond bigint', () => call(api, 'GET', `/trips/${tripId}/activity?cursor=${Buffer.from(JSON.stringify(['9999999999999999999'])).toString('base64url')}`, { headers: owner.auth })],
    ];
    for (const [what, attempt] of poison) {
      const response = (await attempt()) as { status: number; json: Problem };
      // 400 from the request schemas, 422 from the workflow's validator (which knows the trip's dates).
      expect({ what, status: [400, 422].includes(response.status) }).toEqual({ what, status: true });
      expect(response.json.errors?.[0]?.field).toEqual(expect.any(String));
    }
    const after = await send('make it six nights, back on 2028-05-16', 'after-poison');
    expect(after.status).toBe(200);
    expect(after.json.state.request).toMatchObject({ destination: { iata: 'LIS' }, returnDate: '2028-05-16' });
    expect(JSON.stringify(after.json.state.suggestions)).not.toContain('\\u0000');
    // Writes still go through: an archive is answered promptly, not after a wedged lock.
    const archived = await call<TripState>(api, 'POST', `/trips/${tripId}/archive`, { headers: owner.auth });
    expect(archived.status).toBe(200);
  }, 120_000);
});
