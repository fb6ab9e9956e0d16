// A probe workflow for test/unit/workflows/patchDecisions.test.ts: it decides its patches at start as code
// from before 'probe-new' existed did, waits for a signal, and answers each patch's decision then.
import { condition, defineSignal, setHandler } from '@temporalio/workflow';
import { decidePatchesAtStart } from '../../../../workflows/patches.js';

export const proceedSignal = defineSignal('proceed');

export async function patchProbe(): Promise<Record<string, boolean>> {
  const decided = decidePatchesAtStart(['probe-old']);
  let proceed = false;
  setHandler(proceedSignal, () => void (proceed = true));
  await condition(() => proceed);
  return { 'probe-old': decided('probe-old'), 'probe-new': decided('probe-new') };
}
