// The dialog set (test/dialogs/) through the real trip workflow on the shared test worker (offline model,
// sandbox providers): prints the accuracy per category and holds the conversation to its floor.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dialogs } from './dialogs/index.js';
import { formatReport, runDialogs, summarize, type DialogReport } from './dialogs/runner.js';
import { connectTestServices, type TestServices } from './support/services.js';

/** The floor the set must hold: the goal is ≥ 95 % overall and 100 % "nothing unasked changed". */
const MIN_OVERALL = 0.95;
const MIN_UNASKED_FREE = 1;

describe('the dialog test set', () => {
  let services: TestServices;
  let report: DialogReport;

  beforeAll(async () => {
    services = await connectTestServices();
    report = await runDialogs({ client: services.temporal, prisma: services.prisma, taskQueue: services.config.TEMPORAL_TASK_QUEUE, dialogs, concurrency: 6 });
    console.log(formatReport(report));
  }, 600_000);

  afterAll(() => services.close());

  it('has at least 80 conversations of 2 to 5 turns covering every category', () => {
    expect(dialogs.length).toBeGreaterThanOrEqual(80);
    expect(new Set(dialogs.map((dialog) => dialog.id)).size).toBe(dialogs.length);
    // 2–4 turns; an undo taken twice needs two changes before it (5).
    for (const dialog of dialogs) expect(dialog.turns.length).toBeGreaterThanOrEqual(2);
    for (const dialog of dialogs) expect(dialog.turns.length).toBeLessThanOrEqual(dialog.category === 'undo' ? 5 : 4);
    const { rows } = summarize(report);
    for (const row of rows) expect(row.turns).toBeGreaterThan(0);
  });

  it('reads the conversation right: overall accuracy and nothing unasked changed', () => {
    const { overall, unaskedFree } = summarize(report);
    expect(overall.passed / overall.turns).toBeGreaterThanOrEqual(MIN_OVERALL);
    expect(unaskedFree).toBeGreaterThanOrEqual(MIN_UNASKED_FREE);
  });
});
