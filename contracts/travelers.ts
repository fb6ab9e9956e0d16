// Request and response schemas of /api/travelers: a traveler's saved passengers (names as on the
// passport, date of birth, contact), the details an airline order needs (Duffel `passengers[]`).
import { travelerGenders, travelerTitles } from '../domain/checkout.js';
import { RULE_ISSUE_PARAMS } from '../domain/schemas.js';
import { dateTimeSchema, uuidSchema, z } from './common.js';
import { isoDateSchema } from './primitiveSchemas.js';
import { listEnvelope } from './list.js';

export const MAX_SAVED_TRAVELERS = 20;
export const OLDEST_YEARS = 120;

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
    bornOn: isoDateSchema.superRefine(bornOnRule),
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
