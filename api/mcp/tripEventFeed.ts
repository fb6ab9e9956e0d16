// Live trip events for MCP tool calls (a planning turn's progress): the trip's Redis channel, which the
// event log publishes every appended event on (infra/tripEvents.ts), through one subscriber connection per
// API context, open only while some tool call listens (so nothing lingers once calls end). Postgres stays
// the source of truth: a listener catches up by seq for anything a publish missed (api/mcp/server.ts).
import type { Redis } from 'ioredis';
import type { TripEventRecord } from '../../contracts/realtime.js';
import type { ApiContext } from '../context.js';

type Listener = (record: TripEventRecord) => void;
type FeedContext = Pick<ApiContext, 'redis' | 'events' | 'logger' | 'config'>;

class TripEventFeed {
  private subscriber: Redis | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly ctx: FeedContext) {}

  /** Calls `listener` with each event published for the trip until the returned function is called. */
  async listen(tripId: string, listener: Listener): Promise<() => Promise<void>> {
    const channel = this.ctx.events.channel(tripId);
    const subscriber = this.connection();
    let listeners = this.listeners.get(channel);
    if (!listeners) {
      listeners = new Set();
      this.listeners.set(channel, listeners);
      await subscriber.subscribe(channel);
    }
    listeners.add(listener);
    const own = listeners;
    return async () => {
      own.delete(listener);
      if (own.size > 0 || this.listeners.get(channel) !== own) return;
      this.listeners.delete(channel);
      if (this.listeners.size === 0) {
        // Idle: close the connection rather than keep one per API process open for nothing.
        this.subscriber = null;
        await subscriber.quit().catch(() => subscriber.disconnect());
      } else {
        await subscriber.unsubscribe(channel).catch(() => undefined);
      }
    };
  }

  private connection(): Redis {
    if (this.subscriber) return this.subscriber;
    // Channels are not covered by ioredis' keyPrefix (the event log prefixes them itself).
    const subscriber = this.ctx.redis.duplicate({ keyPrefix: '', connectionName: `${this.ctx.config.REDIS_KEY_PREFIX}mcp-trip-events` });
    subscriber.on('message', (channel: string, message: string) => {
      const listeners = this.listeners.get(channel);
      if (!listeners) return;
      let record: TripEventRecord;
      try {
        record = JSON.parse(message) as TripEventRecord;
      } catch {
        return;
      }
      for (const listener of listeners) listener(record);
    });
    subscriber.on('error', (error: Error) => this.ctx.logger.warn({ err: error }, 'MCP trip event subscriber: Redis error (progress catches up from the event log)'));
    this.subscriber = subscriber;
    return subscriber;
  }
}

const feeds = new WeakMap<FeedContext, TripEventFeed>();

/** The context's trip event feed (one subscriber connection per API context, while in use). */
export function tripEventFeed(ctx: FeedContext): TripEventFeed {
  let feed = feeds.get(ctx);
  if (!feed) feeds.set(ctx, (feed = new TripEventFeed(ctx)));
  return feed;
}
