// The probe workflow (startedBefore.ts) as the next release writes it, listing the patch it added
// ('probe-new'): a run the older code started is continued by this one.
import { condition, defineSignal, setHandler } from '@temporalio/workflow';
import { decidePatchesAtStart } from '../../../../workflows/patches.js';

export const proceedSignal = defineSignal('proceed');

export async function patchProbe(): Promise<Record<string, boolean>> {
  const decided = decidePatchesAtStart(['probe-old', 'probe-new']);
  let proceed = false;
  setHandler(proceedSignal, () => void (proceed = true));
  await condition(() => proceed);
  return { 'probe-old': decided('probe-old'), 'probe-new': decided('probe-new') };
}
