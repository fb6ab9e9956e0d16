// A live event refetches what it made stale, with an answer sent after the event: also when the page's
// first load of that query is still on its way (the settle-up that stayed "Everyone is even" beside an
// expense list that showed the new dinner). Real QueryClient and observers, a server that answers late.
import { describe, expect, it } from '@jest/globals';
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { invalidator } from '../../../web/src/realtime/invalidator.js';

/** A server whose answers the test releases one by one; each answer is the server's version when it was asked. */
function lateServer() {
  let version = 0;
  const waiting: (() => void)[] = [];
  return {
    change: () => (version += 1),
    ask: (signal: AbortSignal) =>
      new Promise<number>((resolve, reject) => {
        const asked = version;
        signal.addEventListener('abort', () => reject(new Error('aborted')));
        waiting.push(() => resolve(asked));
      }),
    answerAll: () => waiting.splice(0).forEach((answer) => answer()),
    asked: () => waiting.length,
  };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

function watched(client: QueryClient, server: ReturnType<typeof lateServer>) {
  const observer = new QueryObserver(client, { queryKey: ['settleUp', 't1'], queryFn: ({ signal }) => server.ask(signal), retry: false });
  const seen: (number | undefined)[] = [];
  const unsubscribe = observer.subscribe((result) => seen.push(result.data));
  return { observer, seen, unsubscribe };
}

describe('invalidating on a live event', () => {
  it('asks again when the first load was sent before the change, and shows the later answer', async () => {
    const client = new QueryClient();
    const server = lateServer();
    const { observer, unsubscribe } = watched(client, server);
    await settled();
    expect(server.asked()).toBe(1); // the page's first load, on its way

    server.change(); // the dinner is recorded
    invalidator(client, 0)([['settleUp', 't1']]);
    await settled();
    server.answerAll();
    await settled();
    server.answerAll();
    await settled();

    expect(observer.getCurrentResult().data).toBe(1);
    unsubscribe();
    client.clear();
  });

  it('restarts a refetch in flight when the query has an answer already', async () => {
    const client = new QueryClient();
    const server = lateServer();
    const { observer, unsubscribe } = watched(client, server);
    await settled();
    server.answerAll();
    await settled();
    expect(observer.getCurrentResult().data).toBe(0);

    void observer.refetch(); // a refetch of the old state, on its way
    await settled();
    server.change();
    invalidator(client, 0)([['settleUp', 't1']]);
    await settled();
    server.answerAll();
    await settled();
    expect(observer.getCurrentResult().data).toBe(1);
    unsubscribe();
    client.clear();
  });

  it('fetches each stale query once per batch of events', async () => {
    const client = new QueryClient();
    const server = lateServer();
    const { unsubscribe } = watched(client, server);
    await settled();
    server.answerAll();
    await settled();

    const invalidate = invalidator(client, 10);
    for (let event = 0; event < 100; event += 1) invalidate([['settleUp', 't1'], ['expenses', 't1']]);
    await settled();
    expect(server.asked()).toBe(1);
    server.answerAll();
    unsubscribe();
    client.clear();
  });
});
