// Who else plans this trip: list, add by email (admins), remove.
import { useRef, useState, type FormEvent } from 'react';
import { addCollaboratorSchema, collaboratorRoles } from '../../../../contracts/trips.js';
import { ApiError } from '../../api/client.js';
import { ErrorMessage, Field, Loading, Select } from '../../components/ui.js';
import { useAddCollaborator, useCollaborators, useRemoveCollaborator } from '../../hooks/trips.js';
import { errorFor, validate, type FieldErrors } from '../../lib/forms.js';
import { collaboratorRoleLabels, labelFor } from '../../lib/labels.js';

export function Collaborators({ tripId, canAdmin }: { tripId: string; canAdmin: boolean }) {
  const list = useCollaborators(tripId);
  const add = useAddCollaborator(tripId);
  const remove = useRemoveCollaborator(tripId);
  const [errors, setErrors] = useState<FieldErrors>({});
  // Removing a person removes the button that had focus: focus moves to the list, a status says who left.
  const people = useRef<HTMLUListElement>(null);
  const [notice, setNotice] = useState('');
  const removePerson = (userId: string, name: string) =>
    remove.mutate(userId, {
      onSuccess: () => {
        setNotice(`${name} was removed from the trip.`);
        people.current?.focus();
      },
    });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const checked = validate(addCollaboratorSchema, { email: form.get('email'), role: form.get('role') });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    try {
      await add.mutateAsync(checked.data);
      formElement.reset();
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
    }
  };

  if (list.isPending) return <Loading />;
  return (
    <>
      <ErrorMessage error={list.error} />
      <ErrorMessage error={remove.error} prefix="Could not remove" />
      <p className="visually-hidden" role="status">
        {notice}
      </p>
      {list.data && (
        <ul className="people" ref={people} tabIndex={-1} aria-label="People on this trip">
          <li>
            {list.data.owner.displayName} <span className="badge">{collaboratorRoleLabels.owner}</span>
          </li>
          {list.data.items.map((person) => (
            <li key={person.userId}>
              {person.displayName} <span className="badge">{labelFor(person.role, collaboratorRoleLabels)}</span>
              {canAdmin && (
                <button type="button" className="link" onClick={() => removePerson(person.userId, person.displayName)} aria-label={`Remove ${person.displayName}`}>
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canAdmin && (
        <form onSubmit={(event) => void submit(event)} noValidate className="inline-form">
          <Field label="Invite by email" name="email" type="email" autoComplete="off" error={errorFor(errors, 'email')} />
          <Select label="Role" name="role" defaultValue="read" options={collaboratorRoles.map((role) => ({ value: role, label: labelFor(role, collaboratorRoleLabels) }))} error={errorFor(errors, 'role')} />
          <button type="submit" disabled={add.isPending}>
            Add
          </button>
          <ErrorMessage error={add.error} />
        </form>
      )}
    </>
  );
}
