// Operators: workflow runs from Temporal visibility, filtered, each linked into the Temporal Web UI.
import { useState, type FormEvent } from 'react';
import { executionStatuses, listRunsQuery } from '../../../contracts/runs.js';
import { useSession } from '../auth/useAuth.js';
import { ErrorMessage, Field, Loading, Select, StatusBadge } from '../components/ui.js';
import { useRuns, type RunFilters } from '../hooks/account.js';
import { formatDateTime } from '../lib/format.js';
import { errorFor, validate, type FieldErrors } from '../lib/forms.js';
import { NotFoundScreen } from './NotFoundScreen.js';

const workflowTypes = ['', 'tripPlanningWorkflow', 'bookingWorkflow', 'priceWatchWorkflow', 'systemCheckWorkflow'];

export function RunsScreen() {
  const session = useSession();
  const [filters, setFilters] = useState<RunFilters>({ pageSize: 50 });
  const [errors, setErrors] = useState<FieldErrors>({});
  const operator = session?.user.role === 'operator';
  const runs = useRuns(filters, operator);
  if (!operator) return <NotFoundScreen what="Page" />;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const raw: Record<string, string> = {};
    for (const name of ['status', 'type', 'tripId', 'userId']) {
      const value = String(form.get(name) ?? '').trim();
      if (value) raw[name] = value;
    }
    const checked = validate(listRunsQuery, raw);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setFilters({ ...raw, pageSize: 50 });
  };

  return (
    <>
      <h1>Workflow runs</h1>
      <form className="card filters" onSubmit={submit} noValidate aria-label="Filter runs">
        <Select label="Status" name="status" options={['', ...executionStatuses].map((value) => ({ value, label: value || 'Any' }))} error={errorFor(errors, 'status')} />
        <Select label="Type" name="type" options={workflowTypes.map((value) => ({ value, label: value || 'Any' }))} error={errorFor(errors, 'type')} />
        <Field label="Trip id" name="tripId" error={errorFor(errors, 'tripId')} />
        <Field label="User id" name="userId" error={errorFor(errors, 'userId')} />
        <button type="submit">Apply filters</button>
      </form>
      {runs.isPending && <Loading what="Loading runs" />}
      <ErrorMessage error={runs.error} />
      {runs.data && (
        <>
          <p className="muted small">
            Visibility query: <code>{runs.data.query || '(all)'}</code>
          </p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Workflow runs</caption>
              <thead>
                <tr>
                  <th scope="col">Workflow</th>
                  <th scope="col">Type</th>
                  <th scope="col">Status</th>
                  <th scope="col">Started</th>
                  <th scope="col">Trip status</th>
                  <th scope="col">Temporal UI</th>
                </tr>
              </thead>
              <tbody>
                {runs.data.items.map((run) => (
                  <tr key={`${run.workflowId}-${run.runId}`}>
                    <td>
                      <code>{run.workflowId}</code>
                    </td>
                    <td>{run.type}</td>
                    <td>
                      <StatusBadge status={run.status.toLowerCase()} />
                    </td>
                    <td>{formatDateTime(run.startTime)}</td>
                    <td>{run.searchAttributes.TripStatus ?? '—'}</td>
                    <td>
                      <a href={run.uiUrl} target="_blank" rel="noreferrer">
                        Open<span className="visually-hidden"> {run.workflowId} in the Temporal UI</span>
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {runs.data.items.length === 0 && <p className="muted">No runs match.</p>}
        </>
      )}
    </>
  );
}
