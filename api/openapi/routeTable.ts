// One definition per operation for both the Express router and the OpenAPI document: the router mounts
// each handler at the method and path the document states, and the types make every defined operation
// need a handler (and every handler a definition), so the two cannot drift. The handlers are given when
// the router is built (they close over the ApiContext); the document is built without one.
import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { Router, type RequestHandler } from 'express';

/** An operation as the document states it; `path` is the full OpenAPI path (`/api/trips/{id}`). */
export type Operation = RouteConfig & { method: 'get' | 'post' | 'put' | 'patch' | 'delete' };

export interface RouteTable<Name extends string> {
  /** Adds every operation's path to the document, in definition order. */
  register(registry: OpenAPIRegistry): void;
  /**
   * The router to mount at the table's base path: each operation's handler, in definition order. An
   * operation that needs its own middleware (a rate limit, authentication) is given as `[...middleware, handler]`.
   */
  router(handlers: Record<Name, RequestHandler | readonly RequestHandler[]>): Router;
}

export function defineRoutes<Name extends string>(basePath: string, operations: Record<Name, Operation>): RouteTable<Name> {
  const entries = Object.entries(operations) as [Name, Operation][];
  for (const [name, operation] of entries) {
    if (operation.path !== basePath && !operation.path.startsWith(`${basePath}/`)) throw new Error(`${name}: ${operation.path} is not under ${basePath}`);
  }
  return {
    register(registry) {
      for (const [, operation] of entries) registry.registerPath(operation);
    },
    router(handlers) {
      const router = Router();
      for (const [name, operation] of entries) {
        // `/api/trips/{id}/state` under `/api/trips` is Express's `/:id/state`.
        const path = operation.path.slice(basePath.length).replace(/\{(\w+)\}/g, ':$1') || '/';
        router[operation.method](path, ...[handlers[name]].flat());
      }
      return router;
    },
  };
}
