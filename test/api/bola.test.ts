// Broken object-level authorization, route by route: every trip-scoped route (and the memories and agent
// routes) called by another user, by a collaborator with too weak a role, and by API keys missing the
// scope. Another user's trip is a 404 exactly like a trip that does not exist; nothing of it leaks into
// the response; and nothing changes.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createEmbeddings } from '../../agents/embeddings.js';
import { createMemoryStore } from '../../agents/memory.js';
import type { SendMessageResult, TripState } from '../../domain/trip.js';
import { createApiRouter } from '../../api/routes/index.js';
import { saveTravelersForTrip } from '../support/checkout.js';
import { eventually } from '../support/eventually.js';
import { createApiKeyFor, signUp, type ApiKeyCredential, type SignedInUser } from '../support/identity.js';
import { listRoutes } from '../support/routes.js';
import { call, startTestApi, WAIT_FOR_REPLY, type Problem, type TestApi } from './authSupport.js';

type Access = 'read' | 'write' | 'admin' | 'suggest';

interface RouteCase {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Express syntax, as the router defines it. */
  template: string;
  path: string;
  access: Access;
  body?: (caller: { email?: string }) => unknown;
}

const SECRET = `secret-${randomUUID()}`;
/** The owner's planning turn (the status route reads it). */
const OWNER_MESSAGE_ID = 'owner-1';

/** Every trip-scoped route of /api/trips and /api/agent, with a body a caller could plausibly send. */
/** A link id no trip has: authorization must answer before the link is looked up. */
const LINK_ID = '5b0f7f0e-3c1a-4c8e-9d2e-6f1a2b3c4d5e';
/** An expense id no trip has, for the same reason. */
const EXPENSE_ID = '7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';

function tripRoutes(tripId: string, otherCollaboratorId: string, bookingId: string, suggestionId: string): RouteCase[] {
  const cases: Omit<RouteCase, 'path'>[] = [
    { method: 'GET', template: '/trips/:id', access: 'read' },
    { method: 'PATCH', template: '/trips/:id', access: 'write', body: () => ({ title: 'hijacked' }) },
    { method: 'POST', template: '/trips/:id/archive', access: 'admin' },
    { method: 'GET', template: '/trips/:id/collaborators', access: 'read' },
    { method: 'POST', template: '/trips/:id/collaborators', access: 'admin', body: (caller) => ({ email: caller.email ?? 'nobody@example.test', role: 'admin' }) },
    { method: 'PUT', template: '/trips/:id/collaborators/:userId', access: 'admin', body: () => ({ role: 'admin' }) },
    { method: 'DELETE', template: '/trips/:id/collaborators/:userId', access: 'admin' },
    { method: 'POST', template: '/trips/:id/messages', access: 'write', body: () => ({ text: 'Cancel everything', clientMessageId: 'attack' }) },
    { method: 'GET', template: '/trips/:id/messages', access: 'read' },
    { method: 'GET', template: '/trips/:id/messages/:clientMessageId', access: 'read' },
    { method: 'GET', template: '/trips/:id/state', access: 'read' },
    { method: 'GET', template: '/trips/:id/events', access: 'read' },
    { method: 'POST', template: '/trips/:id/constraints', access: 'write', body: () => ({ adults: 9 }) },
    { method: 'POST', template: '/trips/:id/selection', access: 'write', body: () => ({ flightOfferId: null }) },
    { method: 'POST', template: '/trips/:id/itinerary', access: 'write', body: () => ({ op: 'remove', day: 1, index: 0 }) },
    { method: 'GET', template: '/trips/:id/activity', access: 'read' },
    { method: 'GET', template: '/trips/:id/calendar.ics', access: 'read' },
    { method: 'GET', template: '/trips/:id/links', access: 'admin' },
    { method: 'POST', template: '/trips/:id/links', access: 'admin', body: () => ({ kind: 'share' }) },
    { method: 'DELETE', template: '/trips/:id/links/:linkId', access: 'admin' },
    { method: 'GET', template: '/trips/:id/expenses', access: 'read' },
    { method: 'POST', template: '/trips/:id/expenses', access: 'write', body: () => ({ amount: 1, currency: 'EUR', description: 'attack', category: 'other', paidBy: otherCollaboratorId, sharedBy: [otherCollaboratorId], spentOn: '2027-01-01' }) },
    { method: 'PATCH', template: '/trips/:id/expenses/:expenseId', access: 'write', body: () => ({ amount: 1 }) },
    { method: 'DELETE', template: '/trips/:id/expenses/:expenseId', access: 'write' },
    { method: 'GET', template: '/trips/:id/expenses/settle-up', access: 'read' },
    { method: 'GET', template: '/trips/:id/expenses.csv', access: 'read' },
    // Answering a suggestion also needs a traveler's session (test/api/trips.test.ts).
    { method: 'POST', template: '/trips/:id/suggestions/:suggestionId/accept', access: 'write' },
    { method: 'POST', template: '/trips/:id/suggestions/:suggestionId/dismiss', access: 'write' },
    { method: 'POST', template: '/agent/trips/:id/suggestions', access: 'suggest', body: () => ({ kind: 'note', payload: { text: 'from the matrix' } }) },
    { method: 'GET', template: '/agent/trips/:id/suggestions/:suggestionId', access: 'read' },
    { method: 'GET', template: '/agent/trips/:id/state', access: 'read' },
    { method: 'POST', template: '/trips/:id/bookings', access: 'write', body: () => ({ flightOfferId: 'attack' }) },
    { method: 'GET', template: '/trips/:id/bookings', access: 'read' },
    { method: 'GET', template: '/trips/:id/bookings/:bookingId', access: 'read' },
    { method: 'POST', template: '/trips/:id/bookings/:bookingId/cancel', access: 'write' },
    { method: 'GET', template: '/trips/:id/proposals', access: 'read' },
    // Deciding also needs a traveler's session (test/api/bookings.test.ts); the trip check comes first.
    { method: 'POST', template: '/trips/:id/proposals/:bookingId/approve', access: 'write', body: () => ({}) },
    { method: 'POST', template: '/trips/:id/proposals/:bookingId/reject', access: 'write', body: () => ({}) },
    { method: 'POST', template: '/trips/:id/proposals/:bookingId/edit', access: 'write', body: () => ({ stayOfferId: null }) },
  ];
  return cases.map((route) => ({ ...route, path: route.template.replace(':id', tripId).replace(':userId', otherCollaboratorId).replace(':bookingId', bookingId).replace(':suggestionId', suggestionId).replace(':clientMessageId', OWNER_MESSAGE_ID).replace(':linkId', LINK_ID).replace(':expenseId', EXPENSE_ID) }));
}

type TripStateResult = Pick<SendMessageResult, 'plan'>;

const label = (route: RouteCase) => `${route.method} ${route.template}`;

describe('object-level authorization (BOLA) on every trip-scoped route', () => {
  let api: TestApi;
  let owner: SignedInUser;
  let stranger: SignedInUser;
  let reader: SignedInUser;
  let writer: SignedInUser;
  let tripId: string;
  let bookingId: string;
  /** The owner's own suggestion: the read route reads it; no role in the matrix answers it. */
  let suggestionId: string;
  let routes: RouteCase[];
  let keys: Record<'noTripScopes' | 'readOnly' | 'suggestOnly' | 'strangerAll', ApiKeyCredential>;
  let chatMessagesBefore: number;
  const memories = () => createMemoryStore({ prisma: api.ctx.prisma, embeddings: createEmbeddings(api.ctx.config) });

  const send = (route: RouteCase, auth: Record<string, string>, caller: { email?: string } = {}) =>
    call<Problem & Record<string, unknown>>(api, route.method, route.path, { headers: auth, ...(route.body && { body: route.body(caller) }) });

  /** Nothing identifying the owner's trip: its title, the owner's message, the owner and collaborators. */
  const expectNoTripData = (body: unknown) => {
    // `instance` only echoes the URL the caller sent.
    const { instance: _echo, ...rest } = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : { instance: undefined };
    const text = JSON.stringify(rest);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(owner.user.id);
    expect(text).not.toContain(writer.user.id);
    expect(text).not.toContain('Lisbon');
  };

  beforeAll(async () => {
    api = await startTestApi();
    [owner, stranger, reader, writer] = await Promise.all([signUp(api.url, 'owner'), signUp(api.url, 'stranger'), signUp(api.url, 'reader'), signUp(api.url, 'writer')]);
    const created = await call<{ id: string }>(api, 'POST', '/trips', { headers: owner.auth, body: { title: `Lisbon ${SECRET}` } });
    expect(created.status).toBe(201);
    tripId = created.json.id;
    for (const [user, role] of [[reader, 'read'], [writer, 'write']] as const) {
      expect((await call(api, 'PUT', `/trips/${tripId}/collaborators/${user.user.id}`, { headers: owner.auth, body: { role } })).status).toBe(201);
    }
    // One planning turn, so the trip has a running workflow, messages, events and a plan to leak.
    const turn = await call(api, 'POST', `/trips/${tripId}/messages`, {
      headers: { ...owner.auth, ...WAIT_FOR_REPLY },
      body: { text: `A week in Lisbon from New York in March 2027 for 2 adults (${SECRET})`, clientMessageId: OWNER_MESSAGE_ID },
    });
    expect(turn.status).toBe(200);
    // A booking awaiting approval, for the booking and proposal routes.
    const flightOfferId = (turn.json as TripStateResult).plan?.flightOptions[0]?.id;
    const travelerIds = await saveTravelersForTrip(api.url, owner.auth, tripId);
    const booking = await call<{ bookingId: string }>(api, 'POST', `/trips/${tripId}/bookings`, { headers: owner.auth, body: { flightOfferId, travelerIds } });
    expect([booking.status, booking.status === 201 ? null : booking.json]).toEqual([201, null]);
    bookingId = booking.json.bookingId;
    await eventually(async () => (await call<{ status: string }>(api, 'GET', `/trips/${tripId}/bookings/${bookingId}`, { headers: owner.auth })).json.status, (status) => status === 'pending_approval', {
      what: 'the booking to await approval',
    });
    keys = {
      noTripScopes: await createApiKeyFor(api.url, owner, ['memories:read']),
      readOnly: await createApiKeyFor(api.url, owner, ['trips:read']),
      suggestOnly: await createApiKeyFor(api.url, owner, ['trips:suggest'], 'Fare Finder Bot'),
      strangerAll: await createApiKeyFor(api.url, stranger, ['trips:read', 'trips:write', 'trips:suggest', 'memories:read']),
    };
    const suggestion = await call<{ id: string }>(api, 'POST', `/agent/trips/${tripId}/suggestions`, { headers: owner.auth, body: { kind: 'note', payload: { text: 'from the owner' } } });
    expect(suggestion.status).toBe(201);
    suggestionId = suggestion.json.id;
    routes = tripRoutes(tripId, writer.user.id, bookingId, suggestionId);
    chatMessagesBefore = await api.ctx.prisma.chatMessage.count({ where: { tripId } });
  }, 90_000);

  afterAll(async () => {
    await api.close();
  });

  it('covers every trip-scoped route the routers define', () => {
    // A new trip-scoped route must join the matrix: compare with the routers' own route tables.
    const defined = listRoutes(createApiRouter(api.ctx))
      .filter((route) => /^\/(agent\/)?trips\/:id(\/|$)/.test(route.path))
      .map((route) => `${route.method} ${route.path}`);
    expect(routes.map(label).sort()).toEqual([...new Set(defined)].sort());
  });

  it('answers 404 to another user, for each route, with nothing of the trip in the body', async () => {
    for (const route of routes) {
      const response = await send(route, stranger.auth, { email: stranger.user.email });
      expect({ route: label(route), status: response.status }).toEqual({ route: label(route), status: 404 });
      expect(response.json.detail).toBe('No such trip.');
      expectNoTripData(response.json);
    }
  });

  it('answers 404 to another user\'s API key holding every scope', async () => {
    for (const route of routes) {
      const response = await send(route, keys.strangerAll.auth);
      expect({ route: label(route), status: response.status }).toEqual({ route: label(route), status: 404 });
      expectNoTripData(response.json);
    }
  });

  it('answers a foreign trip exactly like a missing one (no existence oracle)', async () => {
    const missing = tripRoutes(randomUUID(), writer.user.id, bookingId, suggestionId);
    for (const [index, route] of missing.entries()) {
      const response = await send(route, stranger.auth, { email: stranger.user.email });
      const foreign = await send(routes[index] as RouteCase, stranger.auth, { email: stranger.user.email });
      expect(response.status).toBe(404);
      expect({ title: foreign.json.title, detail: foreign.json.detail, errors: foreign.json.errors }).toEqual({
        title: response.json.title,
        detail: response.json.detail,
        errors: response.json.errors,
      });
    }
    expect((await call(api, 'GET', '/trips/not-a-uuid', { headers: stranger.auth })).status).toBe(404);
  });

  it('answers 401 without credentials', async () => {
    for (const route of routes) {
      const response = await call<Problem>(api, route.method, route.path, route.body ? { body: route.body({}) } : {});
      expect({ route: label(route), status: response.status }).toEqual({ route: label(route), status: 401 });
      expectNoTripData(response.json);
    }
  });

  it('answers 403 to the owner\'s API key without trip scopes', async () => {
    for (const route of routes) {
      const response = await send(route, keys.noTripScopes.auth);
      expect({ route: label(route), status: response.status }).toEqual({ route: label(route), status: 403 });
      expectNoTripData(response.json);
    }
  });

  it('lets a trips:read key read, and answers 403 to anything else', async () => {
    for (const route of routes) {
      const response = await send(route, keys.readOnly.auth);
      const expected = route.access === 'read' ? 200 : 403;
      expect({ route: label(route), status: response.status }).toEqual({ route: label(route), status: expected });
      if (expected === 403) expectNoTripData(response.json);
    }
  });

  it('lets a trips:suggest key suggest (201) and nothing else; the traveler sees the suggestion and who made it', async () => {
    let suggested: (Problem & Record<string, unknown>) | undefined;
    for (const route of routes) {
      const response = await send(route, keys.suggestOnly.auth);
      const expected = route.access === 'suggest' ? 201 : 403;
      expect({ route: label(route), status: response.status }).toEqual({ route: label(route), status: expected });
      if (expected === 201) suggested = response.json;
    }
    expect(suggested).toMatchObject({ id: expect.any(String), status: 'pending', kind: 'note', source: 'Fare Finder Bot' });
    // Recorded before the answer: the state holds it already.
    const state = (await call<TripState>(api, 'GET', `/trips/${tripId}/state`, { headers: owner.auth })).json;
    expect(state.suggestions).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: suggested?.id, source: 'Fare Finder Bot', kind: 'note', payload: { text: 'from the matrix' }, status: 'pending' })]),
    );
    const activity = await call<{ items: { action: string; actorType: string; actorId: string; details: Record<string, unknown> }[] }>(api, 'GET', `/trips/${tripId}/activity`, {
      headers: owner.auth,
    });
    expect(activity.json.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'agent.suggestion', actorType: 'api_key', actorId: keys.suggestOnly.id, details: expect.objectContaining({ kind: 'note' }) }),
        expect.objectContaining({ action: 'agent.state.read', actorType: 'api_key', actorId: keys.readOnly.id }),
      ]),
    );
    const row = await api.ctx.prisma.auditLog.findFirstOrThrow({ where: { tripId, action: 'agent.suggestion' } });
    expect(row).toMatchObject({ targetType: 'trip', targetId: tripId, ip: expect.any(String), requestId: expect.any(String) });
  });

  it('lets a read collaborator read but answers 403 to writes (e.g. POST messages) and admin actions', async () => {
    for (const route of routes) {
      const response = await send(route, reader.auth, { email: reader.user.email });
      const expected = route.access === 'read' ? 200 : route.access === 'suggest' ? 201 : 403;
      expect({ route: label(route), status: response.status }).toEqual({ route: label(route), status: expected });
      if (expected === 403) expect(response.json.detail).toMatch(/role on this trip \(read\)/);
    }
  });

  it('lets a write collaborator write but answers 403 to admin actions', async () => {
    const adminRoutes = routes.filter((route) => route.access === 'admin' && !route.path.endsWith(writer.user.id));
    for (const route of adminRoutes) {
      const response = await send(route, writer.auth, { email: writer.user.email });
      expect({ route: label(route), status: response.status }).toEqual({ route: label(route), status: 403 });
    }
  });

  it('changed nothing: trip, collaborators and chat are as the owner left them', async () => {
    const trip = await api.ctx.prisma.trip.findUniqueOrThrow({ where: { id: tripId }, include: { collaborators: true } });
    expect(trip.title).toBe(`Lisbon ${SECRET}`);
    expect(trip.status).not.toBe('archived');
    expect(trip.adults).not.toBe(9);
    expect(Object.fromEntries(trip.collaborators.map((row) => [row.userId, row.role]))).toEqual({ [reader.user.id]: 'read', [writer.user.id]: 'write' });
    expect(await api.ctx.prisma.chatMessage.count({ where: { tripId } })).toBe(chatMessagesBefore);
    expect(await api.ctx.prisma.chatMessage.count({ where: { tripId, clientMessageId: 'attack' } })).toBe(0);
    const bookings = await api.ctx.prisma.booking.findMany({ where: { tripId } });
    expect(bookings.map((booking) => [booking.id, booking.status])).toEqual([[bookingId, 'pending_approval']]);
    expect(await api.ctx.prisma.tripExpense.count({ where: { tripId } })).toBe(0);
  });

  it('keeps the trip out of another user\'s list', async () => {
    const list = await call<{ items: { id: string }[] }>(api, 'GET', '/trips', { headers: stranger.auth });
    expect(list.status).toBe(200);
    expect(list.json.items.map((trip) => trip.id)).not.toContain(tripId);
    expectNoTripData(list.json);
    expect((await call<{ items: { id: string }[] }>(api, 'GET', '/trips', { headers: reader.auth })).json.items.map((trip) => trip.id)).toContain(tripId);
    expect((await call(api, 'GET', '/trips', { headers: keys.noTripScopes.auth })).status).toBe(403);
  });

  describe('memories', () => {
    let memoryId: string;

    beforeAll(async () => {
      memoryId = (await memories().remember(owner.user.id, 'preference', `Prefers aisle seats ${SECRET}`)).id;
    });

    it('lists only the caller\'s own memories', async () => {
      const own = await call<{ items: { id: string }[] }>(api, 'GET', '/memories', { headers: owner.auth });
      expect(own.status).toBe(200);
      expect(own.json.items.map((memory) => memory.id)).toContain(memoryId);
      const theirs = await call<{ items: { id: string }[] }>(api, 'GET', '/memories', { headers: stranger.auth });
      expect(theirs.status).toBe(200);
      expectNoTripData(theirs.json);
      const strangerKey = await call(api, 'GET', '/memories', { headers: keys.strangerAll.auth });
      expectNoTripData(strangerKey.json);
    });

    it('needs memories:read for an API key', async () => {
      expect((await call(api, 'GET', '/memories', { headers: keys.noTripScopes.auth })).status).toBe(200);
      const denied = await call<Problem>(api, 'GET', '/memories', { headers: keys.readOnly.auth });
      expect(denied.status).toBe(403);
      expectNoTripData(denied.json);
    });

    it('answers 404 to another user deleting it, 403 to an API key, and 204 to the owner', async () => {
      const byStranger = await call<Problem>(api, 'DELETE', `/memories/${memoryId}`, { headers: stranger.auth });
      expect(byStranger.status).toBe(404);
      expectNoTripData(byStranger.json);
      expect((await call(api, 'DELETE', `/memories/${memoryId}`, { headers: keys.strangerAll.auth })).status).toBe(403);
      expect((await call(api, 'DELETE', `/memories/${memoryId}`, { headers: keys.noTripScopes.auth })).status).toBe(403);
      expect((await call(api, 'DELETE', `/memories/${randomUUID()}`, { headers: owner.auth })).status).toBe(404);
      expect(await api.ctx.prisma.memory.count({ where: { id: memoryId } })).toBe(1);
      expect((await call(api, 'DELETE', `/memories/${memoryId}`, { headers: owner.auth })).status).toBe(204);
      expect((await call(api, 'DELETE', `/memories/${memoryId}`, { headers: owner.auth })).status).toBe(404);
    });
  });

  it('keeps operators\' runs from travelers and API keys', async () => {
    expect((await call(api, 'GET', `/runs?tripId=${tripId}`, { headers: stranger.auth })).status).toBe(403);
    expect((await call(api, 'GET', `/runs?tripId=${tripId}`, { headers: keys.strangerAll.auth })).status).toBe(403);
  });

  it('keeps operator management (/operator) from travelers and API keys, and changes no role', async () => {
    const rolePath = (userId: string) => `/operator/users/${userId}/roles/operator`;
    for (const headers of [stranger.auth, owner.auth, keys.strangerAll.auth, keys.noTripScopes.auth]) {
      const listed = await call<Problem>(api, 'GET', '/operator/users', { headers });
      expect(listed.status).toBe(403);
      expect(JSON.stringify(listed.json)).not.toContain(owner.user.email);
      expect((await call(api, 'PUT', rolePath(stranger.user.id), { headers })).status).toBe(403);
      expect((await call(api, 'DELETE', rolePath(owner.user.id), { headers })).status).toBe(403);
    }
    const roles = await api.ctx.prisma.user.findMany({ where: { id: { in: [owner.user.id, stranger.user.id] } }, select: { role: true } });
    expect(roles.map((user) => user.role)).toEqual(['traveler', 'traveler']);
  });
  // The MCP tools (api/mcp) are the same REST calls: the same matrix through an MCP client.
  describe('MCP tools', () => {
    interface ToolCase {
      name: string;
      access: Access;
      args: () => Record<string, unknown>;
    }
    const toolCases = (): ToolCase[] => [
      { name: 'get_trip_state', access: 'read', args: () => ({ tripId }) },
      { name: 'get_suggestion', access: 'read', args: () => ({ tripId, suggestionId }) },
      { name: 'list_bookings', access: 'read', args: () => ({ tripId }) },
      { name: 'send_message', access: 'write', args: () => ({ tripId, text: 'Cancel everything', clientMessageId: 'attack' }) },
      { name: 'suggest', access: 'suggest', args: () => ({ tripId, kind: 'note', payload: { text: 'from the MCP matrix' } }) },
      { name: 'create_price_watch', access: 'write', args: () => ({ tripId, offerId: 'attack', dropPercent: 5 }) },
    ];
    const clients: Client[] = [];
    const connect = async (headers: Record<string, string>) => {
      const client = new Client({ name: 'bola-matrix', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${api.url}/mcp`), { requestInit: { headers } }));
      clients.push(client);
      return client;
    };
    const textOf = (result: CallToolResult) => result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
    /** Each tool's outcome for a caller: ok, or the tool error's text. */
    const outcomes = async (headers: Record<string, string>) => {
      const client = await connect(headers);
      const results: Record<string, string> = {};
      for (const tool of toolCases()) {
        const result = (await client.callTool({ name: tool.name, arguments: tool.args() })) as CallToolResult;
        results[tool.name] = result.isError ? textOf(result) : 'ok';
      }
      return results;
    };
    const expected = (rule: (tool: ToolCase) => string | RegExp) => Object.fromEntries(toolCases().map((tool) => [tool.name, expect.stringMatching(rule(tool))]));
    const NO_SUCH_TRIP = /^Not Found \(404\): No such trip\.$/;

    afterAll(async () => {
      await Promise.allSettled(clients.map((client) => client.close()));
    });

    it('covers every MCP tool that takes a trip', async () => {
      const { tools } = await (await connect(owner.auth)).listTools();
      const tripTools = tools.filter((tool) => Object.keys(tool.inputSchema.properties ?? {}).includes('tripId')).map((tool) => tool.name);
      expect(toolCases().map((tool) => tool.name).sort()).toEqual(tripTools.sort());
    });

    it('answers "no such trip" to another user\'s session and keys, with nothing of the trip', async () => {
      const bySession = await outcomes(stranger.auth);
      expect(bySession).toEqual(expected(() => NO_SUCH_TRIP));
      // The stranger's key has every trip scope but not watches:write, which the watch route checks first.
      const byKey = await outcomes(keys.strangerAll.auth);
      expect(byKey).toEqual(expected((tool) => (tool.name === 'create_price_watch' ? /lacks the "watches:write" scope/ : NO_SUCH_TRIP)));
      for (const text of [...Object.values(bySession), ...Object.values(byKey)]) expectNoTripData(text);
      await expect((await connect(stranger.auth)).readResource({ uri: `tripsage://trips/${tripId}/state` })).rejects.toThrow(/No such trip/);
    });

    it('answers the owner\'s keys by scope: none, read-only, suggest-only', async () => {
      const scopeError = /^Forbidden \(403\): This API key lacks the "(trips:read|trips:write|trips:suggest|watches:write)" scope\.$/;
      expect(await outcomes(keys.noTripScopes.auth)).toEqual(expected(() => scopeError));
      expect(await outcomes(keys.readOnly.auth)).toEqual(expected((tool) => (tool.access === 'read' ? /^ok$/ : scopeError)));
      expect(await outcomes(keys.suggestOnly.auth)).toEqual(expected((tool) => (tool.access === 'suggest' ? /^ok$/ : scopeError)));
    });

    it('lets a read collaborator read and suggest, and refuses writes by role', async () => {
      const roleError = /^Forbidden \(403\): Your role on this trip \(read\) does not allow write access\.$/;
      expect(await outcomes(reader.auth)).toEqual(expected((tool) => (tool.access === 'write' ? roleError : /^ok$/)));
    });

    it('changed nothing through MCP either: no message, no watch', async () => {
      expect(await api.ctx.prisma.chatMessage.count({ where: { tripId, clientMessageId: 'attack' } })).toBe(0);
      expect(await api.ctx.prisma.chatMessage.count({ where: { tripId } })).toBe(chatMessagesBefore);
      expect(await api.ctx.prisma.priceWatch.count({ where: { tripId } })).toBe(0);
    });
  });
});
