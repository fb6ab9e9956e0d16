// The live progress of planning turns: each step running, done or failed, with its partial result.
import type { TripEvent } from '../../api/types.js';
import { formatMinutes, formatMoney } from '../../lib/format.js';
import { labelFor, planningStepLabels, stepStatusLabels } from '../../lib/labels.js';
import { answeredMessageIds, progressTimeline, type StepProgress } from '../../realtime/eventLog.js';

export function ProgressTimeline({ events }: { events: readonly TripEvent[] }) {
  const turns = progressTimeline(events);
  const answered = answeredMessageIds(events);
  if (turns.length === 0) return <p className="muted">No planning yet.</p>;
  const latest = turns.at(-1)!;
  const earlier = turns.slice(0, -1);
  return (
    <div>
      <TurnSteps steps={latest.steps} turn={latest.turn} answered={answered.has(latest.turn)} live />
      {earlier.length > 0 && (
        <details className="earlier-turns">
          <summary>Earlier turns ({earlier.length})</summary>
          {earlier
            .slice()
            .reverse()
            .map((turn) => (
              <TurnSteps key={turn.turn} steps={turn.steps} turn={turn.turn} answered={answered.has(turn.turn)} />
            ))}
        </details>
      )}
    </div>
  );
}

function TurnSteps({ steps, turn, answered, live = false }: { steps: StepProgress[]; turn: string; answered: boolean; live?: boolean }) {
  // Once the plan is composed, or the turn answered (a question needs no search), steps that never started
  // were not needed (a pick or a booking recomposes without searching): left out, not "waiting" forever.
  const composed = steps.some((step) => step.step === 'compose' && step.status !== 'pending' && step.status !== 'running');
  const shown = composed || answered ? steps.filter((step) => step.status !== 'pending') : steps;
  return (
    <ol className="timeline" aria-label={live ? 'Latest planning turn' : 'Planning turn'} aria-live={live ? 'polite' : undefined} data-turn={turn}>
      {shown.map((step) => (
        <li key={step.step} className={`step ${step.status}`} data-progress-step={step.step} data-status={step.status}>
          <span className="step-icon" aria-hidden="true">
            {step.status === 'done' ? '✓' : step.status === 'failed' ? '✕' : step.status === 'running' ? '…' : '○'}
          </span>
          <span className="step-name">{labelFor(step.step, planningStepLabels)}</span> <span className="step-status">{labelFor(step.status, stepStatusLabels)}</span>
          {step.status === 'failed' && step.message && <div className="step-detail error-text">{step.message}</div>}
          {step.status === 'done' && <StepDetail step={step} />}
        </li>
      ))}
    </ol>
  );
}

interface Preview {
  price?: { amount: number; currency: string };
  totalPrice?: { amount: number; currency: string };
  stops?: number;
  durationMinutes?: number;
  name?: string;
}

function StepDetail({ step }: { step: StepProgress }) {
  const detail = step.detail;
  const preview = Array.isArray(detail.preview) ? (detail.preview as Preview[]) : [];
  switch (step.step) {
    case 'understand': {
      const request = detail.request as { destination?: { city?: string } | null; departDate?: string | null } | undefined;
      return <div className="step-detail">{request?.destination?.city ? `Going to ${request.destination.city}${request.departDate ? ` on ${request.departDate}` : ''}` : 'Request understood'}</div>;
    }
    case 'destination': {
      const destination = detail.destination as { city?: string; weatherDays?: number } | undefined;
      return <div className="step-detail">{destination?.city ? `${destination.city}, ${destination.weatherDays ?? 0} days of weather` : null}</div>;
    }
    case 'flights':
      return (
        <div className="step-detail">
          {String(detail.count ?? 0)} flights
          {preview.length > 0 && `, from ${preview.map((offer) => `${formatMoney(offer.price)}${offer.durationMinutes ? ` (${formatMinutes(offer.durationMinutes)})` : ''}`).join(', ')}`}
        </div>
      );
    case 'stays':
      return (
        <div className="step-detail">
          {String(detail.count ?? 0)} stays{preview.length > 0 && `, e.g. ${preview.map((offer) => `${offer.name ?? ''} ${formatMoney(offer.totalPrice)}`).join(', ')}`}
        </div>
      );
    case 'compose':
      return <div className="step-detail">{String(detail.days ?? 0)}-day itinerary{detail.withinBudget === false ? ', over budget' : detail.withinBudget ? ', within budget' : ''}</div>;
    default:
      return null;
  }
}
