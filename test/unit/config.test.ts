import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig, loadMcpStdioConfig } from '../../infra/config.js';
import { hasExternalTemporal, temporalTarget } from '../../infra/temporal.js';
import { projectRoot } from '../../scripts/lib/projectRoot.js';

describe('configuration', () => {
  it('has working defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config.API_PORT).toBe(3000);
    expect(config.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/tripsage');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.TEMPORAL_ADDRESS).toBeUndefined();
    expect(config.TEMPORAL_TASK_QUEUE).toBe('tripsage');
    expect(config.SERVE_WEB).toBe(true);
  });

  it('coerces numbers and flags', () => {
    const config = loadConfig({ API_PORT: '8080', SERVE_WEB: 'false', TEMPORAL_ADDRESS: '' });
    expect(config.API_PORT).toBe(8080);
    expect(config.SERVE_WEB).toBe(false);
    expect(config.TEMPORAL_ADDRESS).toBeUndefined();
  });

  it('keeps the operator surface closed by default: no operator token, API metrics on their own port', () => {
    const defaults = loadConfig({});
    expect(defaults.OPERATOR_TOKEN).toBeUndefined();
    expect(defaults.API_METRICS_PORT).toBe(9466);
    expect(loadConfig({ OPERATOR_TOKEN: '', API_METRICS_PORT: '0' })).toMatchObject({ OPERATOR_TOKEN: undefined, API_METRICS_PORT: 0 });
    expect(loadConfig({ OPERATOR_TOKEN: 'o'.repeat(32) }).OPERATOR_TOKEN).toBe('o'.repeat(32));
    expect(() => loadConfig({ OPERATOR_TOKEN: 'too-short' })).toThrow(/OPERATOR_TOKEN: must be at least 32 characters/);
  });

  it('draws the trip map offline unless a tile URL template is configured', () => {
    expect(loadConfig({}).MAP_TILE_URL).toBeUndefined();
    expect(loadConfig({ MAP_TILE_URL: '' }).MAP_TILE_URL).toBeUndefined();
    expect(loadConfig({ MAP_TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png', MAP_TILE_ATTRIBUTION: '© Example' })).toMatchObject({
      MAP_TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png',
      MAP_TILE_ATTRIBUTION: '© Example',
    });
    expect(() => loadConfig({ MAP_TILE_URL: 'https://tiles.example.org/map.png' })).toThrow(/MAP_TILE_URL: must be an http\(s\) URL template with \{z\}, \{x\} and \{y\}/);
    expect(() => loadConfig({ MAP_TILE_URL: 'ftp://tiles.example.org/{z}/{x}/{y}.png' })).toThrow(/MAP_TILE_URL/);
  });

  it('names every invalid variable and the reason', () => {
    let caught: unknown;
    try {
      loadConfig({ API_PORT: 'eighty', DATABASE_URL: 'mysql://localhost/x', LOG_LEVEL: 'loud', SERVE_WEB: 'maybe' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const issues = (caught as ConfigError).issues;
    expect(issues.map((issue) => issue.variable).sort()).toEqual(['API_PORT', 'DATABASE_URL', 'LOG_LEVEL', 'SERVE_WEB']);
    expect(issues.find((issue) => issue.variable === 'DATABASE_URL')?.reason).toMatch(/postgresql/);
    expect((caught as Error).message).toContain('.env.example');
  });

  it('stops the API process at start-up with a message naming the variable (exit 78)', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, API_PORT: '99999' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('API_PORT');
    expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });
});

describe('Temporal connection settings', () => {
  it('treats empty TEMPORAL_* variables as unset (no TLS, local dev server address)', () => {
    const env = { TEMPORAL_ADDRESS: '', TEMPORAL_API_KEY: '' };
    expect(hasExternalTemporal(env)).toBe(false);
    const target = temporalTarget(loadConfig(env), env);
    expect(target.address).toBe('127.0.0.1:7233');
    expect(target.connectionOptions.tls).toBeUndefined();
  });

  it('uses TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE / TEMPORAL_API_KEY as the Temporal CLI does', () => {
    const env = { TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'ns.acct', TEMPORAL_API_KEY: 'test-key' };
    expect(hasExternalTemporal(env)).toBe(true);
    const target = temporalTarget(loadConfig(env), env);
    expect(target).toMatchObject({ address: 'ns.acct.tmprl.cloud:7233', namespace: 'ns.acct' });
    expect(target.connectionOptions.apiKey).toBe('test-key');
    expect(target.connectionOptions.tls).toBeTruthy();
  });

  it('gives the MCP stdio bridge its key and API URL (PUBLIC_URL by default), and names a missing key', () => {
    expect(() => loadMcpStdioConfig({})).toThrow(ConfigError);
    expect(() => loadMcpStdioConfig({ TRIPSAGE_API_KEY: '  ' })).toThrow(/TRIPSAGE_API_KEY: is required/);
    expect(loadMcpStdioConfig({ TRIPSAGE_API_KEY: 'tsk_abc', PUBLIC_URL: 'https://trips.example.com' })).toMatchObject({ TRIPSAGE_API_KEY: 'tsk_abc', TRIPSAGE_API_URL: 'https://trips.example.com' });
    expect(loadMcpStdioConfig({ TRIPSAGE_API_KEY: 'tsk_abc', TRIPSAGE_API_URL: 'http://127.0.0.1:4000' }).TRIPSAGE_API_URL).toBe('http://127.0.0.1:4000');
    expect(() => loadMcpStdioConfig({ TRIPSAGE_API_KEY: 'tsk_abc', TRIPSAGE_API_URL: 'not a url' })).toThrow(/TRIPSAGE_API_URL/);
  });
});
