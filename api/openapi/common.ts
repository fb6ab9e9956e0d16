// OpenAPI building blocks every path registration uses (api/openapi/*): the registration type, the
// security requirements and the shared problem+json responses.
import type { OpenAPIRegistry, ResponseConfig, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { problemSchema, type z } from '../../contracts/common.js';

/** Adds this module's schemas and paths to the document (see api/openapi.ts). */
export type OpenApiRegistration = (registry: OpenAPIRegistry) => void;

export const SECURITY = {
  /** A traveler's session (JWT access token). */
  bearer: 'bearerAuth',
  /** An AI agent's API key. */
  apiKey: 'apiKeyAuth',
} as const;

type SecurityRequirements = Record<string, string[]>[];

/** Routes open to a traveler's session and to API keys holding the named scope. */
export const sessionOrKey: SecurityRequirements = [{ [SECURITY.bearer]: [] }, { [SECURITY.apiKey]: [] }];
/** Routes only a signed-in traveler (not an API key) may call. */
export const sessionOnly: SecurityRequirements = [{ [SECURITY.bearer]: [] }];

const problem = (description: string): ResponseConfig => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });

export const problems = {
  400: problem('Invalid input: `errors` lists each field, including every unknown field.'),
  401: problem('Missing or invalid credentials.'),
  403: problem('The API key lacks the scope, or the caller\'s role on the trip does not allow this.'),
  404: problem('No such resource, or the caller may not see it (never distinguished).'),
  409: problem('The resource\'s state does not allow this (e.g. the trip is archived).'),
  413: problem('The request body is larger than 64 KiB.'),
  415: problem('The request has a body that is not `application/json`.'),
  422: problem(
    'The input has the documented shape but breaks a rule the schema can only state in words (a date in the past, a date ' +
      'before another, a cursor this API did not issue, …; see the operation\'s description): `errors` names the field and reason.',
  ),
  429: problem('Rate limit exceeded; retry after `Retry-After` seconds.'),
  503: problem('A service the request needs (e.g. the workflow service) is unavailable; retry after `Retry-After` seconds.'),
} as const;

/** The shared problem responses for these statuses, to spread into an operation's `responses`. */
export function problemsFor<const Status extends keyof typeof problems>(...statuses: Status[]): Pick<typeof problems, Status> {
  return Object.fromEntries(statuses.map((status) => [status, problems[status]])) as Pick<typeof problems, Status>;
}

export function json(schema: z.ZodType, description: string): ResponseConfig {
  return { description, content: { 'application/json': { schema } } };
}

export function jsonBody(schema: z.ZodType): NonNullable<RouteConfig['request']>['body'] {
  return { required: true, content: { 'application/json': { schema } } };
}

/** Registers a problem component and the shared error responses once per document. */
export const registerCommonOpenApi: OpenApiRegistration = (registry) => {
  registry.register('Problem', problemSchema);
};
