// The API's one list envelope: every list answers `{items, nextCursor}` (plus, where they mean something,
// fields beside them, e.g. runs' `query`). Plain zod, so schemas built before the OpenAPI extension
// (contracts/auth.ts) use it too.
import { z } from 'zod';

export const NEXT_CURSOR_DESCRIPTION = 'Opaque: pass it back as `cursor` for the next page; null when there is none.';

export function listEnvelope<T extends z.ZodType>(item: T, nextCursorDescription = NEXT_CURSOR_DESCRIPTION) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable().describe(nextCursorDescription) });
}

/** A whole list in one page (the list is bounded): no next page. */
export function wholeList<T>(items: T[]): { items: T[]; nextCursor: null } {
  return { items, nextCursor: null };
}
