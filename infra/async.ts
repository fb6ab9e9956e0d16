// Small promise helpers shared by infra and API code.

/** `promise`, or an error "<what> timed out after <timeoutMs> ms" once the time is up (the work itself is not stopped). */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  promise.catch(() => undefined); // a late failure after the deadline is not unhandled
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
