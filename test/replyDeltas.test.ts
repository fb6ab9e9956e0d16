// Reply deltas as the activity publishes them: the first piece at once, then at most one delta per
// interval carrying everything written meanwhile, in index order, all of it published by finish().
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { replyDeltaStream } from '../activities/replyDeltas.js';

describe('replyDeltaStream', () => {
  // The fake timers' clock: Date.now() reads the time each timer fires at.
  const now = () => Date.now();
  const advance = (ms: number) => jest.advanceTimersByTimeAsync(ms);

  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('sends the first piece at once and coalesces what follows within the interval', async () => {
    const published: { delta: string; index: number }[] = [];
    const stream = replyDeltaStream(async (delta) => void published.push(delta), { intervalMs: 30, now });
    stream.push('Trip');
    await advance(0);
    expect(published).toEqual([{ delta: 'Trip', index: 0 }]);
    // Tokens every 10 ms: held, then sent together once the interval has passed.
    await advance(10);
    stream.push(' to');
    await advance(10);
    stream.push(' Lisbon');
    expect(published).toHaveLength(1);
    await advance(10);
    expect(published.at(-1)).toEqual({ delta: ' to Lisbon', index: 1 });
    await advance(10);
    stream.push(',');
    expect(published).toHaveLength(2);
    await advance(100);
    expect(published.at(-1)).toEqual({ delta: ',', index: 2 });
    // After a pause longer than the interval a piece goes out at once again.
    stream.push(' 12–19 June');
    await advance(0);
    expect(published.at(-1)).toEqual({ delta: ' 12–19 June', index: 3 });
    stream.push('.');
    await stream.finish();
    expect(published.map((delta) => delta.delta).join('')).toBe('Trip to Lisbon, 12–19 June.');
    expect(published.map((delta) => delta.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('publishes in order even when a publish is slow, and a failed publish does not stop the rest', async () => {
    const published: string[] = [];
    let calls = 0;
    const stream = replyDeltaStream(
      async ({ delta }) => {
        calls += 1;
        if (calls === 1) await new Promise((resolve) => setTimeout(resolve, 100));
        if (calls === 2) throw new Error('redis down');
        published.push(delta);
      },
      { intervalMs: 30, now },
    );
    stream.push('a');
    await advance(40);
    stream.push('b');
    await advance(40);
    stream.push('c');
    const finished = stream.finish();
    await advance(100);
    await finished;
    expect(published).toEqual(['a', 'c']);
  });

  it('publishes nothing for an empty reply', async () => {
    const publish = jest.fn(async () => undefined);
    const stream = replyDeltaStream(publish, { now });
    stream.push('');
    await stream.finish();
    expect(publish).not.toHaveBeenCalled();
  });
});
