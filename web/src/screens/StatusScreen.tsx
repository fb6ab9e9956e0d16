// Platform status (public): the API's health report.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorMessage, Loading } from '../components/ui.js';

interface HealthResponse {
  status: 'ok' | 'degraded';
  checks: Record<string, { status: 'up' | 'down'; latencyMs: number; detail?: string }>;
  temporalUi: string;
}

export function StatusScreen() {
  const health = useQuery({
    queryKey: ['health'],
    // 503 still carries the report.
    queryFn: async () => (await fetch('/api/health')).json() as Promise<HealthResponse>,
    refetchInterval: 10_000,
  });
  return (
    <main id="main" className="auth-page">
      <h1>Platform status</h1>
      {health.isPending && <Loading />}
      <ErrorMessage error={health.error} prefix="Could not reach the API" />
      {health.data && (
        <section className="card" aria-label="Checks">
          <p>
            Overall: <strong data-testid="overall-status">{health.data.status}</strong>
          </p>
          <ul>
            {Object.entries(health.data.checks).map(([name, check]) => (
              <li key={name}>
                <span className={`dot ${check.status}`} aria-hidden="true" /> {name}: {check.status} ({check.latencyMs} ms)
                {check.detail ? ` — ${check.detail}` : ''}
              </li>
            ))}
          </ul>
          <p>
            Operators: <a href={health.data.temporalUi}>open the Temporal Web UI</a>
          </p>
        </section>
      )}
      <p>
        <Link to="/trips">Your trips</Link>
      </p>
    </main>
  );
}
