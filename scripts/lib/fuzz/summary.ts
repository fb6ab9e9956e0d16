// The end of `npm run fuzz`: requests and failures by check, per identity, and where the details are.
import type { FuzzRunResult } from './run.js';

/** Prints the summary; returns whether anything failed. */
export function printSummary(results: FuzzRunResult[], where: { outputDir: string; apiLog: string }): boolean {
  let failed = false;
  const lines = ['', 'Fuzz summary'];
  for (const result of results) {
    const statuses = Object.entries(result.statuses)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, count]) => `${status} ${count}`)
      .join(', ');
    const failures = result.failures.reduce((sum, failure) => sum + failure.count, 0);
    lines.push(`  ${result.identity.name}: ${result.identity.description}`);
    lines.push(`    ${result.requests} requests (${statuses || 'none'}) in ${result.seconds.toFixed(1)}s; ${failures} failures, ${result.errors.length} errors`);
    for (const failure of result.failures) {
      lines.push(`    ✖ ${failure.check} ×${failure.count}: ${failure.title}`);
      for (const operation of failure.operations.slice(0, 10)) lines.push(`        ${operation}`);
      if (failure.operations.length > 10) lines.push(`        … and ${failure.operations.length - 10} more`);
    }
    for (const error of result.errors) lines.push(`    ✖ error: ${error}`);
    if (result.requests === 0) lines.push('    ✖ no request was sent');
    if (result.failures.length || result.errors.length || result.requests === 0) failed = true;
  }
  const total = results.reduce((sum, result) => sum + result.requests, 0);
  const byCheck = new Map<string, number>();
  for (const failure of results.flatMap((result) => result.failures)) byCheck.set(failure.check, (byCheck.get(failure.check) ?? 0) + failure.count);
  lines.push(
    `  total: ${total} requests; failures by check: ${byCheck.size ? [...byCheck].map(([check, count]) => `${check} ${count}`).join(', ') : 'none'}`,
  );
  if (failed) {
    lines.push(
      `  Details: ${where.outputDir}/<identity>/output.txt (Schemathesis' report with a curl line per failure), report.json, requests.har, junit.xml;`,
      `  the API's log: ${where.apiLog}. Reproduce against a held stack: npm run fuzz -- --hold`,
    );
  }
  const passed = results.filter((result) => !result.failures.length && !result.errors.length && result.requests > 0).length;
  // One line per identity run, in the plain form CI reads: "fuzz: N passed, N failed".
  lines.push(`fuzz: ${passed} passed, ${results.length - passed} failed`);
  console.log(lines.join('\n'));
  return failed;
}
