// Streamed replies: how soon the traveler sees the reply start. Processes as in production: an isolated
// stack (Temporal dev server, PostgreSQL, Redis, the worker process), the API as its own process
// (api/main.ts, HTTP + Socket.IO); the model is the local OpenAI-compatible fake server (test/fakes) in
// this process, writing BENCH_TOKEN_DELAY_MS (20) ms per token, streamed or not; a socket.io-client here
// joins the trip's room. After one planning turn (the plan the messages are about), two kinds of turns,
// BENCH_STREAM_TURNS (12) of each kind each way, alternating which way goes first (drift hits both alike):
// - streaming: POST /api/trips/:id/messages → 202 (accepted), → the first `reply.delta` on the socket,
//   → the durable reply (`message` event) on the socket;
// - baseline, the old synchronous path in the same run: POST with `Prefer: wait=60` → 200 with the
//   whole reply.
// A question ("how warm will it be?") is one understanding call (a tool call, not streamed) and one
// phrasing call (the reply, streamed): "send → first token" is the understanding call plus one token. A
// change ("one day later") also searches flights and stays again and recomposes the plan, and its reply
// is longer.
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { createApiContext } from '../api/context.js';
import { loadConfig } from '../infra/config.js';
import { createLogger } from '../infra/logger.js';
import type { ClientToServerEvents, JoinAck, ReplyDelta, ServerToClientEvents, TripEventRecord } from '../contracts/realtime.js';
import { startIsolatedStack } from '../scripts/lib/isolatedStack.js';
import { stop } from '../scripts/lib/process.js';
import { projectRoot } from '../scripts/provision.js';
import { draftOf, offersTool, specialistsAnswerWithoutTools, startFakeOpenAIServer, userText } from '../test/fakes/openaiServer.js';
import { benchTraveler, startApiProcess } from './apiProcess.js';
import { formatSummary, summarize } from './stats.js';

const TURNS = Math.max(10, Number(process.env.BENCH_STREAM_TURNS ?? 12));
const TOKEN_DELAY_MS = Number(process.env.BENCH_TOKEN_DELAY_MS ?? 20);

const PLAN = 'Plan Lisbon from New York, June 12-19 2027, two of us, $5000';
const PLAN_UNDERSTANDING = {
  intent: 'change',
  origin: { city: 'New York' },
  destination: { city: 'Lisbon' },
  departDate: '2027-06-12',
  returnDate: '2027-06-19',
  adults: 2,
  budget: { amount: 5000, currency: 'USD' },
};
/** Changes that move the dates back and forth: flights and stays are searched again each time. */
const CHANGES = [
  ['one day later please', { intent: 'change', shiftDepartDays: 1, shiftReturnDays: 1 }],
  ['one day earlier please', { intent: 'change', shiftDepartDays: -1, shiftReturnDays: -1 }],
] as const;
/** Questions answered from the plan (no search): the turn is the model's two calls and the platform. */
const QUESTIONS = [
  ['how warm will it be?', 'weather'],
  ['what does it cost in total?', 'total_price'],
  ['when do we fly?', 'flight_times'],
  ['how long is the flight?', 'flight_duration'],
  ['is breakfast included?', 'breakfast'],
  ['what is the trip so far?', 'general'],
] as const;

/** What the model reads the message as (the update_trip_request tool call). */
function understanding(text: string): Record<string, unknown> {
  const question = QUESTIONS.find(([asked]) => text.startsWith(asked));
  if (question) return { intent: 'question', questionTopic: question[1] };
  return CHANGES.find(([asked]) => text.startsWith(asked))?.[1] ?? PLAN_UNDERSTANDING;
}

type Client = ClientSocket<ServerToClientEvents, ClientToServerEvents>;

export async function runReplyStreamBenchmark(): Promise<void> {
  const fake = await startFakeOpenAIServer({
    tokenDelayMs: TOKEN_DELAY_MS,
    rules: [
      specialistsAnswerWithoutTools,
      { match: offersTool('update_trip_request'), reply: (request) => ({ toolCalls: [{ name: 'update_trip_request', arguments: understanding(userText(request)) }] }), times: Infinity },
      { match: (request) => request.tools === undefined && draftOf(request) !== '', reply: (request) => ({ content: draftOf(request) }), times: Infinity },
    ],
  });
  console.log(`model: the OpenAI-compatible fake server (test/fakes/openaiServer.ts), ${TOKEN_DELAY_MS} ms per token (streamed: one token per chunk; not streamed: answered after all of them)`);
  console.log('starting an isolated stack (Temporal dev server, migrated database, worker process on that model) …');
  const stack = await startIsolatedStack({
    projectRoot,
    databaseSuffix: 'bench_stream',
    name: 'tripsage-bench-stream',
    env: { ...process.env, LOG_LEVEL: 'error', LLM_PROVIDER: 'openai-compatible', LLM_BASE_URL: `${fake.url}/v1`, LLM_API_KEY: 'bench', LLM_MODEL: '' },
    workerStdio: 'ignore',
  });
  const config = loadConfig(stack.env);
  const ctx = await createApiContext(config, createLogger('bench-stream', 'warn'), stack.env);
  const api = await startApiProcess(stack.env);
  let socket: Client | null = null;
  try {
    const { accessToken, headers } = await benchTraveler(ctx);
    const created = await fetch(`${api.url}/api/trips`, { method: 'POST', headers, body: JSON.stringify({ title: 'Streaming bench' }) });
    const tripId = ((await created.json()) as { id: string }).id;

    // The socket: when the first delta and the durable reply of each turn arrived.
    const firstDeltaAt = new Map<string, number>();
    const replyAt = new Map<string, { at: number; text: string }>();
    const deltas = new Map<string, string[]>();
    const waiters = new Set<() => void>();
    const wake = () => waiters.forEach((waiter) => waiter());
    socket = connectClient(api.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: accessToken } });
    socket.on('reply.delta', (delta: ReplyDelta) => {
      if (!firstDeltaAt.has(delta.clientMessageId)) firstDeltaAt.set(delta.clientMessageId, performance.now());
      deltas.set(delta.clientMessageId, [...(deltas.get(delta.clientMessageId) ?? []), delta.delta]);
      wake();
    });
    socket.on('message', (event: TripEventRecord) => {
      const { role, clientMessageId, text } = event.payload;
      if (role === 'assistant' && typeof clientMessageId === 'string' && typeof text === 'string') replyAt.set(clientMessageId, { at: performance.now(), text });
      wake();
    });
    await new Promise<void>((resolve, reject) => {
      socket?.once('connect', () => resolve());
      socket?.once('connect_error', reject);
    });
    const joined = await new Promise<JoinAck>((resolve) => socket?.emit('join', { tripId }, resolve));
    if (!joined.ok) throw new Error(`join failed: ${joined.error}`);
    const replyTo = (clientMessageId: string) =>
      new Promise<{ at: number; text: string }>((resolve, reject) => {
        const timeout = setTimeout(() => reject(new Error(`no reply to ${clientMessageId} within 60 s`)), 60_000);
        const check = () => {
          const reply = replyAt.get(clientMessageId);
          if (!reply) return;
          waiters.delete(check);
          clearTimeout(timeout);
          resolve(reply);
        };
        waiters.add(check);
        check();
      });

    const post = (text: string, clientMessageId: string, extra: Record<string, string> = {}) =>
      fetch(`${api.url}/api/trips/${tripId}/messages`, { method: 'POST', headers: { ...headers, ...extra }, body: JSON.stringify({ text, clientMessageId }) });

    const planned = await post(PLAN, 'plan', { prefer: 'wait=60' });
    if (planned.status !== 200) throw new Error(`planning turn: ${planned.status} ${await planned.text()}`);
    await planned.arrayBuffer();

    const streamed = async (text: string, clientMessageId: string) => {
      const sentAt = performance.now();
      const response = await post(text, clientMessageId);
      const acceptedAt = performance.now();
      if (response.status !== 202) throw new Error(`streamed turn: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
      const reply = await replyTo(clientMessageId);
      const first = firstDeltaAt.get(clientMessageId);
      if (first === undefined) throw new Error(`no reply.delta before the reply to ${clientMessageId}`);
      if ((deltas.get(clientMessageId) ?? []).join('') !== reply.text) throw new Error(`the deltas of ${clientMessageId} do not add up to its reply`);
      return { accepted: acceptedAt - sentAt, firstToken: first - sentAt, reply: reply.at - sentAt, pieces: deltas.get(clientMessageId)?.length ?? 0, characters: reply.text.length };
    };
    const synchronous = async (text: string, clientMessageId: string) => {
      const sentAt = performance.now();
      const response = await post(text, clientMessageId, { prefer: 'wait=60' });
      if (response.status !== 200) throw new Error(`synchronous turn: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
      return performance.now() - sentAt;
    };

    /** TURNS turns of one kind each way; `text(index)` is the message (the same both ways). */
    const measure = async (kind: string, text: (index: number) => string) => {
      // Warm-up: both paths once (worker and API code paths, JIT).
      await streamed(text(0), `${kind}-warm-stream`);
      await synchronous(text(1), `${kind}-warm-sync`);
      const accepted: number[] = [];
      const firstToken: number[] = [];
      const reply: number[] = [];
      const baseline: number[] = [];
      let pieces = 0;
      let characters = 0;
      for (let index = 0; index < TURNS; index += 1) {
        // A change moves the dates one way (streamed) and back (baseline); a question is asked both ways.
        const runStreamed = async () => {
          const turn = await streamed(text(2 * index), `${kind}-stream-${index}`);
          accepted.push(turn.accepted);
          firstToken.push(turn.firstToken);
          reply.push(turn.reply);
          pieces += turn.pieces;
          characters += turn.characters;
        };
        const runBaseline = async () => baseline.push(await synchronous(text(2 * index + 1), `${kind}-sync-${index}`));
        if (index % 2 === 0) {
          await runStreamed();
          await runBaseline();
        } else {
          await runBaseline();
          await runStreamed();
        }
      }
      const summaries = { accepted: summarize(accepted), firstToken: summarize(firstToken), reply: summarize(reply), baseline: summarize(baseline) };
      console.log(`\n${kind}: ${TURNS} turns each way on one trip, one at a time; replies ${Math.round(characters / TURNS)} characters on average, streamed in ${(pieces / TURNS).toFixed(1)} deltas each`);
      console.log(formatSummary('POST → 202 accepted', summaries.accepted));
      console.log(formatSummary('POST → first reply.delta (socket)', summaries.firstToken));
      console.log(formatSummary('POST → durable reply (socket)', summaries.reply));
      console.log(formatSummary('baseline: Prefer: wait=60 → 200', summaries.baseline));
      console.log(
        `first token vs. the synchronous reply: p50 ${summaries.firstToken.p50.toFixed(0)} vs ${summaries.baseline.p50.toFixed(0)} ms (${(summaries.baseline.p50 / summaries.firstToken.p50).toFixed(1)}x sooner), ` +
          `p95 ${summaries.firstToken.p95.toFixed(0)} vs ${summaries.baseline.p95.toFixed(0)} ms (${(summaries.baseline.p95 / summaries.firstToken.p95).toFixed(1)}x); ` +
          `the HTTP request is held ${summaries.accepted.p50.toFixed(0)} ms (p50) instead of ${summaries.baseline.p50.toFixed(0)} ms`,
      );
    };

    await measure('questions', (index) => `${QUESTIONS[index % QUESTIONS.length]?.[0] ?? ''} (${index})`);
    await measure('changes', (index) => CHANGES[index % CHANGES.length]?.[0] ?? '');
  } finally {
    socket?.disconnect();
    await stop(api.child, 15_000);
    await ctx.close();
    await stack.stop();
    await fake.close();
  }
}
