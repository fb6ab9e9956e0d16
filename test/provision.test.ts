import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { checkPostgresReachable } from '../scripts/lib/postgres.js';
import { ProvisionError } from '../scripts/lib/steps.js';
import { devServerArgs, resolveTemporalCli } from '../scripts/lib/temporalServer.js';
import { platformSearchAttributes } from '../workflows/searchAttributes.js';
import { freePort } from '../scripts/lib/ports.js';

async function provisionError(promise: Promise<unknown>): Promise<ProvisionError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProvisionError);
  return error as ProvisionError;
}

describe('provisioning', () => {
  it('rejects a TEMPORAL_CLI_PATH that is not an executable, saying how to fix it', async () => {
    const error = await provisionError(resolveTemporalCli('/nonexistent', { TEMPORAL_CLI_PATH: '/nonexistent/temporal', PATH: '' }));
    expect(error.describe()).toContain('TEMPORAL_CLI_PATH=/nonexistent/temporal');
    expect(error.options.length).toBeGreaterThan(0);
  });

  it('prefers TEMPORAL_CLI_PATH, then `temporal` on PATH', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-'));
    const fake = path.join(dir, 'temporal');
    writeFileSync(fake, '#!/bin/sh\n');
    chmodSync(fake, 0o755);
    await expect(resolveTemporalCli('/nonexistent', { TEMPORAL_CLI_PATH: fake, PATH: '' })).resolves.toEqual({ path: fake, source: 'TEMPORAL_CLI_PATH' });
    await expect(resolveTemporalCli('/nonexistent', { PATH: dir })).resolves.toEqual({ path: fake, source: 'PATH' });
  });

  it('fails with options when neither the CLI nor Python can be found', async () => {
    const error = await provisionError(resolveTemporalCli(mkdtempSync(path.join(tmpdir(), 'root-')), { PATH: '' }));
    expect(error.describe()).toMatch(/Options:[\s\S]*TEMPORAL_ADDRESS/);
  });

  it('registers every platform search attribute with the dev server and keeps its data file', () => {
    const args = devServerArgs({ cliPath: 'temporal', port: 7233, uiPort: 8233, dbFilename: path.join(tmpdir(), 'x', 'temporal.db'), namespace: 'default' });
    for (const attribute of platformSearchAttributes) expect(args).toContain(`${attribute.name}=${attribute.type === 'BOOL' ? 'Bool' : 'Keyword'}`);
    expect(args).toEqual(expect.arrayContaining(['--db-filename', '--ui-port', '8233', '--port', '7233']));
    expect(devServerArgs({ cliPath: 'temporal', port: 1, uiPort: null, dbFilename: null, namespace: 'default' })).toContain('--headless');
    expect(args.join(' ')).toContain('--dynamic-config-value history.transferProcessorMaxPollRPS=1000');
  });

  it('explains how to fix an unreachable PostgreSQL', async () => {
    const error = await provisionError(checkPostgresReachable(`postgresql://postgres@127.0.0.1:${await freePort()}/tripsage`));
    expect(error.describe()).toMatch(/cannot connect[\s\S]*DATABASE_URL/);
  });
});
