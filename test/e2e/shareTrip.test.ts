// Carrying a trip in the browser: the owner downloads the .ics (read back with ical.js) and creates a
// read-only share link; the link opens signed out with the trip's days and its calendar, at desktop and
// phone sizes (axe-core: no violations); once revoked it says so. Saves docs/screenshots/shared-trip-*.png.
import { readFileSync } from 'node:fs';
import { describe, expect, it, jest } from '@jest/globals';
import ICAL from 'ical.js';
import type { SendMessageResult } from '../../domain/trip.js';
import { accessibilityViolations, browserSuite, desktop, phone, registerUser, screenshot } from './browser.js';

jest.setTimeout(180_000);

describe('calendar and share link in the browser', () => {
  const suite = browserSuite();

  it('downloads the calendar, shares the trip read-only and revokes the link', async () => {
    const user = await registerUser(suite.api.url, 'sharer');
    const auth = { authorization: `Bearer ${user.session.accessToken}`, 'content-type': 'application/json' };
    const created = await fetch(`${suite.api.url}/api/trips`, { method: 'POST', headers: auth, body: JSON.stringify({ title: 'Porto weekend' }) });
    const tripId = ((await created.json()) as { id: string }).id;
    const turn = await fetch(`${suite.api.url}/api/trips/${tripId}/messages`, {
      method: 'POST',
      headers: { ...auth, prefer: 'wait=60' },
      body: JSON.stringify({ text: 'Porto from Paris, 2028-06-09 to 2028-06-12, 2 adults, we love wine and food', clientMessageId: 'plan-1' }),
    });
    expect(turn.status).toBe(200);
    const { plan } = (await turn.json()) as SendMessageResult;

    const owner = await suite.open({ user });
    await owner.page.goto(`/trips/${tripId}`);
    await owner.page.getByRole('heading', { name: 'Calendar and sharing' }).waitFor();
    const [download] = await Promise.all([owner.page.waitForEvent('download'), owner.page.getByRole('button', { name: 'Add to calendar (.ics)' }).click()]);
    const calendar = new ICAL.Component(ICAL.parse(readFileSync((await download.path()) as string, 'utf8')));
    const summaries = calendar.getAllSubcomponents('vevent').map((event) => String(event.getFirstPropertyValue('summary')));
    expect(summaries.filter((summary) => summary.startsWith('Day '))).toHaveLength(plan?.itinerary.length ?? -1);
    expect(summaries.some((summary) => summary.startsWith('Flight '))).toBe(true);

    await owner.page.getByRole('button', { name: 'Share read-only link' }).click();
    const url = await owner.page.getByLabel(/Read-only link/).inputValue();
    expect(url).toMatch(/\/shared\/[A-Za-z0-9_-]{43}$/);

    for (const [size, viewport] of [['desktop', desktop], ['phone', phone]] as const) {
      const guest = await suite.open({ viewport });
      await guest.page.goto(new URL(url).pathname);
      await guest.page.getByRole('heading', { name: 'Porto weekend' }).waitFor();
      expect(await guest.page.locator('ol.itinerary > li.day').count()).toBe(plan?.itinerary.length);
      expect(await guest.page.getByRole('link', { name: 'Add to calendar (.ics)' }).getAttribute('href')).toMatch(/\/api\/shared\/.+\/calendar\.ics$/);
      const text = (await guest.page.locator('body').textContent()) ?? '';
      expect(text).not.toContain(user.email);
      expect(await accessibilityViolations(guest.page)).toEqual([]);
      console.log(`[e2e] shared trip (${size}): ${await screenshot(guest.page, `shared-trip-${size}`)}`);
      expect(guest.errors).toEqual([]);
    }

    await owner.page.getByRole('button', { name: /^Revoke the read-only link/ }).click();
    await owner.page.getByRole('button', { name: /^Revoke the read-only link/ }).waitFor({ state: 'detached' });
    const late = await suite.open();
    await late.page.goto(new URL(url).pathname);
    await late.page.getByRole('heading', { name: 'This link no longer works' }).waitFor();
    expect(owner.errors).toEqual([]);
  });
});
