// Polling for asynchronous outcomes (a workflow reaching a status, an event arriving): the value once
// `done` accepts it, or a timeout error that shows the last value seen.
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, options: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
  throw new Error(`timed out waiting for ${options.what ?? 'a condition'}; last value: ${JSON.stringify(last)?.slice(0, 2_000)}`);
}
