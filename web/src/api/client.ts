// The typed HTTP client: JSON in and out, problem+json errors as ApiError, the access token attached,
// and one transparent refresh (rotating refresh token, single flight) when the access token expired.
import type { AuthSessionResponse } from '../../../contracts/auth.js';
import type { EditConflictDetails } from '../../../domain/trip.js';
import { sessionStore } from '../auth/session.js';
import { CACHED_AT_HEADER, offlineCopies } from '../lib/offlineCopies.js';

export interface FieldProblem {
  field: string;
  reason: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
  requestId?: string;
  /** 409 edit conflict: the other person's change since the version this one was based on. */
  conflict?: EditConflictDetails;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }

  /** Field errors keyed by field path without the `body.` prefix the API may add. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const { field, reason } of this.problem.errors ?? []) out[field.replace(/^(body|query)\./, '')] ??= reason;
    return out;
  }
}

/** No answer from the API at all (offline, the server down or restarting): fetch itself rejected. */
export class NetworkError extends Error {
  constructor(cause?: unknown) {
    super("Can't reach TripSage", { cause });
    this.name = 'NetworkError';
  }
}

/** True for a request that got no answer (so retrying the same request later may work). */
export const isNetworkError = (error: unknown): boolean => error instanceof NetworkError || error instanceof TypeError;

type Listener = () => void;
const reachabilityListeners = new Set<Listener>();
let lastReached = true;

/** Whether the last request to the API got an answer: the header says "Offline" when it did not. */
export const apiReachability = {
  get: (): boolean => lastReached,
  subscribe(listener: Listener): () => void {
    reachabilityListeners.add(listener);
    return () => reachabilityListeners.delete(listener);
  },
  set(reached: boolean): void {
    if (reached === lastReached) return;
    lastReached = reached;
    for (const listener of reachabilityListeners) listener();
  },
};

/** fetch, with "no answer" as a NetworkError (fetch's own TypeError says "Failed to fetch"). */
async function reach(input: string, init?: RequestInit): Promise<Response> {
  try {
    const response = await fetch(input, init);
    // A copy from the service worker's cache, or a proxy's 502/503/504 without the API behind it, is no answer from TripSage.
    apiReachability.set(!response.headers.get(CACHED_AT_HEADER) && !(response.status >= 502 && response.status <= 504 && !response.headers.get('content-type')?.includes('json')));
    return response;
  } catch (error) {
    apiReachability.set(false);
    throw new NetworkError(error);
  }
}

/** What went wrong, in the traveler's words (never "Failed to fetch" or a bare status code). */
export function errorText(error: unknown): string {
  if (error instanceof NetworkError || error instanceof TypeError) return "Can't reach TripSage. Check your connection.";
  if (error instanceof ApiError) {
    if (error.status >= 500) return 'TripSage is having trouble right now. Try again in a minute.';
    if (error.status === 429) return 'Too many requests in a short time. Wait a moment, then try again.';
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let refreshing: Promise<boolean> | null = null;

/** Exchanges the refresh token for a new session once, however many requests ask at the same time. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const session = sessionStore.get();
    if (!session) return false;
    try {
      const response = await fetch('/api/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      });
      if (!response.ok) {
        if (response.status === 401) sessionStore.set(null);
        return false;
      }
      sessionStore.set((await response.json()) as AuthSessionResponse);
      return true;
    } catch {
      return false;
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function send<T>(method: Method, path: string, body?: unknown, extraHeaders: Record<string, string> = {}, retry = true): Promise<T> {
  const session = sessionStore.get();
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (session) headers.authorization = `Bearer ${session.accessToken}`;
  const response = await reach(`/api${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
  if (method === 'GET') offlineCopies.note(path, response.headers.get(CACHED_AT_HEADER));
  if (response.status === 401 && session && retry && !path.startsWith('/auth/')) {
    if (await refreshSession()) return send<T>(method, path, body, extraHeaders, false);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const problem: Problem = isProblem(parsed) ? parsed : { title: response.statusText || 'Request failed', status: response.status };
    throw new ApiError(response.status, problem);
  }
  return parsed as T;
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'title' in value && 'status' in value;
}

export const api = {
  get: <T>(path: string) => send<T>('GET', path),
  /** `idempotencyKey` makes a retried POST answer the first result (routes that support Idempotency-Key). */
  post: <T>(path: string, body?: unknown, options: { idempotencyKey?: string } = {}) =>
    send<T>('POST', path, body ?? {}, options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
  put: <T>(path: string, body: unknown) => send<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => send<T>('PATCH', path, body),
  delete: (path: string) => send<void>('DELETE', path),
};

/** A file from the API (e.g. the trip's .ics) handed to the browser as a download, with the session attached. */
export async function downloadFile(path: string, fileName: string, retry = true): Promise<void> {
  const session = sessionStore.get();
  const response = await reach(`/api${path}`, { headers: session ? { authorization: `Bearer ${session.accessToken}` } : {} });
  if (response.status === 401 && session && retry && (await refreshSession())) return downloadFile(path, fileName, false);
  if (!response.ok) {
    const parsed: unknown = await response.json().catch(() => undefined);
    throw new ApiError(response.status, isProblem(parsed) ? parsed : { title: response.statusText || 'Download failed', status: response.status });
  }
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `?a=1&b=2` from the defined, non-empty values. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const isNotFound = (error: unknown): boolean => error instanceof ApiError && (error.status === 404 || error.status === 403);
