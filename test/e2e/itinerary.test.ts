// A long-haul overnight trip in the browser (Chicago → Tokyo): the itinerary follows the flights (travel
// days without activities, nothing before landing), every day has weather, prices are in the traveler's
// dollars, the requested day trip has its day and the traveler's interests show as named places. Saves
// docs/screenshots/itinerary-long-haul.png.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { SendMessageResult } from '../../domain/trip.js';
import path from 'node:path';
import { openPage, registerUser, screenshotDir, startWebApiAndBrowser, type PageHandle, type WebApi } from './browser.js';

jest.setTimeout(180_000);

const REQUEST = 'Chicago to Tokyo from April 8 to April 15 2027 for 2 adults, budget $9000, we love temples and street food, and a day trip to Nikko';

describe('a long-haul overnight itinerary in the browser', () => {
  let api: WebApi;
  let browser: Browser;
  let handle: PageHandle | null = null;

  beforeAll(async () => {
    [api, browser] = await startWebApiAndBrowser();
  });

  afterAll(async () => {
    await handle?.context.close().catch(() => undefined);
    await browser?.close();
    await api?.close();
  });

  it('shows travel days, the day trip, weather and dollars, and nothing before landing', async () => {
    const user = await registerUser(api.url, 'long-haul');
    const auth = { authorization: `Bearer ${user.session.accessToken}`, 'content-type': 'application/json' };
    const created = await fetch(`${api.url}/api/trips`, { method: 'POST', headers: auth, body: JSON.stringify({ title: 'Tokyo in April' }) });
    const tripId = ((await created.json()) as { id: string }).id;
    // Prefer: wait (RFC 7240): the reply in the response rather than 202 once the turn is accepted.
    const turn = await fetch(`${api.url}/api/trips/${tripId}/messages`, { method: 'POST', headers: { ...auth, prefer: 'wait=60' }, body: JSON.stringify({ text: REQUEST, clientMessageId: 'plan-1' }) });
    expect(turn.status).toBe(200);
    const { plan } = (await turn.json()) as SendMessageResult;
    const flight = plan?.flightOptions.find((offer) => offer.id === plan.selectedFlightId);
    const landing = flight?.outbound.at(-1)?.arriveAt ?? '';
    expect(landing > '2027-04-08').toBe(true);

    handle = await openPage(browser, api.url, { user });
    const { page, errors } = handle;
    await page.goto(`/trips/${tripId}`);
    await page.getByRole('heading', { name: 'Itinerary' }).waitFor();
    const days = page.locator('ol.itinerary > li.day');
    const count = await days.count();
    expect(count).toBe(plan?.itinerary.length);

    for (let index = 0; index < count; index += 1) {
      const day = plan?.itinerary[index];
      const shown = days.nth(index);
      // Weather on every day, labelled typical beyond the forecast.
      expect(await shown.locator('.weather').count()).toBe(1);
      // No sightseeing, meal or check-in on a day before landing; on the landing day, none before it.
      const times = await shown.locator('.entry.activity time, .entry.meal time, .entry.stay time').allTextContents();
      if (day && day.date < landing.slice(0, 10)) expect(times).toEqual([]);
      if (day && day.date === landing.slice(0, 10)) for (const time of times) expect(`${day.date}T${time}` >= landing).toBe(true);
    }
    await expect(page.locator('ol.itinerary').getByText(/Day trip to Nikko/).first().isVisible()).resolves.toBe(true);
    const itineraryText = (await page.locator('ol.itinerary').textContent()) ?? '';
    expect(itineraryText).toMatch(/In the air|Travel day/);
    expect(itineraryText).toMatch(/Temple|Shrine|Senso-ji|Meiji/i);
    expect(itineraryText).not.toContain('€');
    expect(itineraryText).toContain('$');
    const file = path.join(screenshotDir, 'itinerary-long-haul.png');
    await page.locator('ol.itinerary').screenshot({ path: file, animations: 'disabled' });
    console.log(`[e2e] long-haul itinerary: ${file}`);
    expect(errors).toEqual([]);
  });
});
