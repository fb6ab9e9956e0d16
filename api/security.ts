// Edge protections for /api: a CORS allowlist and rate limits kept in Redis (shared by every API node).
//
// Limits (per minute): RATE_LIMIT_IP_PER_MINUTE per client IP on all /api requests,
// RATE_LIMIT_PER_MINUTE per principal (user session or API key) after authentication, and the stricter
// AUTH_RATE_LIMIT_PER_MINUTE per IP on POST /auth/register, /auth/login and /auth/refresh (password
// guessing, account creation), plus DEEP_HEALTH_PER_MINUTE deep health checks for the whole cluster.
// Over the limit: 429 problem+json with Retry-After. Responses carry RateLimit-Limit /
// RateLimit-Remaining / RateLimit-Reset (draft-ietf-httpapi-ratelimit-headers) and RateLimit-Policy.
// If Redis is unreachable the limiters fail open onto a per-process in-memory limiter
// and log a warning, so a Redis outage degrades limiting instead of taking the API down.
import cors from 'cors';
import type { Request, RequestHandler, Response } from 'express';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '../infra/logger.js';
import type { ApiContext } from './context.js';
import { HttpError } from './errors.js';

type SecurityContext = Pick<ApiContext, 'config' | 'redis' | 'logger'>;

const WINDOW_SECONDS = 60;
/** How often the "Redis is down, limiting in memory" warning may repeat. */
const FALLBACK_WARNING_INTERVAL_MS = 30_000;

/** Origins allowed to call the API from a browser: PUBLIC_URL plus CORS_ORIGINS. */
export function allowedOrigins(config: Pick<ApiContext['config'], 'PUBLIC_URL' | 'CORS_ORIGINS'>): string[] {
  const origins = [config.PUBLIC_URL, ...config.CORS_ORIGINS.split(',')]
    .map((value) => value.trim())
    .filter(Boolean)
    .map((value) => {
      try {
        return new URL(value).origin;
      } catch {
        return value.replace(/\/+$/, '');
      }
    });
  return [...new Set(origins)];
}

/**
 * CORS for the allowlisted origins only (a disallowed origin gets no CORS headers, so the browser
 * blocks it). Bearer tokens, not cookies, so credentials are not allowed.
 */
export function corsMiddleware(ctx: Pick<ApiContext, 'config'>): RequestHandler {
  return cors({
    origin: allowedOrigins(ctx.config),
    credentials: false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-API-Key', 'X-Request-Id', 'Idempotency-Key'],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'Location', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy'],
    maxAge: 600,
  });
}

/** The in-memory stand-in used while Redis is unavailable; warns (throttled) whenever it is used. */
class FallbackLimiter extends RateLimiterMemory {
  private lastWarning = 0;

  constructor(
    options: { points: number; duration: number; keyPrefix: string },
    private readonly logger: Logger,
  ) {
    super(options);
  }

  override consume(key: string | number, pointsToConsume?: number, options?: Record<string, unknown>): Promise<RateLimiterRes> {
    const now = Date.now();
    if (now - this.lastWarning > FALLBACK_WARNING_INTERVAL_MS) {
      this.lastWarning = now;
      this.logger.warn({ limiter: this.keyPrefix }, 'Redis unavailable: rate limiting falls back to this process only');
    }
    return super.consume(key, pointsToConsume, options);
  }
}

interface LimiterSpec {
  keyPrefix: string;
  points: number;
  /** What the 429 says is limited. */
  subject: string;
  key(req: Request): string | null;
}

function limiterMiddleware(ctx: Pick<SecurityContext, 'redis' | 'logger'>, spec: LimiterSpec): RequestHandler {
  const limiter: RateLimiterAbstract = new RateLimiterRedis({
    storeClient: ctx.redis,
    keyPrefix: spec.keyPrefix,
    points: spec.points,
    duration: WINDOW_SECONDS,
    // Straight to the in-memory limiter while the connection is down, rather than queueing behind it.
    rejectIfRedisNotReady: true,
    insuranceLimiter: new FallbackLimiter({ points: spec.points, duration: WINDOW_SECONDS, keyPrefix: `${spec.keyPrefix}:fallback` }, ctx.logger),
  });
  return async (req, res, next) => {
    const key = spec.key(req);
    if (key === null) return next();
    try {
      const result = await limiter.consume(key);
      setRateLimitHeaders(res, spec.points, result);
      next();
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        const retryAfter = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        setRateLimitHeaders(res, spec.points, error);
        return next(
          new HttpError(429, 'Too Many Requests', `Too many requests ${spec.subject}; retry in ${retryAfter} s.`, undefined, {
            'Retry-After': String(retryAfter),
          }),
        );
      }
      // Both Redis and the fallback failed: let the request through rather than fail it.
      ctx.logger.warn({ err: error, limiter: spec.keyPrefix }, 'rate limiter failed; request allowed');
      next();
    }
  };
}

function setRateLimitHeaders(res: Response, limit: number, result: RateLimiterRes): void {
  res.set({
    'RateLimit-Limit': String(limit),
    'RateLimit-Remaining': String(Math.max(0, result.remainingPoints)),
    'RateLimit-Reset': String(Math.max(0, Math.ceil(result.msBeforeNext / 1000))),
    'RateLimit-Policy': `${limit};w=${WINDOW_SECONDS}`,
  });
}

export interface RateLimits {
  /** Every /api request, per client IP. */
  perIp: RequestHandler;
  /** After `authenticate`: per API key or per user session. */
  perPrincipal: RequestHandler;
  /** POST /auth/register, /auth/login, /auth/refresh, per client IP. */
  auth: RequestHandler;
}

const limitsByContext = new WeakMap<SecurityContext, RateLimits>();

/** The API's rate limiters (built once per context). */
export function rateLimits(ctx: SecurityContext): RateLimits {
  const existing = limitsByContext.get(ctx);
  if (existing) return existing;
  const ipOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';
  const limits: RateLimits = {
    perIp: limiterMiddleware(ctx, { keyPrefix: 'rl:ip', points: ctx.config.RATE_LIMIT_IP_PER_MINUTE, subject: 'from this address', key: ipOf }),
    perPrincipal: limiterMiddleware(ctx, {
      keyPrefix: 'rl:principal',
      points: ctx.config.RATE_LIMIT_PER_MINUTE,
      subject: 'for this account or API key',
      key: (req) => {
        const principal = req.principal;
        if (!principal) return null;
        return principal.kind === 'api_key' ? `key:${principal.apiKeyId ?? principal.userId}` : `user:${principal.userId}`;
      },
    }),
    auth: limiterMiddleware(ctx, { keyPrefix: 'rl:auth', points: ctx.config.AUTH_RATE_LIMIT_PER_MINUTE, subject: 'to sign in or register from this address', key: ipOf }),
  };
  limitsByContext.set(ctx, limits);
  return limits;
}

/** Per-principal limiter; mount it after `authenticate`. */
export function principalRateLimit(ctx: SecurityContext): RequestHandler {
  return rateLimits(ctx).perPrincipal;
}

/** Deep health checks (each starts a workflow) allowed per minute, across every API node. */
export const DEEP_HEALTH_PER_MINUTE = 6;

/** GET /api/health?deep=true: at most DEEP_HEALTH_PER_MINUTE per minute for the whole cluster (one Redis key). */
export function deepHealthRateLimit(ctx: Pick<SecurityContext, 'redis' | 'logger'>): RequestHandler {
  return limiterMiddleware(ctx, { keyPrefix: 'rl:deep-health', points: DEEP_HEALTH_PER_MINUTE, subject: 'for deep health checks', key: () => 'cluster' });
}

/** Middleware for app.ts, in order, mounted on /api before the API router: CORS, then the per-IP limit. */
export function securityMiddleware(ctx: SecurityContext): RequestHandler[] {
  return [corsMiddleware(ctx), rateLimits(ctx).perIp];
}
