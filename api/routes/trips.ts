// Trips, mounted at /api/trips behind authentication (protect(ctx)). Thin: validate (strict zod schemas in
// contracts/trips.ts), authorize (authorizeTrip: another user's trip is a 404, a too-weak collaborator
// role a 403) and delegate to the trip's workflow (api/tripWorkflows.ts) or the database.
// Each operation's method, path and OpenAPI description are defined once, in api/openapi/trips.ts
// (tripRoutes); this module gives each its handler.
//   POST /                        create (owner = caller)                  trips:write
//   GET  /                        trips owned or shared, newest first      trips:read
//   GET  /:id                     the trip                                 read
//   PATCH /:id                    title, dates, travelers, budget, prefs   write
//   POST /:id/archive             archive                                  admin
//   GET  /:id/collaborators       owner + collaborators                    read
//   POST /:id/collaborators       add by email {email, role}               admin
//   PUT  /:id/collaborators/:userId {role}                                 admin
//   DELETE /:id/collaborators/:userId                                      admin (or the collaborator)
//   POST /:id/messages            a planning turn → 202 once accepted      write
//                                 (Prefer: wait=N → 200 {reply, plan, state} if it ends in time)
//   GET  /:id/messages            chat history                             read
//   GET  /:id/messages/:clientMessageId  a turn: pending / done / failed   read
//   GET  /:id/state               workflow state (or built from the row)   read
//                                 + pending proposals (bookings awaiting a decision)
//   GET  /:id/events              event log after a seq                    read
//   POST /:id/constraints         setConstraints update                    write
//   POST /:id/selection           selectOptions update (pick flight/stay)  write
//   POST /:id/itinerary           editItinerary update (move/add/remove)   write
//   GET  /:id/activity            audit trail of the trip                  read
//   POST /:id/suggestions/:suggestionId/accept|dismiss  answer an agent     write, session only
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Request, RequestHandler, Response, Router } from 'express';
import { tripDateProblems, utcDateOf } from '../../domain/dates.js';
import { withPlan, type ChangeAuthor, type Constraints, type EditConflictDetails, type SendMessageInput, type SendMessageResult } from '../../domain/trip.js';
import { Prisma, type Trip } from '../../infra/db.js';
import { workflowIds } from '../../workflows/ids.js';
import { archiveTripUpdate, resolveSuggestionUpdate } from '../../workflows/tripPlanning.js';
import { audit } from '../audit.js';
import { authorizeTrip, authorizeTripForTraveler } from '../auth/authorize.js';
import { principalOf, requireScope } from '../auth/principal.js';
import type { ApiContext } from '../context.js';
import { HttpError, UNAVAILABLE_RETRY_AFTER_SECONDS, unavailableError } from '../errors.js';
import { unavailableDependency } from '../../infra/unavailable.js';
import { parseRequest } from '../validation.js';
import { wholeList } from '../../contracts/list.js';
import { addCollaboratorSchema, collaboratorParams, constraintsBody, itineraryEditBody, selectionBody, createTripSchema, eventsQuery, listTripsQuery, MAX_PREFER_WAIT_SECONDS, messageParams, type MessageAcceptedView, type MessageStatusView, pageQuery, putCollaboratorSchema, sendMessageBody, suggestionParams, updateTripSchema, type UpdateTripBody } from '../../contracts/trips.js';
import { tripRoutes } from '../openapi/trips.js';
import { titleForFirstMessage } from '../tripTitle.js';
import { editTripItinerary, messageTurnStatus, selectTripOptions, setTripConstraints, startTripMessage, updateResultWithin } from '../tripWorkflows.js';
import { assertNotArchived, noPlanningSession, preferencesOf, roleOn, stateFromRow, toTripView } from '../trips/views.js';
import { readTripStateJson } from '../trips/stateCache.js';
import { workflowRejection } from '../workflowErrors.js';
import { preferredWaitSeconds } from '../preferWait.js';
import { createdAtKeyset, createdAtPosition, decodeCursor, encodeCursor, isIdCursor, isSeqCursor, keysetPage } from '../pagination.js';

const DEFAULT_PAGE = 20;
const DEFAULT_EVENTS = 100;

const toDate = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : new Date(`${value}T00:00:00Z`));

/** Preferences are plain JSON data (zod-checked); Prisma's JSON input type wants an index signature. */
function asJson(preferences: object): Prisma.InputJsonObject {
  return preferences as Prisma.InputJsonObject;
}

/** PATCH fields the planner owns, as the workflow's constraints (null when the patch has none). */
function constraintsOf(body: UpdateTripBody): Constraints | null {
  const constraints: Constraints = {
    ...(body.startDate !== undefined && { departDate: body.startDate }),
    ...(body.endDate !== undefined && { returnDate: body.endDate }),
    ...(body.adults !== undefined && { adults: body.adults }),
    ...(body.children !== undefined && { children: body.children }),
    ...(body.budget !== undefined && { budget: body.budget }),
    ...body.preferences,
  };
  return Object.keys(constraints).length > 0 ? constraints : null;
}

const PATCH_DATE = { departDate: 'startDate', returnDate: 'endDate' } as const;

/** The workflow names constraint fields; the PATCH body calls some of them differently. */
const PATCH_FIELD: Record<string, string> = {
  ...PATCH_DATE,
  pace: 'preferences.pace',
  interests: 'preferences.interests',
  cabinClass: 'preferences.cabinClass',
};

export function createTripsRouter(ctx: ApiContext): Router {
  const { prisma } = ctx;

  /** The `:id` trip if the caller may access it as asked (404 for no access, no such trip or a malformed id). */
  const tripFor = (req: Request, access: 'read' | 'write' | 'admin'): Promise<Trip> => authorizeTrip(prisma, principalOf(req), String(req.params.id), access);

  // ---- Collaborators ----

  /** Adds or updates a collaborator: 201 when added, 200 when the role changed. */
  const saveCollaborator = async (req: Request, trip: Trip, userId: string, role: 'read' | 'write' | 'admin') => {
    if (userId === trip.ownerId) throw new HttpError(409, 'Conflict', 'The owner cannot also be a collaborator.');
    const existing = await prisma.tripCollaborator.findUnique({ where: { tripId_userId: { tripId: trip.id, userId } }, select: { role: true } });
    const saved = await prisma.tripCollaborator.upsert({
      where: { tripId_userId: { tripId: trip.id, userId } },
      create: { tripId: trip.id, userId, role },
      update: { role },
      include: { user: { select: { displayName: true } } },
    });
    await audit(ctx, req, { action: existing ? 'trip.collaborator.update' : 'trip.collaborator.add', targetType: 'user', targetId: userId, tripId: trip.id, details: { role, previousRole: existing?.role ?? null } });
    return { status: existing ? 200 : 201, view: collaboratorView(saved) };
  };

  // ---- Planning ----

  /** `Prefer: wait=N` as milliseconds (null when not asked for), with Preference-Applied set when it is honoured. */
  const preferredWaitMs = (req: Request, res: Response): number | null => {
    const seconds = preferredWaitSeconds(req.get('prefer'), MAX_PREFER_WAIT_SECONDS);
    if (seconds === null) return null;
    res.set('Preference-Applied', `wait=${seconds}`);
    return seconds * 1000;
  };

  /**
   * Starts (or, for a clientMessageId already sent, joins) the turn and waits up to `waitMs` for its outcome:
   * the result when the turn ended in time, else null (accepted, running on). A rejection is thrown as its problem.
   */
  async function startTurn(trip: Trip, body: SendMessageInput, waitMs: number | null, statusUrl: string): Promise<{ result: SendMessageResult } | null> {
    // Checked here: update-with-start would start a fresh workflow for an archived (completed) trip.
    assertNotArchived(trip);
    let handle: Awaited<ReturnType<typeof startTripMessage>>;
    try {
      // The workflow's traveler is the trip's owner, whoever of its writers sends the message.
      const { request, pace } = stateFromRow(trip);
      handle = await startTripMessage(ctx.temporal, { tripId: trip.id, userId: trip.ownerId, taskQueue: ctx.config.TEMPORAL_TASK_QUEUE }, body, { request, pace });
    } catch (error) {
      const rejection = workflowRejection(error);
      if (rejection) throw rejection;
      // The planner may have taken the message before the connection dropped: the client cannot tell, so
      // it is pointed at the turn's status (and a re-send with the same clientMessageId is one turn).
      if (unavailableDependency(error) === 'temporal') throw messageOutcomeUnknown(statusUrl);
      throw error;
    }
    try {
      // Even without a wait, an outcome the server answered with (the validator's rejection) is in hand.
      const settled = await updateResultWithin(ctx.temporal, handle, waitMs ?? 0);
      return settled && { result: withPlan(settled.result) };
    } catch (error) {
      const rejection = workflowRejection(error);
      if (rejection) throw rejection;
      // Accepted (durable in the workflow) but its outcome cannot be read now: it is a 202 like any other.
      if (unavailableDependency(error) !== 'temporal') throw error;
      ctx.logger.warn({ err: error, tripId: trip.id, clientMessageId: body.clientMessageId }, 'turn accepted; its outcome could not be read');
      return null;
    }
  }

  /**
   * A turn the trip's current run does not know, from the chat history: runs continue as new only once
   * every turn has ended, so a turn of an earlier run is done (its reply is stored) or failed.
   */
  async function storedTurn(tripId: string, clientMessageId: string): Promise<Pick<MessageStatusView, 'status' | 'reply' | 'error'>> {
    const messages = await prisma.chatMessage.findMany({ where: { tripId, clientMessageId }, select: { role: true, content: true } });
    const reply = messages.find((message) => message.role === 'assistant');
    if (reply) return { status: 'done', reply: reply.content, error: null };
    if (messages.some((message) => message.role === 'user')) return { status: 'failed', reply: null, error: TURN_FAILED };
    throw new HttpError(404, 'Not Found', 'The trip has no message with that clientMessageId.');
  }

  /** The caller as a change's author: collaborators read who changed what (and who wrote a message). */
  const authorOf = async (req: Request): Promise<ChangeAuthor> => {
    const principal = principalOf(req);
    const user = await prisma.user.findUnique({ where: { id: principal.userId }, select: { displayName: true } });
    return { userId: principal.userId, ...(user?.displayName && { name: user.displayName }), kind: principal.kind === 'api_key' ? 'agent' : 'user' };
  };

  /** A running trip workflow's update from a route: 409 before the first message (no session yet) or once archived. */
  async function updateRunningTrip<Result>(trip: Trip, update: () => Promise<Result>): Promise<Result> {
    assertNotArchived(trip);
    try {
      return await update();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw noPlanningSession();
      throw workflowRejection(error) ?? error;
    }
  }

  /** Answering an agent's suggestion: the traveler accepts or dismisses it. */
  const answerSuggestion = (decision: 'accept' | 'dismiss'): RequestHandler => async (req, res) => {
    // An agent does not answer suggestions (its own or another's): the traveler does.
    const trip = await authorizeTripForTraveler(prisma, principalOf(req), String(req.params.id), 'write', { action: 'Answering a suggestion', keysCannot: 'accept or dismiss suggestions' });
    const { suggestionId } = parseRequest(suggestionParams, req.params, 'params');
    const state = await updateRunningTrip(trip, () => ctx.temporal.workflow.getHandle(workflowIds.trip(trip.id)).executeUpdate(resolveSuggestionUpdate, { args: [{ suggestionId, decision }] }));
    await audit(ctx, req, { action: `suggestion.${decision}`, targetType: 'suggestion', targetId: suggestionId, tripId: trip.id });
    res.json(state);
  };

  return tripRoutes.router({
    createTrip: async (req, res) => {
      const principal = principalOf(req);
      requireScope(principal, 'trips:write');
      const { message, ...body } = parseRequest(createTripSchema, req.body, 'body');
      const trip = await prisma.trip.create({
        data: {
          ownerId: principal.userId,
          title: body.title ?? (await titleForFirstMessage(message?.text ?? '')),
          origin: body.origin ?? null,
          destinations: body.destinations ?? [],
          startDate: toDate(body.startDate) ?? null,
          endDate: toDate(body.endDate) ?? null,
          adults: body.adults ?? 1,
          children: body.children ?? 0,
          budgetAmount: body.budget?.amount ?? null,
          budgetCurrency: body.budget?.currency ?? null,
          preferences: asJson(body.preferences ?? {}),
        },
      });
      const tripUrl = `${req.baseUrl}/${trip.id}`;
      if (!message) return void res.status(201).location(tripUrl).json(toTripView(trip, 'owner'));
      // Created with its first message: the turn starts as POST /:id/messages starts it (202, or with
      // `Prefer: wait` its result when it ends in time: 201, the trip as the turn left it).
      const turn: SendMessageInput = { text: message.text, clientMessageId: message.clientMessageId ?? randomUUID(), author: await authorOf(req) };
      const waitMs = preferredWaitMs(req, res);
      const accepted = messageAccepted(trip.id, turn.clientMessageId, req.baseUrl);
      let settled: { result: SendMessageResult } | null;
      try {
        settled = await startTurn(trip, turn, waitMs, accepted.statusUrl);
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        // The trip exists either way: say so, and where, so the client does not create it again.
        throw new HttpError(error.status, error.title, `The trip was created (${tripUrl}), but its first message was not planned: ${error.detail ?? error.title}`, error.errors, error.headers, { ...error.extensions, tripId: trip.id, tripUrl });
      }
      if (settled && waitMs !== null) {
        const row = await prisma.trip.findUniqueOrThrow({ where: { id: trip.id } });
        return void res.status(201).location(tripUrl).json({ trip: toTripView(row, 'owner'), turn: accepted, result: settled.result });
      }
      res.status(202).location(accepted.statusUrl).json({ trip: toTripView(trip, 'owner'), turn: accepted });
    },
    listTrips: async (req, res) => {
      const principal = principalOf(req);
      requireScope(principal, 'trips:read');
      const query = parseRequest(listTripsQuery, req.query, 'query');
      const limit = query.limit ?? DEFAULT_PAGE;
      const keyset = createdAtKeyset(query.cursor, limit, 'desc');
      const rows = await prisma.trip.findMany({
        where: {
          AND: [
            { OR: [{ ownerId: principal.userId }, { collaborators: { some: { userId: principal.userId } } }] },
            query.status ? { status: query.status } : {},
            keyset.where,
          ],
        },
        include: { collaborators: { where: { userId: principal.userId }, select: { role: true } } },
        orderBy: keyset.orderBy,
        take: keyset.take,
      });
      const { page, nextCursor } = keysetPage(rows, limit, createdAtPosition);
      res.json({
        items: page.map(({ collaborators, ...trip }) => toTripView(trip, trip.ownerId === principal.userId ? 'owner' : (collaborators[0]?.role ?? 'read'))),
        nextCursor,
      });
    },
    getTrip: async (req, res) => {
      const trip = await tripFor(req, 'read');
      res.json(toTripView(trip, await roleOn(prisma, trip, principalOf(req))));
    },
    updateTrip: async (req, res) => {
      const trip = await tripFor(req, 'write');
      const body = parseRequest(updateTripSchema, req.body, 'body');
      assertNotArchived(trip);
      const constraints = constraintsOf(body);
      // While the workflow runs it owns the planning fields (and writes them to the row): send them there,
      // or its next save would overwrite a row-only change. Before the first message the row is the draft.
      let sentToWorkflow = false;
      if (constraints) {
        try {
          await setTripConstraints(ctx.temporal, trip.id, { ...constraints, ...(body.baseVersion !== undefined && { baseVersion: body.baseVersion }), author: await authorOf(req) });
          sentToWorkflow = true;
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) {
            const rejection = workflowRejection(error);
            if (!rejection) throw error;
            throw new HttpError(rejection.status, rejection.title, rejection.detail, rejection.errors?.map((problem) => ({ ...problem, field: PATCH_FIELD[problem.field] ?? problem.field })), rejection.headers, rejection.extensions);
          }
        }
      }
      const data: Prisma.TripUpdateInput = { ...(body.title !== undefined && { title: body.title }) };
      if (constraints && !sentToWorkflow) {
        const stored = toTripView(trip, 'owner');
        const startDate = body.startDate !== undefined ? body.startDate : stored.startDate;
        const endDate = body.endDate !== undefined ? body.endDate : stored.endDate;
        // The body alone passed the date rule; with the stored dates the trip may still be inverted or too long.
        const changed = (['departDate', 'returnDate'] as const).filter((field) => body[PATCH_DATE[field]] !== undefined);
        const dateProblems = changed.length > 0 ? tripDateProblems({ departDate: startDate, returnDate: endDate }, { today: utcDateOf(new Date()), changed }) : [];
        if (dateProblems.length > 0) {
          throw new HttpError(422, 'Unprocessable Content', 'The trip rejected the input.', dateProblems.map((problem) => ({ field: PATCH_DATE[problem.field], reason: problem.reason })));
        }
        Object.assign(data, {
          ...(body.startDate !== undefined && { startDate: toDate(body.startDate) }),
          ...(body.endDate !== undefined && { endDate: toDate(body.endDate) }),
          ...(body.adults !== undefined && { adults: body.adults }),
          ...(body.children !== undefined && { children: body.children }),
          ...(body.budget !== undefined && { budgetAmount: body.budget?.amount ?? null, budgetCurrency: body.budget?.currency ?? null }),
          ...(body.preferences !== undefined && { preferences: asJson({ ...preferencesOf(trip), ...body.preferences }) }),
        } satisfies Prisma.TripUpdateInput);
      }
      const updated = Object.keys(data).length > 0 ? await prisma.trip.update({ where: { id: trip.id }, data }) : await prisma.trip.findUniqueOrThrow({ where: { id: trip.id } });
      res.json(toTripView(updated, await roleOn(prisma, updated, principalOf(req))));
    },
    archiveTrip: async (req, res) => {
      const trip = await tripFor(req, 'admin');
      if (trip.status !== 'archived') {
        try {
          // The workflow marks the row archived (and completes) before the update returns.
          await ctx.temporal.workflow.getHandle(workflowIds.trip(trip.id)).executeUpdate(archiveTripUpdate);
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw workflowRejection(error) ?? error;
          await prisma.trip.update({ where: { id: trip.id }, data: { status: 'archived', archivedAt: new Date() } });
        }
        await audit(ctx, req, { action: 'trip.archive', targetType: 'trip', targetId: trip.id, tripId: trip.id });
      }
      const archived = await prisma.trip.findUniqueOrThrow({ where: { id: trip.id } });
      res.json(toTripView(archived, await roleOn(prisma, archived, principalOf(req))));
    },
    listCollaborators: async (req, res) => {
      const trip = await tripFor(req, 'read');
      const [owner, collaborators] = await Promise.all([
        prisma.user.findUniqueOrThrow({ where: { id: trip.ownerId }, select: { id: true, displayName: true } }),
        prisma.tripCollaborator.findMany({ where: { tripId: trip.id }, include: { user: { select: { displayName: true } } }, orderBy: { createdAt: 'asc' } }),
      ]);
      res.json({ ...wholeList(collaborators.map(collaboratorView)), owner: { userId: owner.id, displayName: owner.displayName } });
    },
    addCollaborator: async (req, res) => {
      const trip = await tripFor(req, 'admin');
      const body = parseRequest(addCollaboratorSchema, req.body, 'body');
      const user = await prisma.user.findUnique({ where: { email: body.email }, select: { id: true } });
      if (!user) throw new HttpError(404, 'Not Found', 'No user has that email.');
      const { status, view } = await saveCollaborator(req, trip, user.id, body.role);
      res.status(status).json(view);
    },
    putCollaborator: async (req, res) => {
      const trip = await tripFor(req, 'admin');
      const { userId } = parseRequest(collaboratorParams, req.params, 'params');
      const body = parseRequest(putCollaboratorSchema, req.body, 'body');
      const user = await prisma.user.findUnique({ where: { id: userId }, select: { id: true } });
      if (!user) throw new HttpError(404, 'Not Found', 'No such user.');
      const { status, view } = await saveCollaborator(req, trip, user.id, body.role);
      res.status(status).json(view);
    },
    removeCollaborator: async (req, res) => {
      const principal = principalOf(req);
      // A collaborator may leave a trip they can read; removing anyone else takes admin access.
      const leaving = req.params.userId === principal.userId;
      const trip = await tripFor(req, leaving ? 'read' : 'admin');
      const { userId } = parseRequest(collaboratorParams, req.params, 'params');
      if (leaving) requireScope(principal, 'trips:write');
      const removed = await prisma.tripCollaborator.deleteMany({ where: { tripId: trip.id, userId } });
      if (removed.count === 0) throw new HttpError(404, 'Not Found', 'That user is not a collaborator on this trip.');
      await audit(ctx, req, { action: 'trip.collaborator.remove', targetType: 'user', targetId: userId, tripId: trip.id });
      res.status(204).end();
    },
    sendMessage: async (req, res) => {
      const trip = await tripFor(req, 'write');
      const sent = parseRequest(sendMessageBody, req.body, 'body');
      // Without a clientMessageId the server makes one; the answer carries it (the key for a retry).
      const body: SendMessageInput = {
        text: sent.text,
        clientMessageId: sent.clientMessageId ?? randomUUID(),
        ...(sent.baseVersion !== undefined && { baseVersion: sent.baseVersion }),
        author: await authorOf(req),
      };
      const waitMs = preferredWaitMs(req, res);
      const accepted = messageAccepted(trip.id, body.clientMessageId, req.baseUrl);
      const settled = await startTurn(trip, body, waitMs, accepted.statusUrl);
      if (settled && waitMs !== null) return void res.json(settled.result);
      res.status(202).location(accepted.statusUrl).json(accepted);
    },
    getMessageStatus: async (req, res) => {
      const trip = await tripFor(req, 'read');
      const { clientMessageId } = parseRequest(messageParams, req.params, 'params');
      const turn = await messageTurnStatus(ctx.temporal, trip.id, clientMessageId, preferredWaitMs(req, res) ?? 0);
      const view = { tripId: trip.id, clientMessageId, reply: null, result: null, error: null };
      let status: MessageStatusView;
      if (turn.status === 'pending') status = { ...view, status: 'pending' };
      else if (turn.status === 'done') status = { ...view, status: 'done', reply: turn.result.reply, result: turn.result };
      else if (turn.status === 'failed') status = { ...view, status: 'failed', error: turnError(turn.error) };
      else status = { ...view, ...(await storedTurn(trip.id, clientMessageId)) };
      res.set('Cache-Control', 'no-store').json(status);
    },
    listMessages: async (req, res) => {
      const trip = await tripFor(req, 'read');
      const query = parseRequest(pageQuery, req.query, 'query');
      const limit = query.limit ?? DEFAULT_PAGE;
      const keyset = createdAtKeyset(query.cursor, limit, 'asc');
      const rows = await prisma.chatMessage.findMany({ where: { tripId: trip.id, ...keyset.where }, orderBy: keyset.orderBy, take: keyset.take });
      const { page, nextCursor } = keysetPage(rows, limit, createdAtPosition);
      res.json({
        items: page.map((message) => ({
          id: message.id,
          role: message.role,
          content: message.content,
          clientMessageId: message.clientMessageId,
          authorId: message.authorId,
          createdAt: message.createdAt.toISOString(),
        })),
        nextCursor,
      });
    },
    getState: async (req, res) => {
      const trip = await tripFor(req, 'read');
      const { json, source } = await readTripStateJson(ctx, trip);
      res.set('TripSage-State-Source', source).type('json').send(json);
    },
    listEvents: async (req, res) => {
      const trip = await tripFor(req, 'read');
      const query = parseRequest(eventsQuery, req.query, 'query');
      const after = query.cursor === undefined ? (query.after ?? 0) : decodeCursor(query.cursor, isSeqCursor)[0];
      const events = await ctx.events.after(trip.id, after, query.limit ?? DEFAULT_EVENTS);
      // Never null: the log grows, so the last position is where the next poll starts.
      res.json({ items: events, nextCursor: encodeCursor([events.at(-1)?.seq ?? after]) });
    },
    setConstraints: async (req, res) => {
      const trip = await tripFor(req, 'write');
      const body = parseRequest(constraintsBody, req.body, 'body');
      const author = await authorOf(req);
      res.json(await updateRunningTrip(trip, () => setTripConstraints(ctx.temporal, trip.id, { ...body, author })));
    },
    selectOptions: async (req, res) => {
      const trip = await tripFor(req, 'write');
      const body = parseRequest(selectionBody, req.body, 'body');
      const author = await authorOf(req);
      res.json(await updateRunningTrip(trip, () => selectTripOptions(ctx.temporal, trip.id, { ...body, author })));
    },
    editItinerary: async (req, res) => {
      const trip = await tripFor(req, 'write');
      const body = parseRequest(itineraryEditBody, req.body, 'body');
      const author = await authorOf(req);
      res.json(await updateRunningTrip(trip, () => editTripItinerary(ctx.temporal, trip.id, { ...body, author })));
    },
    listActivity: async (req, res) => {
      const trip = await tripFor(req, 'read');
      const query = parseRequest(pageQuery, req.query, 'query');
      const limit = query.limit ?? DEFAULT_PAGE;
      const before = query.cursor === undefined ? null : decodeCursor(query.cursor, isIdCursor)[0];
      const rows = await prisma.auditLog.findMany({
        where: { tripId: trip.id, ...(before !== null && { id: { lt: BigInt(before) } }) },
        orderBy: { id: 'desc' },
        take: limit + 1,
      });
      const { page, nextCursor } = keysetPage(rows, limit, (row) => [row.id.toString()]);
      res.json({
        items: page.map((row) => ({
          id: row.id.toString(),
          actorType: row.actorType,
          actorId: row.actorId,
          action: row.action,
          targetType: row.targetType,
          targetId: row.targetId,
          details: typeof row.details === 'object' && row.details !== null && !Array.isArray(row.details) ? row.details : {},
          requestId: row.requestId,
          createdAt: row.createdAt.toISOString(),
        })),
        nextCursor,
      });
    },
    acceptSuggestion: answerSuggestion('accept'),
    dismissSuggestion: answerSuggestion('dismiss'),
  });
}

/** 503 for a message whose fate is unknown (the planner dropped mid-send): where to check, and that a re-send is safe. */
/** The 202 body of a turn that runs on: where to follow it (also the Location header). */
function messageAccepted(tripId: string, clientMessageId: string, tripsBaseUrl: string): MessageAcceptedView {
  const statusUrl = `${tripsBaseUrl}/${tripId}/messages/${encodeURIComponent(clientMessageId)}`;
  return { tripId, clientMessageId, status: 'accepted', statusUrl };
}

function messageOutcomeUnknown(statusUrl: string): HttpError {
  return unavailableError(
    'temporal',
    `The trip planner is unavailable, so it is not known whether the message was received. In ${UNAVAILABLE_RETRY_AFTER_SECONDS} s, check its status at ${statusUrl}, or send it again with the same clientMessageId (it will not be planned twice).`,
    { statusUrl },
  );
}

const TURN_FAILED = { status: 500, title: 'Turn failed', detail: 'The planning turn ended without a reply; send the message again with a new clientMessageId.' };

/** A failed turn as the status shows it: a rejection's problem (422 input, 409 state), else a plain failure (no internals). */
function turnError(error: unknown): NonNullable<MessageStatusView['error']> {
  const rejection = workflowRejection(error);
  if (!rejection) return TURN_FAILED;
  const conflict = rejection.extensions.conflict as EditConflictDetails | undefined;
  return { status: rejection.status, title: rejection.title, detail: rejection.detail ?? rejection.title, ...(rejection.errors && { errors: rejection.errors }), ...(conflict && { conflict }) };
}

function collaboratorView(row: { userId: string; role: 'read' | 'write' | 'admin'; createdAt: Date; updatedAt: Date; user: { displayName: string } }) {
  return { userId: row.userId, displayName: row.user.displayName, role: row.role, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}
