// The one place configuration comes from: process.env, validated by zod.
// Every variable is documented in .env.example; an invalid one stops start-up with its name.
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(3000),
  PUBLIC_URL: z.url().default('http://localhost:3000'),
  WEB_DIST_DIR: z.string().min(1).default('web/dist'),

  DATABASE_URL: z
    .url()
    .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgresql:// URL')
    .default('postgresql://postgres@127.0.0.1:5432/tripsage'),
  REDIS_URL: z
    .url()
    .refine((value) => /^rediss?:\/\//.test(value), 'must be a redis:// or rediss:// URL')
    .default('redis://127.0.0.1:6379'),
  REDIS_KEY_PREFIX: z.string().default('tripsage:'),

  // Temporal connection: TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE / TEMPORAL_API_KEY / TEMPORAL_PROFILE and
  // temporal.toml profiles are read by @temporalio/envconfig (see infra/temporal.ts). Unset address
  // means "npm start runs a local dev server".
  TEMPORAL_ADDRESS: optionalString,
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('tripsage'),
  TEMPORAL_UI_URL: z.url().default('http://localhost:8233'),
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_CLI_PATH: optionalString,

  /**
   * The prebuilt workflow bundle (`npm run build:workflows`, dist/workflow-bundle.js) the worker loads instead
   * of bundling workflows/ with webpack at every start; unset: bundled at start (development, tests).
   */
  WORKFLOW_BUNDLE_PATH: optionalString,
  WORKER_METRICS_PORT: port.default(9464),
  WORKER_APP_METRICS_PORT: port.default(9465),
  /** The API's Prometheus metrics, on their own port bound to API_HOST (never on the API port); 0 disables. */
  API_METRICS_PORT: port.default(9466),

  // Providers. Without DUFFEL_ACCESS_TOKEN flights and stays come from the built-in sandbox.
  DUFFEL_ACCESS_TOKEN: optionalString,
  DUFFEL_API_URL: z.url().default('https://api.duffel.com'),
  WEATHER_PROVIDER: z.enum(['sandbox', 'open-meteo']).default('sandbox'),
  OPEN_METEO_FORECAST_URL: z.url().default('https://api.open-meteo.com'),
  OPEN_METEO_GEOCODING_URL: z.url().default('https://geocoding-api.open-meteo.com'),
  /**
   * Where city centres come from (a stay's distance to the centre, the stay search's point, the map's centre):
   * Open-Meteo's geocoding, or the sandbox's, which only knows each city's main airport. Unset: Open-Meteo
   * when the weather comes from it or the stays from Duffel (real hotels need the real centre), else the sandbox.
   */
  GEOCODING_PROVIDER: z.enum(['sandbox', 'open-meteo']).optional().or(z.literal('').transform(() => undefined)),
  /** Historical archive: typical weather for trip days beyond the 16-day forecast. */
  OPEN_METEO_ARCHIVE_URL: z.url().default('https://archive-api.open-meteo.com'),
  /** Exchange rates: the bundled ECB snapshot (offline default) or the ECB's live daily file. */
  FX_RATES_SOURCE: z.enum(['snapshot', 'ecb']).default('snapshot'),
  FX_ECB_RATES_URL: z.url().default('https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml'),

  // Models. `offline` is a deterministic planner that needs no key.
  LLM_PROVIDER: z.enum(['offline', 'openai', 'anthropic', 'openai-compatible']).default('offline'),
  LLM_MODEL: optionalString,
  LLM_API_KEY: optionalString,
  LLM_BASE_URL: z.url().optional().or(z.literal('').transform(() => undefined)),
  EMBEDDINGS_PROVIDER: z.enum(['offline', 'openai-compatible']).default('offline'),
  EMBEDDINGS_MODEL: z.string().min(1).default('text-embedding-3-small'),
  EMBEDDINGS_API_KEY: optionalString,
  EMBEDDINGS_BASE_URL: z.url().optional().or(z.literal('').transform(() => undefined)),
  DATA_DIR: z.string().min(1).default('.data'),

  // Identity. Unset secrets are generated once into DATA_DIR/secrets.json outside production
  // (infra/secrets.ts); production requires them (every API node must share them).
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional().or(z.literal('').transform(() => undefined)),
  JWT_ISSUER: z.string().min(1).default('tripsage'),
  JWT_AUDIENCE: z.string().min(1).default('tripsage-api'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(3_600).max(90 * 86_400).default(30 * 86_400),
  /** Comma-separated `<version>:<base64 32-byte key>`; the highest version encrypts, all decrypt. */
  CREDENTIALS_ENCRYPTION_KEYS: optionalString,
  /** Comma-separated browser origins allowed by CORS (PUBLIC_URL is always allowed). */
  CORS_ORIGINS: z.string().default('http://localhost:5173'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_IP_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  SERVE_WEB: booleanFlag.default(true),
  /**
   * Raster tiles for the web client's trip map (`https://…/{z}/{x}/{y}.png`); unset: the offline vector
   * map drawn from bundled Natural Earth shapes. Its origin is added to the page's Content-Security-Policy.
   */
  MAP_TILE_URL: optionalString.refine(
    (value) => value === undefined || (/^https?:\/\/[^/]+\//.test(value) && ['{z}', '{x}', '{y}'].every((part) => value.includes(part))),
    'must be an http(s) URL template with {z}, {x} and {y}',
  ),
  /** Credit the tile provider requires, shown on the map (e.g. "© OpenStreetMap contributors"). */
  MAP_TILE_ATTRIBUTION: optionalString,
  /** Bearer token for operator-only endpoints (GET /api/health?deep=true); unset disables them. */
  OPERATOR_TOKEN: z.string().min(32, 'must be at least 32 characters').optional().or(z.literal('').transform(() => undefined)),

  // Price watches and bookings through the API.
  /** The shortest cadence a traveler may ask a price watch for (the workflow itself allows less, for tests). */
  PRICE_WATCH_MIN_CADENCE_MINUTES: z.coerce.number().min(0.05).max(1_440).default(15),
  /** Allow webhook URLs on loopback/private networks (local development only: it opens the door to SSRF). */
  WEBHOOK_ALLOW_PRIVATE_HOSTS: booleanFlag.default(false),
  /**
   * Test knob: the sandbox booking and payment providers answer this many ms after committing a mutation,
   * so a test can kill a worker while a hold or charge has happened but its activity has not returned.
   */
  SANDBOX_BOOKING_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),

  // The MCP stdio entry (`npm run mcp`, api/mcp/stdio.ts): a desktop agent's local bridge to the API's /mcp.
  /** The credential it presents: an API key (tsk_...) or a traveler's access token. Required by `npm run mcp` only. */
  TRIPSAGE_API_KEY: optionalString,
  /** The API it talks to (its /mcp endpoint); PUBLIC_URL when unset. */
  TRIPSAGE_API_URL: z.url().optional().or(z.literal('').transform(() => undefined)),
});

export type Config = z.infer<typeof configSchema>;

/** Cross-field rules the per-variable schema cannot express. */
function crossFieldIssues(config: Config): { variable: string; reason: string }[] {
  const issues: { variable: string; reason: string }[] = [];
  if (config.LLM_PROVIDER !== 'offline' && !config.LLM_API_KEY && config.LLM_PROVIDER !== 'openai-compatible') {
    issues.push({ variable: 'LLM_API_KEY', reason: `is required when LLM_PROVIDER=${config.LLM_PROVIDER}` });
  }
  if (config.LLM_PROVIDER === 'openai-compatible' && !config.LLM_BASE_URL) {
    issues.push({ variable: 'LLM_BASE_URL', reason: 'is required when LLM_PROVIDER=openai-compatible' });
  }
  if (config.NODE_ENV === 'production' && !config.JWT_SECRET) {
    issues.push({ variable: 'JWT_SECRET', reason: 'is required when NODE_ENV=production' });
  }
  if (config.NODE_ENV === 'production' && !config.CREDENTIALS_ENCRYPTION_KEYS) {
    issues.push({ variable: 'CREDENTIALS_ENCRYPTION_KEYS', reason: 'is required when NODE_ENV=production' });
  }
  if (config.EMBEDDINGS_PROVIDER === 'openai-compatible' && !config.EMBEDDINGS_BASE_URL) {
    issues.push({ variable: 'EMBEDDINGS_BASE_URL', reason: 'is required when EMBEDDINGS_PROVIDER=openai-compatible' });
  }
  return issues;
}

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; reason: string }[]) {
    super(
      `Invalid configuration:\n${issues.map((issue) => `  ${issue.variable}: ${issue.reason}`).join('\n')}\n` +
        'Fix the variable(s) above in your environment or .env file (see .env.example).',
    );
    this.name = 'ConfigError';
  }
}

/** Parses configuration from an environment map; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '?'), reason: issue.message })),
    );
  }
  const issues = crossFieldIssues(result.data);
  if (issues.length > 0) throw new ConfigError(issues);
  return result.data;
}

/** Configuration of the MCP stdio entry: loadConfig plus the credential it cannot run without. */
export function loadMcpStdioConfig(env: NodeJS.ProcessEnv = process.env): Config & { TRIPSAGE_API_KEY: string; TRIPSAGE_API_URL: string } {
  const config = loadConfig(env);
  if (!config.TRIPSAGE_API_KEY) throw new ConfigError([{ variable: 'TRIPSAGE_API_KEY', reason: 'is required by the MCP stdio server (an API key, tsk_...)' }]);
  return { ...config, TRIPSAGE_API_KEY: config.TRIPSAGE_API_KEY, TRIPSAGE_API_URL: config.TRIPSAGE_API_URL ?? config.PUBLIC_URL };
}

/** For entrypoints: a bad variable prints a clear message and exits with status 78 (EX_CONFIG). */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
}

/** Loads `.env` from the working directory into process.env (existing variables win), if present. */
export function loadDotEnv(path = '.env'): void {
  try {
    process.loadEnvFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
