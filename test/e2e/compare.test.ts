// Comparing options and the trip map in the browser (London → Lisbon): sort by price (the list is
// ascending), filter to nonstop flights (the count is announced), labels, stay facts, stays sorted by
// price, rating and distance and filtered by price, free cancellation and stars, the filters folded behind
// "Filters" on a phone, and the offline map with the selected stay's pin; axe finds nothing. Saves docs/screenshots/compare-*.png and map-*.png at
// 1440×900 and 390×844.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { SendMessageResult } from '../../domain/trip.js';
import { accessibilityViolations, browserSuite, openPage, plannedTrip, registerUser, screenshotDir, startWebApiAndBrowser, until, type PageHandle, type WebApi } from './browser.js';

jest.setTimeout(240_000);

const REQUEST = 'London to Lisbon from June 12 to June 19 2027 for 2 adults, budget €4000, we love food and museums';
const viewports = { '1440': { width: 1440, height: 900 }, '390': { width: 390, height: 844 } } as const;

/** A number attribute of every shown stay, in list order (NaN where the stay has none). */
const stayValues = (page: Page, attribute: string) =>
  page.getByTestId('stay-options').getByTestId('stay-option').evaluateAll((nodes, name) => nodes.map((node) => Number(node.getAttribute(name) ?? NaN)), attribute);
const ascending = (values: number[]) => values.every((value, index) => index === 0 || value >= values[index - 1]!);

const prices = async (page: Page) => (await page.getByTestId('flight-option').evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute('data-price')))));

describe('comparing options and the trip map in the browser', () => {
  const suite = browserSuite();
  let tripId = '';
  let plan: SendMessageResult['plan'] = null;
  let user: Awaited<ReturnType<typeof registerUser>>;

  beforeAll(async () => {
    user = await registerUser(suite.api.url, 'compare');
    ({ tripId, plan } = await plannedTrip(suite.api.url, user, 'Lisbon in June', REQUEST));
  });

  it('sorts by price, filters by stops, labels the options and shows the stay on the map', async () => {
    const flights = plan?.flightOptions ?? [];
    expect(flights.length).toBeGreaterThan(2);
    const { page, errors } = await suite.open({ user, viewport: viewports['1440'] });
    await page.goto(`/trips/${tripId}`);
    await page.getByTestId('flight-option').first().waitFor();
    expect(await page.getByTestId('flight-option').count()).toBe(flights.length);

    // Sort by duration, then back to price: the list is ascending by price.
    await page.getByLabel('Sort by').selectOption('duration');
    await until(() => page.getByTestId('flight-count').textContent(), (text) => /sorted by duration/.test(text ?? ''), 'the duration sort to be announced');
    await page.getByLabel('Sort by').selectOption('price');
    await until(() => page.getByTestId('flight-count').textContent(), (text) => /sorted by price/.test(text ?? ''), 'the price sort to be announced');
    const sorted = await prices(page);
    expect(sorted).toEqual([...sorted].sort((a, b) => a - b));
    expect(sorted).toHaveLength(flights.length);
    // The cheapest carries its label; "best" says what it means.
    await expect(page.getByTestId('flight-option').first().getByTestId('label-cheapest').isVisible()).resolves.toBe(true);
    expect(await page.getByTestId('label-best').count()).toBe(1);
    expect(await page.getByTestId('label-fastest').count()).toBe(1);
    // Per-direction facts: each direction on its own line with its own duration and stops.
    const firstText = (await page.getByTestId('flight-option').first().textContent()) ?? '';
    expect(firstText).toMatch(/Out: .* · \d+ h( \d+ m)? · (Nonstop|\d stops? · .+ in [A-Z]{3})/);
    expect(firstText).toMatch(/Back: /);
    expect(firstText).toMatch(/carry-on per passenger/);

    // Nonstop only: every shown direction says so, and the new count is announced.
    const nonstops = flights.filter((offer) => offer.outbound.length === 1 && offer.inbound.length <= 1).length;
    expect(nonstops).toBeGreaterThan(0);
    await page.getByLabel('Stops').selectOption('0');
    await until(() => page.getByTestId('flight-count').textContent(), (text) => (text ?? '').includes(`Showing ${nonstops} of ${flights.length} flights`), 'the filtered count');
    const shown = await page.getByTestId('flight-option').allTextContents();
    expect(shown).toHaveLength(nonstops);
    for (const text of shown) expect(text).not.toMatch(/\d stops? ·/);
    expect(await prices(page)).toEqual([...(await prices(page))].sort((a, b) => a - b));
    expect(await page.getByRole('button', { name: 'Watch this price' }).count()).toBe(1);

    // Stays: area, distance and terms; the map draws the selected stay's pin.
    const stay = page.getByTestId('stay-option').first();
    await expect(stay.getByTestId('stay-where').textContent()).resolves.toMatch(/Lisbon · (\d+\.\d km from the centre|in the centre)/);
    await expect(stay.getByTestId('stay-cancellation').textContent()).resolves.toMatch(/Free cancellation until|Non-refundable/);
    await page.getByTestId('vector-map').waitFor();
    await page.getByTestId('map-stay-pin').waitFor();
    const selectedStay = plan?.stayOptions.find((offer) => offer.id === plan?.selectedStayId);
    await expect(page.getByTestId('trip-map').textContent()).resolves.toContain(`Selected stay`);
    if (selectedStay) await expect(page.getByTestId('trip-map').textContent()).resolves.toContain(selectedStay.name);
    // The arrival airport is placed from the airports endpoint; the origin is listed as far away.
    await page.locator('.map-airport').first().waitFor();
    await expect(page.getByTestId('trip-map').textContent()).resolves.toMatch(/Also on this trip: .*London/);

    expect(await accessibilityViolations(page)).toEqual([]);
    await shoot(page, '1440');
    expect(errors).toEqual([]);
  });

  it('sorts the stays by price, rating and distance and filters them by price, free cancellation and stars', async () => {
    const stays = plan?.stayOptions ?? [];
    expect(stays.length).toBeGreaterThan(2);
    const { page, errors } = await suite.open({ user, viewport: viewports['1440'] });
    await page.goto(`/trips/${tripId}`);
    const list = page.getByTestId('stay-options');
    await list.getByTestId('stay-option').first().waitFor();
    const count = () => list.getByTestId('stay-count').textContent();

    // Cheapest first; then by rating (most stars first) and by distance to the centre (closest first).
    expect(await list.getByTestId('stay-option').count()).toBe(stays.length);
    expect(ascending(await stayValues(page, 'data-price'))).toBe(true);
    await page.getByLabel('Sort stays by').selectOption('rating');
    await until(count, (text) => /sorted by rating/.test(text ?? ''), 'the rating sort to be announced');
    expect(ascending((await stayValues(page, 'data-stars')).map((stars) => -stars))).toBe(true);
    await page.getByLabel('Sort stays by').selectOption('distance');
    await until(count, (text) => /sorted by distance to the centre/.test(text ?? ''), 'the distance sort to be announced');
    const distances = await stayValues(page, 'data-distance');
    expect(ascending(distances.filter((km) => !Number.isNaN(km)))).toBe(true);
    // Unknown distances (none in the sandbox, but a provider may leave it out) come last.
    expect(distances.findIndex(Number.isNaN) === -1 || distances.slice(distances.findIndex(Number.isNaN)).every(Number.isNaN)).toBe(true);

    // On a wide screen the filters are open without a tap.
    expect(await list.getByTestId('stay-filters-toggle').getAttribute('aria-expanded')).toBe('true');
    // At most the median price per night: the count matches the plan, and every shown stay is within it.
    const perNight = stays.map((offer) => offer.pricePerNight.amount).sort((a, b) => a - b);
    const limit = Math.ceil(perNight[Math.floor(perNight.length / 2)]!);
    await page.getByLabel(/^Max per night/).fill(String(limit));
    const cheapEnough = stays.filter((offer) => offer.pricePerNight.amount <= limit);
    await until(count, (text) => (text ?? '').includes(`Showing ${cheapEnough.length} of ${stays.length} stays`), 'the price filter count');
    expect((await stayValues(page, 'data-per-night')).every((amount) => amount <= limit)).toBe(true);
    // Free cancellation only: every shown stay says so.
    const refundable = cheapEnough.filter((offer) => offer.cancellationPolicy?.refundable === true);
    await list.getByLabel('Free cancellation only').check();
    await until(count, (text) => (text ?? '').includes(`Showing ${refundable.length} of ${stays.length} stays`), 'the free cancellation count');
    for (const text of await list.getByTestId('stay-cancellation').allTextContents()) expect(text).toMatch(/Free cancellation/);
    expect(await list.getByTestId('stay-filters-toggle').textContent()).toContain('Filters (2 on)');
    // Stars: the price limit lifted, 4 stars or more with free cancellation.
    await page.getByLabel(/^Max per night/).fill('');
    await list.getByLabel('Stars', { exact: true }).selectOption('4');
    const fourStars = stays.filter((offer) => offer.cancellationPolicy?.refundable === true && offer.rating >= 4);
    await until(count, (text) => (text ?? '').includes(`Showing ${fourStars.length} of ${stays.length} stays`), 'the stars filter count');
    expect((await stayValues(page, 'data-stars')).every((stars) => stars >= 4)).toBe(true);

    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('works on a phone with 44 px controls and no accessibility violations', async () => {
    const { page, errors } = await suite.open({ user, viewport: viewports['390'] });
    // On a phone the trip opens on its Chat tab; the options are under Flights.
    await page.goto(`/trips/${tripId}?tab=flights`);
    await page.getByTestId('flight-option').first().waitFor();
    await page.getByTestId('map-stay-pin').waitFor();
    // The flight filters are folded behind "Filters" (sorting stays in reach); a tap opens them.
    const toggle = page.getByTestId('flight-filters-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByLabel('Stops').isVisible()).toBe(false);
    expect(await page.getByLabel('Sort by').isVisible()).toBe(true);
    // Folded, the first flight is a few rows below the sort, not a screen away.
    const firstFlightBelowSort = async () => ((await page.getByTestId('flight-option').first().boundingBox())?.y ?? 0) - ((await page.getByLabel('Sort by').boundingBox())?.y ?? 0);
    const folded = await firstFlightBelowSort();
    expect(folded).toBeLessThan(250);
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.getByLabel('Stops').waitFor();
    expect(await firstFlightBelowSort()).toBeGreaterThan(folded + 100);
    for (const control of [toggle, page.getByLabel('Sort by'), page.getByLabel('Stops'), page.getByTestId('watch-selected-flight')]) {
      const box = await control.boundingBox();
      expect(box?.height).toBeGreaterThanOrEqual(44);
    }
    const checkbox = page.getByTestId('flight-options').locator('label.check').first();
    expect((await checkbox.boundingBox())?.height).toBeGreaterThanOrEqual(44);
    // Folded again for the screenshot: what a phone shows first.
    await toggle.click();
    await page.getByLabel('Stops').waitFor({ state: 'hidden' });
    expect(await accessibilityViolations(page)).toEqual([]);
    await shoot(page, '390');
    expect(errors).toEqual([]);
  });
});

describe('the trip map on tiles when MAP_TILE_URL is set', () => {
  // A 1×1 PNG for every tile: enough for the renderer to draw, and every request is recorded.
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  const tileRequests: string[] = [];
  let tileServer: Server;
  let api: WebApi;
  let browser: Browser;
  let handle: PageHandle | null = null;

  beforeAll(async () => {
    tileServer = createServer((request, response) => {
      tileRequests.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(PNG);
    });
    await new Promise<void>((resolve) => tileServer.listen(0, '127.0.0.1', resolve));
    const tiles = `http://127.0.0.1:${(tileServer.address() as AddressInfo).port}/{z}/{x}/{y}.png`;
    [api, browser] = await startWebApiAndBrowser({ MAP_TILE_URL: tiles, MAP_TILE_ATTRIBUTION: '© Test tiles' });
  });

  afterAll(async () => {
    await handle?.context.close().catch(() => undefined);
    await browser?.close();
    await api?.close();
    await new Promise((resolve) => tileServer?.close(resolve));
  });

  it('loads tiles from the configured origin (allowed by the page policy) and pins the selected stay', async () => {
    const user = await registerUser(api.url, 'tiles');
    const config = (await (await fetch(`${api.url}/api/client-config`)).json()) as { mapTiles: { url: string; attribution: string } | null };
    expect(config.mapTiles).toEqual({ url: expect.stringMatching(/\{z\}\/\{x\}\/\{y\}\.png$/), attribution: '© Test tiles' });
    const { tripId: id } = await plannedTrip(api.url, user, 'Lisbon on tiles', REQUEST);
    handle = await openPage(browser, api.url, { user, viewport: viewports['1440'] });
    const { page, errors } = handle;
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    await page.goto(`/trips/${id}`);
    await page.getByTestId('tile-map').getByTestId('map-stay-pin').waitFor({ timeout: 60_000 });
    await until(async () => tileRequests.length, (count) => count > 0, 'tiles to be requested', 30_000);
    expect(tileRequests.every((url) => /^\/\d+\/\d+\/\d+\.png$/.test(url))).toBe(true);
    expect(blocked).toEqual([]);
    expect(await page.getByTestId('vector-map').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});

async function shoot(page: Page, size: keyof typeof viewports): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  const options = page.getByTestId('flight-options');
  await options.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screenshotDir, `compare-${size}.png`), animations: 'disabled' });
  await page.getByTestId('trip-map').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screenshotDir, `map-${size}.png`), animations: 'disabled' });
  console.log(`[e2e] compare and map screenshots (${size}): docs/screenshots/compare-${size}.png, map-${size}.png`);
}
