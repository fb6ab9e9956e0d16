// What people travelling together spent: the expenses (confirmed bookings included), a form to add one,
// what each person paid and owes in the trip's currency, the payments that settle up, and a CSV download.
import { useState, type FormEvent } from 'react';
import { createExpenseSchema, expenseCategories } from '../../../../contracts/expenses.js';
import { ApiError, downloadFile } from '../../api/client.js';
import { useSession } from '../../auth/useAuth.js';
import { ErrorMessage, Field, Loading, Select } from '../../components/ui.js';
import { useAddExpense, useDeleteExpense, useExpenses, useSettleUp } from '../../hooks/expenses.js';
import { useCollaborators } from '../../hooks/trips.js';
import { errorFor, numberOrNull, validate, type FieldErrors } from '../../lib/forms.js';
import { formatDate, formatMoney } from '../../lib/format.js';
import { expenseCategoryLabels, expenseSourceLabels, labelFor } from '../../lib/labels.js';

const today = () => new Date().toISOString().slice(0, 10);

export function Expenses({ tripId, title, canWrite }: { tripId: string; title: string; canWrite: boolean }) {
  const list = useExpenses(tripId);
  const settle = useSettleUp(tripId);
  const remove = useDeleteExpense(tripId);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');

  const download = async () => {
    setDownloadError(null);
    try {
      await downloadFile(`/trips/${tripId}/expenses.csv`, `${title.replace(/[^\w-]+/g, '-').toLowerCase() || 'trip'}-expenses.csv`);
    } catch (error) {
      setDownloadError(error);
    }
  };

  if (list.isPending) return <Loading what="Loading the expenses" />;
  if (!list.data) return <ErrorMessage error={list.error} retry={() => void list.refetch()} />;
  const { items, totals } = list.data;
  const money = (amount: number, currency = totals.currency) => formatMoney({ amount, currency });

  return (
    <div className="expenses" data-testid="expenses">
      <p className="visually-hidden" role="status">
        {notice}
      </p>
      {items.length === 0 ? (
        <p className="muted">No expenses yet. Confirmed bookings appear here by themselves.</p>
      ) : (
        <ul className="expense-list" aria-label="Expenses, newest first">
          {items.map((expense) => (
            <li key={expense.id}>
              <div>
                <strong>{expense.description}</strong>
                <span className="muted small">
                  {formatDate(expense.spentOn)} · {labelFor(expense.category, expenseCategoryLabels)} · paid by {expense.paidBy.displayName} · shared by{' '}
                  {expense.sharedBy.map((person) => person.displayName).join(', ')}
                  {expense.source === 'booking' && ` · ${expenseSourceLabels.booking}`}
                </span>
              </div>
              <div className="expense-amount">
                {formatMoney({ amount: expense.amount, currency: expense.currency })}
                {expense.currency !== totals.currency && <span className="muted small">{money(expense.amountInTripCurrency)}</span>}
                {canWrite && expense.source === 'manual' && (
                  <button
                    type="button"
                    className="link"
                    disabled={remove.isPending}
                    aria-label={`Delete ${expense.description}`}
                    onClick={() => remove.mutate(expense.id, { onSuccess: () => setNotice(`${expense.description} deleted.`) })}
                  >
                    Delete
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage error={remove.error} prefix="Could not delete the expense" />
      <p>
        Total <strong data-testid="expenses-total">{money(totals.total)}</strong>
        {totals.rateDate && <span className="muted small"> · other currencies at the ECB reference rates of {formatDate(totals.rateDate)}</span>}
      </p>
      <h3>Per person</h3>
      <ul className="expense-people" data-testid="expense-people">
        {totals.people.map((person) => (
          <li key={person.userId}>
            <strong>{person.displayName}</strong> paid {money(person.paid)}, share {money(person.share)} —{' '}
            {person.balance > 0 ? `is owed ${money(person.balance)}` : person.balance < 0 ? `owes ${money(-person.balance)}` : 'even'}
          </li>
        ))}
      </ul>
      <h3>Settle up</h3>
      <ErrorMessage error={settle.error} />
      {settle.data &&
        (settle.data.transfers.length === 0 ? (
          <p className="muted">Everyone is even.</p>
        ) : (
          <ul className="settle-up" data-testid="settle-up">
            {settle.data.transfers.map((transfer) => (
              <li key={`${transfer.from.userId}-${transfer.to.userId}`}>
                {transfer.from.displayName} pays {transfer.to.displayName} <strong>{money(transfer.amount, settle.data.currency)}</strong>
              </li>
            ))}
          </ul>
        ))}
      <button type="button" className="secondary" onClick={() => void download()}>
        Download CSV
      </button>
      <ErrorMessage error={downloadError} />
      {canWrite && <AddExpense tripId={tripId} currency={totals.currency} onAdded={(description) => setNotice(`${description} added.`)} />}
    </div>
  );
}

function AddExpense({ tripId, currency, onAdded }: { tripId: string; currency: string; onAdded: (description: string) => void }) {
  const people = useCollaborators(tripId);
  const add = useAddExpense(tripId);
  const selfId = useSession()?.user.id;
  const [errors, setErrors] = useState<FieldErrors>({});
  if (!people.data) return <ErrorMessage error={people.error} />;
  const members = [people.data.owner, ...people.data.items];

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const checked = validate(createExpenseSchema, {
      amount: numberOrNull(String(form.get('amount') ?? '')) ?? undefined,
      currency: String(form.get('currency') ?? '').trim().toUpperCase(),
      description: form.get('description'),
      category: form.get('category'),
      paidBy: form.get('paidBy'),
      sharedBy: form.getAll('sharedBy'),
      spentOn: form.get('spentOn'),
    });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    try {
      await add.mutateAsync(checked.data);
      formElement.reset();
      onAdded(checked.data.description);
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
    }
  };

  const sharedError = errorFor(errors, 'sharedBy');
  return (
    <form className="card expense-form" onSubmit={(event) => void submit(event)} noValidate aria-label="Add an expense">
      <h3>Add an expense</h3>
      <Field label="Description" name="description" autoComplete="off" error={errorFor(errors, 'description')} />
      <div className="row">
        <Field label="Amount" name="amount" inputMode="decimal" autoComplete="off" error={errorFor(errors, 'amount')} />
        <Field label="Currency" name="currency" defaultValue={currency} maxLength={3} autoComplete="off" error={errorFor(errors, 'currency')} hint="ISO code, e.g. EUR" />
      </div>
      <div className="row">
        <Select label="Category" name="category" defaultValue="food" options={expenseCategories.map((category) => ({ value: category, label: labelFor(category, expenseCategoryLabels) }))} error={errorFor(errors, 'category')} />
        <Field label="Date" name="spentOn" type="date" defaultValue={today()} error={errorFor(errors, 'spentOn')} />
      </div>
      <Select
        label="Paid by"
        name="paidBy"
        // Whoever records an expense most often paid it: the signed-in traveler first, not the trip's owner.
        defaultValue={members.some((person) => person.userId === selfId) ? selfId : undefined}
        options={members.map((person) => ({ value: person.userId, label: person.displayName }))}
        error={errorFor(errors, 'paidBy')}
      />
      <fieldset aria-describedby={sharedError ? 'shared-by-error' : undefined}>
        <legend>Shared by</legend>
        {members.map((person) => (
          <label key={person.userId} className="check">
            <input type="checkbox" name="sharedBy" value={person.userId} defaultChecked /> {person.displayName}
          </label>
        ))}
        {sharedError && (
          <span id="shared-by-error" className="field-error">
            Shared by: {sharedError}
          </span>
        )}
      </fieldset>
      <ErrorMessage error={add.error} prefix="Could not add the expense" />
      <button type="submit" disabled={add.isPending}>
        Add expense
      </button>
    </form>
  );
}
