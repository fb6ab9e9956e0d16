// A traveler's saved passengers, mounted at /api/travelers behind authentication, session only (an API key
// can neither read nor change passport details). Each is encrypted at rest (infra/travelers.ts) and
// audited without its contents.
//   GET    /      → {items, nextCursor}         POST /     {details} → 201
//   GET    /:id   → the traveler             PUT  /:id  {details} → 200
//   DELETE /:id   → 204; someone else's id is a 404 like a missing one
// Each operation's method, path and OpenAPI description are defined once, in api/openapi/travelers.ts
// (travelerRoutes); this module gives each its handler.
import { Router, type Request } from 'express';
import { newTravelerId, openTraveler, sealTraveler } from '../../infra/travelers.js';
import { auditData } from '../audit.js';
import { principalOf, requireSession } from '../auth/principal.js';
import type { ApiContext } from '../context.js';
import { HttpError } from '../errors.js';
import { parseRequest } from '../validation.js';
import { travelerRoutes } from '../openapi/travelers.js';
import { wholeList } from '../../contracts/list.js';
import { MAX_SAVED_TRAVELERS, travelerDetailsSchema, travelerParams } from '../../contracts/travelers.js';

export function createTravelersRouter(ctx: ApiContext): Router {
  const router = Router();
  const { prisma } = ctx;

  // Every request under /api/travelers, matched or not (a 404 or 405 too), is session only and not cached.
  router.use((req, res, next) => {
    requireSession(principalOf(req), 'Reading or saving traveler details');
    res.set('Cache-Control', 'no-store');
    next();
  });

  const ownRow = async (req: Request) => {
    const { id } = parseRequest(travelerParams, req.params, 'params');
    const row = await prisma.traveler.findFirst({ where: { id, userId: principalOf(req).userId } });
    if (!row) throw new HttpError(404, 'Not Found', 'No such traveler.');
    return row;
  };

  router.use(
    travelerRoutes.router({
      listTravelers: async (req, res) => {
        const rows = await prisma.traveler.findMany({ where: { userId: principalOf(req).userId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: MAX_SAVED_TRAVELERS });
        res.json(wholeList(rows.map((row) => openTraveler(ctx.secrets, row))));
      },

      saveTraveler: async (req, res) => {
        const { userId } = principalOf(req);
        const details = parseRequest(travelerDetailsSchema, req.body, 'body');
        const id = newTravelerId();
        const row = await prisma.$transaction(async (tx) => {
          if ((await tx.traveler.count({ where: { userId } })) >= MAX_SAVED_TRAVELERS) throw new HttpError(409, 'Conflict', `You already have ${MAX_SAVED_TRAVELERS} saved travelers; delete one first.`);
          const created = await tx.traveler.create({ data: { id, userId, ...sealTraveler(ctx.secrets, userId, id, details) } });
          await tx.auditLog.create({ data: auditData(req, { action: 'traveler.create', targetType: 'traveler', targetId: id, details: {} }) });
          return created;
        });
        res.status(201).location(`${req.baseUrl}/${id}`).json(openTraveler(ctx.secrets, row));
      },

      getTraveler: async (req, res) => {
        res.json(openTraveler(ctx.secrets, await ownRow(req)));
      },

      replaceTraveler: async (req, res) => {
        const existing = await ownRow(req);
        const details = parseRequest(travelerDetailsSchema, req.body, 'body');
        const row = await prisma.$transaction(async (tx) => {
          const updated = await tx.traveler.update({ where: { id: existing.id }, data: sealTraveler(ctx.secrets, existing.userId, existing.id, details) });
          await tx.auditLog.create({ data: auditData(req, { action: 'traveler.update', targetType: 'traveler', targetId: existing.id, details: {} }) });
          return updated;
        });
        res.json(openTraveler(ctx.secrets, row));
      },

      deleteTraveler: async (req, res) => {
        const existing = await ownRow(req);
        await prisma.$transaction(async (tx) => {
          await tx.traveler.deleteMany({ where: { id: existing.id, userId: existing.userId } });
          await tx.auditLog.create({ data: auditData(req, { action: 'traveler.delete', targetType: 'traveler', targetId: existing.id, details: {} }) });
        });
        res.status(204).end();
      },
    }),
  );
  return router;
}
