// What a graph around an agent step costs: understanding a first message (the understand agent, then the
// memory recall) called directly, as understandTurn does, against the same two functions as the nodes of a
// two-node LangGraph graph, as understandTurn ran them before. Both in this process, alternating, on the
// test database with the offline model: CPU-ms per call (process CPU, so the recall's database client too).
import { END, START, StateGraph } from '@langchain/langgraph';
import { understandTurn } from '../agents/graph.js';
import { TurnState } from '../agents/state.js';
import { recallMemories, understandMessage } from '../agents/understand.js';
import { installUntracedRunContext } from '../agents/untracedRunContext.js';
import { withAgentContext } from '../agents/context.js';
import { emptyTripRequest } from '../domain/trip.js';
import { createAgentTestEnv } from '../test/support/agents.js';
import { requestText } from './requests.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 500);
const ROUNDS = 3;

const wrapped = new StateGraph(TurnState)
  .addNode('understand', understandMessage)
  .addNode('recall', recallMemories)
  .addEdge(START, 'understand')
  .addEdge('understand', 'recall')
  .addEdge('recall', END)
  .compile({ name: 'understand_turn' });

export async function runGraphWrapperBenchmark(): Promise<void> {
  installUntracedRunContext();
  const env = await createAgentTestEnv();
  try {
    const userId = await env.createUser();
    const ctx = env.context();
    const input = (index: number) => ({ text: requestText(index), request: emptyTripRequest, referenceDate: '2026-12-01', userId, tripId: null, pace: 'balanced' as const, undoTarget: null, currency: null });
    const ways = {
      'direct (understandTurn)': (index: number) => understandTurn(ctx, input(index)),
      'in a two-node graph (baseline)': (index: number) => wrapped.invoke(input(index), withAgentContext(ctx)),
    };
    const cpu = new Map<string, number[]>();
    for (const round of [0, ...Array.from({ length: ROUNDS }, (_, index) => index + 1)]) {
      for (const [name, call] of Object.entries(ways)) {
        const before = process.cpuUsage();
        for (let index = 0; index < CALLS; index += 1) await call(index);
        const used = process.cpuUsage(before);
        if (round > 0) cpu.set(name, [...(cpu.get(name) ?? []), (used.user + used.system) / 1000 / CALLS]); // round 0 warms up
      }
    }
    for (const [name, perCall] of cpu) console.log(`${name.padEnd(32)} ${perCall.map((value) => value.toFixed(2)).join(' · ')} CPU-ms per call (${CALLS} calls a round)`);
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    const [direct, graph] = [...cpu.values()].map(mean);
    if (direct !== undefined && graph !== undefined) console.log(`direct ÷ graph: ${(direct / graph).toFixed(2)} (the graph around the step: ${(graph - direct).toFixed(2)} CPU-ms per call)`);
  } finally {
    await env.close();
  }
}
