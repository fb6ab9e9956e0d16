// A trip's facts as a description list: route, dates, travellers and the budget (or, on the trip itself,
// the plan's estimate against it), then any facts the screen adds. Used by the trip list's cards and the
// trip overview.
import type { ReactNode } from 'react';
import type { BudgetBreakdown } from '../api/types.js';
import { formatDateRange, formatMoney } from '../lib/format.js';
import { travelersText, type TripFactValues } from '../lib/tripFacts.js';

/** One fact: a term and its value (also for the facts a screen adds after the common ones). */
export function Fact({ term, children, testId }: { term: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

/**
 * `estimate`: the plan's budget breakdown (null while there is none) shows "Estimate: <total> of
 * <budget>" in place of "Budget: <budget>"; leave it out where there is no plan to show (the trip list).
 */
export function TripFacts({ facts, estimate, className, children }: { facts: TripFactValues; estimate?: BudgetBreakdown | null; className?: string; children?: ReactNode }) {
  return (
    <dl className={className ? `facts ${className}` : 'facts'}>
      <Fact term="Route">{routeText(facts.origin, facts.destinations)}</Fact>
      <Fact term="Dates">{formatDateRange(facts.startDate, facts.endDate)}</Fact>
      <Fact term="Travelers" testId="facts-travelers">
        {travelersText(facts.adults, facts.children)}
      </Fact>
      {estimate === undefined ? (
        <Fact term="Budget">{formatMoney(facts.budget)}</Fact>
      ) : (
        <Fact term="Estimate" testId="overview-total">
          {estimate ? formatMoney(estimate.total) : '—'}
          {facts.budget && <span className="muted"> of {formatMoney(facts.budget)}</span>}
          {estimate?.withinBudget === false && <span className="over"> · over budget</span>}
        </Fact>
      )}
      {children}
    </dl>
  );
}

/** "LHR → LIS", "? → LIS" while the origin is unknown, "Not chosen yet" before either is. */
function routeText(origin: string | null, destinations: readonly string[]): string {
  if (!origin && destinations.length === 0) return 'Not chosen yet';
  return `${origin ?? '?'} → ${destinations.join(', ') || '?'}`;
}
