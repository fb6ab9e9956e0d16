import { useEffect, useState } from 'react';

interface CheckResult {
  status: 'up' | 'down';
  latencyMs: number;
  detail?: string;
}

interface HealthResponse {
  status: 'ok' | 'degraded';
  checks: Record<string, CheckResult>;
  temporalUi: string;
}

/** Platform status: the first screen until the planning screens land. */
export function App() {
  const [health, setHealth] = useState<HealthResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    const load = async () => {
      try {
        const response = await fetch('/api/health');
        const body = (await response.json()) as HealthResponse;
        if (!cancelled) {
          setHealth(body);
          setError(null);
        }
      } catch (loadError) {
        if (!cancelled) setError((loadError as Error).message);
      }
    };
    void load();
    const timer = setInterval(load, 10_000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, []);

  return (
    <main>
      <h1>TripSage</h1>
      <p>Durable AI trip planning on Temporal.</p>
      <section aria-labelledby="status-heading">
        <h2 id="status-heading">Platform status</h2>
        {error && <p role="alert">Could not reach the API: {error}</p>}
        {health && (
          <>
            <p>
              Overall: <strong data-testid="overall-status">{health.status}</strong>
            </p>
            <ul>
              {Object.entries(health.checks).map(([name, check]) => (
                <li key={name}>
                  <span className={`dot ${check.status}`} aria-hidden="true" /> {name}: {check.status} ({check.latencyMs} ms)
                  {check.detail ? ` — ${check.detail}` : ''}
                </li>
              ))}
            </ul>
            <p>
              Operators: <a href={health.temporalUi}>open the Temporal Web UI</a>
            </p>
          </>
        )}
      </section>
    </main>
  );
}
