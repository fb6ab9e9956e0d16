// A form submitted through one of the API's zod schemas: validated in the browser first, then sent; the
// server's field errors (problem+json `errors`) land on the same fields.
import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { ApiError } from '../api/client.js';
import { validate, type FieldErrors } from './forms.js';

export interface SchemaForm {
  errors: FieldErrors;
  /** The last failure of `send` (shown with <ErrorMessage>), or null. */
  failure: unknown;
  busy: boolean;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
}

export function useSchemaForm<S extends z.ZodType>(schema: S, read: (form: FormData) => unknown, send: (data: z.output<S>) => Promise<unknown>): SchemaForm {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (form: FormData) => {
    const result = validate(schema, read(form));
    setFailure(null);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    setBusy(true);
    try {
      await send(result.data);
    } catch (error) {
      setFailure(error);
      if (error instanceof ApiError) setErrors(error.fieldErrors());
    } finally {
      setBusy(false);
    }
  };

  return {
    errors,
    failure,
    busy,
    onSubmit: (event) => {
      event.preventDefault();
      void submit(new FormData(event.currentTarget));
    },
  };
}
