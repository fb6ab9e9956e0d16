// Travelling together in two browsers: the owner and a collaborator open the same trip, each sees the
// other in the trip header; the collaborator types and the owner sees "… is typing"; the collaborator
// closes the tab and disappears from the owner's header. Saves docs/screenshots/presence-*.png (axe-core
// checked by screenshot()).
import { describe, expect, it, jest } from '@jest/globals';
import { browserSuite, registerUser, screenshot } from './browser.js';

jest.setTimeout(180_000);

describe('presence and typing in two browsers', () => {
  const suite = browserSuite();

  it('shows who else is on the trip and who is typing, and drops a closed tab', async () => {
    const ownerUser = await registerUser(suite.api.url, 'together-owner');
    const friendUser = await registerUser(suite.api.url, 'together-friend');
    const auth = { authorization: `Bearer ${ownerUser.session.accessToken}`, 'content-type': 'application/json' };
    const created = await fetch(`${suite.api.url}/api/trips`, { method: 'POST', headers: auth, body: JSON.stringify({ title: 'Lisbon together' }) });
    const tripId = ((await created.json()) as { id: string }).id;
    const invited = await fetch(`${suite.api.url}/api/trips/${tripId}/collaborators`, { method: 'POST', headers: auth, body: JSON.stringify({ email: friendUser.email, role: 'write' }) });
    expect(invited.status).toBe(201);

    const owner = await suite.open({ user: ownerUser });
    const friend = await suite.open({ user: friendUser });
    await Promise.all([owner.page.goto(`/trips/${tripId}`), friend.page.goto(`/trips/${tripId}`)]);

    // Each sees the other (not themselves) in the trip header.
    const ownerSees = owner.page.getByTestId('trip-viewers');
    const friendSees = friend.page.getByTestId('trip-viewers');
    await ownerSees.locator(`[data-viewer="${friendUser.session.user.displayName}"]`).waitFor();
    await friendSees.locator(`[data-viewer="${ownerUser.session.user.displayName}"]`).waitFor();
    expect(await ownerSees.locator('[data-viewer]').count()).toBe(1);

    // The friend types: the owner sees it; sending (or clearing) ends it.
    await friend.page.getByLabel('Message the planner').fill('What about Sintra on day 2?');
    await owner.page.getByTestId('typing-line').getByText(`${friendUser.session.user.displayName} is typing…`).waitFor();
    console.log(`[e2e] presence (owner): ${await screenshot(owner.page, 'presence-owner', { fullPage: false })}`);
    console.log(`[e2e] presence (friend): ${await screenshot(friend.page, 'presence-friend', { fullPage: false })}`);
    await friend.page.getByLabel('Message the planner').fill('');
    await owner.page.waitForFunction(() => (document.querySelector('[data-testid="typing-line"]')?.textContent ?? '') === '');

    // A closed tab leaves the owner's header at once (a disconnect, not an expiry).
    await friend.context.close();
    await ownerSees.waitFor({ state: 'detached', timeout: 10_000 });
    expect(owner.errors).toEqual([]);
  });
});
