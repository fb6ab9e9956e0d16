// The MCP server (api/mcp) through the official SDK's Client, over Streamable HTTP (/mcp on the real API)
// and over stdio (the `npm run mcp` bridge as a child process), against the real platform: a planning
// turn to completion with its progress notifications, suggestions, bookings, price watches, resources,
// and the refusals: a wrong key, another user's key, a missing scope, arguments that break the schema.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { TripState } from '../../domain/trip.js';
import { createApiKeyFor, signUp, type ApiKeyCredential, type SignedInUser } from '../support/identity.js';
import { call, startTestApi, type TestApi } from './authSupport.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const ALL_AGENT_SCOPES = ['trips:read', 'trips:write', 'trips:suggest', 'watches:read', 'watches:write'];
const TOOLS = [
  'create_price_watch',
  'create_trip',
  'get_suggestion',
  'get_trip_state',
  'list_bookings',
  'list_trips',
  'parse_request',
  'pause_price_watch',
  'send_message',
  'stop_price_watch',
  'suggest',
];

async function connectHttp(api: TestApi, headers: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'mcp-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${api.url}/mcp`), { requestInit: { headers } }));
  return client;
}

async function connectStdio(api: TestApi, credential: string): Promise<Client> {
  const client = new Client({ name: 'mcp-test-stdio', version: '1.0.0' });
  const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', 'api/mcp/stdio.ts'],
      cwd: repoRoot,
      env: { ...env, TRIPSAGE_API_KEY: credential, TRIPSAGE_API_URL: api.url, LOG_LEVEL: 'warn' },
      stderr: 'pipe',
    }),
  );
  return client;
}

/** What Client.callTool answers (its type also admits the pre-2024 `toolResult` shape, which this server never sends). */
type ToolResult = Awaited<ReturnType<Client['callTool']>>;

const textOf = (result: ToolResult) => (result as CallToolResult).content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');

function structured<T>(result: ToolResult): T {
  if (result.isError) throw new Error(`tool error: ${textOf(result)}`);
  return (result as CallToolResult).structuredContent as T;
}

interface Turn {
  tripId: string;
  clientMessageId: string;
  reply: string;
  status: string;
  plan: { destination: string | null; flightOptions: number; stayOptions: number; itineraryDays: number } | null;
}

describe('MCP server', () => {
  let api: TestApi;
  let owner: SignedInUser;
  let stranger: SignedInUser;
  let agentKey: ApiKeyCredential;
  let suggestKey: ApiKeyCredential;
  let strangerKey: ApiKeyCredential;
  let agent: Client;
  let tripId: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    api = await startTestApi();
    [owner, stranger] = await Promise.all([signUp(api.url, 'mcp-owner'), signUp(api.url, 'mcp-stranger')]);
    agentKey = await createApiKeyFor(api.url, owner, ALL_AGENT_SCOPES, 'Planner Agent');
    suggestKey = await createApiKeyFor(api.url, owner, ['trips:suggest'], 'Suggest Only');
    strangerKey = await createApiKeyFor(api.url, stranger, ALL_AGENT_SCOPES, 'Stranger Agent');
    agent = await connectHttp(api, agentKey.auth);
    clients.push(agent);
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled(clients.map((client) => client.close()));
    await api?.close();
  });

  it('lists its tools, each with an input and an output schema, and none that approves or pays', async () => {
    const { tools } = await agent.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(TOOLS);
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
    }
    expect(tools.map((tool) => tool.name).join(' ')).not.toMatch(/approve|pay|decide|cancel/);
    const sendMessage = tools.find((tool) => tool.name === 'send_message');
    expect(sendMessage?.inputSchema.required).toEqual(expect.arrayContaining(['tripId', 'text']));
  });

  it('creates a trip and runs a planning message to completion, with the turn\'s progress as notifications', async () => {
    const created = structured<{ trip: { id: string; title: string; role: string }; turn: null }>(await agent.callTool({ name: 'create_trip', arguments: { title: 'Lisbon in spring' } }));
    expect(created).toMatchObject({ trip: { title: 'Lisbon in spring', role: 'owner' }, turn: null });
    tripId = created.trip.id;

    const progress: { progress: number; message?: string }[] = [];
    const result = (await agent.callTool(
      { name: 'send_message', arguments: { tripId, text: 'A week in Lisbon from New York in March 2027 for 2 adults, we love food', clientMessageId: 'mcp-turn-1' } },
      undefined,
      { onprogress: (notification) => void progress.push(notification), resetTimeoutOnProgress: true, timeout: 90_000 },
    )) as CallToolResult;
    const turn = structured<Turn>(result);
    expect(turn).toMatchObject({ tripId, clientMessageId: 'mcp-turn-1', reply: expect.stringMatching(/\S/), plan: { destination: 'Lisbon' } });
    expect(turn.plan?.flightOptions).toBeGreaterThan(0);
    expect(textOf(result)).toBe(turn.reply);
    // The turn's steps, in order, with increasing progress values.
    const messages = progress.map((notification) => notification.message);
    expect(messages).toEqual(expect.arrayContaining(['flights: running', 'flights: done', 'reply written']));
    expect(messages.indexOf('flights: running')).toBeLessThan(messages.indexOf('flights: done'));
    expect(progress.map((notification) => notification.progress)).toEqual(progress.map((_, index) => index + 1));

    // The same turn through REST: the chat holds the message and the reply.
    const chat = await call<{ items: { role: string; clientMessageId: string | null }[] }>(api, 'GET', `/trips/${tripId}/messages`, { headers: owner.auth });
    expect(chat.json.items.filter((message) => message.clientMessageId === 'mcp-turn-1').map((message) => message.role)).toEqual(['user', 'assistant']);
  }, 120_000);

  it('reads the trip\'s state and lists the trip', async () => {
    const state = structured<TripState>(await agent.callTool({ name: 'get_trip_state', arguments: { tripId } }));
    expect(state).toMatchObject({ tripId, userId: owner.user.id, turns: 1 });
    expect(state.plan?.flightOptions.length).toBeGreaterThan(0);
    const list = structured<{ items: { id: string }[] }>(await agent.callTool({ name: 'list_trips', arguments: { limit: 5 } }));
    expect(list.items.map((trip) => trip.id)).toContain(tripId);
  });

  it('suggests, returns the suggestion\'s id, and reads its status as the traveler answers it', async () => {
    const suggested = structured<{ suggestionId: string; status: string; source: string }>(
      await agent.callTool({ name: 'suggest', arguments: { tripId, kind: 'note', payload: { text: 'The Tram 28 is best before 9am' } } }),
    );
    expect(suggested).toMatchObject({ suggestionId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'pending', source: 'Planner Agent' });
    const read = async () => structured<{ id: string; status: string; payload: unknown }>(await agent.callTool({ name: 'get_suggestion', arguments: { tripId, suggestionId: suggested.suggestionId } }));
    expect(await read()).toMatchObject({ id: suggested.suggestionId, status: 'pending', payload: { text: 'The Tram 28 is best before 9am' } });
    // The traveler (not an agent) dismisses it in the app.
    expect((await call(api, 'POST', `/trips/${tripId}/suggestions/${suggested.suggestionId}/dismiss`, { headers: owner.auth })).status).toBe(200);
    expect(await read()).toMatchObject({ status: 'dismissed' });
    const unknown = await agent.callTool({ name: 'get_suggestion', arguments: { tripId, suggestionId: randomUUID() } });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown as CallToolResult)).toMatch(/no such suggestion/i);
  });

  it('lists bookings with their status, and creates, pauses and stops a price watch on a planned flight', async () => {
    expect(structured<{ items: unknown[] }>(await agent.callTool({ name: 'list_bookings', arguments: { tripId } }))).toEqual({ items: [], nextCursor: null });
    const state = structured<TripState>(await agent.callTool({ name: 'get_trip_state', arguments: { tripId } }));
    const offerId = state.plan?.flightOptions[0]?.id;
    const created = structured<{ watch: { watchId: string; status: string }; webhookSecret: null }>(
      await agent.callTool({ name: 'create_price_watch', arguments: { tripId, offerId, dropPercent: 10 } }),
    );
    expect(created).toMatchObject({ watch: { status: 'active' }, webhookSecret: null });
    const { watchId } = created.watch;
    expect(structured(await agent.callTool({ name: 'pause_price_watch', arguments: { watchId } }))).toMatchObject({ watchId, status: 'paused' });
    expect(structured(await agent.callTool({ name: 'stop_price_watch', arguments: { watchId } }))).toEqual({ watchId, stopped: true });
    const row = await api.ctx.prisma.priceWatch.findUniqueOrThrow({ where: { id: watchId } });
    expect(row.userId).toBe(owner.user.id);
  }, 60_000);

  it('parses a request without creating a trip', async () => {
    const parsed = structured<{ request: { destination: { city: string } | null; adults: number }; mentioned: string[] }>(
      await agent.callTool({ name: 'parse_request', arguments: { text: '3 nights in Rome for 2 adults', referenceDate: '2027-01-10' } }),
    );
    expect(parsed.request).toMatchObject({ destination: { city: 'Rome' }, adults: 2 });
    expect(parsed.mentioned).toEqual(expect.arrayContaining(['destination', 'adults']));
  });

  it('serves the trip\'s state and itinerary as resources', async () => {
    const { resourceTemplates } = await agent.listResourceTemplates();
    expect(resourceTemplates.map((template) => template.uriTemplate).sort()).toEqual(['tripsage://trips/{tripId}/itinerary', 'tripsage://trips/{tripId}/state']);
    const { resources } = await agent.listResources();
    expect(resources.map((resource) => resource.uri)).toEqual(expect.arrayContaining([`tripsage://trips/${tripId}/state`, `tripsage://trips/${tripId}/itinerary`]));
    const stateContent = (await agent.readResource({ uri: `tripsage://trips/${tripId}/state` })).contents[0];
    expect(JSON.parse(String(stateContent && 'text' in stateContent ? stateContent.text : ''))).toMatchObject({ tripId, turns: 1 });
    const itineraryContent = (await agent.readResource({ uri: `tripsage://trips/${tripId}/itinerary` })).contents[0];
    const itinerary = JSON.parse(String(itineraryContent && 'text' in itineraryContent ? itineraryContent.text : '')) as { tripId: string; destination: string; days: unknown[] };
    expect(itinerary).toMatchObject({ tripId, destination: 'Lisbon' });
    expect(itinerary.days.length).toBeGreaterThan(0);
  });

  it('answers a body it cannot read, or a value storage cannot hold, in JSON-RPC (not problem+json)', async () => {
    const post = (body: string) =>
      fetch(`${api.url}/mcp`, { method: 'POST', headers: { ...agentKey.auth, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body });
    const malformed = await post('{"jsonrpc": "2.0", "id": 1, "method": ');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32700, message: expect.stringMatching(/^Parse error/) } });
    const nul = await post(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'suggest', arguments: { tripId: randomUUID(), kind: 'note', payload: { text: 'a\u0000b' } } } }));
    expect(nul.status).toBe(200);
    expect(await nul.json()).toEqual({
      jsonrpc: '2.0',
      id: 3,
      error: { code: -32602, message: expect.stringContaining('params.arguments.payload.text'), data: { errors: [{ field: 'params.arguments.payload.text', reason: 'must not contain the NUL character (U+0000)' }] } },
    });
  });

  it('audits an API key\'s tool calls, with the REST calls they made, in the trip\'s activity', async () => {
    const rows = await api.ctx.prisma.auditLog.findMany({ where: { actorId: agentKey.id, action: 'mcp.tool' } });
    expect(rows.map((row) => (row.details as { tool: string }).tool)).toEqual(expect.arrayContaining(['create_trip', 'send_message', 'suggest', 'create_price_watch', 'stop_price_watch']));
    const sendRow = rows.find((row) => (row.details as { tool: string }).tool === 'send_message');
    expect(sendRow).toMatchObject({ actorType: 'api_key', tripId, requestId: expect.any(String), ip: expect.any(String), details: { outcome: 'ok', onBehalfOf: owner.user.id } });
    // The REST call the tool made is audited under the same request id.
    const rest = await api.ctx.prisma.auditLog.findMany({ where: { actorId: agentKey.id, requestId: sendRow?.requestId ?? '' }, orderBy: { id: 'asc' } });
    expect(rest.map((row) => [row.action, (row.details as { path?: string }).path])).toEqual([
      ['api_key.request', `/api/trips/${tripId}/messages`],
      ['mcp.tool', undefined],
    ]);
    const activity = await call<{ items: { action: string; actorId: string }[] }>(api, 'GET', `/trips/${tripId}/activity?limit=100`, { headers: owner.auth });
    expect(activity.json.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'mcp.tool', actorId: agentKey.id })]));
  });

  it('works with a signed-in traveler\'s session token too', async () => {
    const traveler = await connectHttp(api, owner.auth);
    clients.push(traveler);
    const list = structured<{ items: { id: string; role: string }[] }>(await traveler.callTool({ name: 'list_trips', arguments: {} }));
    expect(list.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: tripId, role: 'owner' })]));
  });

  describe('refusals', () => {
    it('refuses a wrong key before any MCP message is served', async () => {
      await expect(connectHttp(api, { 'x-api-key': `tsk_${'x'.repeat(40)}` })).rejects.toThrow(/401|invalid, revoked or expired/);
      await expect(connectHttp(api, {})).rejects.toThrow(/401|Authentication is required/);
    });

    it('answers another user\'s key "no such trip" on every trip tool, and changes nothing', async () => {
      const strangerClient = await connectHttp(api, strangerKey.auth);
      clients.push(strangerClient);
      const turnsBefore = await api.ctx.prisma.chatMessage.count({ where: { tripId } });
      const progress: unknown[] = [];
      const attempts = [
        { name: 'get_trip_state', arguments: { tripId } },
        { name: 'send_message', arguments: { tripId, text: 'Cancel everything' } },
        { name: 'suggest', arguments: { tripId, kind: 'note', payload: { text: 'hi' } } },
        { name: 'get_suggestion', arguments: { tripId, suggestionId: randomUUID() } },
        { name: 'list_bookings', arguments: { tripId } },
      ];
      for (const attempt of attempts) {
        const result = (await strangerClient.callTool(attempt, undefined, { onprogress: (notification) => void progress.push(notification) })) as CallToolResult;
        expect({ tool: attempt.name, isError: result.isError, text: textOf(result) }).toEqual({ tool: attempt.name, isError: true, text: expect.stringMatching(/Not Found \(404\): No such trip/) });
        expect(textOf(result)).not.toContain('Lisbon');
      }
      expect(progress).toEqual([]);
      await expect(strangerClient.readResource({ uri: `tripsage://trips/${tripId}/state` })).rejects.toThrow(/No such trip/);
      const list = structured<{ items: { id: string }[] }>(await strangerClient.callTool({ name: 'list_trips', arguments: {} }));
      expect(list.items.map((trip) => trip.id)).not.toContain(tripId);
      expect(await api.ctx.prisma.chatMessage.count({ where: { tripId } })).toBe(turnsBefore);
    });

    it('tells a suggest-only key which scope send_message needs', async () => {
      const suggester = await connectHttp(api, suggestKey.auth);
      clients.push(suggester);
      const result = (await suggester.callTool({ name: 'send_message', arguments: { tripId, text: 'Make it two weeks' } })) as CallToolResult;
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/Forbidden \(403\): This API key lacks the "trips:write" scope/);
      // What it may do, it does.
      expect(structured(await suggester.callTool({ name: 'suggest', arguments: { tripId, kind: 'note', payload: { text: 'ok' } } }))).toMatchObject({ status: 'pending' });
    });

    it('names the field when arguments break the tool\'s schema', async () => {
      const badId = (await agent.callTool({ name: 'send_message', arguments: { tripId: 'not-a-trip', text: 'hello' } })) as CallToolResult;
      expect(badId.isError).toBe(true);
      expect(textOf(badId)).toMatch(/must be a UUID at tripId/);
      const missing = (await agent.callTool({ name: 'send_message', arguments: { tripId } })) as CallToolResult;
      expect(missing.isError).toBe(true);
      expect(textOf(missing)).toMatch(/\btext\b/);
      const unknown = (await agent.callTool({ name: 'get_trip_state', arguments: { tripId, approve: true } })) as CallToolResult;
      expect(unknown.isError).toBe(true);
      expect(textOf(unknown)).toMatch(/approve/);
      // A rule REST checks (not the schema) comes back in REST's words, field included.
      const watch = (await agent.callTool({ name: 'create_price_watch', arguments: { tripId, offerId: 'no-such-offer', dropPercent: 5 } })) as CallToolResult;
      expect(watch.isError).toBe(true);
      expect(textOf(watch)).toMatch(/offerId: is not one of the plan's flight options/);
    });
  });

  describe('over stdio (npm run mcp)', () => {
    it('bridges to the API: lists tools, reads state, and relays a turn\'s progress', async () => {
      const client = await connectStdio(api, agentKey.key);
      clients.push(client);
      expect((await client.listTools()).tools.map((tool) => tool.name).sort()).toEqual(TOOLS);
      expect(structured(await client.callTool({ name: 'get_trip_state', arguments: { tripId } }))).toMatchObject({ tripId });
      const progress: string[] = [];
      const turn = structured<Turn>(
        (await client.callTool({ name: 'send_message', arguments: { tripId, text: 'Make it 4 nights instead', clientMessageId: 'mcp-stdio-1' } }, undefined, {
          onprogress: (notification) => void progress.push(notification.message ?? ''),
          resetTimeoutOnProgress: true,
          timeout: 90_000,
        })) as CallToolResult,
      );
      expect(turn).toMatchObject({ tripId, clientMessageId: 'mcp-stdio-1', reply: expect.stringMatching(/\S/) });
      expect(progress).toContain('reply written');
    }, 120_000);

    it('answers with the refusal when the key is wrong', async () => {
      await expect(connectStdio(api, `tsk_${'y'.repeat(40)}`)).rejects.toThrow(/refused the credential \(HTTP 401\)/);
    }, 30_000);

    it('refuses a suggest-only key\'s planning message, naming the scope', async () => {
      const client = await connectStdio(api, suggestKey.key);
      clients.push(client);
      const result = (await client.callTool({ name: 'send_message', arguments: { tripId, text: 'hello' } })) as CallToolResult;
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('"trips:write"');
    }, 30_000);
  });
});
