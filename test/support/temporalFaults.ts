// Fault injection into a real Temporal client: the API keeps working against the real server, except
// for the calls a test arms to fail, as they would when the workflow service is unreachable.
import type { Client } from '@temporalio/client';

export interface FailingStarts {
  /** The client to hand to the code under test (the real one, with `workflow.start` intercepted). */
  client: Client;
  /** How many starts were refused so far. */
  refused(): number;
}

/** The error the gRPC layer raises when the server is down (status 14, UNAVAILABLE). */
function unavailable(): Error {
  return Object.assign(new Error('14 UNAVAILABLE: injected fault: the workflow service is unreachable'), { code: 14 });
}

/**
 * `real` with one method of `client.workflow` replaced by `intercept(original)`; every other call goes
 * through to the real client unchanged.
 */
export function interceptWorkflowMethod<M extends 'start' | 'execute'>(
  real: Client,
  method: M,
  intercept: (original: Client['workflow'][M]) => Client['workflow'][M],
): Client {
  const replaced = intercept(real.workflow[method].bind(real.workflow) as Client['workflow'][M]);
  const workflow = new Proxy(real.workflow, {
    get(target, property) {
      if (property === method) return replaced;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return new Proxy(real, {
    get(target, property) {
      if (property === 'workflow') return workflow;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Wraps `real` so that its next `count` calls of `workflow.start` throw without reaching the server. */
export function failingWorkflowStarts(real: Client, count = 1): FailingStarts {
  let refused = 0;
  const client = interceptWorkflowMethod(real, 'start', (start) => ((...args: Parameters<typeof start>) => {
    if (refused < count) {
      refused += 1;
      return Promise.reject(unavailable());
    }
    return start(...args);
  }) as typeof start);
  return { client, refused: () => refused };
}
