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

  WORKER_METRICS_PORT: port.default(9464),
  DATA_DIR: z.string().min(1).default('.data'),
  SERVE_WEB: booleanFlag.default(true),
});

export type Config = z.infer<typeof configSchema>;

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
  return result.data;
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
