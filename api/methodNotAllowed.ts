// A method a known API path does not serve is a 405 with `Allow` listing the methods it does serve
// (RFC 9110 §15.5.6), not a 404 that suggests the path does not exist. The methods come from the OpenAPI
// document, which test/api/openapi.test.ts keeps equal to the routers' own route table.
import type { RequestHandler } from 'express';
import { HttpError } from './errors.js';
import type { OpenApiDocument } from './openapi.js';

/** In the order `Allow` lists them. */
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'] as const;

interface DeclaredPath {
  pattern: RegExp;
  methods: Set<string>;
  /** How many `{param}` segments the template has: a concrete path wins over a templated one. */
  params: number;
}

/** `/api/trips/{id}/messages` → a pattern matching `/api/trips/<one segment>/messages`. */
function patternOf(template: string): RegExp {
  const source = template
    .split(/\{[^}/]+\}/)
    .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${source}$`);
}

function declaredPaths(document: OpenApiDocument): DeclaredPath[] {
  return Object.entries(document.paths ?? {}).map(([template, item]) => {
    const methods = new Set(Object.keys(item).map((key) => key.toUpperCase()).filter((key) => (HTTP_METHODS as readonly string[]).includes(key)));
    // Express answers HEAD with the GET handler.
    if (methods.has('GET')) methods.add('HEAD');
    return { pattern: patternOf(template), methods, params: template.match(/\{[^}/]+\}/g)?.length ?? 0 };
  });
}

/** Mount after every API router, before the 404 handler: passes on paths the document does not declare. */
export function methodNotAllowedHandler(document: OpenApiDocument): RequestHandler {
  const paths = declaredPaths(document);
  return (req, _res, next) => {
    // Routing ignores one trailing slash (`/api/trips/` is `/api/trips`).
    const path = `${req.baseUrl}${req.path}`.replace(/(.)\/+$/, '$1');
    // OpenAPI: concrete paths match before templated ones (`/expenses/settle-up` is not `/expenses/{expenseId}`).
    const matching = paths.filter((declared) => declared.pattern.test(path));
    const fewestParams = Math.min(...matching.map((declared) => declared.params));
    const allowed = new Set(matching.filter((declared) => declared.params === fewestParams).flatMap((declared) => [...declared.methods]));
    if (allowed.size === 0 || allowed.has(req.method)) return next();
    const allow = HTTP_METHODS.filter((method) => allowed.has(method)).join(', ');
    next(new HttpError(405, 'Method Not Allowed', `${req.method} is not allowed on ${path}; it allows ${allow}.`, undefined, { Allow: allow }));
  };
}
