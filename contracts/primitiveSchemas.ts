// zod schemas for the primitives (contracts/primitives.ts), plain zod so the agents' tools, the MCP server
// and domain/schemas.ts use them as well as the API's contracts. `.meta()` is zod's own metadata, which
// the OpenAPI generator reads.
import { z } from 'zod';
import { ISO_DATE_SHAPE, isIsoDate, THREE_LETTER_CODE } from './primitives.js';

/** A real calendar date; a malformed one gets one reason (abort), not also "not a real date". */
export const isoDateSchema = z
  .string()
  .regex(ISO_DATE_SHAPE, { error: 'must be a date YYYY-MM-DD', abort: true })
  .refine(isIsoDate, 'must be a real calendar date')
  .meta({ format: 'date', example: '2027-03-05' });

export const iataCodeSchema = z.string().regex(THREE_LETTER_CODE, 'must be a 3-letter IATA code such as LIS');

export const currencyCodeSchema = (message = 'must be an ISO 4217 currency code such as EUR') => z.string({ error: message }).regex(THREE_LETTER_CODE, message);
