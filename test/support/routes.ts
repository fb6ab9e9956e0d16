// The routes an Express router actually defines, read from its route table (router 2.x layers keep the
// path they were mounted with as `rawPath`), so tests can check documents and matrices against the code.
import type { Router } from 'express';

export interface RouteEntry {
  method: string;
  /** Express syntax, e.g. `/api/trips/:id`. */
  path: string;
}

interface LayerLike {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

export function listRoutes(router: Router, prefix = ''): RouteEntry[] {
  const entries: RouteEntry[] = [];
  const walk = (stack: LayerLike[], base: string) => {
    for (const layer of stack) {
      if (layer.route && typeof layer.route.path === 'string') {
        for (const [method, enabled] of Object.entries(layer.route.methods)) {
          if (enabled && method !== '_all') entries.push({ method: method.toUpperCase(), path: joinPath(base, layer.route.path) });
        }
      } else if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, joinPath(base, mount));
      }
    }
  };
  walk((router as unknown as { stack: LayerLike[] }).stack, prefix);
  return entries;
}

function joinPath(base: string, path: string): string {
  const joined = `${base}/${path}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

/** `/trips/:id` → `/trips/{id}` (OpenAPI path syntax). */
export const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');
