// Planning-turn benchmark through the real Temporal server and worker (offline model, sandbox providers).
// - latency of one turn, cold cache (new routes) and warm cache (the same searches again), p50/p95;
// - baseline in the same run: a one-activity workflow round trip (the platform's floor on this machine),
//   alternating with the warm turns;
// - throughput: completed turns per second with N concurrent travelers.
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { sendTripMessage } from '../api/tripWorkflows.js';
import { connectToStack, startIsolatedStack } from '../scripts/lib/isolatedStack.js';
import { projectRoot } from '../scripts/provision.js';
import { createUser } from '../test/support/identity.js';
import { systemCheckWorkflow } from '../workflows/systemCheck.js';
import { workflowIds } from '../workflows/ids.js';
import { formatCpuPerUnit, startCpuMeter } from './processCpu.js';
import { requestText } from './requests.js';
import { formatSummary, summarize } from './stats.js';

// 200 turns: with 100, a p95 is the fifth-slowest sample, and one hiccup of the machine moved the ratio by ±0.3.
const TURNS = Number(process.env.BENCH_TURNS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const THROUGHPUT_SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
/** A directory for the worker's CPU profile (`--cpu-prof`), written when the stack stops (docs/benchmarks.md). */
const WORKER_PROFILE_DIR = process.env.BENCH_WORKER_PROFILE_DIR;
/** Extra Node options for the worker process (space-separated), e.g. V8 heap flags to compare. */
const WORKER_NODE_OPTIONS = (process.env.BENCH_WORKER_NODE_OPTIONS ?? '').split(/\s+/).filter((option) => option !== '');
/** A file for every latency sample in run order (JSON), to see where the slow turns fall. */
const SAMPLES_FILE = process.env.BENCH_SAMPLES_FILE;

export async function runPlanningBenchmark(): Promise<void> {
  console.log('starting an isolated stack (Temporal dev server, migrated database, worker process) …');
  const stack = await startIsolatedStack({ projectRoot, databaseSuffix: 'bench', name: 'tripsage-bench',
    env: { ...process.env, LOG_LEVEL: 'warn' },
    workerNodeOptions: [...WORKER_NODE_OPTIONS, ...(WORKER_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${WORKER_PROFILE_DIR}`] : [])],
  });
  const { config, prisma, client, close } = await connectToStack(stack);
  try {
    const user = await createUser(prisma, { displayName: 'Bench' });
    const turn = async (index: number, tripId = randomUUID()) => {
      const started = performance.now();
      await sendTripMessage(client, { tripId, userId: user.id, taskQueue: config.TEMPORAL_TASK_QUEUE }, { text: requestText(index), clientMessageId: `m${index}` });
      return performance.now() - started;
    };

    const baselineRound = async () => {
      const started = performance.now();
      await client.workflow.execute(systemCheckWorkflow, { taskQueue: config.TEMPORAL_TASK_QUEUE, workflowId: workflowIds.systemCheck(randomUUID()) });
      return performance.now() - started;
    };

    // Warm the worker (bundle, JIT, places index) so "cold" means cold provider cache only.
    for (let index = 0; index < 3; index += 1) {
      await turn(10_000 + index);
      await baselineRound();
    }

    const cold: number[] = [];
    for (let index = 0; index < TURNS; index += 1) cold.push(await turn(index));

    // Latency: baseline round trips and warm turns alternate, so a change in the machine's speed during the
    // run (a shared VM's speed drifts by tens of percent within minutes) reaches both alike.
    const baseline: number[] = [];
    const warm: number[] = [];
    for (let index = 0; index < TURNS; index += 1) {
      baseline.push(await baselineRound());
      warm.push(await turn(index));
    }

    // CPU: the warm turns again, alone, between two readings of the processes' CPU time.
    const warmCpu = startCpuMeter({ worker: stack.worker.pid, temporal: stack.temporalServer?.pid });
    // CLOCK_MONOTONIC in µs, the clock of the profiles' timestamps: the window of the warm turns in them.
    const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);
    const warmFrom = monotonicMicros();
    for (let index = 0; index < TURNS; index += 1) await turn(index);
    if (WORKER_PROFILE_DIR) console.log(`warm turns in the profiles: timestamps ${warmFrom} to ${monotonicMicros()}`);
    const warmCpuUsed = warmCpu.read();
    // The floor's own CPU, read the same way: what a turn costs above a bare workflow round trip.
    const baselineCpu = startCpuMeter({ worker: stack.worker.pid, temporal: stack.temporalServer?.pid });
    for (let index = 0; index < TURNS; index += 1) await baselineRound();
    const baselineCpuUsed = baselineCpu.read();

    if (SAMPLES_FILE) await writeFile(SAMPLES_FILE, JSON.stringify({ baseline, cold, warm }));
    const baselineSummary = summarize(baseline);
    const coldSummary = summarize(cold);
    const warmSummary = summarize(warm);
    console.log(formatSummary('baseline: 1-activity workflow (alternating with the warm turns)', baselineSummary));
    console.log(formatSummary('planning turn, cold cache', coldSummary));
    console.log(formatSummary('planning turn, warm cache', warmSummary));
    const ratio = warmSummary.p95 / baselineSummary.p95;
    console.log(`ratio warm p95 / baseline p95: ${ratio.toFixed(2)}x   (goal ≤ 2x → ${ratio <= 2 ? 'met' : 'NOT met'}); p50 / p50: ${(warmSummary.p50 / baselineSummary.p50).toFixed(2)}x`);
    console.log(`CPU, warm turns one at a time: ${formatCpuPerUnit(warmCpuUsed, TURNS, 'turn')}`);
    console.log(`CPU, baseline round trips one at a time: ${formatCpuPerUnit(baselineCpuUsed, TURNS, 'round trip')}`);

    // Throughput: CONCURRENCY travelers, each sending turns back to back on their own trip.
    let completed = 0;
    let failed = 0;
    const deadline = performance.now() + THROUGHPUT_SECONDS * 1000;
    const throughputCpu = startCpuMeter({ worker: stack.worker.pid, temporal: stack.temporalServer?.pid });
    const throughputFrom = monotonicMicros();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, traveler) => {
        const tripId = randomUUID();
        for (let index = 0; performance.now() < deadline; index += 1) {
          try {
            await sendTripMessage(client, { tripId, userId: user.id, taskQueue: config.TEMPORAL_TASK_QUEUE }, { text: requestText(traveler + index * CONCURRENCY), clientMessageId: `c${index}` });
            completed += 1;
          } catch {
            failed += 1;
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    if (WORKER_PROFILE_DIR) console.log(`throughput phase in the profiles: timestamps ${throughputFrom} to ${monotonicMicros()}`);
    const throughputCpuUsed = throughputCpu.read();
    const rate = completed / seconds;
    console.log(`throughput: ${CONCURRENCY} concurrent travelers, ${completed} turns in ${seconds.toFixed(1)} s = ${rate.toFixed(1)} turns/s, ${failed} failed   (goal ≥ 10/s → ${rate >= 10 ? 'met' : 'NOT met'})`);
    console.log(`CPU under throughput load: ${formatCpuPerUnit(throughputCpuUsed, Math.max(1, completed), 'turn')}`);
  } finally {
    await close();
  }
}
