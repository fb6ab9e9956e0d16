// Planning helpers over HTTP, mounted at /api/plan.
// POST /parse { text, referenceDate? } → 200 { request, mentioned }: what the offline request parser
// (agents/parse/) understands from a traveller's message, without starting a trip.
// Each operation's method, path and OpenAPI description are defined once, in api/openapi/platform.ts
// (planRoutes); this module gives each its handler.
import type { Router } from 'express';
import { z } from 'zod';
import { parseTripRequest } from '../../agents/parse/index.js';
import { planParseRequestSchema } from '../../domain/schemas.js';
import { loadPlaces } from '../../domain/places.js';
import { HttpError } from '../errors.js';
import { AIRPORT_CODES_PATTERN, isThreeLetterCode } from '../../contracts/primitives.js';
import { fieldProblems } from '../validation.js';
import { planRoutes } from '../openapi/platform.js';

export const MAX_AIRPORT_CODES = 20;

const airportsQuerySchema = z.object({
  codes: z
    .string({ error: 'is required' })
    .regex(AIRPORT_CODES_PATTERN, `must be 1-${MAX_AIRPORT_CODES} comma-separated 3-letter IATA airport codes`)
    .transform((value) => [...new Set(value.split(',').map((code) => code.trim().toUpperCase()))])
    .refine((codes) => codes.length <= MAX_AIRPORT_CODES, `must list at most ${MAX_AIRPORT_CODES} codes`)
    .refine((codes) => codes.every(isThreeLetterCode), 'must be comma-separated 3-letter IATA airport codes'),
});

export function createPlanRouter(): Router {
  // Load the airport datasets now rather than on the first request; a failure surfaces there as a 500.
  loadPlaces().catch(() => undefined);

  return planRoutes.router({
    parseTripRequest: async (req, res) => {
      const body = planParseRequestSchema.safeParse(req.body, { reportInput: true });
      if (!body.success) throw new HttpError(400, 'Bad Request', 'Invalid request body', fieldProblems(body.error));
      const referenceDate = body.data.referenceDate ?? new Date().toISOString().slice(0, 10);
      const { request, mentioned } = await parseTripRequest(body.data.text, { referenceDate });
      res.status(200).json({ request, mentioned });
    },

    // GET /airports?codes=LIS,MAD → where the trip's airports are, for the trip map (public reference data).
    locateAirports: async (req, res) => {
      const query = airportsQuerySchema.safeParse(req.query, { reportInput: true });
      if (!query.success) throw new HttpError(400, 'Bad Request', 'Invalid query parameters', fieldProblems(query.error));
      const places = await loadPlaces();
      const airports = query.data.codes.flatMap((code) => {
        const airport = places.airport(code);
        return airport ? [{ iata: airport.iata, name: airport.name, cityName: airport.cityName, latitude: airport.latitude, longitude: airport.longitude }] : [];
      });
      res.status(200).json({ items: airports, nextCursor: null });
    },
  });
}
