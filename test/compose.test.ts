// Structure of the container setup: docker-compose.yml (parsed with `yaml`), the Dockerfile and
// their agreement with .env.example. Needs no Docker; `docker compose config` runs only where available.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { platformSearchAttributes } from '../workflows/searchAttributes.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const composeUrl = new URL('../docker-compose.yml', import.meta.url);
const dockerfileUrl = new URL('../Dockerfile', import.meta.url);
const dockerignoreUrl = new URL('../.dockerignore', import.meta.url);
const envExampleUrl = new URL('../.env.example', import.meta.url);

interface Healthcheck {
  test?: string | string[];
  disable?: boolean;
}
interface Service {
  image?: string;
  build?: unknown;
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number | { target: number; published?: string | number })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: Healthcheck;
  volumes?: (string | { type?: string; source?: string; target: string })[];
  restart?: string;
}
interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

// `merge: true` resolves the `<<: *app` merge keys the file uses for the shared app service settings.
const compose = parse(readFileSync(composeUrl, 'utf8'), { merge: true }) as ComposeFile;
const services = compose.services;

const APP_SERVICES = ['migrate', 'worker', 'api'] as const;
const ONE_SHOT_SERVICES = ['migrate', 'temporal-setup'] as const;
const REQUIRED_SERVICES = ['postgres', 'redis', 'temporal-db', 'temporal', 'temporal-setup', 'temporal-ui', ...APP_SERVICES];
// The attributes the workflows use (one list: the dev server registers the same at start).
const SEARCH_ATTRIBUTES = platformSearchAttributes.map((attribute) => attribute.name);
const SEARCH_ATTRIBUTE_TYPES = new Map(platformSearchAttributes.map((attribute) => [attribute.name, attribute.type === 'BOOL' ? 'Bool' : 'Keyword']));

function service(name: string): Service {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

function environmentOf(name: string): Record<string, string> {
  const env = service(name).environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((entry) => {
      const at = entry.indexOf('=');
      return at === -1 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
    }));
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)]));
}

/** Published → target pairs of a service's ports, whatever syntax each entry uses. */
function portsOf(name: string): { published: string; target: string }[] {
  return (service(name).ports ?? []).map((port) => {
    if (typeof port === 'object') return { published: String(port.published ?? ''), target: String(port.target) };
    const parts = String(port).replace(/\/(tcp|udp)$/, '').split(':');
    const target = parts.at(-1) ?? '';
    const published = parts.length >= 2 ? (parts.at(-2) ?? '') : '';
    return { published, target };
  });
}

function dependencyConditions(name: string): Record<string, string> {
  const deps = service(name).depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((dep) => [dep, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([dep, spec]) => [dep, spec.condition ?? 'service_started']));
}

function commandText(name: string): string {
  const { command, entrypoint } = service(name);
  const join = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(' ') : (value ?? ''));
  return `${join(entrypoint)} ${join(command)}`.trim();
}

function healthcheckText(name: string): string {
  const test = service(name).healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
}

/** Splits `repo/name:tag` (an optional registry host may carry a port; a digest pin has no tag). */
function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0] ?? '';
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon === -1 ? undefined : withoutDigest.slice(colon + 1);
}

function envExampleKeys(): Set<string> {
  const keys = new Set<string>();
  for (const line of readFileSync(envExampleUrl, 'utf8').split('\n')) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
    if (match?.[1]) keys.add(match[1]);
  }
  return keys;
}

describe('docker-compose.yml', () => {
  it('defines every service of the platform', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(REQUIRED_SERVICES));
  });

  it('pins every image to a version tag (never latest)', () => {
    const unpinned: string[] = [];
    for (const [name, spec] of Object.entries(services)) {
      if (!spec.image) {
        // A service without an image must at least be built from this repository.
        expect(spec.build).toBeDefined();
        continue;
      }
      const tag = imageTag(spec.image);
      if (!tag || tag === 'latest' || tag.includes('${')) unpinned.push(`${name}: ${spec.image}`);
    }
    expect(unpinned).toEqual([]);
  });

  it('runs PostgreSQL with pgvector, on a named volume', () => {
    const postgres = service('postgres');
    expect(postgres.image).toMatch(/^(docker\.io\/)?pgvector\/pgvector:/);
    expect(imageTag(postgres.image ?? '')).toMatch(/pg1[6-9]/);
    const dataVolume = (postgres.volumes ?? []).map((volume) =>
      typeof volume === 'string' ? volume.split(':')[0] : volume.source,
    );
    expect(dataVolume.length).toBeGreaterThan(0);
    expect(Object.keys(compose.volumes ?? {})).toEqual(expect.arrayContaining(dataVolume));
  });

  it('gives every long-running service a healthcheck', () => {
    const longRunning = Object.keys(services).filter((name) => !(ONE_SHOT_SERVICES as readonly string[]).includes(name));
    expect(longRunning).toEqual(expect.arrayContaining(['postgres', 'redis', 'temporal-db', 'temporal', 'temporal-ui', 'worker', 'api']));
    const missing = longRunning.filter((name) => {
      const healthcheck = service(name).healthcheck;
      return !healthcheck || healthcheck.disable === true || healthcheckText(name).replace(/^(CMD|CMD-SHELL)\s*/, '') === '';
    });
    expect(missing).toEqual([]);
  });

  it('checks each dependency with a probe that fits it', () => {
    expect(healthcheckText('postgres')).toContain('pg_isready');
    expect(healthcheckText('temporal-db')).toContain('pg_isready');
    expect(healthcheckText('redis')).toMatch(/redis-cli.*ping/);
    expect(healthcheckText('temporal')).toMatch(/temporal operator cluster health|tctl.*cluster health/);
    // node:20-bookworm-slim has no curl: the API is probed with node's fetch against /api/health.
    expect(healthcheckText('api')).toMatch(/node .*fetch\(.*\/api\/health/);
  });

  it('pins Temporal images and runs auto-setup on PostgreSQL', () => {
    const temporal = service('temporal');
    expect(temporal.image).toMatch(/^temporalio\/auto-setup:\d+\.\d+\.\d+/);
    expect(service('temporal-setup').image).toMatch(/^temporalio\/admin-tools:\d+\.\d+\.\d+/);
    expect(service('temporal-ui').image).toMatch(/^temporalio\/ui:\d+\.\d+\.\d+/);
    const env = environmentOf('temporal');
    expect(env.DB).toBe('postgres12');
    expect(env.POSTGRES_SEEDS).toBe('temporal-db');
    expect(env.POSTGRES_USER).toBe(environmentOf('temporal-db').POSTGRES_USER);
    expect(dependencyConditions('temporal')['temporal-db']).toBe('service_healthy');
    expect(environmentOf('temporal-ui').TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('publishes the API on 3000, the Temporal UI on 8233 and Temporal on 7233', () => {
    expect(portsOf('api')).toContainEqual({ published: '3000', target: '3000' });
    expect(portsOf('temporal-ui')).toContainEqual({ published: '8233', target: '8080' });
    expect(portsOf('temporal')).toContainEqual({ published: '7233', target: '7233' });
  });

  it('orders start-up with depends_on conditions', () => {
    expect(dependencyConditions('migrate')).toMatchObject({ postgres: 'service_healthy' });
    expect(dependencyConditions('temporal-setup')).toMatchObject({ temporal: 'service_healthy' });
    expect(dependencyConditions('worker')).toMatchObject({
      migrate: 'service_completed_successfully',
      temporal: 'service_healthy',
      'temporal-setup': 'service_completed_successfully',
      redis: 'service_healthy',
    });
    expect(dependencyConditions('api')).toMatchObject({ worker: 'service_started' });
    for (const oneShot of ONE_SHOT_SERVICES) expect(service(oneShot).restart ?? 'no').toBe('no');
  });

  it('runs the API, the worker and the migrations from the one app image', () => {
    const images = new Set(APP_SERVICES.map((name) => service(name).image));
    expect(images.size).toBe(1);
    for (const name of APP_SERVICES) expect(service(name).build).toBeDefined();
    expect(commandText('migrate')).toMatch(/node --import tsx scripts\/migrate\.ts/);
    expect(commandText('worker')).toMatch(/node --import tsx worker\/main\.ts/);
    expect(commandText('api')).toMatch(/node --import tsx api\/main\.ts/);
  });

  it('points the app services at the compose service hostnames', () => {
    for (const name of APP_SERVICES) {
      const env = environmentOf(name);
      const database = new URL(env.DATABASE_URL ?? '');
      expect(database.protocol).toMatch(/^postgres(ql)?:$/);
      expect(database.hostname).toBe('postgres');
      const redis = new URL(env.REDIS_URL ?? '');
      expect(redis.protocol).toBe('redis:');
      expect(redis.hostname).toBe('redis');
      expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(env.API_HOST).toBe('0.0.0.0');
      for (const host of [database.hostname, redis.hostname, 'temporal']) expect(services[host]).toBeDefined();
    }
    expect(environmentOf('api').API_PORT ?? '3000').toBe('3000');
  });

  it('sets only environment variables that .env.example documents', () => {
    expect(existsSync(envExampleUrl)).toBe(true);
    const documented = envExampleKeys();
    expect(documented.size).toBeGreaterThan(0);
    const undocumented = APP_SERVICES.flatMap((name) =>
      Object.keys(environmentOf(name)).filter((key) => !documented.has(key)).map((key) => `${name}: ${key}`),
    );
    expect(undocumented).toEqual([]);
  });

  it('registers exactly the platform search attributes, with their types, idempotently', () => {
    const script = commandText('temporal-setup');
    const created = [...script.matchAll(/temporal operator search-attribute create\b([^\n]*)/g)].flatMap((match) => {
      const args = match[1] ?? '';
      expect(args).toMatch(/--namespace default\b/);
      const names = [...args.matchAll(/--name\s+(\w+)/g)].map((name) => name[1]);
      const types = [...args.matchAll(/--type\s+(\w+)/g)].map((type) => type[1]);
      expect(types).toEqual(names.map((name) => SEARCH_ATTRIBUTE_TYPES.get(name ?? '')));
      return names;
    });
    expect([...created].sort()).toEqual([...SEARCH_ATTRIBUTES].sort());
    // Idempotent: the existing attributes are listed first and only missing ones are created.
    expect(script).toContain('temporal operator search-attribute list --namespace default');
    for (const name of SEARCH_ATTRIBUTES) {
      expect(script).toMatch(new RegExp(`^\\s*has ${name}\\s+\\|\\|\\s+temporal operator search-attribute create`, 'm'));
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(dockerfileUrl, 'utf8');
  // Instructions with line continuations joined, comments dropped.
  const instructions = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: string[][] = [];
  for (const line of instructions) {
    if (/^FROM\s/i.test(line)) stages.push([line]);
    else stages.at(-1)?.push(line);
  }
  const runtime = stages.at(-1) ?? [];

  it('is multi-stage on node:20-bookworm-slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/node:20-bookworm-slim/);
  });

  it('installs with npm ci, generates the Prisma client and builds the web client', () => {
    const build = stages.slice(0, -1).flat().join('\n');
    expect(build).toMatch(/npm ci\b/);
    expect(build).toMatch(/prisma generate/);
    expect(build).toMatch(/vite build --config web\/vite\.config\.ts/);
  });

  it('runs the runtime stage as a non-root user and starts the API by default', () => {
    const users = runtime.filter((line) => /^USER\s/i.test(line)).map((line) => line.split(/\s+/)[1] ?? '');
    expect(users.length).toBeGreaterThan(0);
    const finalUser = users.at(-1) ?? '';
    expect(finalUser.split(':')[0]).not.toMatch(/^(root|0)$/);
    const cmd = runtime.filter((line) => /^CMD\s/i.test(line)).at(-1) ?? '';
    expect(cmd).toMatch(/api\/main\.ts/);
  });

  it('keeps local state and build output out of the build context', () => {
    const ignored = readFileSync(dockerignoreUrl, 'utf8')
      .split(/\r?\n/)
      .map((line) => line.trim().replace(/^\/+|\/+$/g, ''))
      .filter((line) => line !== '' && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.data', '.tools', 'web/dist', 'infra/generated', '.git', 'coverage']));
  });
});

const hasCompose = spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0;
if (hasCompose) {
  describe('docker compose', () => {
    it('docker compose config accepts the file', () => {
      const result = spawnSync('docker', ['compose', '-f', fileURLToPath(composeUrl), 'config', '--quiet'], {
        cwd: repoRoot,
        encoding: 'utf8',
      });
      // stderr is compared only on failure, so the report shows what compose rejected.
      expect({ status: result.status, stderr: result.status === 0 ? '' : result.stderr }).toEqual({ status: 0, stderr: '' });
    });
  });
}
