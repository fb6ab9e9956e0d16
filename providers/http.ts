// Deadlines, cancellation and error mapping shared by the HTTP-backed providers.
import { ProviderError } from './types.js';

/**
 * Runs `work` under a deadline and the caller's AbortSignal. `work` receives a signal that aborts on
 * either; the returned promise settles as soon as either fires even if `work` ignores its signal (SDKs
 * without cancellation). A timeout rejects with a retryable ProviderError; a caller abort with the
 * caller's own reason (an AbortError), untouched.
 */
export async function withDeadline<T>(
  provider: string,
  what: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  signal?.throwIfAborted();
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new ProviderError(provider, `${what} timed out after ${timeoutMs} ms`, true)),
    timeoutMs,
  );
  const combined = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(combined.reason);
    combined.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work(combined), aborted]);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (deadline.signal.aborted) throw deadline.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
    if (onAbort) combined.removeEventListener('abort', onAbort);
  }
}

/** 408, 425, 429 and 5xx are worth retrying; other 4xx are the request's fault. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** Any error as a ProviderError: HTTP-less failures (DNS, reset, refused) are retryable. */
export function asProviderError(provider: string, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(provider, `request failed: ${message}`, true);
}

/** Joins a base URL (which may carry a path prefix) and a relative API path. */
export function apiUrl(base: string, path: string): URL {
  return new URL(path.replace(/^\/+/, ''), base.endsWith('/') ? base : `${base}/`);
}
