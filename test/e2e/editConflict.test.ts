// Edits that don't collide, in two browsers: the owner and a write collaborator look at the same plan.
// The owner picks a flight; the collaborator, whose screen has not caught up yet (the state it fetches is
// held at the version it first saw, as on a slow connection), picks another one. The planner refuses the
// second pick with a conflict naming the owner's change; the collaborator sees who changed what and
// re-applies their pick over it. Saves docs/screenshots/edit-conflict.png: both browsers side by side.
import { describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { TripState } from '../../domain/trip.js';
import { browserSuite, holdStateUntilChange, plannedTrip, registerUser, sideBySide, until } from './browser.js';

jest.setTimeout(180_000);

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
    await holdStateUntilChange(friend.page, tripId, 'selection');
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

  it('edits the itinerary by hand in one browser, and shows the other a conflict when its edit came from the version before', async () => {
    const ownerUser = await registerUser(suite.api.url, 'itinerary-owner');
    const friendUser = await registerUser(suite.api.url, 'itinerary-friend');
    const { tripId, plan, auth } = await plannedTrip(suite.api.url, ownerUser, 'Lisbon days', 'Plan 4 days in Lisbon from New York departing March 5 2027 for 2 adults');
    expect((await fetch(`${suite.api.url}/api/trips/${tripId}/collaborators`, { method: 'POST', headers: auth, body: JSON.stringify({ email: friendUser.email, role: 'write' }) })).status).toBe(201);
    const readState = async () => (await (await fetch(`${suite.api.url}/api/trips/${tripId}/state`, { headers: auth })).json()) as TripState;
    const entries = plan?.itinerary[1]?.entries ?? [];
    // Two neighbouring entries that may trade places (a flight's time is fixed: nothing moves past it).
    const at = entries.findIndex((entry, index) => entry.kind !== 'flight' && entries[index + 1] !== undefined && entries[index + 1]?.kind !== 'flight');
    expect(at).toBeGreaterThanOrEqual(0);
    const [firstTitle, secondTitle] = [entries[at]?.title ?? '', entries[at + 1]?.title ?? ''];

    const owner = await suite.open({ user: ownerUser });
    const friend = await suite.open({ user: friendUser, serviceWorkers: 'block' });
    await holdStateUntilChange(friend.page, tripId, 'itinerary');
    await Promise.all([owner.page.goto(`/trips/${tripId}?tab=itinerary`), friend.page.goto(`/trips/${tripId}?tab=itinerary`)]);
    const day = (page: Page) => page.locator('.itinerary > li[data-day="2"]');
    await Promise.all([day(owner.page).waitFor(), day(friend.page).waitFor()]);

    // The owner adds a visit to day 2 by hand; it is in the trip (and in the owner's itinerary).
    await day(owner.page).getByLabel('New entry on day 2', { exact: true }).fill('Gulbenkian Museum');
    await day(owner.page).getByRole('button', { name: 'Add' }).click();
    await day(owner.page).getByText('Gulbenkian Museum').waitFor();
    expect((await readState()).plan?.itinerary[1]?.entries.at(-1)?.title).toBe('Gulbenkian Museum');

    // The collaborator, still on the version before it, moves an entry: refused, naming the owner's edit.
    await day(friend.page).getByRole('button', { name: `Move “${firstTitle}” later` }).click();
    const notice = friend.page.getByTestId('edit-conflict');
    await notice.waitFor();
    expect(await notice.getByTestId('edit-conflict-author').textContent()).toBe(ownerUser.session.user.displayName);
    expect(await notice.getByTestId('edit-conflict-fields').textContent()).toBe('the itinerary');
    // Their screen catches up: the owner's visit shows; nothing moved.
    await day(friend.page).getByText('Gulbenkian Museum').waitFor();
    expect((await readState()).plan?.itinerary[1]?.entries.slice(at, at + 2).map((entry) => entry.title)).toEqual([firstTitle, secondTitle]);
    await notice.scrollIntoViewIfNeeded();
    const canvas = await suite.open();
    console.log(`[e2e] itinerary conflict: ${await sideBySide(owner.page, friend.page, 'edit-conflict-itinerary', canvas.page)}`);

    // Re-applied over it, the move is made, and the owner's screen shows it.
    await notice.getByTestId('reapply-my-change').click();
    await notice.waitFor({ state: 'detached' });
    const moved = await until(readState, (state) => state.plan?.itinerary[1]?.entries[at + 1]?.title === firstTitle, 'the collaborator\'s move applied');
    expect(moved.plan?.itinerary[1]?.entries.map((entry) => entry.title)).toContain('Gulbenkian Museum');
    await owner.page.waitForFunction(
      ([title, position]) => document.querySelectorAll('.itinerary > li[data-day="2"] [data-testid="itinerary-entry"] strong')[position as number]?.textContent === title,
      [firstTitle, at + 1] as const,
    );
    expect(owner.errors).toEqual([]);
    expect(friend.errors).toEqual([]);
  });
});
