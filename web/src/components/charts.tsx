// Plain SVG charts: the budget breakdown (horizontal bars) and a price history (line).
import type { BudgetBreakdown } from '../api/types.js';
import { formatDateTime, formatMoney, formatTotalFor, titleCase } from '../lib/format.js';

const palette = ['#1d4ed8', '#047857', '#b45309', '#7c3aed', '#be123c'];

export function BudgetChart({ budget, travelers }: { budget: BudgetBreakdown; travelers?: number }) {
  const max = Math.max(budget.total.amount, budget.budget?.amount ?? 0, 1);
  const rowHeight = 28;
  const labelWidth = 120;
  const width = 420;
  const barSpace = width - labelWidth - 90;
  const rows = budget.lines.length + 1;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${rows * rowHeight + 8}`} role="img" aria-labelledby="budget-chart-title" width="100%">
        <title id="budget-chart-title">
          Budget breakdown: {budget.lines.map((line) => `${titleCase(line.category)} ${formatMoney(line.amount)}`).join(', ')}; total {formatMoney(budget.total)}
          {budget.budget ? ` of a ${formatMoney(budget.budget)} budget` : ''}
        </title>
        {[...budget.lines, { category: 'total' as const, amount: budget.total }].map((line, index) => {
          const barWidth = Math.max(2, (line.amount.amount / max) * barSpace);
          const y = index * rowHeight + 4;
          return (
            <g key={line.category}>
              <text x={0} y={y + 17} fontSize="13" fill="currentColor">
                {titleCase(line.category)}
              </text>
              <rect x={labelWidth} y={y + 4} width={barWidth} height={rowHeight - 10} rx={3} fill={line.category === 'total' ? '#334155' : palette[index % palette.length]} />
              <text x={labelWidth + barWidth + 6} y={y + 17} fontSize="12" fill="currentColor">
                {formatMoney(line.amount)}
              </text>
            </g>
          );
        })}
        {budget.budget && (
          <line x1={labelWidth + (budget.budget.amount / max) * barSpace} x2={labelWidth + (budget.budget.amount / max) * barSpace} y1={0} y2={rows * rowHeight + 8} stroke="#be123c" strokeDasharray="4 3" />
        )}
      </svg>
      <figcaption>
        {formatTotalFor(budget.total, travelers)}
        {budget.budget && (
          <>
            {' '}
            of {formatMoney(budget.budget)} budget (dashed line):{' '}
            <strong>{budget.withinBudget ? 'within budget' : 'over budget'}</strong>
          </>
        )}
      </figcaption>
    </figure>
  );
}

export function PriceChart({ points, currency, threshold }: { points: { at: string; amount: number }[]; currency: string; threshold: number | null }) {
  if (points.length === 0) return <p className="muted">No price checks yet.</p>;
  const width = 480;
  const height = 180;
  const pad = { left: 56, right: 12, top: 12, bottom: 24 };
  const amounts = points.map((point) => point.amount).concat(threshold ?? []);
  const min = Math.min(...amounts);
  const max = Math.max(...amounts);
  const span = max - min || 1;
  const x = (index: number) => pad.left + (points.length === 1 ? 0 : (index / (points.length - 1)) * (width - pad.left - pad.right));
  const y = (amount: number) => pad.top + (1 - (amount - min) / span) * (height - pad.top - pad.bottom);
  const path = points.map((point, index) => `${index === 0 ? 'M' : 'L'}${x(index).toFixed(1)},${y(point.amount).toFixed(1)}`).join(' ');
  const last = points.at(-1)!;
  const low = points.reduce((best, point) => (point.amount < best.amount ? point : best));
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby="price-chart-title">
        <title id="price-chart-title">
          Price history: {points.length} checks, latest {formatMoney({ amount: last.amount, currency })}, lowest {formatMoney({ amount: low.amount, currency })}
        </title>
        <text x={4} y={pad.top + 4} fontSize="11" fill="currentColor">
          {formatMoney({ amount: max, currency })}
        </text>
        <text x={4} y={height - pad.bottom} fontSize="11" fill="currentColor">
          {formatMoney({ amount: min, currency })}
        </text>
        <line x1={pad.left} x2={width - pad.right} y1={height - pad.bottom} y2={height - pad.bottom} stroke="#94a3b8" />
        {threshold !== null && <line x1={pad.left} x2={width - pad.right} y1={y(threshold)} y2={y(threshold)} stroke="#be123c" strokeDasharray="4 3" />}
        <path d={path} fill="none" stroke="#1d4ed8" strokeWidth={2} />
        {points.map((point, index) => (
          <circle key={`${point.at}-${index}`} cx={x(index)} cy={y(point.amount)} r={3} fill="#1d4ed8">
            <title>
              {formatDateTime(point.at)}: {formatMoney({ amount: point.amount, currency })}
            </title>
          </circle>
        ))}
      </svg>
      <figcaption>
        Latest {formatMoney({ amount: last.amount, currency })} · lowest {formatMoney({ amount: low.amount, currency })}
        {threshold !== null && <> · alert at or below {formatMoney({ amount: threshold, currency })} (dashed)</>}
      </figcaption>
    </figure>
  );
}
