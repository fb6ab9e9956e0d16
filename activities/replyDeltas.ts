// The reply streamed to the traveler while the model writes it: the model's pieces, coalesced so a fast
// model does not send one Redis publish and one Socket.IO frame per token. The first piece goes out at
// once (time to first token is what the traveler feels); after that at most one delta per interval,
// carrying everything written meanwhile.
import type { ReplyDelta } from '../contracts/realtime.js';

/** Shortest time between two deltas of one reply. */
export const REPLY_DELTA_INTERVAL_MS = 30;

export interface ReplyDeltaStream {
  /** Adds text the model wrote. */
  push(text: string): void;
  /** Sends what is still held back; resolves once every delta has been published (in order). */
  finish(): Promise<void>;
}

export function replyDeltaStream(
  publish: (delta: Pick<ReplyDelta, 'delta' | 'index'>) => Promise<void>,
  options: { intervalMs?: number; now?: () => number } = {},
): ReplyDeltaStream {
  const intervalMs = options.intervalMs ?? REPLY_DELTA_INTERVAL_MS;
  const now = options.now ?? (() => performance.now());
  let held = '';
  let index = 0;
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  // Publishes run one after another, so deltas reach Redis (and the browser) in index order.
  let published = Promise.resolve();

  const send = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!held) return;
    const delta = { delta: held, index: index++ };
    held = '';
    lastSentAt = now();
    // A lost delta must neither stop the ones after it nor fail the step: the durable reply follows anyway.
    published = published.then(() => publish(delta)).catch(() => undefined);
  };

  return {
    push(text) {
      if (!text) return;
      held += text;
      const wait = lastSentAt + intervalMs - now();
      if (wait <= 0) send();
      else timer ??= setTimeout(send, wait);
    },
    finish() {
      send();
      return published;
    },
  };
}
