// Errors leave the API as RFC 9457 problem+json: a status, a title, the field and reason when known,
// the request id; never a stack trace.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../infra/logger.js';

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
    if (problem.status >= 500) logger.error({ err: error, requestId }, 'request failed');
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
        instance: req.originalUrl,
        requestId,
      });
  };
}

function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
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
