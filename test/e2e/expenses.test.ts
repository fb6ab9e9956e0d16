// Shared expenses in the browser: the owner of a trip shared with a friend adds two expenses with the
// form (one paid by each), sees the per-person totals and who pays whom, at desktop and phone sizes
// (axe-core: no violations), and downloads the CSV. Saves docs/screenshots/trip-expenses-*.png.
import { readFileSync } from 'node:fs';
import { describe, expect, it, jest } from '@jest/globals';
import { accessibilityViolations, browserSuite, desktop, phone, registerUser, screenshot } from './browser.js';

jest.setTimeout(180_000);

describe('shared expenses in the browser', () => {
  const suite = browserSuite();

  it('adds two expenses and shows who pays whom', async () => {
    const [owner, friend] = await Promise.all([registerUser(suite.api.url, 'spender'), registerUser(suite.api.url, 'friend')]);
    const auth = { authorization: `Bearer ${owner.session.accessToken}`, 'content-type': 'application/json' };
    const created = await fetch(`${suite.api.url}/api/trips`, { method: 'POST', headers: auth, body: JSON.stringify({ title: 'Seville together', budget: { amount: 2000, currency: 'EUR' } }) });
    const tripId = ((await created.json()) as { id: string }).id;
    const shared = await fetch(`${suite.api.url}/api/trips/${tripId}/collaborators`, { method: 'POST', headers: auth, body: JSON.stringify({ email: friend.email, role: 'write' }) });
    expect(shared.status).toBe(201);

    const handle = await suite.open({ user: owner, viewport: desktop });
    const { page } = handle;
    await page.goto(`/trips/${tripId}`);
    await page.getByRole('heading', { name: 'Shared expenses' }).waitFor();
    const form = page.getByRole('form', { name: 'Add an expense' });

    const addExpense = async (description: string, amount: string, category: string, paidBy: string) => {
      await form.getByLabel('Description').fill(description);
      await form.getByLabel('Amount').fill(amount);
      await form.getByLabel('Category').selectOption({ label: category });
      await form.getByLabel('Paid by').selectOption({ label: paidBy });
      await form.getByRole('button', { name: 'Add expense' }).click();
      await page.getByRole('list', { name: 'Expenses, newest first' }).getByText(description, { exact: true }).waitFor();
      // The form clears once the server has the expense; the next one is typed into a clear form.
      await page.waitForFunction(() => document.querySelector<HTMLInputElement>('form[aria-label="Add an expense"] input[name="description"]')?.value === '');
    };
    // A wrong amount is named by the form, nothing is sent.
    await form.getByLabel('Description').fill('Tapas');
    await form.getByLabel('Amount').fill('-3');
    await form.getByRole('button', { name: 'Add expense' }).click();
    await form.locator('.field-error', { hasText: 'The amount must be more than 0.' }).waitFor();
    expect(await form.getByLabel('Amount').getAttribute('aria-invalid')).toBe('true');

    await addExpense('Tapas at El Rinconcillo', '90', 'Food and drink', 'E2E spender');
    await addExpense('Alcázar tickets', '30', 'Activities', 'E2E friend');

    // Owner: paid 90, share 45 + 15 = 60 → owed 30. Friend: paid 30, share 60 → owes 30.
    await page.getByTestId('expenses-total').filter({ hasText: '120' }).waitFor();
    // The settle-up is its own query: it may still show the first expense's €45 when the total already counts both.
    const transfers = page.getByTestId('settle-up').getByRole('listitem');
    await transfers.filter({ hasText: '€30' }).waitFor();
    expect(await transfers.allTextContents()).toEqual([expect.stringMatching(/^E2E friend pays E2E spender €30$/)]);
    const people = await page.getByTestId('expense-people').getByRole('listitem').allTextContents();
    expect(people).toEqual(expect.arrayContaining([expect.stringMatching(/E2E spender paid €90, share €60 — is owed €30$/), expect.stringMatching(/E2E friend paid €30, share €60 — owes €30$/)]));

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = readFileSync((await download.path()) as string, 'utf8').split('\r\n');
    expect(csv[0]).toMatch(/^Date,Description,Category,Amount/);
    expect(csv.filter((line) => line.includes('Tapas at El Rinconcillo'))).toHaveLength(1);

    expect(await accessibilityViolations(page)).toEqual([]);
    console.log(`[e2e] trip expenses (desktop): ${await screenshot(page, 'trip-expenses-desktop', { phoneToo: false })}`);
    expect(handle.errors).toEqual([]);

    const onPhone = await suite.open({ user: owner, viewport: phone });
    await onPhone.page.goto(`/trips/${tripId}?tab=expenses`);
    await onPhone.page.getByRole('tab', { name: 'Expenses', selected: true }).waitFor();
    await onPhone.page.getByTestId('settle-up').getByText('E2E friend pays E2E spender').waitFor();
    expect(await accessibilityViolations(onPhone.page)).toEqual([]);
    console.log(`[e2e] trip expenses (phone): ${await screenshot(onPhone.page, 'trip-expenses-phone')}`);
    expect(onPhone.errors).toEqual([]);

    // A collaborator recording an expense paid it themselves by default, not the trip's owner.
    const asFriend = await suite.open({ user: friend, viewport: desktop });
    await asFriend.page.goto(`/trips/${tripId}?tab=expenses`);
    const friendForm = asFriend.page.getByRole('form', { name: 'Add an expense' });
    await friendForm.waitFor();
    expect(await friendForm.getByLabel('Paid by').inputValue()).toBe(friend.session.user.id);
    expect(asFriend.errors).toEqual([]);
  });
});
