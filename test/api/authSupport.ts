// The real API (context, security middleware, routers) on an ephemeral port, for the auth tests.
// Each app gets its own Redis key prefix, so rate-limit counters never leak between tests.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { createApp } from '../../api/app.js';
import { createApiContext, type ApiContext } from '../../api/context.js';
import { createMcpRouter } from '../../api/mcp/http.js';
import { attachRealtime, type Realtime } from '../../api/realtime/server.js';
import { createApiRouter } from '../../api/routes/index.js';
import { securityMiddleware } from '../../api/security.js';
import { loadConfig, type Config } from '../../infra/config.js';
import { createLogger, type Logger } from '../../infra/logger.js';
import { listen, type RunningApp } from '../support/http.js';

export interface TestApi {
  ctx: ApiContext;
  url: string;
  close(): Promise<void>;
}

export interface TestApiOptions {
  config?: Partial<Config>;
  logger?: Logger;
  /** Extra routes mounted under /api before the platform's routers. */
  routes?: (router: Router, ctx: ApiContext) => void;
  /** Serve Socket.IO (api/realtime/server.ts) on the same port, as api/main.ts does. */
  realtime?: boolean;
  /** Environment the Temporal connection settings are read from (default process.env), e.g. another TEMPORAL_ADDRESS. */
  env?: NodeJS.ProcessEnv;
}

export async function startTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const base = loadConfig(process.env);
  const config: Config = {
    ...base,
    REDIS_KEY_PREFIX: `${base.REDIS_KEY_PREFIX}auth-${randomUUID().slice(0, 8)}:`,
    AUTH_RATE_LIMIT_PER_MINUTE: 10_000,
    RATE_LIMIT_PER_MINUTE: 10_000,
    RATE_LIMIT_IP_PER_MINUTE: 10_000,
    ...options.config,
  };
  const logger = options.logger ?? createLogger('auth-test', config.LOG_LEVEL);
  const ctx = await createApiContext(config, logger, options.env);
  const apiRouter = Router();
  options.routes?.(apiRouter, ctx);
  apiRouter.use(createApiRouter(ctx));
  let api: RunningApp;
  try {
    api = await listen(
      createApp({
        logger,
        health: { prisma: ctx.prisma, redis: ctx.redis, temporal: ctx.temporal, namespace: ctx.namespace, taskQueue: config.TEMPORAL_TASK_QUEUE },
        temporalUiUrl: config.TEMPORAL_UI_URL,
        apiRouter,
        mcpRouter: createMcpRouter(ctx),
        security: securityMiddleware(ctx),
        operatorToken: config.OPERATOR_TOKEN,
      }),
    );
  } catch (error) {
    await ctx.close();
    throw error;
  }
  const realtime: Realtime | null = options.realtime ? await attachRealtime(api.server, ctx) : null;
  return {
    ctx,
    url: api.url,
    async close() {
      await realtime?.close();
      await api.close();
      await ctx.close();
    },
  };
}

export interface Problem {
  type: string;
  status: number;
  title: string;
  detail?: string;
  errors?: { field: string; reason: string }[];
  requestId: string;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: { id: string; email: string; displayName: string; role: 'traveler' | 'operator' };
}

/**
 * `Prefer: wait=60` (RFC 7240): POST /trips/:id/messages answers 200 with the turn's result instead of
 * 202 once accepted; for tests that need the plan before they go on.
 */
export const WAIT_FOR_REPLY = { prefer: 'wait=60' } as const;

export interface CallOptions {
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
}

/** JSON call against the test API; `json` is the parsed body (undefined when empty). */
export async function call<T = unknown>(api: TestApi, method: string, path: string, options: CallOptions = {}): Promise<{ status: number; headers: Headers; json: T }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${api.url}/api${path}`, {
    method,
    headers,
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  // JSON and problem+json are parsed; anything else (e.g. text/calendar) is handed back as its text.
  const isJson = /json/.test(response.headers.get('content-type') ?? 'application/json');
  return { status: response.status, headers: response.headers, json: (text ? (isJson ? JSON.parse(text) : text) : undefined) as T };
}

export const uniqueEmail = (label = 'user') => `${label}-${randomUUID()}@example.com`;
export const PASSWORD = 'correct horse battery staple';

export async function registerUser(api: TestApi, label = 'user'): Promise<Session & { password: string }> {
  const response = await call<Session>(api, 'POST', '/auth/register', { body: { email: uniqueEmail(label), password: PASSWORD, displayName: `Test ${label}` } });
  if (response.status !== 201) throw new Error(`register failed: ${response.status} ${JSON.stringify(response.json)}`);
  return { ...response.json, password: PASSWORD };
}
