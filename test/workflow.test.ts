import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { systemCheckWorkflow } from '../workflows/systemCheck.js';
import { platformSearchAttributes } from '../workflows/searchAttributes.js';
import { workflowIds } from '../workflows/ids.js';
import { connectTestServices, type TestServices } from './support/services.js';

describe('workflows on the real worker and Temporal server', () => {
  let services: TestServices;

  beforeAll(async () => {
    services = await connectTestServices();
  });
  afterAll(() => services.close());

  it('runs the system-check workflow, whose activity reaches PostgreSQL and Redis from the worker', async () => {
    const workflowId = workflowIds.systemCheck(`test-${Date.now()}`);
    const result = await services.temporal.workflow.execute(systemCheckWorkflow, {
      taskQueue: services.config.TEMPORAL_TASK_QUEUE,
      workflowId,
      workflowExecutionTimeout: '20s',
    });
    expect(result.postgresMs).toBeGreaterThan(0);
    expect(result.redisMs).toBeGreaterThan(0);
    // The worker is a separate process, not this test.
    expect(result.workerIdentity).not.toContain(`${process.pid}@`);

    const history = await services.temporal.workflow.getHandle(workflowId).fetchHistory();
    const eventTypes = (history.events ?? []).map((event) => event.eventType);
    expect(eventTypes.length).toBeGreaterThan(5);
  });

  it('has the platform search attributes registered on the server', async () => {
    const response = await services.temporal.connection.operatorService.listSearchAttributes({ namespace: services.target.namespace });
    const custom = Object.keys(response.customAttributes ?? {});
    for (const attribute of platformSearchAttributes) expect(custom).toContain(attribute.name);
  });
});
