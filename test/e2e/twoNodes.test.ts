// Travelling together on two API nodes: two `api/main.ts` processes on one database, Redis and Temporal,
// the owner's browser on node A, a write collaborator's and a read-only one's on node B. Each sees the
// others and their typing;
// the owner's chat message goes sent → delivered → answered, and the reply shows "Seen by" the
// collaborator; a conflicting pick shows the collaborator the owner's change; an expense recorded through
// node B shows on node A, with its settle-up, without a reload. Saves
// docs/screenshots/two-nodes.png: both browsers side by side.
import { describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { browserSuite, holdStateUntilChange, plannedTrip, registerUser, sideBySide } from './browser.js';

jest.setTimeout(240_000);

const receiptOrder = ['sending', 'sent', 'delivered', 'answered'];

/** Records every receipt state the message `text` shows on `page`, as it changes (read back with `receiptsShown`). */
async function recordReceipts(page: Page, text: string): Promise<void> {
  await page.evaluate((messageText) => {
    const shown: string[] = [];
    (window as unknown as { receiptsShown: string[] }).receiptsShown = shown;
    const look = () => {
      for (const bubble of document.querySelectorAll('li[data-role="user"]')) {
        if (!bubble.textContent?.includes(messageText)) continue;
        const receipt = bubble.querySelector('[data-testid="message-receipt"]')?.getAttribute('data-receipt');
        if (receipt && shown.at(-1) !== receipt) shown.push(receipt);
      }
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  }, text);
}

describe('two travellers on two API nodes', () => {
  const suite = browserSuite({ apiNodes: 2 });

  it('shows presence, typing, receipts and "seen by" across nodes, the conflict to the second person, and shared costs live', async () => {
    const [nodeA, nodeB] = suite.apis;
    if (!nodeA || !nodeB) throw new Error('two API nodes expected');
    expect(nodeA.url).not.toBe(nodeB.url);
    const ownerUser = await registerUser(nodeA.url, 'nodes-owner');
    const friendUser = await registerUser(nodeB.url, 'nodes-friend');
    const ownerName = ownerUser.session.user.displayName;
    const friendName = friendUser.session.user.displayName;
    const { tripId, plan, auth } = await plannedTrip(nodeA.url, ownerUser, 'Lisbon on two nodes', 'Plan a week in Lisbon from New York departing March 5 2027 for 2 adults, budget $5000');
    const invited = await fetch(`${nodeB.url}/api/trips/${tripId}/collaborators`, { method: 'POST', headers: auth, body: JSON.stringify({ email: friendUser.email, role: 'write' }) });
    expect(invited.status).toBe(201);
    const flights = plan?.flightOptions ?? [];
    expect(flights.length).toBeGreaterThanOrEqual(3);

    const owner = await suite.open({ user: ownerUser }, 0);
    const friend = await suite.open({ user: friendUser, serviceWorkers: 'block' }, 1);
    await Promise.all([owner.page.goto(`/trips/${tripId}`), friend.page.goto(`/trips/${tripId}`)]);
    expect(new URL(owner.page.url()).origin).toBe(nodeA.url);
    expect(new URL(friend.page.url()).origin).toBe(nodeB.url);

    // Presence across nodes: each sees the other in the trip header.
    await owner.page.getByTestId('trip-viewers').locator(`[data-viewer="${friendName}"]`).waitFor();
    await friend.page.getByTestId('trip-viewers').locator(`[data-viewer="${ownerName}"]`).waitFor();

    // A third person, a read-only collaborator on node B, sees both and is seen by the owner on node A.
    const readerUser = await registerUser(nodeB.url, 'nodes-reader');
    const readerName = readerUser.session.user.displayName;
    expect((await fetch(`${nodeA.url}/api/trips/${tripId}/collaborators`, { method: 'POST', headers: auth, body: JSON.stringify({ email: readerUser.email, role: 'read' }) })).status).toBe(201);
    const reader = await suite.open({ user: readerUser }, 1);
    await reader.page.goto(`/trips/${tripId}`);
    for (const name of [ownerName, friendName]) await reader.page.getByTestId('trip-viewers').locator(`[data-viewer="${name}"]`).waitFor();
    await owner.page.getByTestId('trip-viewers').locator(`[data-viewer="${readerName}"]`).waitFor();

    // Typing on node B shows on node A.
    await friend.page.getByLabel('Message the planner').fill('Could we add a day in Sintra?');
    await owner.page.getByTestId('typing-line').getByText(`${friendName} is typing…`).waitFor();

    // The owner asks on node A: the message goes sent → delivered to the planner → answered, in that order.
    const question = 'How warm will it be?';
    await recordReceipts(owner.page, question);
    await owner.page.getByLabel('Message the planner').fill(question);
    await owner.page.getByTestId('send-message').click();
    const ownMessage = owner.page.locator('li[data-role="user"]', { hasText: question });
    await ownMessage.locator('[data-testid="message-receipt"][data-receipt="answered"]').waitFor();
    const shown = await owner.page.evaluate(() => (window as unknown as { receiptsShown: string[] }).receiptsShown);
    console.log(`[e2e] receipts shown: ${shown.join(' → ')}`);
    expect(shown.at(-1)).toBe('answered');
    expect(shown.map((state) => receiptOrder.indexOf(state))).toEqual([...shown.map((state) => receiptOrder.indexOf(state))].sort((a, b) => a - b));
    expect(shown.every((state) => receiptOrder.includes(state))).toBe(true);

    // The collaborator on node B has the reply on screen: the owner sees "Seen by" them under it (and not under an older reply).
    const latestReply = owner.page.locator('li[data-role="assistant"]').last();
    await latestReply.getByTestId('seen-by').filter({ hasText: /^Seen by / }).filter({ hasText: friendName }).waitFor();
    expect(await owner.page.getByTestId('seen-by').count()).toBe(1);
    await friend.page.locator('li[data-role="assistant"]').nth((await owner.page.locator('li[data-role="assistant"]').count()) - 1).waitFor();

    // Both screens on their viewers and the end of the chat (the receipt, "Seen by", the typing line).
    for (const page of [owner.page, friend.page]) {
      await page.evaluate(() => {
        const log = document.querySelector('.chat-log');
        if (log) log.scrollTop = log.scrollHeight;
        window.scrollTo(0, 150);
      });
    }
    const canvas = await suite.open();
    console.log(`[e2e] two nodes: ${await sideBySide(owner.page, friend.page, 'two-nodes', canvas.page, [`Owner — API node A (${nodeA.url})`, `Collaborator — API node B (${nodeB.url})`])}`);

    // A conflicting pick: the collaborator's screen is held at the version it saw; the owner picks first.
    await friend.page.getByLabel('Message the planner').fill('');
    await holdStateUntilChange(friend.page, tripId, 'selection');
    await Promise.all([owner.page.goto(`/trips/${tripId}?tab=flights`), friend.page.goto(`/trips/${tripId}?tab=flights`)]);
    const radio = (page: Page, offerId: string | undefined, checked = '') => page.locator(`[data-testid="flight-option"] input[type="radio"][value="${offerId}"]${checked}`);
    await Promise.all([radio(owner.page, flights[1]?.id).waitFor(), radio(friend.page, flights[2]?.id).waitFor()]);
    const ownerPicked = owner.page.waitForResponse((response) => response.url().endsWith('/selection'));
    await radio(owner.page, flights[1]?.id).check();
    expect((await ownerPicked).status()).toBe(200);
    const refused = friend.page.waitForResponse((response) => response.url().endsWith('/selection'));
    await radio(friend.page, flights[2]?.id).check();
    expect((await refused).status()).toBe(409);
    const notice = friend.page.getByTestId('edit-conflict');
    await notice.waitFor();
    expect(await notice.getByTestId('edit-conflict-author').textContent()).toBe(ownerName);
    expect(await notice.getByTestId('edit-conflict-fields').textContent()).toBe('the flight');
    // Node B's screen catches up with the pick made through node A.
    await radio(friend.page, flights[1]?.id, ':checked').waitFor();

    // Shared costs, live across nodes: the collaborator records a dinner through node B; the owner's
    // expenses and settle-up on node A refresh without a reload.
    await owner.page.goto(`/trips/${tripId}`);
    const ownerExpenses = owner.page.getByRole('list', { name: 'Expenses, newest first' });
    await owner.page.getByRole('heading', { name: 'Shared expenses' }).waitFor();
    // The page was just loaded: its socket online first, so the dinner arrives as a live event.
    await owner.page.getByTestId('connection-state').and(owner.page.locator('[data-state="online"]')).waitFor();
    const added = await fetch(`${nodeB.url}/api/trips/${tripId}/expenses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${friendUser.session.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 80, currency: 'USD', description: 'Dinner in Alfama', category: 'food', paidBy: friendUser.session.user.id, sharedBy: [ownerUser.session.user.id, friendUser.session.user.id], spentOn: '2027-03-06' }),
    });
    expect(added.status).toBe(201);
    await ownerExpenses.getByText('Dinner in Alfama', { exact: true }).waitFor();
    await owner.page.getByTestId('settle-up').getByText(`${ownerName} pays ${friendName} $40`).waitFor();
    // The reader on node B, on the trip all along, sees it arrive too.
    await reader.page.getByRole('list', { name: 'Expenses, newest first' }).getByText('Dinner in Alfama', { exact: true }).waitFor();

    expect(owner.errors).toEqual([]);
    expect(friend.errors).toEqual([]);
    expect(reader.errors).toEqual([]);
  });
});
