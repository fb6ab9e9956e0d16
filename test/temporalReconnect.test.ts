// The API's Temporal connection recovers within seconds of the server coming back. A dev server (with a
// database file, so its state survives) is stopped for ~15 s while the API keeps calling it, as a busy
// API does, then started again on the same port. The API's client (infra/temporal.ts) must answer again
// within a few seconds; the SDK's default connection is measured alongside for comparison (grpc-js backs
// off up to 120 s between reconnection attempts, so it typically took 10-20 s).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../infra/config.js';
import { connectTemporalClient } from '../infra/temporal.js';
import { freePort } from '../scripts/lib/ports.js';
import { stop } from '../scripts/lib/process.js';
import { resolveTemporalCli, startDevServer, type DevServerOptions } from '../scripts/lib/temporalServer.js';
import { projectRoot } from '../scripts/provision.js';

const OUTAGE_MS = 15_000;

describe('the API\'s Temporal connection after a server restart', () => {
  let dataDir: string;
  let options: DevServerOptions;
  let server: ChildProcess | null = null;
  let api: Client;
  let sdkDefault: Client;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tripsage-reconnect-'));
    const config = loadConfig(process.env);
    options = {
      cliPath: (await resolveTemporalCli(projectRoot)).path,
      port: await freePort(),
      uiPort: null,
      dbFilename: path.join(dataDir, 'temporal.db'),
      namespace: config.TEMPORAL_NAMESPACE,
      quiet: true,
    };
    server = await startDevServer(options);
    const address = `127.0.0.1:${options.port}`;
    api = await connectTemporalClient({ address, namespace: options.namespace, connectionOptions: { address } });
    sdkDefault = new Client({ connection: await Connection.connect({ address, connectTimeout: '5s' }), namespace: options.namespace });
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled([api.connection.close(), sdkDefault.connection.close()]);
    if (server) await stop(server, 5_000);
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** One call; true when the server answered (any outage shows as a failed call). */
  const answers = (client: Client) =>
    client.workflowService.describeNamespace({ namespace: options.namespace }).then(
      () => true,
      () => false,
    );

  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('answers again within a few seconds of the server coming back', async () => {
    expect(await answers(api)).toBe(true);
    expect(await answers(sdkDefault)).toBe(true);

    await stop(server as ChildProcess, 5_000);
    server = null;
    const stoppedAt = performance.now();
    const giveUpAt = stoppedAt + OUTAGE_MS + 60_000;
    /**
     * Traffic through the outage and the restart, as a busy API has (health probes, travelers): each call
     * the channel fails lets its reconnection backoff grow. Ends at the first call answered; when.
     */
    const traffic = async (client: Client): Promise<{ failedDuringOutage: number; answeredAt: number | null }> => {
      let failedDuringOutage = 0;
      while (performance.now() < giveUpAt) {
        if (await answers(client)) return { failedDuringOutage, answeredAt: performance.now() };
        failedDuringOutage += 1;
        await pause(250);
      }
      return { failedDuringOutage, answeredAt: null };
    };
    const running = [traffic(api), traffic(sdkDefault)] as const;
    await pause(OUTAGE_MS);
    server = await startDevServer(options);
    const readyAt = performance.now();
    const [ours, theirs] = await Promise.all(running);

    const after = (answeredAt: number | null) => (answeredAt === null ? null : Math.max(0, Math.round(answeredAt - readyAt)));
    console.log(
      `[reconnect] ${Math.round((readyAt - stoppedAt) / 1000)} s without a server (${OUTAGE_MS / 1000} s down + restart): the API's client answered ` +
        `${after(ours.answeredAt) ?? '>60000'} ms after the server was ready; the SDK's default connection ${after(theirs.answeredAt) ?? '>60000'} ms`,
    );
    expect(ours.failedDuringOutage).toBeGreaterThan(1);
    expect(after(ours.answeredAt)).not.toBeNull();
  }, 120_000);
});
