// The MCP tools speak the REST API: each tool makes the REST call it stands for, in the same process
// over loopback, with the MCP caller's own credential. Authentication, scopes, trip authorization,
// validation, audit rows and per-principal rate limits are therefore the REST routes' own, with no second
// copy to drift: an MCP tool can never do what the same key could not do over REST.
import type { Request } from 'express';
import type { FieldProblem } from '../errors.js';

/** A REST problem (problem+json) answered to a tool's call. */
export class RestProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: FieldProblem[] | undefined,
  ) {
    // What a tool error says: the problem in words, each field with its reason.
    super([`${title} (${status})${detail ? `: ${detail}` : ''}`, ...(errors ?? []).map((problem) => `${problem.field}: ${problem.reason}`)].join('\n'));
    this.name = 'RestProblem';
  }
}

export interface RestCallOptions {
  body?: unknown;
  /** RFC 7240 preferences, e.g. `wait=60`. */
  prefer?: string;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export interface RestResponse<T> {
  status: number;
  json: T;
}

export interface RestClient {
  /** Calls `/api<path>` as the MCP caller; a 4xx/5xx answer throws RestProblem. */
  call<T>(method: string, path: string, options?: RestCallOptions): Promise<RestResponse<T>>;
}

/** The headers that carry the caller's identity, forwarded as they came (one of them; REST rejects two that differ). */
const CREDENTIAL_HEADERS = ['authorization', 'x-api-key'] as const;

/** Where this request reached the server: the loopback call goes to the same listener. */
function loopbackOrigin(req: Request): string {
  const address = req.socket.localAddress ?? '127.0.0.1';
  const host = address === '::' || address === '0.0.0.0' ? '127.0.0.1' : address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${req.socket.localPort}`;
}

/**
 * A REST client acting as the MCP request's caller. The request id and client address travel along
 * (the app trusts X-Forwarded-For from loopback), so audit rows and per-IP limits name the real client.
 */
export function restClientFor(req: Request): RestClient {
  const origin = loopbackOrigin(req);
  const identity: Record<string, string> = {};
  for (const name of CREDENTIAL_HEADERS) {
    const value = req.get(name);
    if (value !== undefined) identity[name] = value;
  }
  if (req.id !== undefined) identity['x-request-id'] = String(req.id);
  if (req.ip) identity['x-forwarded-for'] = req.ip;

  return {
    async call<T>(method: string, path: string, options: RestCallOptions = {}): Promise<RestResponse<T>> {
      const headers: Record<string, string> = { ...identity, accept: 'application/json' };
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      if (options.prefer) headers.prefer = options.prefer;
      if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
      const response = await fetch(`${origin}/api${path}`, {
        method,
        headers,
        ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
        ...(options.signal && { signal: options.signal }),
      });
      const text = await response.text();
      const json: unknown = text ? JSON.parse(text) : undefined;
      if (response.status >= 400) {
        const problem = (typeof json === 'object' && json !== null ? json : {}) as { title?: string; detail?: string; errors?: FieldProblem[] };
        throw new RestProblem(response.status, problem.title ?? response.statusText, problem.detail, problem.errors);
      }
      return { status: response.status, json: json as T };
    },
  };
}
