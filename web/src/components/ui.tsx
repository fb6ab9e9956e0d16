// Small building blocks: labelled fields with their error, loading and error states, a countdown.
import { QueryClientContext } from '@tanstack/react-query';
import { useContext, useEffect, useId, useState, type InputHTMLAttributes, type ReactNode, type Ref, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { ApiError, errorText, NetworkError } from '../api/client.js';
import { useIsPhone } from '../hooks/useMediaQuery.js';
import { countdown } from '../lib/format.js';
import { fieldSentence, subjectOf } from '../lib/forms.js';
import { labelFor, plainWords, statusTone } from '../lib/labels.js';

interface FieldFrame {
  label: string;
  /** The field's problem (a schema reason like "must not be empty"); shown as a sentence. */
  error?: string | undefined;
  hint?: string | undefined;
  /** What the field holds, for its error sentence ("a message" → "Enter a message."); default "the <label>". */
  subject?: string | undefined;
}

/** What a field's control needs to be labelled and described: its id and its error state. */
interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/** A label, one control (given its ids by `control`), then the hint and the error as a sentence. */
function LabelledField({ label, error: reason, hint, subject, control }: FieldFrame & { control: (props: ControlProps) => ReactNode }) {
  const error = reason && fieldSentence(reason, subject ?? subjectOf(label));
  const id = useId();
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {control({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
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
    </div>
  );
}

export function Field({ label, error, hint, subject, ...input }: FieldFrame & InputHTMLAttributes<HTMLInputElement>) {
  return <LabelledField label={label} error={error} hint={hint} subject={subject} control={(props) => <input {...props} {...input} />} />;
}

export function TextArea({ label, error, hint, subject, ...input }: FieldFrame & TextareaHTMLAttributes<HTMLTextAreaElement> & { ref?: Ref<HTMLTextAreaElement> }) {
  return <LabelledField label={label} error={error} hint={hint} subject={subject} control={(props) => <textarea {...props} {...input} />} />;
}

export function Select({ label, error, hint, subject, options, ...input }: FieldFrame & SelectHTMLAttributes<HTMLSelectElement> & { options: readonly (string | { value: string; label: string })[] }) {
  return (
    <LabelledField
      label={label}
      error={error}
      hint={hint}
      subject={subject}
      control={(props) => (
        <select {...props} {...input}>
          {options.map((option) => {
            const { value, label: text } = typeof option === 'string' ? { value: option, label: option } : option;
            return (
              <option key={value} value={value}>
                {text}
              </option>
            );
          })}
        </select>
      )}
    />
  );
}

/**
 * Content on its way: grey placeholder lines in the shape of what comes (no layout jump when it
 * arrives), announced once to screen readers as `what`.
 */
export function Loading({ what = 'Loading', lines = 3 }: { what?: string; lines?: number }) {
  return (
    <div className="skeleton" role="status" aria-busy="true" data-testid="loading">
      <span className="visually-hidden">{what}…</span>
      {Array.from({ length: lines }, (_, index) => (
        <span key={index} className="skeleton-line" aria-hidden="true" />
      ))}
    </div>
  );
}

/**
 * An error with a way out: Retry runs `retry`, or refetches the screen's failed queries. Field
 * problems from the API are listed as sentences.
 */
export function ErrorMessage({ error, prefix, retry }: { error: unknown; prefix?: string; retry?: () => void }) {
  const queryClient = useContext(QueryClientContext);
  if (!error) return null;
  const fields = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  const passing = error instanceof NetworkError || error instanceof TypeError || (error instanceof ApiError && (error.status >= 500 || error.status === 429));
  const again = retry ?? (queryClient && passing ? () => void queryClient.refetchQueries({ predicate: (query) => query.state.status === 'error' }) : undefined);
  return (
    <div role="alert" className="error" data-testid="error-message">
      <span>
        {prefix ? `${prefix}: ` : ''}
        {errorText(error)}
      </span>
      {fields.length > 0 && (
        <ul>
          {fields.map((field) => (
            <li key={`${field.field}-${field.reason}`}>{fieldSentence(field.reason, subjectOf(plainWords(field.field.replace(/^(body|query|params)\./, '').split('.').at(-1) ?? field.field)))}</li>
          ))}
        </ul>
      )}
      {passing && again && (
        <button type="button" className="secondary retry" onClick={again}>
          Retry
        </button>
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

/** A status as a coloured badge with its label (lib/labels.ts); `labels` picks the vocabulary. */
export function StatusBadge({ status, labels }: { status: string; labels?: Record<string, string> }) {
  return (
    <span className={`badge tone-${statusTone(status)} status-${status}`} data-status={status}>
      {labelFor(status, labels)}
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

/**
 * Filters folded behind a "Filters" button on phones (where they would take the screen) and open by
 * default on wide screens; the traveler's own open/close wins over the default. `active` counts the
 * filters that are on, so a folded button still says the list is filtered.
 */
export function FiltersDisclosure({ active, children, testId }: { active: number; children: ReactNode; testId?: string }) {
  const isPhone = useIsPhone();
  const [chosen, setChosen] = useState<boolean | null>(null);
  const open = chosen ?? !isPhone;
  const id = useId();
  return (
    <>
      <button type="button" className="secondary filters-toggle" aria-expanded={open} aria-controls={id} onClick={() => setChosen(!open)} data-testid={testId}>
        Filters{active > 0 ? ` (${active} on)` : ''}
        <span className="chevron" aria-hidden="true">
          ▾
        </span>
      </button>
      <div id={id} className="compare-filters" hidden={!open}>
        {children}
      </div>
    </>
  );
}
