// The trip event log: append-only, gap-free `seq` per trip, idempotent by writer key, published on Redis
// for every API node to relay to Socket.IO rooms. Postgres is the source of truth; Redis is the fan-out.
// Reply deltas (the reply as the model writes it) are ephemeral: published on a channel of their own,
// relayed live, never stored; the durable `message` event carries the whole reply.
import type { Redis } from 'ioredis';
import type { PrismaClient } from './db.js';
import type { Logger } from './logger.js';
import type { ReplyDelta, TripEventRecord } from '../contracts/realtime.js';

export interface TripEventInput {
  /** Writer's idempotency key, unique per trip (a retried activity appends once). */
  key: string;
  type: string;
  payload: Record<string, unknown>;
}

/**
 * A turn's progress events in order, without making its work wait for each write: the first event goes
 * out at once, the ones queued meanwhile together in the next statement (TripEventLog.appendMany), and
 * the round trips overlap the steps' CPU. `flush()` resolves when every queued event is stored, or
 * rejects with the first write's failure (the activity then fails and its retry appends by key, once).
 */
export class TripEventBatch {
  private queue: TripEventInput[] = [];
  private writing: Promise<void> | null = null;
  private failure: unknown = null;

  /**
   * `after`: a write these events must follow in the trip's log (the turn's message, stored while the step
   * already runs); none is written before it, and none if it fails (its failure is then the batch's).
   */
  constructor(
    private readonly log: TripEventLog,
    private readonly tripId: string,
    private readonly after?: Promise<unknown>,
  ) {}

  append(event: TripEventInput): void {
    this.queue.push(event);
    this.writing ??= this.drain();
  }

  async flush(): Promise<void> {
    // With nothing queued, still the write the batch follows: a flushed batch means it, too, was stored.
    await (this.writing ?? this.followed());
    if (this.failure !== null) throw this.failure;
  }

  private async followed(): Promise<void> {
    await this.after?.catch((error: unknown) => {
      this.failure ??= error;
    });
  }

  private async drain(): Promise<void> {
    try {
      // Only when there is one: an await here would hold back the first event, which goes out at once.
      if (this.after) await this.followed();
      while (this.queue.length > 0 && this.failure === null) {
        const batch = this.queue;
        this.queue = [];
        await this.log.appendMany(this.tripId, batch).catch((error: unknown) => {
          this.failure = error;
        });
      }
    } finally {
      this.writing = null;
    }
  }
}

export class TripEventLog {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly publisher: Redis,
    private readonly channelPrefix: string,
    private readonly logger: Logger,
  ) {}

  /** Redis channel of a trip's events (channels are not covered by ioredis' keyPrefix, so prefix here). */
  channel(tripId: string): string {
    return `${this.channelPrefix}trip-events:${tripId}`;
  }

  /** Pattern matching every trip's channel, for API nodes that relay all trips. */
  channelPattern(): string {
    return `${this.channelPrefix}trip-events:*`;
  }

  /** Redis channel of a trip's ephemeral events (reply deltas). */
  liveChannel(tripId: string): string {
    return `${this.channelPrefix}trip-live:${tripId}`;
  }

  /** Pattern matching every trip's ephemeral channel. */
  liveChannelPattern(): string {
    return `${this.channelPrefix}trip-live:*`;
  }

  /**
   * Publishes a reply delta for the API nodes to relay, without storing it: whoever is not connected
   * misses it (and reads the reply from the durable message). Best effort: a failed publish is logged.
   */
  async publishReplyDelta(delta: ReplyDelta): Promise<void> {
    try {
      await this.publisher.publish(this.liveChannel(delta.tripId), JSON.stringify(delta));
    } catch (error) {
      this.logger.warn({ err: error, tripId: delta.tripId }, 'reply delta publish failed');
    }
  }

  async append(tripId: string, event: TripEventInput): Promise<TripEventRecord> {
    const [record] = await this.appendMany(tripId, [event]);
    if (!record) throw new Error('append produced no event');
    return record;
  }

  /**
   * Appends events in order, each exactly once per key, in one statement: the counter moves by the batch's
   * size and the rows go in together, so they commit as one and the trip row lock serializes concurrent
   * writers: seq has no gaps. A key that already exists (a retried writer) fails the statement as a whole,
   * rolling the counter back; the batch is then appended event by event, and an existing event is returned
   * and published again (the writer that stored it may have died between its commit and its publish;
   * subscribers drop what they already have by seq). The common case is one round trip.
   */
  async appendMany(tripId: string, inputs: TripEventInput[]): Promise<TripEventRecord[]> {
    if (inputs.length === 0) return [];
    let records: TripEventRecord[];
    try {
      records = await this.insert(tripId, inputs);
    } catch (error) {
      if (inputs.length === 1) {
        const winner = await this.findByKey(tripId, inputs[0]!.key);
        if (!winner) throw error;
        records = [winner];
      } else {
        records = [];
        for (const input of inputs) records.push(...(await this.appendMany(tripId, [input])));
        return records;
      }
    }
    // One connection sends commands in call order: subscribers see the batch in seq order.
    await Promise.all(records.map((record) => this.publish(record)));
    return records;
  }

  private async insert(tripId: string, inputs: TripEventInput[]): Promise<TripEventRecord[]> {
    const rows = await this.prisma.$queryRaw<{ seq: number; createdAt: Date }[]>`
      WITH next AS (
        UPDATE trips SET "lastEventSeq" = "lastEventSeq" + ${inputs.length} WHERE id = ${tripId}::uuid RETURNING "lastEventSeq"
      )
      INSERT INTO trip_events ("tripId", seq, type, payload, key)
      SELECT ${tripId}::uuid, next."lastEventSeq" - ${inputs.length} + event.position, event.type, event.payload, event.key
      FROM next, jsonb_to_recordset(${JSON.stringify(inputs.map((input, index) => ({ position: index + 1, ...input })))}::jsonb)
        AS event(position int, type text, payload jsonb, key text)
      RETURNING seq, "createdAt"`;
    if (rows.length === 0) throw new Error(`trip ${tripId} does not exist`);
    return rows
      .sort((a, b) => a.seq - b.seq)
      .map((row, index) => ({ tripId, seq: row.seq, type: inputs[index]!.type, payload: inputs[index]!.payload, createdAt: row.createdAt.toISOString() }));
  }

  /** Events after `afterSeq`, oldest first. */
  async after(tripId: string, afterSeq: number, limit = 200): Promise<TripEventRecord[]> {
    const rows = await this.prisma.tripEvent.findMany({ where: { tripId, seq: { gt: afterSeq } }, orderBy: { seq: 'asc' }, take: limit });
    return rows.map(toRecord);
  }

  private async findByKey(tripId: string, key: string): Promise<TripEventRecord | null> {
    const row = await this.prisma.tripEvent.findUnique({ where: { tripId_key: { tripId, key } } });
    return row ? toRecord(row) : null;
  }

  private async publish(record: TripEventRecord): Promise<void> {
    try {
      await this.publisher.publish(this.channel(record.tripId), JSON.stringify(record));
    } catch (error) {
      // Subscribers catch up from Postgres by seq, so a lost publish delays an event but loses nothing.
      this.logger.warn({ err: error, tripId: record.tripId, seq: record.seq }, 'trip event publish failed');
    }
  }
}

function toRecord(row: { tripId: string; seq: number; type: string; payload: unknown; createdAt: Date }): TripEventRecord {
  return { tripId: row.tripId, seq: row.seq, type: row.type, payload: (row.payload ?? {}) as Record<string, unknown>, createdAt: row.createdAt.toISOString() };
}
