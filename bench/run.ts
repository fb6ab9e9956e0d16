// `npm run bench [-- <name> ...]`: runs the named benchmarks (all when none is named) and prints numbers.
import { parseArgs } from 'node:util';

const benchmarks: Record<string, () => Promise<void>> = {
  planning: async () => (await import('./planningTurn.js')).runPlanningBenchmark(),
  api: async () => (await import('./api.js')).runApiBenchmark(),
  sockets: async () => (await import('./socketFanout/run.js')).runSocketFanoutBenchmark(),
  watches: async () => (await import('./priceWatches.js')).runPriceWatchBenchmark(),
  rules: async () => (await import('./planRules.js')).runPlanRulesBenchmark(),
  understanding: async () => (await import('./understanding.js')).runUnderstandingBenchmark(),
  stream: async () => (await import('./replyStream.js')).runReplyStreamBenchmark(),
  bundle: async () => (await import('./bundle.js')).runBundleBenchmark(),
  mcp: async () => (await import('./mcp.js')).runMcpBenchmark(),
  anatomy: async () => (await import('./turnAnatomy.js')).runTurnAnatomy(),
  activities: async () => (await import('./activityCpu.js')).runActivityCpuBenchmark(),
  wrapper: async () => (await import('./graphWrapper.js')).runGraphWrapperBenchmark(),
};

const { positionals } = parseArgs({ allowPositionals: true });
const selected = positionals.length ? positionals : Object.keys(benchmarks);
for (const name of selected) {
  const run = benchmarks[name];
  if (!run) {
    console.error(`unknown benchmark "${name}"; available: ${Object.keys(benchmarks).join(', ')}`);
    process.exit(64);
  }
  console.log(`\n=== ${name} ===`);
  await run();
}
process.exit(0);
