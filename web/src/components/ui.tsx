// Small building blocks: labelled fields with their error, loading and error states, a countdown.
import { useEffect, useId, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { ApiError } from '../api/client.js';
import { countdown } from '../lib/format.js';

interface FieldFrame {
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
}

function useFieldIds(error?: string, hint?: string) {
  const id = useId();
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return { id, describedBy };
}

function FieldMessages({ id, error, hint }: { id: string; error?: string | undefined; hint?: string | undefined }) {
  return (
    <>
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </>
  );
}

export function Field({ label, error, hint, ...input }: FieldFrame & InputHTMLAttributes<HTMLInputElement>) {
  const { id, describedBy } = useFieldIds(error, hint);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      <FieldMessages id={id} error={error} hint={hint} />
    </div>
  );
}

export function TextArea({ label, error, hint, ...input }: FieldFrame & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const { id, describedBy } = useFieldIds(error, hint);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      <FieldMessages id={id} error={error} hint={hint} />
    </div>
  );
}

export function Select({ label, error, hint, options, ...input }: FieldFrame & SelectHTMLAttributes<HTMLSelectElement> & { options: readonly (string | { value: string; label: string })[] }) {
  const { id, describedBy } = useFieldIds(error, hint);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input}>
        {options.map((option) => {
          const { value, label: text } = typeof option === 'string' ? { value: option, label: option } : option;
          return (
            <option key={value} value={value}>
              {text}
            </option>
          );
        })}
      </select>
      <FieldMessages id={id} error={error} hint={hint} />
    </div>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="muted" role="status">
      {what}…
    </p>
  );
}

export function ErrorMessage({ error, prefix }: { error: unknown; prefix?: string }) {
  if (!error) return null;
  const text = error instanceof ApiError ? error.message : error instanceof Error ? error.message : String(error);
  const fields = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  return (
    <div role="alert" className="error">
      {prefix ? `${prefix}: ` : ''}
      {text}
      {fields.length > 0 && (
        <ul>
          {fields.map((field) => (
            <li key={`${field.field}-${field.reason}`}>
              {field.field} {field.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The current time, ticking every `intervalMs`. */
export function useNow(intervalMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** A deadline counting down; the visible text ticks, the accessible label is read on demand. */
export function CountdownText({ deadline, prefix = 'Decide within' }: { deadline: string | null | undefined; prefix?: string }) {
  const now = useNow();
  const left = countdown(deadline, now);
  if (!left) return null;
  return (
    <span className={`countdown${left.urgent ? ' urgent' : ''}`} data-testid="countdown">
      {prefix} <time dateTime={deadline ?? undefined} aria-label={left.label}>{left.text}</time>
    </span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge status-${status}`} data-status={status}>
      {status.replace(/_/g, ' ')}
    </span>
  );
}

export function Section({ title, children, id, actions }: { title: string; children: ReactNode; id?: string; actions?: ReactNode }) {
  const generated = useId();
  const headingId = `${id ?? generated}-heading`;
  return (
    <section className="card" aria-labelledby={headingId} id={id}>
      <div className="card-head">
        <h2 id={headingId}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
