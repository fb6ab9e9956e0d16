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

/** Wraps `real` so that its next `count` calls of `workflow.start` throw without reaching the server. */
export function failingWorkflowStarts(real: Client, count = 1): FailingStarts {
  let refused = 0;
  const workflow = new Proxy(real.workflow, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property === 'start') {
        return (...args: Parameters<Client['workflow']['start']>) => {
          if (refused < count) {
            refused += 1;
            return Promise.reject(unavailable());
          }
          return target.start(...args);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const client = new Proxy(real, {
    get(target, property) {
      if (property === 'workflow') return workflow;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { client, refused: () => refused };
}
