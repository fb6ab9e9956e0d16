// API keys for AI agents: create (the key is shown once), list, revoke.
import { useRef, useState, type FormEvent } from 'react';
import { apiKeyScopes, createApiKeyRequestSchema } from '../../../contracts/auth.js';
import { ApiError } from '../api/client.js';
import type { CreatedApiKey } from '../api/types.js';
import { ErrorMessage, Field, Loading } from '../components/ui.js';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../hooks/account.js';
import { formatDateTime } from '../lib/format.js';
import { errorFor, numberOrNull, validate, type FieldErrors } from '../lib/forms.js';

export function ApiKeysScreen() {
  const keys = useApiKeys();
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [copied, setCopied] = useState(false);
  // After an action removes the button that had focus (Revoke, "I have saved it"), focus lands on the
  // list's heading and a status says what happened.
  const keysHeading = useRef<HTMLHeadingElement>(null);
  const [notice, setNotice] = useState('');
  const revokeKey = (id: string, name: string) =>
    revoke.mutate(id, {
      onSuccess: () => {
        setNotice(`Key “${name}” revoked.`);
        keysHeading.current?.focus();
      },
    });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const days = numberOrNull(String(form.get('expiresInDays') ?? ''));
    const checked = validate(createApiKeyRequestSchema, { name: form.get('name'), scopes: form.getAll('scopes'), ...(days !== null && { expiresInDays: days }) });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    try {
      setCreated(await create.mutateAsync(checked.data));
      setCopied(false);
      formElement.reset();
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
    }
  };

  return (
    <>
      <h1>API keys for AI agents</h1>
      <p className="muted">Agents use a key to read trips, suggest changes and watch prices. No key can approve a booking or move money.</p>
      {created && (
        <div className="card secret" role="status" data-testid="created-key">
          <h2>Your new key “{created.name}”</h2>
          <p>Copy it now: it is shown only this once.</p>
          <code className="key">{created.key}</code>{' '}
          <button
            type="button"
            className="secondary small"
            onClick={() => void navigator.clipboard?.writeText(created.key).then(() => setCopied(true), () => undefined)}
          >
            {copied ? 'Copied' : 'Copy'}
          </button>{' '}
          <button
            type="button"
            className="link"
            onClick={() => {
              setCreated(null);
              setNotice('The new key is hidden.');
              keysHeading.current?.focus();
            }}
          >
            I have saved it
          </button>
        </div>
      )}
      <form className="card" onSubmit={(event) => void submit(event)} noValidate aria-label="Create an API key">
        <h2>Create a key</h2>
        <Field label="Name" name="name" placeholder="My travel agent" error={errorFor(errors, 'name')} />
        <fieldset aria-describedby={errors.scopes ? 'scopes-error' : undefined}>
          <legend>Scopes</legend>
          {apiKeyScopes.map((scope) => (
            <label key={scope} className="check">
              <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === 'trips:read'} /> {scope}
            </label>
          ))}
          {errorFor(errors, 'scopes') && (
            <span id="scopes-error" className="field-error">
              {errorFor(errors, 'scopes')}
            </span>
          )}
        </fieldset>
        <Field label="Expires in (days, optional)" name="expiresInDays" type="number" min={1} max={365} error={errorFor(errors, 'expiresInDays')} />
        <ErrorMessage error={create.error} />
        <button type="submit" disabled={create.isPending}>
          Create key
        </button>
      </form>
      <h2 ref={keysHeading} tabIndex={-1}>
        Your keys
      </h2>
      <p className="visually-hidden" role="status">
        {notice}
      </p>
      {keys.isPending && <Loading />}
      <ErrorMessage error={keys.error} />
      <ErrorMessage error={revoke.error} prefix="Could not revoke" />
      {keys.data && keys.data.items.length === 0 && <p className="muted">No keys yet.</p>}
      {keys.data && keys.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="stack-table">
            <caption className="visually-hidden">Your API keys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Scopes</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {keys.data.items.map((key) => (
                <tr key={key.id}>
                  <td data-label="Name">{key.name}</td>
                  <td data-label="Key">
                    <code>tsk_{key.prefix}_…</code>
                  </td>
                  <td data-label="Scopes">{key.scopes.join(', ')}</td>
                  <td data-label="Last used">{formatDateTime(key.lastUsedAt)}</td>
                  <td data-label="Status">
                    {key.revokedAt ? (
                      `revoked ${formatDateTime(key.revokedAt)}`
                    ) : (
                      <button type="button" className="danger small" onClick={() => revokeKey(key.id, key.name)} disabled={revoke.isPending} aria-label={`Revoke ${key.name}`}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
