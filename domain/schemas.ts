// zod schemas for the trip domain: validation at the edges (API, CLI, activities) with the same rules
// everywhere. Each schema is checked against its plain type in domain/trip.ts.
import { z } from 'zod';
import {
  cabinClasses,
  MAX_CLIENT_MESSAGE_ID_LENGTH,
  MAX_MESSAGE_LENGTH,
  paces,
  suggestionKinds,
  type AgentSuggestionInput,
  type Constraints,
  type Money,
  type PlaceRef,
  type SendMessageInput,
  type TripRequest,
} from './trip.js';

const isoDate = () => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const currency = () => z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as EUR');

export const moneySchema: z.ZodType<Money> = z.object({ amount: z.number().nonnegative().finite(), currency: currency() }).strict();

export const placeRefSchema: z.ZodType<PlaceRef> = z
  .object({ city: z.string().min(1).max(120), iata: z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter IATA code') })
  .strict();

export const tripRequestSchema: z.ZodType<TripRequest> = z
  .object({
    origin: placeRefSchema.nullable(),
    destination: placeRefSchema.nullable(),
    departDate: isoDate().nullable(),
    returnDate: isoDate().nullable(),
    adults: z.number().int().min(1).max(9),
    children: z.number().int().min(0).max(9),
    budget: moneySchema.nullable(),
    cabinClass: z.enum(cabinClasses),
    interests: z.array(z.string().min(1).max(40)).max(20),
  })
  .strict();

export const constraintsSchema: z.ZodType<Constraints> = z
  .object({
    departDate: isoDate().nullable(),
    returnDate: isoDate().nullable(),
    budget: moneySchema.nullable(),
    adults: z.number().int().min(1).max(9),
    children: z.number().int().min(0).max(9),
    cabinClass: z.enum(cabinClasses),
    interests: z.array(z.string().trim().min(1).max(40)).max(20),
    pace: z.enum(paces),
  })
  .partial()
  .strict()
  .refine((value) => Object.keys(value).length > 0, 'at least one constraint is required')
  .refine((value) => !value.departDate || !value.returnDate || value.returnDate >= value.departDate, {
    message: 'returnDate must not be before departDate',
    path: ['returnDate'],
  });

export const sendMessageSchema: z.ZodType<SendMessageInput> = z
  .object({
    text: z.string().trim().min(1, 'must not be empty').max(MAX_MESSAGE_LENGTH, `must be at most ${MAX_MESSAGE_LENGTH} characters`),
    clientMessageId: z
      .string()
      .min(1)
      .max(MAX_CLIENT_MESSAGE_ID_LENGTH)
      .regex(/^[\w.:-]+$/, 'may contain letters, digits, . _ : - only'),
  })
  .strict();

export const agentSuggestionSchema: z.ZodType<AgentSuggestionInput> = z
  .object({
    source: z.string().min(1).max(100),
    kind: z.enum(suggestionKinds),
    payload: z.record(z.string(), z.unknown()),
  })
  .strict();
