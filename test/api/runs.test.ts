// GET /api/runs: Temporal visibility for operators, against the real Temporal server and worker.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '../support/eventually.js';
import { createApiKeyFor, promoteToOperator, signUp, type SignedInUser } from '../support/identity.js';
import { call, startTestApi, WAIT_FOR_REPLY, type Problem, type TestApi } from './authSupport.js';

interface RunBody {
  workflowId: string;
  runId: string;
  type: string;
  status: string;
  startTime: string;
  closeTime: string | null;
  searchAttributes: { TripId: string | null; UserId: string | null; TripStatus: string | null; Destination: string | null };
  uiUrl: string;
}

describe('GET /api/runs', () => {
  let api: TestApi;
  let traveler: SignedInUser;
  let operator: SignedInUser;
  let tripId: string;

  /** Visibility is eventually consistent: poll until the filtered list has a run. */
  const listUntilFound = (query: string): Promise<{ items: RunBody[]; query: string }> =>
    eventually(
      async () => {
        const response = await call<{ items: RunBody[]; query: string }>(api, 'GET', `/runs?${query}`, { headers: operator.auth });
        expect(response.status).toBe(200);
        return response.json;
      },
      (body) => body.items.length > 0,
      { timeoutMs: 10_000, what: `runs matching ${query}` },
    );

  beforeAll(async () => {
    api = await startTestApi();
    traveler = await signUp(api.url, 'runs-traveler');
    operator = await signUp(api.url, 'runs-operator');
    await promoteToOperator(api.ctx.prisma, operator.user.id);
    const trip = await call<{ id: string }>(api, 'POST', '/trips', { headers: traveler.auth, body: { title: 'Watched trip' } });
    tripId = trip.json.id;
    const turn = await call(api, 'POST', `/trips/${tripId}/messages`, { headers: { ...traveler.auth, ...WAIT_FOR_REPLY }, body: { text: 'A long weekend in Rome from Paris in May 2027', clientMessageId: 'r1' } });
    expect(turn.status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await api.close();
  });

  it('answers 403 to travelers and to API keys, even an operator\'s', async () => {
    const denied = await call<Problem>(api, 'GET', `/runs?tripId=${tripId}`, { headers: traveler.auth });
    expect(denied.status).toBe(403);
    expect(denied.json.detail).toBe('Operators only: listing workflow runs needs the operator role, which this account does not have.');
    const key = await createApiKeyFor(api.url, operator, ['trips:read']);
    expect((await call(api, 'GET', '/runs', { headers: key.auth })).status).toBe(403);
    expect((await call(api, 'GET', '/runs')).status).toBe(401);
  });

  it('lists the trip\'s run for an operator, with its search attributes and a Temporal UI link', async () => {
    const body = await listUntilFound(`tripId=${tripId}`);
    expect(body.query).toBe(`TripId = '${tripId}'`);
    expect(body.items).toHaveLength(1);
    const run = body.items[0] as RunBody;
    expect(run).toMatchObject({
      workflowId: `trip:${tripId}`,
      type: 'tripPlanningWorkflow',
      status: 'RUNNING',
      closeTime: null,
      searchAttributes: { TripId: tripId, UserId: traveler.user.id, TripStatus: expect.any(String) },
    });
    expect(Date.parse(run.startTime)).not.toBeNaN();
    const ui = api.ctx.config.TEMPORAL_UI_URL.replace(/\/+$/, '');
    expect(run.uiUrl).toBe(`${ui}/namespaces/${api.ctx.namespace}/workflows/trip%3A${tripId}/${run.runId}/history`);
  });

  it('combines filters: type, status and user', async () => {
    const body = await listUntilFound(`type=tripPlanningWorkflow&status=Running&userId=${traveler.user.id}&pageSize=5`);
    expect(body.query).toBe(`WorkflowType = 'tripPlanningWorkflow' AND ExecutionStatus = 'Running' AND UserId = '${traveler.user.id}'`);
    expect(body.items.map((run) => run.workflowId)).toEqual([`trip:${tripId}`]);
    const none = await call<{ items: RunBody[] }>(api, 'GET', `/runs?tripId=${tripId}&status=Completed`, { headers: operator.auth });
    expect(none.json.items).toEqual([]);
  });

  it('rejects filters that are not what they claim, so nothing reaches the query unvalidated', async () => {
    for (const [query, field] of [
      [`tripId=${encodeURIComponent("x' OR WorkflowType != '")}`, 'tripId'],
      ['type=trip%20OR%201%3D1', 'type'],
      ['status=running', 'status'],
      ['pageSize=0', 'pageSize'],
      ['pageSize=101', 'pageSize'],
      ['namespace=other', 'namespace'],
    ]) {
      const response = await call<Problem>(api, 'GET', `/runs?${query}`, { headers: operator.auth });
      expect(response.status).toBe(400);
      expect(response.json.errors?.map((error) => error.field)).toEqual([field]);
    }
  });
});
