// The platform as an MCP server (Model Context Protocol): the tools and resources an AI agent uses, built
// per request for one authenticated caller (api/mcp/http.ts). Every tool is the REST call it stands for
// (api/mcp/rest.ts), so a tool is authorized, validated and audited exactly as that call; no tool approves
// a booking or moves money (those REST routes need a traveler's session, and no tool calls them).
//   list_trips          GET  /trips                                      trips:read
//   create_trip         POST /trips (+ POST /trips/:id/messages)         trips:write
//   send_message        POST /trips/:id/messages (Prefer: wait=60)       trips:write, progress notifications
//   get_trip_state      GET  /agent/trips/:id/state                      trips:read
//   suggest             POST /agent/trips/:id/suggestions                trips:suggest
//   get_suggestion      GET  /agent/trips/:id/suggestions/:suggestionId  trips:read
//   list_bookings       GET  /trips/:id/bookings                         trips:read
//   create_price_watch  POST /watches                                    watches:write
//   pause_price_watch   POST /watches/:id/pause                          watches:write
//   stop_price_watch    DELETE /watches/:id                              watches:write
//   parse_request       POST /plan/parse                                 (public)
// Resources: tripsage://trips/{tripId}/state and tripsage://trips/{tripId}/itinerary (trips:read).
import { randomUUID } from 'node:crypto';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Request } from 'express';
import { clientMessageIdSchema, messageTextSchema, planParseRequestSchema } from '../../domain/schemas.js';
import { bookingStatuses } from '../../domain/booking.js';
import type { AgentSuggestion, SendMessageResult, TripPlan, TripState } from '../../domain/trip.js';
import { suggestionKinds, tripStatuses } from '../../domain/trip.js';
import type { TripEventRecord } from '../../contracts/realtime.js';
import { audit } from '../audit.js';
import { authorizeTrip } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import type { ApiContext } from '../context.js';
import { suggestionBodySchema } from '../../contracts/agent.js';
import { bookingListView } from '../../contracts/bookings.js';
import { uuidSchema, z } from '../../contracts/common.js';
import { agentSuggestionView, moneyView, tripRequestView, tripStateView } from '../../contracts/tripState.js';
import { listTripsQuery, newTripFields, withNewTripRules, MAX_PREFER_WAIT_SECONDS, tripListView, tripView, type MessageAcceptedView, type MessageStatusView, type TripView } from '../../contracts/trips.js';
import { createWatchSchema, watchStateView } from '../../contracts/watches.js';
import { RestProblem, type RestClient } from './rest.js';
import { titleForFirstMessage } from '../tripTitle.js';
import { tripEventFeed } from './tripEventFeed.js';

/** Who the MCP request acts for: the authenticated principal, its HTTP request (audit) and REST as them. */
export interface McpCaller {
  principal: Principal;
  req: Request;
  rest: RestClient;
}

type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

const PREFER_WAIT = `wait=${MAX_PREFER_WAIT_SECONDS}`;

// ---- Output schemas (REST's response schemas where REST has them) ----

const planSummaryView = z.object({
  destination: z.string().nullable(),
  departDate: z.string().nullable(),
  returnDate: z.string().nullable(),
  flightOptions: z.number().int(),
  stayOptions: z.number().int(),
  selectedFlightId: z.string().nullable(),
  selectedStayId: z.string().nullable(),
  itineraryDays: z.number().int(),
  total: moneyView.nullable(),
  withinBudget: z.boolean().nullable(),
  failures: z.array(z.object({ step: z.string(), message: z.string() })),
});
type PlanSummary = z.output<typeof planSummaryView>;

const turnView = z.object({
  tripId: z.string(),
  clientMessageId: z.string(),
  reply: z.string(),
  status: z.string().describe(`The trip's status after the turn: ${tripStatuses.join(', ')}.`),
  plan: planSummaryView.nullable().describe('A summary of the plan; the whole plan is in get_trip_state or the trip\'s state resource.'),
});

const parseResultView = z.object({ request: tripRequestView, mentioned: z.array(z.string()) });

// ---- Input schemas (REST's request schemas, plus the path's ids) ----

const tripIdField = uuidSchema.describe('The trip\'s id (from list_trips or create_trip).');
const clientMessageIdField = clientMessageIdSchema
  .optional()
  .describe('Your id for this message: re-sending the same id is the same turn (safe to retry). Generated when omitted.');
const listTripsInput = z
  .object({
    status: listTripsQuery.shape.status.describe('Only trips in this status.'),
    limit: z.number().int().min(1).max(100).optional().describe('Page size (default 20).'),
    cursor: listTripsQuery.shape.cursor.describe('nextCursor of the previous page, as it came.'),
  })
  .strict();
const watchIdField = uuidSchema.describe('The price watch\'s id (from create_price_watch).');

export function createMcpServer(ctx: ApiContext, caller: McpCaller): McpServer {
  const server = new McpServer(
    { name: 'tripsage', title: 'TripSage', version: '1.0.0' },
    {
      instructions:
        'Plan trips for the traveler who owns the API key: create a trip, send it planning messages, read its state, suggest things ' +
        '(the traveler accepts or dismisses them), list bookings, manage price watches. Booking approval and payments are the traveler\'s alone.',
    },
  );
  const { rest } = caller;

  /**
   * Runs a tool: structured output on success; a REST problem becomes a tool error in its words, anything
   * else a plain one (logged; no internals to the agent). Audited for API keys, with the trip once the call
   * succeeded (`work` may name the trip it created).
   */
  async function run<T extends Record<string, unknown>>(tool: string, tripId: string | undefined, work: () => Promise<{ result: T; text?: string; tripId?: string }>): Promise<CallToolResult> {
    try {
      const done = await work();
      await auditCall(tool, done.tripId ?? tripId, 'ok');
      return { content: [{ type: 'text', text: done.text ?? JSON.stringify(done.result) }], structuredContent: done.result };
    } catch (error) {
      // No trip on a refused call: the trip may be someone else's, and its activity is theirs.
      if (error instanceof RestProblem) {
        await auditCall(tool, undefined, error.status);
        return { content: [{ type: 'text', text: error.message }], isError: true };
      }
      ctx.logger.error({ err: error, tool, requestId: caller.req.id }, 'MCP tool call failed');
      await auditCall(tool, undefined, 500);
      return { content: [{ type: 'text', text: `Internal Server Error (500): the call failed unexpectedly; quote request id ${String(caller.req.id)} when reporting it.` }], isError: true };
    }
  }

  /** An API key's tool call in the audit trail (REST rows for the calls it made carry the same request id). */
  async function auditCall(tool: string, tripId: string | undefined, outcome: 'ok' | number): Promise<void> {
    if (caller.principal.kind !== 'api_key') return;
    try {
      await audit(ctx, caller.req, { action: 'mcp.tool', targetType: tripId ? 'trip' : 'mcp_tool', targetId: tripId ?? tool, ...(tripId && { tripId }), details: { tool, outcome } });
    } catch (error) {
      ctx.logger.error({ err: error, tool }, 'could not write the audit entry for an MCP tool call');
    }
  }

  // ---- Trips and planning ----

  server.registerTool(
    'list_trips',
    {
      title: 'List trips',
      description: 'The trips the traveler owns or collaborates on, newest first (a page; pass nextCursor for the next).',
      inputSchema: listTripsInput,
      outputSchema: tripListView,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) =>
      run('list_trips', undefined, async () => {
        const query = new URLSearchParams(Object.entries(args).filter(([, value]) => value !== undefined).map(([key, value]) => [key, String(value)]));
        const { json } = await rest.call<z.output<typeof tripListView>>('GET', `/trips${query.size ? `?${query}` : ''}`);
        return { result: json };
      }),
  );

  server.registerTool(
    'create_trip',
    {
      title: 'Create a trip',
      description:
        'Creates a trip owned by the traveler. With `message`, also sends it as the first planning message and waits for the plan ' +
        '(progress notifications while it runs, when the request has a progressToken).',
      inputSchema: withNewTripRules(
        newTripFields.safeExtend({ message: messageTextSchema.optional().describe('A first planning message, e.g. "A week in Lisbon from New York in May"; `title` may then be omitted.'), clientMessageId: clientMessageIdField }),
      ),
      outputSchema: z.object({ trip: tripView, turn: turnView.nullable() }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    async ({ message, clientMessageId, ...trip }, extra) =>
      run('create_trip', undefined, async () => {
        // The turn runs through send_message's path (progress relayed); the title is derived as REST derives it.
        const title = trip.title ?? (message ? await titleForFirstMessage(message) : undefined);
        const { json: created } = await rest.call<TripView>('POST', '/trips', { body: { ...trip, ...(title !== undefined && { title }) } });
        const turn = message ? await planningTurn(created.id, message, clientMessageId ?? randomUUID(), extra) : null;
        return { result: { trip: created, turn }, tripId: created.id, ...(turn && { text: turn.reply }) };
      }),
  );

  server.registerTool(
    'send_message',
    {
      title: 'Send a planning message',
      description:
        'Sends the traveler\'s planning message to the trip and waits for the turn to end; returns the reply and a summary of the plan. ' +
        'While the turn runs, its steps (understand, destination, flights, stays, compose) arrive as progress notifications when the request has a progressToken.',
      inputSchema: z.object({ tripId: tripIdField, text: messageTextSchema.describe('What the traveler says, in their words.'), clientMessageId: clientMessageIdField }).strict(),
      outputSchema: turnView,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    async ({ tripId, text, clientMessageId }, extra) =>
      run('send_message', tripId, async () => {
        const turn = await planningTurn(tripId, text, clientMessageId ?? randomUUID(), extra);
        return { result: turn, text: turn.reply };
      }),
  );

  server.registerTool(
    'get_trip_state',
    {
      title: 'Read a trip\'s state',
      description: 'The trip\'s whole state: the request as understood, the plan (flights, stays, itinerary, budget), pending proposals, bookings and suggestions.',
      inputSchema: z.object({ tripId: tripIdField }).strict(),
      outputSchema: tripStateView,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ tripId }) => run('get_trip_state', tripId, async () => ({ result: { ...(await readState(tripId)) } })),
  );

  // ---- Suggestions ----

  server.registerTool(
    'suggest',
    {
      title: 'Suggest something to the traveler',
      description:
        'Puts a suggestion on the trip (a cheaper flight, an activity, a note …) for the traveler to accept or dismiss; agents never answer suggestions. ' +
        'Returns the suggestion\'s id for get_suggestion. Needs the trip to have a planning session (a message sent).',
      inputSchema: suggestionBodySchema.safeExtend({ tripId: tripIdField }),
      outputSchema: z.object({
        tripId: z.string(),
        suggestionId: z.string().nullable().describe('Null only if the trip had not recorded the suggestion within a few seconds (it may still appear).'),
        kind: z.enum(suggestionKinds),
        source: z.string(),
        status: z.enum(['pending', 'accepted']),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    async ({ tripId, ...suggestion }) =>
      run('suggest', tripId, async () => {
        // 201: the recorded suggestion (pending); 202: delivered, not recorded within the route's wait (no id yet).
        const { json: answer } = await rest.call<AgentSuggestion | { id: null; kind: AgentSuggestion['kind']; source: string; status: 'accepted' }>('POST', `/agent/trips/${tripId}/suggestions`, { body: suggestion });
        return { result: { tripId, suggestionId: answer.id, kind: answer.kind, source: answer.source, status: answer.status === 'pending' ? 'pending' : 'accepted' } };
      }),
  );

  server.registerTool(
    'get_suggestion',
    {
      title: 'Read a suggestion\'s status',
      description: 'One suggestion on the trip: pending, accepted or dismissed by the traveler.',
      inputSchema: z.object({ tripId: tripIdField, suggestionId: uuidSchema.describe('The id suggest returned.') }).strict(),
      outputSchema: agentSuggestionView,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ tripId, suggestionId }) =>
      run('get_suggestion', tripId, async () => {
        const { json } = await rest.call<AgentSuggestion>('GET', `/agent/trips/${encodeURIComponent(tripId)}/suggestions/${encodeURIComponent(suggestionId)}`);
        return { result: { ...json } };
      }),
  );

  // ---- Bookings (read only: approving and paying are the traveler's) ----

  server.registerTool(
    'list_bookings',
    {
      title: 'List a trip\'s bookings',
      description: 'The trip\'s bookings with their status (pending_approval awaits the traveler\'s decision in the app). Agents cannot approve or pay.',
      inputSchema: z.object({ tripId: tripIdField, status: z.enum(bookingStatuses).optional().describe('Only bookings in this status.') }).strict(),
      outputSchema: bookingListView,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ tripId, status }) =>
      run('list_bookings', tripId, async () => {
        const { json } = await rest.call<z.output<typeof bookingListView>>('GET', `/trips/${tripId}/bookings`);
        return { result: { ...json, items: status ? json.items.filter((booking) => booking.status === status) : json.items } };
      }),
  );

  // ---- Price watches ----

  server.registerTool(
    'create_price_watch',
    {
      title: 'Watch a price',
      description:
        'Watches a flight or stay price and alerts (on the trip, and on a webhook if given) when it reaches targetPrice or drops by dropPercent. ' +
        'Watch one of the plan\'s flights with tripId + offerId, or a route/stay with target. Pass idempotencyKey to make retries safe.',
      inputSchema: createWatchSchema.safeExtend({ idempotencyKey: z.string().min(1).max(200).optional().describe('Retries with the same key answer the same watch.') }),
      outputSchema: z.object({ watch: watchStateView, webhookSecret: z.string().nullable() }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async ({ idempotencyKey, ...watch }) =>
      run('create_price_watch', watch.tripId ?? undefined, async () => {
        const { json } = await rest.call<{ watch: z.output<typeof watchStateView>; webhookSecret: string | null }>('POST', '/watches', { body: watch, ...(idempotencyKey && { idempotencyKey }) });
        return { result: json };
      }),
  );

  server.registerTool(
    'pause_price_watch',
    {
      title: 'Pause a price watch',
      description: 'Pauses checks and alerts until the watch is resumed (in the app or over REST).',
      inputSchema: z.object({ watchId: watchIdField }).strict(),
      outputSchema: watchStateView,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async ({ watchId }) =>
      run('pause_price_watch', undefined, async () => {
        const { json } = await rest.call<z.output<typeof watchStateView>>('POST', `/watches/${watchId}/pause`);
        return { result: { ...json } };
      }),
  );

  server.registerTool(
    'stop_price_watch',
    {
      title: 'Stop a price watch',
      description: 'Stops the watch for good (its price history is kept). Stopping a stopped watch is fine.',
      inputSchema: z.object({ watchId: watchIdField }).strict(),
      outputSchema: z.object({ watchId: z.string(), stopped: z.literal(true) }),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ watchId }) =>
      run('stop_price_watch', undefined, async () => {
        await rest.call('DELETE', `/watches/${watchId}`);
        return { result: { watchId, stopped: true as const } };
      }),
  );

  // ---- Understanding ----

  server.registerTool(
    'parse_request',
    {
      title: 'Understand a trip request',
      description: 'What the planner understands from a traveler\'s message (places, dates, travelers, budget, interests), without creating a trip.',
      // POST /plan/parse's own body schema: the same limits, and the trip years from MIN_TRIP_YEAR/MAX_TRIP_YEAR.
      inputSchema: planParseRequestSchema,
      outputSchema: parseResultView,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) =>
      run('parse_request', undefined, async () => {
        const { json } = await rest.call<z.output<typeof parseResultView>>('POST', '/plan/parse', { body: args });
        return { result: json };
      }),
  );

  // ---- Resources ----

  const listTripResources = (kind: 'state' | 'itinerary') => async () => {
    const { json } = await rest.call<z.output<typeof tripListView>>('GET', '/trips');
    return {
      resources: json.items.map((trip) => ({
        uri: `tripsage://trips/${trip.id}/${kind}`,
        name: `${trip.title} (${kind})`,
        mimeType: 'application/json',
      })),
    };
  };

  server.registerResource(
    'trip-state',
    new ResourceTemplate('tripsage://trips/{tripId}/state', { list: listTripResources('state') }),
    { title: 'Trip state', description: 'The trip\'s whole state, as get_trip_state returns it.', mimeType: 'application/json' },
    async (uri, { tripId }) => ({ contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(await readState(String(tripId))) }] }),
  );

  server.registerResource(
    'trip-itinerary',
    new ResourceTemplate('tripsage://trips/{tripId}/itinerary', { list: listTripResources('itinerary') }),
    { title: 'Trip itinerary', description: 'The plan\'s day-by-day itinerary (empty before the first plan).', mimeType: 'application/json' },
    async (uri, { tripId }) => {
      const state = await readState(String(tripId));
      const itinerary = { tripId: state.tripId, destination: state.plan?.destination?.city ?? null, days: state.plan?.itinerary ?? [] };
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(itinerary) }] };
    },
  );

  // ---- Helpers ----

  /** The trip's state through the agent route (trips:read; audited as an agent read). */
  async function readState(tripId: string): Promise<TripState> {
    return (await rest.call<TripState>('GET', `/agent/trips/${encodeURIComponent(tripId)}/state`)).json;
  }

  /**
   * One planning turn: the REST call with `Prefer: wait=60` (and the turn's status, waited on the same way,
   * should a turn outlast it), relaying the turn's trip events as progress notifications meanwhile.
   */
  async function planningTurn(tripId: string, text: string, clientMessageId: string, extra: ToolExtra): Promise<z.output<typeof turnView>> {
    const progress = await relayProgress(tripId, clientMessageId, extra);
    try {
      const sent = await rest.call<SendMessageResult | MessageAcceptedView>('POST', `/trips/${tripId}/messages`, { body: { text, clientMessageId }, prefer: PREFER_WAIT, signal: extra.signal });
      let result: SendMessageResult | null = sent.status === 200 ? (sent.json as SendMessageResult) : null;
      while (!result) {
        const { json: turn } = await rest.call<MessageStatusView>('GET', `/trips/${tripId}/messages/${encodeURIComponent(clientMessageId)}`, { prefer: PREFER_WAIT, signal: extra.signal });
        if (turn.status === 'failed') throw new RestProblem(turn.error?.status ?? 500, turn.error?.title ?? 'Turn failed', turn.error?.detail, turn.error?.errors);
        if (turn.status === 'done') result = turn.result ?? { reply: turn.reply ?? '', plan: null, state: await readState(tripId) };
      }
      return { tripId, clientMessageId, reply: result.reply, status: result.state.status, plan: result.plan ? summarizePlan(result.plan, result.state) : null };
    } finally {
      await progress?.stop();
    }
  }

  /**
   * Relays the turn's trip events (step progress, the plan, the reply) as MCP progress notifications until
   * stopped: live from the trip's channel (tripEventFeed), in seq order, reading the event log for any gap
   * (a lost publish, the events before the subscription) and once more at the end, so none is missed.
   * Starts only once REST's own authorization helper allows the caller to write the trip, so no event of a
   * trip the caller may not plan on is relayed; otherwise null (the REST call then answers the refusal).
   */
  async function relayProgress(tripId: string, clientMessageId: string, extra: ToolExtra): Promise<{ stop(): Promise<void> } | null> {
    const progressToken = extra._meta?.progressToken;
    const trip = progressToken === undefined ? null : await authorizeTrip(ctx.prisma, caller.principal, tripId, 'write').catch(() => null);
    if (!trip || progressToken === undefined) return null;
    let delivered = trip.lastEventSeq;
    let sent = 0;
    const deliver = async (event: TripEventRecord) => {
      if (event.seq !== delivered + 1) return;
      delivered = event.seq;
      const message = describeTurnEvent(event, clientMessageId);
      if (message === null || extra.signal.aborted) return;
      sent += 1;
      await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: sent, message } });
    };
    const catchUp = async () => {
      for (;;) {
        const events = await ctx.events.after(tripId, delivered, 100);
        for (const event of events) await deliver(event);
        if (events.length < 100) return;
      }
    };
    // One delivery at a time, in order: a live event right after the last one goes out as it came; one
    // further ahead means a gap, filled from the log.
    let queue: Promise<void> = Promise.resolve();
    const enqueue = (work: () => Promise<void>) => {
      queue = queue.then(work).catch((error: unknown) => ctx.logger.warn({ err: error, tripId }, 'MCP progress relay failed; the turn goes on'));
      return queue;
    };
    const unlisten = await tripEventFeed(ctx).listen(tripId, (event) => {
      void enqueue(() => (event.seq > delivered + 1 ? catchUp() : deliver(event)));
    });
    void enqueue(catchUp);
    return {
      async stop() {
        await unlisten();
        // Whatever the turn appended that has not arrived yet (its reply, its plan) goes out before the result.
        await enqueue(catchUp);
      },
    };
  }

  return server;
}

/** A trip event of this turn as a progress message; null for events of anything else. */
export function describeTurnEvent(event: TripEventRecord, clientMessageId: string): string | null {
  const payload = event.payload;
  const ofThisTurn = payload.turn === clientMessageId || payload.clientMessageId === clientMessageId;
  if (!ofThisTurn) return null;
  if (event.type === 'progress') {
    const step = String(payload.step);
    if (payload.status === 'failed') return `${step}: failed${typeof payload.message === 'string' ? ` (${payload.message})` : ''}`;
    return `${step}: ${String(payload.status)}`;
  }
  if (event.type === 'plan.updated') return 'plan updated';
  if (event.type === 'message') return payload.role === 'assistant' ? 'reply written' : 'message received';
  return event.type;
}

function summarizePlan(plan: TripPlan, state: TripState): PlanSummary {
  return {
    destination: plan.destination?.city ?? state.request.destination?.city ?? null,
    departDate: state.request.departDate,
    returnDate: state.request.returnDate,
    flightOptions: plan.flightOptions.length,
    stayOptions: plan.stayOptions.length,
    selectedFlightId: plan.selectedFlightId,
    selectedStayId: plan.selectedStayId,
    itineraryDays: plan.itinerary.length,
    total: plan.budget?.total ?? null,
    withinBudget: plan.budget?.withinBudget ?? null,
    failures: plan.failures.map(({ step, message }) => ({ step, message })),
  };
}
