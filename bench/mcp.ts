// MCP vs REST for the same planning call, in one run, on an isolated stack (real Temporal dev server +
// worker, PostgreSQL, Redis) with the API as its own process (api/main.ts: REST at /api, MCP at /mcp):
// - REST: POST /api/trips/:id/messages with `Prefer: wait=60` (the whole turn in one response);
// - MCP: the send_message tool through the official SDK's Client over Streamable HTTP, with a progress
//   token (so the turn's progress notifications are relayed, as an agent would ask for them).
// Both with the same API key, each call a trip's first message on a fresh trip, the same requests.
// Latency: BENCH_MCP_TURNS sequential calls each, alternating REST, MCP and MCP without a progress token, p50/p95. Throughput:
// BENCH_CONCURRENCY callers for BENCH_SECONDS each way; the ratio MCP/REST (goal ≥ 0.9).
import { randomUUID } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startIsolatedStack } from '../scripts/lib/isolatedStack.js';
import { stop } from '../scripts/lib/process.js';
import { projectRoot } from '../scripts/provision.js';
import { startApiProcess } from './apiProcess.js';
import { requestText } from './requests.js';
import { formatSummary, summarize } from './stats.js';

const TURNS = Number(process.env.BENCH_MCP_TURNS ?? 40);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP_TURNS = 5;
const GOAL_RATIO = 0.9;

async function json<T>(response: Response, expected: number, what: string): Promise<T> {
  if (response.status !== expected) throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export async function runMcpBenchmark(): Promise<void> {
  console.log('starting an isolated stack (Temporal dev server, migrated database, worker process) and the API process …');
  const stack = await startIsolatedStack({ projectRoot, databaseSuffix: 'benchmcp', name: 'tripsage-benchmcp', env: { ...process.env, LOG_LEVEL: 'warn' } });
  const api = await startApiProcess(stack.env);
  const clients: Client[] = [];
  try {
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${api.url}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const session = await json<{ accessToken: string }>(
      await post('/auth/register', { email: `bench-${randomUUID()}@example.test`, password: 'correct horse battery staple', displayName: 'Bench' }),
      201,
      'register',
    );
    const { key } = await json<{ key: string }>(await post('/api-keys', { name: 'bench agent', scopes: ['trips:read', 'trips:write'] }, { authorization: `Bearer ${session.accessToken}` }), 201, 'API key');
    const auth = { 'x-api-key': key };
    const newTrip = async () => (await json<{ id: string }>(await post('/trips', { title: 'Bench trip' }, auth), 201, 'create trip')).id;

    const restTurn = async (index: number): Promise<number> => {
      const tripId = await newTrip();
      const started = performance.now();
      const response = await post(`/trips/${tripId}/messages`, { text: requestText(index), clientMessageId: `r${index}` }, { ...auth, prefer: 'wait=60' });
      await json(response, 200, 'REST turn');
      return performance.now() - started;
    };
    const connect = async () => {
      const client = new Client({ name: 'tripsage-bench', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${api.url}/mcp`), { requestInit: { headers: auth } }));
      clients.push(client);
      return client;
    };
    let progressNotifications = 0;
    const mcpTurn = async (client: Client, index: number, withProgress = true): Promise<number> => {
      const tripId = await newTrip();
      const started = performance.now();
      const result = (await client.callTool(
        { name: 'send_message', arguments: { tripId, text: requestText(index), clientMessageId: `m${index}` } },
        undefined,
        withProgress ? { onprogress: () => void (progressNotifications += 1), resetTimeoutOnProgress: true, timeout: 90_000 } : { timeout: 90_000 },
      )) as CallToolResult;
      if (result.isError) throw new Error(`MCP turn: ${JSON.stringify(result.content)}`);
      return performance.now() - started;
    };

    const client = await connect();
    for (let index = 0; index < WARMUP_TURNS; index += 1) {
      await restTurn(10_000 + index);
      await mcpTurn(client, 10_000 + index);
    }

    // Latency: alternating, so both see the same state of the machine.
    const rest: number[] = [];
    const mcp: number[] = [];
    const mcpQuiet: number[] = [];
    progressNotifications = 0;
    for (let index = 0; index < TURNS; index += 1) {
      rest.push(await restTurn(index));
      mcp.push(await mcpTurn(client, index));
      mcpQuiet.push(await mcpTurn(client, index, false));
    }
    const restSummary = summarize(rest);
    const mcpSummary = summarize(mcp);
    console.log(formatSummary('REST  POST messages, Prefer wait=60', restSummary));
    console.log(formatSummary('MCP   send_message (with progress)', mcpSummary));
    console.log(formatSummary('MCP   send_message (no progress)', summarize(mcpQuiet)));
    console.log(`progress notifications per MCP turn: ${(progressNotifications / TURNS).toFixed(1)}`);
    console.log(`latency MCP/REST: p50 ${(mcpSummary.p50 / restSummary.p50).toFixed(2)}x, p95 ${(mcpSummary.p95 / restSummary.p95).toFixed(2)}x`);

    // Throughput: CONCURRENCY callers back to back for SECONDS, REST then MCP.
    const throughput = async (turn: (caller: number, index: number) => Promise<number>) => {
      let completed = 0;
      let failed = 0;
      const started = performance.now();
      const deadline = started + SECONDS * 1000;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async (_, caller) => {
          for (let index = 0; performance.now() < deadline; index += 1) {
            try {
              await turn(caller, 20_000 + caller * 1_000 + index);
              completed += 1;
            } catch {
              failed += 1;
            }
          }
        }),
      );
      return { rate: completed / ((performance.now() - started) / 1000), completed, failed };
    };
    const mcpClients = await Promise.all(Array.from({ length: CONCURRENCY }, () => connect()));
    const restRate = await throughput((_, index) => restTurn(index));
    const mcpRate = await throughput((caller, index) => mcpTurn(mcpClients[caller] ?? client, index));
    console.log(`throughput REST: ${CONCURRENCY} callers, ${restRate.completed} turns = ${restRate.rate.toFixed(1)} turns/s, ${restRate.failed} failed`);
    console.log(`throughput MCP:  ${CONCURRENCY} callers, ${mcpRate.completed} turns = ${mcpRate.rate.toFixed(1)} turns/s, ${mcpRate.failed} failed`);
    const ratio = mcpRate.rate / restRate.rate;
    console.log(`throughput MCP/REST: ${ratio.toFixed(2)}   (goal ≥ ${GOAL_RATIO} → ${ratio >= GOAL_RATIO ? 'met' : 'NOT met'})`);
  } finally {
    await Promise.allSettled(clients.map((client) => client.close()));
    await stop(api.child, 15_000);
    await stack.stop();
  }
}
