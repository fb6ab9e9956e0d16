// Small statistics helpers for benchmark output.

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const index = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[index] ?? Number.NaN;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

export function summarize(samplesMs: number[]): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), mean };
}

export function formatSummary(label: string, summary: LatencySummary): string {
  const f = (value: number) => value.toFixed(1).padStart(8);
  return `${label.padEnd(34)} n=${String(summary.count).padStart(4)}  p50 ${f(summary.p50)} ms  p95 ${f(summary.p95)} ms  p99 ${f(summary.p99)} ms  mean ${f(summary.mean)} ms`;
}
