// One Schemathesis run for one identity: a generated config file (pinned path parameters), the CLI with
// every check, and the verdict read back from its JSON report and HAR log.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run } from '../process.js';
import type { Schemathesis } from '../schemathesis.js';
import type { FuzzIdentity } from './identities.js';

export interface FuzzRunOptions {
  schemathesis: Schemathesis;
  baseUrl: string;
  identity: FuzzIdentity;
  /** Examples per operation and phase (`--max-examples`). */
  examples: number;
  stateful: boolean;
  seed?: string;
  outputDir: string;
  /** From the served document: drives the per-operation config and the access checks. */
  operations: DocumentedOperation[];
}

export interface FuzzFailure {
  /** Schemathesis' check name (e.g. not_a_server_error), or `cross_user_access` (ours). */
  check: string;
  title: string;
  count: number;
  operations: string[];
}

export interface FuzzRunResult {
  identity: FuzzIdentity;
  requests: number;
  /** Responses by status class, e.g. {"2xx": 120, "4xx": 900}. */
  statuses: Record<string, number>;
  failures: FuzzFailure[];
  /** Errors Schemathesis hit itself (an unreadable schema, a network error): they fail the run too. */
  errors: string[];
  exitCode: number | null;
  reportDir: string;
  seconds: number;
}

interface JsonReport {
  seed: number | null;
  exit_code: number;
  complete: boolean;
  failures: { code: string; title: string; count: number; operations: string[] }[];
  errors: { title: string; count: number }[];
}

interface HarLog {
  log: { entries: { request: { method: string; url: string }; response: { status: number } }[] };
}

/** Schemathesis' failure codes (`schemathesis explain <code>`) by the check that raises them. */
const CHECK_OF_CODE: Record<string, string> = {
  ST101: 'not_a_server_error',
  ST102: 'not_a_server_error',
  ST103: 'status_code_conformance',
  ST104: 'content_type_conformance',
  ST105: 'content_type_conformance',
  ST106: 'content_type_conformance',
  ST107: 'response_headers_conformance',
  ST108: 'response_schema_conformance',
  ST109: 'response_schema_conformance',
  ST110: 'response_schema_conformance',
  ST111: 'response_schema_conformance',
  ST112: 'max_response_time',
  ST201: 'negative_data_rejection',
  ST202: 'positive_data_acceptance',
  ST203: 'missing_required_header',
  ST204: 'unsupported_method',
  ST205: 'allow_header_conformance',
  ST301: 'use_after_free',
  ST302: 'ensure_resource_availability',
  ST401: 'ignored_auth',
  ST402: 'object_level_authorization',
};

const toml = (value: string) => JSON.stringify(value); // a TOML basic string is a JSON string

/** What the fuzz reads from the served OpenAPI document. */
export interface DocumentedOperation {
  /** Schemathesis' name for it: `METHOD /path/{template}`. */
  name: string;
  method: string;
  path: string;
  statuses: string[];
  /** Only a traveler's session (bearer) may call it: an API key gets 403. */
  sessionOnly: boolean;
}

interface OpenApiDocumentShape {
  security?: Record<string, string[]>[];
  paths: Record<string, Record<string, { security?: Record<string, string[]>[]; responses?: Record<string, unknown> }>>;
}

export function documentedOperations(document: OpenApiDocumentShape): DocumentedOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([, operation]) => typeof operation === 'object' && operation?.responses)
      .map(([method, operation]) => {
        const security = operation.security ?? document.security ?? [];
        return {
          name: `${method.toUpperCase()} ${path}`,
          method: method.toUpperCase(),
          path,
          statuses: Object.keys(operation.responses ?? {}),
          sessionOnly: security.length > 0 && security.every((requirement) => Object.keys(requirement).every((scheme) => scheme === 'bearerAuth')),
        };
      }),
  );
}

/** Positive-data statuses Schemathesis accepts by default, plus 422 where the operation documents it. */
const POSITIVE_DATA_STATUSES = ['2xx', '3xx', '401', '403', '404', '409', '429', '5xx'];

/**
 * The run's config: one `[[operations]]` entry per operation that needs one (Schemathesis applies the first
 * entry that matches, so each operation's settings are merged into its own entry).
 *  - 422 means "the input has the documented shape but breaks a rule the schema can only state in words"
 *    (contracts/common.ts), so schema-valid data may meet it where an operation documents it.
 *  - As the API key, session-only operations answer 403 whatever is sent: the missing-`Authorization`
 *    check (which wants 401 and nothing else) does not apply there; forbiddenAccess() checks the 403s.
 *  - As the second user, the owner's resource ids are pinned in the path.
 */
function configFile(identity: FuzzIdentity, operations: DocumentedOperation[]): string {
  const lines = [
    '# Generated by scripts/lib/fuzz/run.ts for one `npm run fuzz` identity.',
    '',
    '# Every check (here, not as --checks on the command line, which would override the per-operation settings below).',
    '[checks]',
    'enabled = true',
    '',
    '[generation]',
    '# The API refuses U+0000 in any string (400; see the document\'s description).',
    'allow-x00 = false',
    '',
  ];
  for (const operation of operations) {
    const settings: string[] = [];
    const pinned = pinnedParameters(identity, operation);
    if (pinned) settings.push(`parameters = { ${Object.entries(pinned).map(([name, value]) => `${toml(name)} = ${toml(value)}`).join(', ')} }`);
    if (operation.statuses.includes('422')) {
      settings.push(`checks.positive_data_acceptance.expected-statuses = [${[...POSITIVE_DATA_STATUSES, '422'].map(toml).join(', ')}]`);
    }
    if (identity.name === 'api-key' && operation.sessionOnly) settings.push('checks.missing_required_header.enabled = false');
    if (settings.length) lines.push('[[operations]]', `include-name = ${toml(operation.name)}`, ...settings, '');
  }
  return lines.join('\n');
}

function pinnedParameters(identity: FuzzIdentity, operation: DocumentedOperation): Record<string, string> | null {
  const matching = identity.foreignResources.filter((resource) => new RegExp(resource.pathRegex).test(operation.path));
  if (matching.length === 0) return null;
  const placeholders = new Set([...operation.path.matchAll(/\{([^}]+)\}/g)].map((match) => `path.${match[1]}`));
  return Object.fromEntries(matching.flatMap((resource) => Object.entries(resource.parameters)).filter(([name]) => placeholders.has(name)));
}

export async function runSchemathesis(options: FuzzRunOptions): Promise<FuzzRunResult> {
  const { identity } = options;
  const started = performance.now();
  const reportDir = path.join(options.outputDir, identity.name);
  mkdirSync(reportDir, { recursive: true });
  const config = path.join(reportDir, 'schemathesis.toml');
  writeFileSync(config, configFile(identity, options.operations));
  const jsonPath = path.join(reportDir, 'report.json');
  const harPath = path.join(reportDir, 'requests.har');

  const pinned = identity.foreignResources.length > 0;
  // Aimed at someone else's resources, only the operations on them matter, and a stateful sequence
  // would only ever meet 404s.
  const phases = ['examples', 'coverage', 'fuzzing', ...(options.stateful && !pinned ? ['stateful'] : [])];
  const args = [
    '--config-file', config,
    '--no-color',
    'run', `${options.baseUrl}/api/openapi.json`,
    '--phases', phases.join(','),
    '--max-examples', String(options.examples),
    '--continue-on-failure',
    '--request-timeout', '30',
    '--report', 'json,har,junit',
    '--report-dir', reportDir,
    '--report-json-path', jsonPath,
    '--report-har-path', harPath,
    '--report-junit-path', path.join(reportDir, 'junit.xml'),
    ...(options.seed ? ['--seed', options.seed] : []),
    // One filter: Schemathesis keeps only the last of repeated --include-path-regex options.
    ...(pinned ? ['--include-path-regex', identity.foreignResources.map((resource) => `(${resource.pathRegex})`).join('|')] : []),
    ...Object.entries(identity.headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]),
  ];
  // cwd: Schemathesis keeps a crash cache (.schemathesis/) there; each run starts from a clean folder.
  const result = await run(options.schemathesis.path, args, { cwd: reportDir, env: { ...process.env, NO_COLOR: '1' } });
  writeFileSync(path.join(reportDir, 'output.txt'), `${result.stdout}${result.stderr}`);

  const report = existsSync(jsonPath) ? (JSON.parse(readFileSync(jsonPath, 'utf8')) as JsonReport) : null;
  const har = existsSync(harPath) ? (JSON.parse(readFileSync(harPath, 'utf8')) as HarLog) : { log: { entries: [] } };
  const statuses: Record<string, number> = {};
  for (const entry of har.log.entries) {
    const key = `${Math.floor(entry.response.status / 100)}xx`;
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  const failures: FuzzFailure[] = (report?.failures ?? []).map((failure) => ({
    check: `${CHECK_OF_CODE[failure.code] ?? 'other'} (${failure.code})`,
    title: failure.title,
    count: failure.count,
    operations: failure.operations,
  }));
  const crossUser = crossUserAccess(identity, har);
  if (crossUser) failures.push(crossUser);
  const sessionOnly = sessionOnlyAccess(identity, har, options.operations);
  if (sessionOnly) failures.push(sessionOnly);
  const errors = (report?.errors ?? []).map((error) => `${error.title} (×${error.count})`);
  if (!report) errors.push(`no JSON report (exit code ${result.code}): see ${path.join(reportDir, 'output.txt')}`);
  return { identity, requests: har.log.entries.length, statuses, failures, errors, exitCode: result.code, reportDir, seconds: (performance.now() - started) / 1000 };
}

/** A 2xx to a request that names one of the owner's resources, sent as another user. */
function crossUserAccess(identity: FuzzIdentity, har: HarLog): FuzzFailure | null {
  const foreignIds = identity.foreignResources.flatMap((resource) => Object.values(resource.parameters));
  if (foreignIds.length === 0) return null;
  // OPTIONS is a CORS preflight: answered the same for any path, it reveals nothing.
  const leaks = har.log.entries.filter(
    (entry) => entry.request.method !== 'OPTIONS' && entry.response.status < 300 && foreignIds.some((id) => entry.request.url.includes(id)),
  );
  if (leaks.length === 0) return null;
  const operations = [...new Set(leaks.map((entry) => `${entry.request.method} ${new URL(entry.request.url).pathname} → ${entry.response.status}`))];
  return { check: 'cross_user_access', title: 'Another user\'s resource answered 2xx', count: leaks.length, operations };
}

/** As the API key, a 2xx from a session-only operation (every answer there must be a 403). */
function sessionOnlyAccess(identity: FuzzIdentity, har: HarLog, operations: DocumentedOperation[]): FuzzFailure | null {
  if (identity.name !== 'api-key') return null;
  const sessionOnly = operations
    .filter((operation) => operation.sessionOnly)
    .map((operation) => ({ method: operation.method, pattern: new RegExp(`^${operation.path.split(/\{[^}]+\}/).map(escapeRegExp).join('[^/]+')}$`) }));
  const leaks = har.log.entries.filter((entry) => {
    const pathname = new URL(entry.request.url).pathname;
    return entry.response.status < 300 && entry.request.method !== 'OPTIONS' && sessionOnly.some((operation) => operation.method === entry.request.method && operation.pattern.test(pathname));
  });
  if (leaks.length === 0) return null;
  const names = [...new Set(leaks.map((entry) => `${entry.request.method} ${new URL(entry.request.url).pathname} → ${entry.response.status}`))];
  return { check: 'session_only_access', title: 'A session-only operation answered 2xx to an API key', count: leaks.length, operations: names };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
