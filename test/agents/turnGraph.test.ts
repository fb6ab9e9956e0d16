import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { agentGraphs, runTurnGraph } from '../../agents/index.js';
import { ProviderError, type Providers } from '../../providers/types.js';
import { STEP_UNAVAILABLE_REASON } from '../../domain/stepFailures.js';
import { createAgentTestEnv, REFERENCE_DATE, type AgentTestEnv } from './support.js';

describe('runTurnGraph (offline, one graph for the whole turn)', () => {
  let env: AgentTestEnv;

  beforeAll(async () => {
    env = await createAgentTestEnv();
  });
  afterAll(() => env.close());

  it('has the fan-out topology: understand → recall → destination ∥ flights ∥ stays → budget → itinerary → reply → remember', async () => {
    const graph = await agentGraphs.turnGraph.getGraphAsync();
    const edges = graph.edges.map((edge) => `${edge.source}->${edge.target}`);
    for (const edge of [
      '__start__->understand',
      'understand->recall',
      'recall->destination_specialist',
      'recall->flights_specialist',
      'recall->stays_specialist',
      'recall->budget_specialist',
      'destination_specialist->budget_specialist',
      'flights_specialist->budget_specialist',
      'stays_specialist->budget_specialist',
      'budget_specialist->itinerary_specialist',
      'itinerary_specialist->reply_writer',
      'reply_writer->remember',
      'remember->__end__',
    ]) {
      expect(edges).toContain(edge);
    }
  });

  it('plans a whole trip from one message and remembers the preferences', async () => {
    const userId = await env.createUser();
    const result = await runTurnGraph(env.context(), {
      text: 'From London to Lisbon on December 10 for 4 nights, 2 adults, budget 2500 EUR. We love food and museums.',
      referenceDate: REFERENCE_DATE,
      userId,
      tripId: '6f1d4f4e-3b7a-4c39-9d8e-0b1f6a1f2c3d',
    });
    expect(result.failures).toEqual([]);
    expect(result.needs).toEqual({ destination: true, flights: true, stays: true });
    expect(result.plan.destination?.city).toBe('Lisbon');
    expect(result.plan.flightOptions.length).toBeGreaterThan(0);
    expect(result.plan.stayOptions.length).toBeGreaterThan(0);
    expect(result.plan.selectedFlightId).toEqual(expect.any(String));
    expect(result.plan.itinerary).toHaveLength(5);
    expect(result.reply).toContain('Trip to Lisbon, 10–14 Dec 2026 (4 nights) for 2 adults');
    expect(result.memoriesWritten).toBeGreaterThanOrEqual(3);
  });

  it('turns a failing provider into a StepFailure and still composes the rest', async () => {
    const failing: Providers = {
      ...env.providers,
      flights: {
        name: 'sandbox',
        searchFlights: () => Promise.reject(new ProviderError('sandbox', 'upstream timed out', true, 504)),
      },
    };
    const result = await runTurnGraph(env.context({ providers: failing }), {
      text: 'London to Lisbon December 10 to 14, 2 adults',
      referenceDate: REFERENCE_DATE,
    });
    // A retryable provider error is an outage, not something about the request: a plain reason, no provider text.
    expect(result.failures).toEqual([{ step: 'flights', message: STEP_UNAVAILABLE_REASON }]);
    expect(result.plan.flightOptions).toEqual([]);
    expect(result.plan.stayOptions.length).toBeGreaterThan(0);
    expect(result.plan.itinerary).toHaveLength(5);
    expect(result.reply).toContain(`The flight search failed (${STEP_UNAVAILABLE_REASON})`);
    expect(result.reply).not.toContain('upstream timed out');
  });

  it('asks for a destination when there is none, without running specialists', async () => {
    const result = await runTurnGraph(env.context(), { text: 'Hello!', referenceDate: REFERENCE_DATE });
    expect(result.needs).toEqual({ destination: false, flights: false, stays: false });
    expect(result.plan.itinerary).toEqual([]);
    expect(result.plan.budget).toBeNull();
    expect(result.reply).toMatch(/^Where would you like to go\?/);
  });
});
