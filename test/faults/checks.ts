// What a scenario must show after its fault: no turn, booking, charge or event lost or duplicated, and
// outages answered as the contract says (503 + Retry-After). Read from the platform's own records (the
// database: chat messages, bookings, the trip event log, the sandbox payment provider's ledger) and from
// what the clients saw.
import type pg from 'pg';
import { tripEventNames } from '../../contracts/realtime.js';
import type { Load } from './load.js';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
  lost: number;
  duplicated: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const oneLine = (text: string) => text.replace(/\s+/g, ' ').slice(0, 160);
const sample = (items: string[], count = 4) => (items.length > count ? `${items.slice(0, count).map(oneLine).join('; ')}; … (${items.length} in all)` : items.map(oneLine).join('; '));

/** Every message answered, once: one user and one assistant message per clientMessageId, one reply event. */
export async function checkTurns(load: Load, db: pg.Client): Promise<CheckResult> {
  const turns = load.work.filter((item) => item.kind === 'turn');
  const unanswered = turns.filter((item) => item.outcome !== 'done');
  const problems = unanswered.map((item) => `${item.key}: ${item.outcome} (${item.detail ?? ''})`);
  let duplicated = 0;
  for (const turn of turns) {
    const { rows } = await db.query<{ role: string; count: string }>('SELECT role, count(*) FROM chat_messages WHERE "tripId" = $1 AND "clientMessageId" = $2 GROUP BY role', [turn.tripId, turn.key]);
    const byRole = Object.fromEntries(rows.map((row) => [row.role, Number(row.count)]));
    const replies = await db.query<{ count: string }>(
      `SELECT count(*) FROM trip_events WHERE "tripId" = $1 AND type = 'message' AND payload->>'role' = 'assistant' AND payload->>'clientMessageId' = $2`,
      [turn.tripId, turn.key],
    );
    const replyEvents = Number(replies.rows[0]?.count ?? 0);
    if ((byRole.user ?? 0) > 1 || (byRole.assistant ?? 0) > 1 || replyEvents > 1) {
      duplicated += 1;
      problems.push(`${turn.key}: ${byRole.user ?? 0} user / ${byRole.assistant ?? 0} assistant messages, ${replyEvents} reply events`);
    } else if (turn.outcome === 'done' && ((byRole.assistant ?? 0) !== 1 || replyEvents !== 1)) {
      problems.push(`${turn.key}: answered to the client but ${byRole.assistant ?? 0} stored replies, ${replyEvents} reply events`);
    }
  }
  return { name: 'every message answered once', ok: problems.length === 0, detail: problems.length ? sample(problems) : `${turns.length} turns`, lost: unanswered.length, duplicated };
}

/** Every booking ends (confirmed, failed, …), once: one booking per Idempotency-Key, each status reached once. */
export async function checkBookings(load: Load, db: pg.Client): Promise<CheckResult> {
  const bookings = load.work.filter((item) => item.kind === 'booking');
  const problems: string[] = [];
  const unfinished = bookings.filter((item) => item.outcome === 'lost' || item.outcome === 'pending');
  for (const item of unfinished) problems.push(`${item.key}: ${item.detail ?? 'never ended'}`);
  // A booking that ends failed (its holds released, its charge refunded: checkCharges) degraded; it is not lost.
  const notConfirmed = bookings.filter((booking) => booking.outcome === 'failed').map((item) => `${item.key}: ${item.detail}`);
  let duplicated = 0;
  const tripIds = [...new Set(bookings.map((item) => item.tripId))];
  for (const tripId of tripIds) {
    const keys = bookings.filter((item) => item.tripId === tripId).length;
    const { rows } = await db.query<{ count: string }>('SELECT count(*) FROM bookings WHERE "tripId" = $1', [tripId]);
    const stored = Number(rows[0]?.count ?? 0);
    if (stored > keys) {
      duplicated += stored - keys;
      problems.push(`trip ${tripId}: ${stored} bookings for ${keys} Idempotency-Key(s)`);
    }
  }
  for (const item of bookings.filter((booking) => booking.bookingId)) {
    const { rows } = await db.query<{ status: string; count: string }>(
      `SELECT payload->>'status' AS status, count(*) FROM trip_events WHERE "tripId" = $1 AND type = 'booking.status' AND payload->>'bookingId' = $2 AND payload ? 'status' GROUP BY 1 HAVING count(*) > 1`,
      [item.tripId, item.bookingId],
    );
    for (const row of rows) {
      duplicated += 1;
      problems.push(`${item.key}: status ${row.status} recorded ${row.count} times`);
    }
  }
  return { name: 'every booking terminal, none twice', ok: problems.length === 0, detail: problems.length ? sample(problems) : `${bookings.length - notConfirmed.length} confirmed, ${notConfirmed.length} ended otherwise${notConfirmed.length ? ` (${sample(notConfirmed, 2)})` : ''}`, lost: unfinished.length, duplicated };
}

/** Exactly one charge per confirmed booking; any charge of a booking that did not confirm refunded. */
export async function checkCharges(load: Load, db: pg.Client): Promise<CheckResult> {
  const bookings = load.work.filter((item) => item.kind === 'booking' && item.bookingId);
  const problems: string[] = [];
  let duplicated = 0;
  let lost = 0;
  for (const item of bookings) {
    const { rows: [booking] } = await db.query<{ status: string }>('SELECT status FROM bookings WHERE id = $1', [item.bookingId]);
    const { rows: charges } = await db.query<{ reference: string; refunded: boolean }>(
      `SELECT c.reference, EXISTS (SELECT 1 FROM sandbox_operations r WHERE r.kind = 'refund' AND r."targetReference" = c.reference) AS refunded
         FROM sandbox_operations c WHERE c.kind = 'charge' AND c."idempotencyKey" LIKE $1`,
      [`${item.bookingId}:charge%`],
    );
    const kept = charges.filter((charge) => !charge.refunded).length;
    if (booking?.status === 'confirmed') {
      if (charges.length !== 1 || kept !== 1) {
        if (kept > 1 || charges.length > 1) duplicated += 1;
        else lost += 1;
        problems.push(`${item.key} confirmed with ${charges.length} charge(s), ${kept} kept`);
      }
    } else if (kept > 0) {
      duplicated += 1;
      problems.push(`${item.key} ${booking?.status ?? 'missing'} but ${kept} charge(s) kept (not refunded)`);
    }
  }
  return { name: 'one charge per confirmed booking', ok: problems.length === 0, detail: problems.length ? sample(problems) : `${bookings.length} bookings checked`, lost, duplicated };
}

const SENT_TYPES = Object.keys(tripEventNames);

/**
 * Each trip's event log is gap-free (seq 1..lastEventSeq), and its Socket.IO client, after dedupe by seq,
 * received every event it is sent (the listed types) — waiting a while for catch-up after the fault.
 */
export async function checkEvents(load: Load, db: pg.Client, catchUpMs: number): Promise<CheckResult> {
  const problems: string[] = [];
  let lost = 0;
  let rawDuplicates = 0;
  const expected = new Map<string, number[]>();
  for (const trip of load.trips) {
    const { rows } = await db.query<{ seq: number; type: string }>('SELECT seq, type FROM trip_events WHERE "tripId" = $1 ORDER BY seq', [trip.tripId]);
    const { rows: [row] } = await db.query<{ lastEventSeq: number }>('SELECT "lastEventSeq" FROM trips WHERE id = $1', [trip.tripId]);
    const gaps = rows.filter((event, index) => event.seq !== index + 1);
    if (gaps.length > 0 || (row?.lastEventSeq ?? 0) !== rows.length) problems.push(`trip ${trip.tripId}: log has ${rows.length} events, lastEventSeq ${row?.lastEventSeq}, first gap at seq ${gaps[0]?.seq ?? '-'}`);
    expected.set(trip.tripId, rows.filter((event) => SENT_TYPES.includes(event.type)).map((event) => event.seq));
  }
  const missingOf = (tripId: string) => {
    const trip = load.trips.find((candidate) => candidate.tripId === tripId);
    return (expected.get(tripId) ?? []).filter((seq) => !trip?.watcher.received.has(seq));
  };
  const deadline = Date.now() + catchUpMs;
  while (Date.now() < deadline && load.trips.some((trip) => missingOf(trip.tripId).length > 0)) await sleep(250);
  for (const trip of load.trips) {
    const missing = missingOf(trip.tripId);
    const unexpected = [...trip.watcher.received.keys()].filter((seq) => !(expected.get(trip.tripId) ?? []).includes(seq));
    rawDuplicates += [...trip.watcher.received.values()].filter((times) => times > 1).length;
    if (missing.length > 0) {
      lost += missing.length;
      problems.push(`trip ${trip.tripId.slice(0, 8)}: socket missed seq ${missing.slice(0, 8).join(',')}${missing.length > 8 ? '…' : ''} of ${expected.get(trip.tripId)?.length}`);
    }
    if (unexpected.length > 0) problems.push(`trip ${trip.tripId.slice(0, 8)}: socket got seq ${unexpected.join(',')} not in the log`);
  }
  const events = [...expected.values()].reduce((sum, seqs) => sum + seqs.length, 0);
  return {
    name: 'event seqs gap-free, each delivered once after dedupe',
    ok: problems.length === 0,
    detail: problems.length ? sample(problems) : `${events} events on ${load.trips.length} sockets (${rawDuplicates} raw redeliveries deduped)`,
    lost,
    duplicated: 0,
  };
}

/** Outages answered as 503 + Retry-After, never a 500; no internal error text in any answer. */
export function checkContract(load: Load): CheckResult {
  const { violations, retried503, failovers } = load.contract;
  const distinct = [...new Set(violations)];
  return {
    name: 'outages answer 503 + Retry-After, no internals',
    ok: violations.length === 0,
    detail: violations.length ? `${violations.length}× ${sample(distinct, 3)}` : `${retried503} 503s retried, ${failovers} failovers`,
    lost: 0,
    duplicated: 0,
  };
}
