// Request and response schemas of /api/travelers: a traveler's saved passengers (names as on the
// passport, date of birth, contact), the details an airline order needs (Duffel `passengers[]`).
import { travelerGenders, travelerTitles } from '../../domain/checkout.js';
import { RULE_ISSUE_PARAMS } from '../../domain/schemas.js';
import { calendarDateSchema, dateTimeSchema, json, jsonBody, problems, sessionOnly, uuidSchema, z, type OpenApiRegistration } from './common.js';
import { listEnvelope } from './list.js';

export const MAX_SAVED_TRAVELERS = 20;
const OLDEST_YEARS = 120;

const passportName = (what: string) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(60, 'must be at most 60 characters')
    .regex(/^\p{L}[\p{L}\p{M}' .-]*$/u, `must be the ${what} as on the passport (letters, spaces, hyphens, apostrophes)`)
    // The document states a Latin-script subset of the rule without \p{…}, which Python-based tools such as
    // Schemathesis cannot read; names in other scripts are accepted too.
    .openapi({ pattern: "^[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ' .-]*$" });

/** Not in the future and not more than 120 years ago (today is the server's or browser's UTC date when a body is checked). */
const bornOnRule = (bornOn: string, ctx: z.RefinementCtx<string>) => {
  const today = new Date().toISOString().slice(0, 10);
  const oldest = `${Number(today.slice(0, 4)) - OLDEST_YEARS}${today.slice(4)}`;
  if (bornOn > today) ctx.addIssue({ code: 'custom', message: 'must not be in the future', params: RULE_ISSUE_PARAMS });
  else if (bornOn < oldest) ctx.addIssue({ code: 'custom', message: `must be within the last ${OLDEST_YEARS} years`, params: RULE_ISSUE_PARAMS });
};

export const travelerDetailsSchema = z
  .object({
    title: z.enum(travelerTitles, { error: `must be one of ${travelerTitles.join(', ')}` }),
    gender: z.enum(travelerGenders, { error: 'must be f or m, as on the passport' }),
    givenName: passportName('given name(s)'),
    familyName: passportName('family name'),
    bornOn: calendarDateSchema.superRefine(bornOnRule),
    email: z.string().trim().max(254, 'must be at most 254 characters').regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address'),
    phoneNumber: z.string().trim().regex(/^\+[1-9]\d{6,14}$/, 'must be in international format: + and country code, digits only, e.g. +351912345678'),
  })
  .strict()
  .openapi('TravelerDetails', {
    description: 'A passenger as an airline order needs them (Duffel `passengers[]`: title, gender, given_name, family_name, born_on, email, phone_number).',
  });
export type TravelerDetailsBody = z.output<typeof travelerDetailsSchema>;

export const travelerParams = z.object({ id: uuidSchema.openapi({ param: { description: 'Traveler id' } }) }).strict();

export const travelerView = travelerDetailsSchema
  .extend({ id: uuidSchema, createdAt: dateTimeSchema, updatedAt: dateTimeSchema })
  .openapi('Traveler', { description: 'A saved traveler. Stored encrypted (AES-256-GCM); only its owner reads it, with a session.' });

export const travelerListView = listEnvelope(travelerView).openapi('TravelerList');

export const registerTravelersOpenApi: OpenApiRegistration = (registry) => {
  const tags = ['Travelers'];
  const detail = 'A signed-in traveler only (never an API key: these are passport details). Another user\'s traveler is a 404.';
  registry.registerPath({
    method: 'get',
    path: '/api/travelers',
    tags,
    security: sessionOnly,
    summary: 'The caller\'s saved travelers, oldest first',
    description: detail,
    responses: { 200: json(travelerListView, 'The travelers.'), 401: problems[401], 403: problems[403] },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/travelers',
    tags,
    security: sessionOnly,
    summary: 'Save a traveler (reusable across bookings)',
    description: `${detail} At most ${MAX_SAVED_TRAVELERS} per user (409). 422 for a date of birth in the future or more than ${OLDEST_YEARS} years ago.`,
    request: { body: jsonBody(travelerDetailsSchema) },
    responses: { 201: json(travelerView, 'Saved.'), 400: problems[400], 401: problems[401], 403: problems[403], 409: problems[409], 422: problems[422] },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/travelers/{id}',
    tags,
    security: sessionOnly,
    summary: 'One saved traveler',
    description: detail,
    request: { params: travelerParams },
    responses: { 200: json(travelerView, 'The traveler.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404] },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/travelers/{id}',
    tags,
    security: sessionOnly,
    summary: 'Replace a saved traveler\'s details',
    description: `${detail} Bookings already made keep the names they were made with at the airline.`,
    request: { params: travelerParams, body: jsonBody(travelerDetailsSchema) },
    responses: { 200: json(travelerView, 'Replaced.'), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 422: problems[422] },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/travelers/{id}',
    tags,
    security: sessionOnly,
    summary: 'Delete a saved traveler',
    description: `${detail} The encrypted row is deleted.`,
    request: { params: travelerParams },
    responses: { 204: { description: 'Deleted.' }, 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404] },
  });
};
