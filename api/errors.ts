// Errors leave the API as RFC 9457 problem+json: a status, a title, the field and reason when known,
// the request id; never a stack trace.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../infra/logger.js';
import { dependencyLabel, unavailableDependency, type Dependency } from '../infra/unavailable.js';

export interface FieldProblem {
  field: string;
  reason: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldProblem[],
    readonly headers: Record<string, string> = {},
    /** Extra problem members (RFC 9457 extensions), e.g. where to check an outcome, or an edit conflict. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.name = 'HttpError';
  }
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'Not Found', `No route for ${req.method} ${req.path}`));
};

export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const requestId = String(req.id ?? '');
    const problem = toHttpError(error);
    // An outage is logged (with the real error) but is not a bug: a warning, not an error.
    if (problem.status === 503) logger.warn({ err: error, requestId }, 'service unavailable');
    else if (problem.status >= 500) logger.error({ err: error, requestId }, 'request failed');
    res
      .status(problem.status)
      .set(problem.headers)
      .type('application/problem+json')
      .json({
        type: 'about:blank',
        title: problem.title,
        status: problem.status,
        ...(problem.detail !== undefined && { detail: problem.detail }),
        ...(problem.errors !== undefined && { errors: problem.errors }),
        ...problem.extensions,
        instance: req.originalUrl,
        requestId,
      });
  };
}

/** Seconds a client is told to wait (Retry-After) when a dependency is down. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** 503 for an unreachable dependency: what is down in plain words, when to retry, no internal text. */
export function unavailableError(dependency: Dependency, detail?: string, extensions?: Record<string, string>): HttpError {
  return new HttpError(
    503,
    'Service Unavailable',
    detail ?? `${capitalize(dependencyLabel[dependency])} is unavailable; retry in ${UNAVAILABLE_RETRY_AFTER_SECONDS} s.`,
    undefined,
    { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
    extensions,
  );
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  const dependency = unavailableDependency(error);
  if (dependency) return unavailableError(dependency);
  // body-parser errors carry a status (400 bad JSON, 413 too large) and are safe to describe.
  if (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number') {
    const status = error.status;
    if (status >= 400 && status < 500) {
      const type = 'type' in error && typeof error.type === 'string' ? error.type : '';
      return new HttpError(status, status === 413 ? 'Payload Too Large' : 'Bad Request', describeClientError(type));
    }
  }
  return new HttpError(500, 'Internal Server Error', 'An unexpected error occurred; quote the requestId when reporting it.');
}

function describeClientError(type: string): string {
  switch (type) {
    case 'entity.parse.failed':
      return 'The request body is not valid JSON.';
    case 'entity.too.large':
      return 'The request body is larger than the limit.';
    default:
      return 'The request could not be read.';
  }
}
