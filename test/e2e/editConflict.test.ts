// Edits that don't collide, in two browsers: the owner and a write collaborator look at the same plan.
// The owner picks a flight; the collaborator, whose screen has not caught up yet (the state it fetches is
// held at the version it first saw, as on a slow connection), picks another one. The planner refuses the
// second pick with a conflict naming the owner's change; the collaborator sees who changed what and
// re-applies their pick over it. Saves docs/screenshots/edit-conflict.png: both browsers side by side.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { TripState } from '../../domain/trip.js';
import { accessibilityViolations, browserSuite, plannedTrip, registerUser, screenshotDir, until } from './browser.js';

jest.setTimeout(180_000);

/** Both pages as they are now, side by side in one image (composed in a blank page of the same browser). */
async function sideBySide(left: Page, right: Page, name: string, canvas: Page): Promise<string> {
  const [leftShot, rightShot] = await Promise.all([left.screenshot({ animations: 'disabled' }), right.screenshot({ animations: 'disabled' })]);
  for (const page of [left, right]) expect(await accessibilityViolations(page)).toEqual([]);
  const image = (shot: Buffer, label: string) =>
    `<figure><figcaption>${label}</figcaption><img alt="${label}" src="data:image/png;base64,${shot.toString('base64')}"></figure>`;
  await canvas.setViewportSize({ width: 2 * 1280 + 48, height: 960 });
  await canvas.setContent(
    `<html><body style="margin:0;display:flex;gap:16px;padding:8px 16px;background:#334155;font:600 16px system-ui;color:#fff">${image(leftShot, 'Owner')}${image(rightShot, 'Collaborator')}</body></html>`,
  );
  await canvas.addStyleTag({ content: 'figure{margin:0} figcaption{margin:0 0 6px} img{display:block;width:1280px;border-radius:6px}' });
  const file = path.join(screenshotDir, `${name}.png`);
  writeFileSync(file, await canvas.screenshot({ fullPage: true }));
  return path.relative(process.cwd(), file);
}

describe('an edit conflict in two browsers', () => {
  const suite = browserSuite();

  it('shows the collaborator whose change won and lets them re-apply theirs', async () => {
    const ownerUser = await registerUser(suite.api.url, 'conflict-owner');
    const friendUser = await registerUser(suite.api.url, 'conflict-friend');
    const { tripId, plan, auth } = await plannedTrip(suite.api.url, ownerUser, 'Lisbon together', 'Plan a week in Lisbon from New York departing March 5 2027 for 2 adults, budget $5000');
    const invited = await fetch(`${suite.api.url}/api/trips/${tripId}/collaborators`, { method: 'POST', headers: auth, body: JSON.stringify({ email: friendUser.email, role: 'write' }) });
    expect(invited.status).toBe(201);
    const flights = plan?.flightOptions ?? [];
    expect(flights.length).toBeGreaterThanOrEqual(3);
    const radio = (page: Page, offerId: string | undefined, checked = '') => page.locator(`[data-testid="flight-option"] input[type="radio"][value="${offerId}"]${checked}`);
    const readState = async () => (await (await fetch(`${suite.api.url}/api/trips/${tripId}/state`, { headers: auth })).json()) as TripState;
    const base = (await readState()).version;

    const owner = await suite.open({ user: ownerUser });
    // The collaborator's trip state is held at the version first fetched until they act (a worker's fetches would bypass the hold).
    const friend = await suite.open({ user: friendUser, serviceWorkers: 'block' });
    let held: string | null = null;
    let holding = true;
    await friend.page.route(`**/api/trips/${tripId}/state`, async (route) => {
      if (holding && held !== null) return route.fulfill({ status: 200, contentType: 'application/json', body: held });
      const response = await route.fetch();
      const body = await response.text();
      if (holding) held = body;
      await route.fulfill({ response, body });
    });
    friend.page.on('request', (request) => {
      if (request.url().endsWith(`/api/trips/${tripId}/selection`)) holding = false;
    });
    await Promise.all([owner.page.goto(`/trips/${tripId}?tab=flights`), friend.page.goto(`/trips/${tripId}?tab=flights`)]);
    await Promise.all([owner.page.getByTestId('flight-option').first().waitFor(), friend.page.getByTestId('flight-option').first().waitFor()]);

    // The owner's planning message shows, to the collaborator, as the owner's.
    await friend.page.goto(`/trips/${tripId}?tab=chat`);
    await friend.page.getByTestId('message-author').getByText(ownerUser.session.user.displayName).waitFor();
    await friend.page.goto(`/trips/${tripId}?tab=flights`);
    await friend.page.getByTestId('flight-option').first().waitFor();

    // The owner picks the second flight; the planner applies it.
    await radio(owner.page, flights[1]?.id).check();
    const afterOwner = await until(readState, (state) => state.plan?.selectedFlightId === flights[1]?.id, 'the owner\'s pick applied');
    expect(afterOwner.version).toBe((base ?? 0) + 1);
    await owner.page.getByText('Updating the budget and the days…').waitFor({ state: 'detached' });

    // The collaborator, still looking at the version before it, picks the third: refused, naming the owner's change.
    const refused = friend.page.waitForResponse((response) => response.url().endsWith('/selection'));
    await radio(friend.page, flights[2]?.id).check();
    expect((await refused).status()).toBe(409);
    const notice = friend.page.getByTestId('edit-conflict');
    await notice.waitFor();
    expect(await notice.getByTestId('edit-conflict-author').textContent()).toBe(ownerUser.session.user.displayName);
    expect(await notice.getByTestId('edit-conflict-fields').textContent()).toBe('the flight');
    expect((await readState()).plan?.selectedFlightId).toBe(flights[1]?.id);
    // Their screen catches up with the owner's pick while the notice stays.
    await radio(friend.page, flights[1]?.id, ':checked').waitFor();
    await notice.scrollIntoViewIfNeeded();
    // The owner's screen from its top: the collaborator among the viewers, the options.
    await owner.page.evaluate(() => window.scrollTo(0, 0));
    const canvas = await suite.open();
    console.log(`[e2e] edit conflict: ${await sideBySide(owner.page, friend.page, 'edit-conflict', canvas.page)}`);

    // Re-applied on the version the conflict named, the collaborator's pick replaces the owner's, and the owner sees it.
    const reapplied = friend.page.waitForResponse((response) => response.url().endsWith('/selection'));
    await notice.getByTestId('reapply-my-change').click();
    expect((await reapplied).status()).toBe(200);
    await notice.waitFor({ state: 'detached' });
    const final = await readState();
    expect(final.plan?.selectedFlightId).toBe(flights[2]?.id);
    expect(final.recentChanges?.at(-1)).toMatchObject({ kind: 'selection', fields: ['selectedFlight', 'itinerary'], author: { userId: friendUser.session.user.id } });
    await radio(owner.page, flights[2]?.id, ':checked').waitFor();
    expect(owner.errors).toEqual([]);
    expect(friend.errors).toEqual([]);
  });
});
