// `npm run -s plan:parse -- [--reference-date YYYY-MM-DD] "<request text>"`: runs the offline request
// parser (agents/parse/) and prints the TripRequest it understood as exactly one JSON object
// on stdout. Relative dates ("next Friday") are read against --reference-date, by default today (UTC).
// Bad usage: a message on stderr and exit status 64 (EX_USAGE).
import { parseArgs } from 'node:util';
import { parseTripRequest } from '../agents/parse/index.js';
import { isIsoDate } from '../contracts/primitives.js';
import { tripRequestSchema } from '../domain/schemas.js';

const USAGE = 'usage: npm run -s plan:parse -- [--reference-date YYYY-MM-DD] "<request text>"';
const EX_USAGE = 64;
const EX_SOFTWARE = 70;

function usageError(message: string): never {
  console.error(`plan:parse: ${message}\n${USAGE}`);
  process.exit(EX_USAGE);
}

const parsed = (() => {
  try {
    return parseArgs({
      args: process.argv.slice(2),
      options: { 'reference-date': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
})();

if (parsed.values.help) {
  console.log(USAGE);
  process.exit(0);
}
const text = parsed.positionals.join(' ').trim();
if (!text) usageError('the request text is missing');
if (text.length > 2000) usageError('the request text is longer than 2000 characters');
const referenceDate = parsed.values['reference-date'] ?? new Date().toISOString().slice(0, 10);
if (!isIsoDate(referenceDate)) usageError(`--reference-date must be a date YYYY-MM-DD, got "${referenceDate}"`);

try {
  const { request } = await parseTripRequest(text, { referenceDate });
  process.stdout.write(`${JSON.stringify(tripRequestSchema.parse(request), null, 2)}\n`);
} catch (error) {
  console.error(`plan:parse: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(EX_SOFTWARE);
}
