// The typed HTTP client: JSON in and out, problem+json errors as ApiError, the access token attached,
// and one transparent refresh (rotating refresh token, single flight) when the access token expired.
import type { AuthSessionResponse } from '../../../api/schemas/auth.js';
import { sessionStore } from '../auth/session.js';

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
  const response = await fetch(`/api${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
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
  const response = await fetch(`/api${path}`, { headers: session ? { authorization: `Bearer ${session.accessToken}` } : {} });
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
