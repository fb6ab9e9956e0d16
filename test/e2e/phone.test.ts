// Phone first and failure, in Chromium against the real platform: the trip screen at 390×844 (one-row
// header, overview, tabs, every control on the main flow at least 44 px tall, axe clean), the sticky
// total-and-book bar on a wide screen too (covering no content), settings and
// API keys unclipped; with WebSockets blocked the chat and progress still arrive (HTTP polling); with the
// API down the page says "Can't reach TripSage" with a Retry that works; a failed message has a Retry;
// the service worker keeps the trip's itinerary readable offline. Saves phone-*.png and trip-*.png
// screenshots (390×844 and 1440×900) to docs/screenshots.
import { beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { SendMessageResult } from '../../domain/trip.js';
import { accessibilityViolations, browserSuite, phone, registerUser, screenshot, until, type SignedUp } from './browser.js';

jest.setTimeout(240_000);

const wide = { width: 1440, height: 900 };
const REQUEST = 'Lisbon from New York for a week in early June 2027, 2 adults, $6000, food and museums';
const TABS = ['Chat', 'Flights', 'Stays', 'Itinerary', 'Budget', 'Expenses', 'More'] as const;

/** Visible controls in `scope` shorter than 44 px (a radio or checkbox counts by its label, the tap target). */
async function smallControls(page: Page, scope: string): Promise<string[]> {
  return page.$$eval(scope, (roots) => {
    const found: string[] = [];
    const selector = 'a[href], button, input, select, textarea, summary, [role="tab"]';
    for (const root of roots) {
      for (const element of root.querySelectorAll<HTMLElement>(selector)) {
        const target = element instanceof HTMLInputElement && (element.type === 'radio' || element.type === 'checkbox') ? (element.closest('label') ?? element) : element;
        const box = target.getBoundingClientRect();
        const style = getComputedStyle(target);
        // Not shown: hidden panels, collapsed content, visually-hidden text.
        if (box.width <= 1 || box.height <= 1 || style.visibility === 'hidden' || target.closest('[hidden]')) continue;
        if (box.height < 44) found.push(`${target.tagName.toLowerCase()} "${(target.textContent ?? target.getAttribute('aria-label') ?? '').trim().slice(0, 40)}" ${Math.round(box.height)}px`);
      }
    }
    return found;
  });
}

async function expectNoViolations(page: Page, where: string): Promise<void> {
  const violations = await accessibilityViolations(page);
  expect({ where, violations }).toEqual({ where, violations: [] });
}

describe('phone first and failure (Chromium)', () => {
  const suite = browserSuite();
  let user: SignedUp;
  let tripId = '';
  const { open } = suite;
  const auth = () => ({ authorization: `Bearer ${user.session.accessToken}`, 'content-type': 'application/json' });
  const createTrip = async (title: string) => {
    const created = await fetch(`${suite.api.url}/api/trips`, { method: 'POST', headers: auth(), body: JSON.stringify({ title }) });
    return ((await created.json()) as { id: string }).id;
  };

  beforeAll(async () => {
    user = await registerUser(suite.api.url, 'phone-first');
    tripId = await createTrip('Lisbon in June');
    // Prefer: wait answers with the planned turn, so the screens below show a whole plan.
    const turn = await fetch(`${suite.api.url}/api/trips/${tripId}/messages`, { method: 'POST', headers: { ...auth(), prefer: 'wait=90' }, body: JSON.stringify({ text: REQUEST, clientMessageId: 'plan-1' }) });
    expect(turn.status).toBe(200);
    const { plan } = (await turn.json()) as SendMessageResult;
    expect(plan?.flightOptions.length).toBeGreaterThan(0);
  });

  it('lays the trip out for a phone: one-row header, overview, tabs, 44 px controls, axe clean', async () => {
    const { page, errors } = await open({ user, viewport: phone });
    await page.goto(`/trips/${tripId}`);
    await page.getByRole('heading', { name: 'Lisbon in June', level: 1 }).waitFor();
    await page.getByTestId('connection-state').and(page.locator('[data-state="online"]')).waitFor();
    await page.locator('.bubble.assistant').first().waitFor();

    // The header is one row: every item in it sits on the same line, and it is short.
    const header = await page.locator('header.topbar').boundingBox();
    expect(header?.height).toBeLessThanOrEqual(64);
    const middles = await page.$$eval('header.topbar > *', (items) =>
      items.filter((item) => getComputedStyle(item).position !== 'fixed' && item.getBoundingClientRect().height > 1).map((item) => item.getBoundingClientRect().top + item.getBoundingClientRect().height / 2),
    );
    expect(middles.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...middles) - Math.min(...middles)).toBeLessThan(8);
    // The main navigation is a bottom tab bar on phones.
    const nav = await page.getByRole('navigation', { name: 'Main' }).boundingBox();
    expect((nav?.y ?? 0) + (nav?.height ?? 0)).toBeGreaterThanOrEqual(phone.height - 2);

    // The overview: dates, travellers, the estimate against the budget, what is booked.
    const overview = page.getByRole('region', { name: 'Trip overview' });
    const overviewText = (await overview.textContent()) ?? '';
    expect(overviewText).toMatch(/Dates.*Jun/);
    expect(overviewText).toContain('2 adults');
    // The estimate comes with the trip's state, a request of its own (the chat arrives over the socket).
    await page.getByTestId('overview-total').filter({ hasText: /\$[\d,]+ of \$6,000/ }).waitFor();
    expect(overviewText).toContain('Nothing yet');
    // Statuses in words, never the internal codes.
    expect(await page.locator('main').textContent()).not.toMatch(/\b(gathering|proposing|awaiting_approval|round 1)\b/);

    // Every tab is on screen without scrolling the strip (the last one used to sit past the edge).
    const offScreen = await page.locator('main .tablist [role="tab"]').evaluateAll((tabs) =>
      tabs.filter((tab) => tab.getBoundingClientRect().right > window.innerWidth || tab.getBoundingClientRect().left < 0).map((tab) => tab.textContent),
    );
    expect(offScreen).toEqual([]);

    for (const tab of TABS) {
      await page.getByRole('tab', { name: tab }).click();
      await page.getByRole('tab', { name: tab, selected: true }).waitFor();
      const panel = page.locator('[role="tabpanel"]:not([hidden])');
      await panel.waitFor();
      if (tab === 'Flights') await panel.getByTestId('flight-option').first().waitFor();
      if (tab === 'Stays') await panel.getByTestId('stay-option').first().waitFor();
      if (tab === 'Itinerary') await panel.locator('ol.itinerary > li.day').first().waitFor();
      if (tab === 'Budget') await panel.getByRole('img', { name: /Budget breakdown/ }).waitFor();
      if (tab === 'Expenses') await panel.getByRole('form', { name: 'Add an expense' }).waitFor();
      // Only this tab's section is shown (Flights and Stays are the two halves of one form).
      if (tab === 'Flights') expect(await panel.getByTestId('stay-option').first().isVisible()).toBe(false);
      if (tab === 'Stays') expect(await panel.getByTestId('flight-option').first().isVisible()).toBe(false);
      // The total and the way to book stay in reach: the sticky bar, or the options' own book bar.
      const bar = tab === 'Flights' || tab === 'Stays' ? panel.locator('.book-bar') : page.getByTestId('total-bar');
      if (tab !== 'More') expect(await bar.isVisible()).toBe(true);
      // …without taking the screen: at most ~an eighth of a 844 px phone.
      if (tab === 'Flights' || tab === 'Stays') {
        const height = Math.round((await bar.boundingBox())?.height ?? 0);
        expect({ tab, compact: height > 40 && height <= 110 }).toEqual({ tab, compact: true });
      }
      if (tab !== 'More') {
        // The main flow (chat, options, itinerary, budget) and the bottom tab bar: no control under 44 px.
        expect({ tab, small: await smallControls(page, 'main .tablist, main [role="tabpanel"]:not([hidden]), main .trip-overview, nav[aria-label="Main"], .total-bar') }).toEqual({ tab, small: [] });
      }
      await expectNoViolations(page, `trip tab ${tab}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      // The option lists (with their sort and filter controls) stay inside their card.
      const sticksOut = await page.$$eval('[role="tabpanel"]:not([hidden]) fieldset.options', (lists) =>
        lists.filter((list) => list.getBoundingClientRect().width > 0 && list.getBoundingClientRect().right > (list.closest('section')?.getBoundingClientRect().right ?? Infinity)).map((list) => list.className),
      );
      expect({ tab, sticksOut }).toEqual({ tab, sticksOut: [] });
      await screenshot(page, `phone-trip-${tab.toLowerCase()}`, { fullPage: false });
    }

    // The total-and-book bar leads to the options, with focus on the Flights tab.
    await page.getByRole('tab', { name: 'Itinerary' }).click();
    await page.getByRole('button', { name: 'Choose and book' }).click();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Flights');
    await page.getByTestId('book-selection').waitFor();

    // A new reply scrolls to its START: the log shows the reply's first line, not its last.
    await page.getByRole('tab', { name: 'Chat' }).click();
    await page.getByLabel('Message the planner').fill('make it 3 adults');
    await page.getByTestId('send-message').click();
    await until(() => page.locator('.bubble.assistant').count(), (count) => count >= 2, 'the second reply', 60_000);
    await page.getByTestId('planner-thinking').waitFor({ state: 'detached', timeout: 60_000 });
    const offset = await page.locator('.chat-log').evaluate((log) => {
      const replies = log.querySelectorAll<HTMLElement>('li[data-role="assistant"]');
      const latest = replies[replies.length - 1]!;
      return latest.getBoundingClientRect().top - log.getBoundingClientRect().top;
    });
    expect(offset).toBeGreaterThanOrEqual(0);
    expect(offset).toBeLessThan(40);
    await expect(page.locator('.bubble.assistant').last().locator('.turn-changes').isVisible()).resolves.toBe(true);
    await screenshot(page, 'phone-trip-reply', { fullPage: false });

    // An empty message is refused in a sentence.
    await page.getByTestId('send-message').click();
    await page.getByText('Enter a message.').waitFor();
    expect(errors).toEqual([]);
  });

  it('puts API keys and "sign out everywhere" under Settings, and the keys table is not clipped', async () => {
    const { page, errors } = await open({ user, viewport: phone });
    await page.goto('/trips');
    await page.getByRole('heading', { name: 'Your trips' }).waitFor();
    await expectNoViolations(page, 'trips list (phone)');
    await screenshot(page, 'phone-trips', { fullPage: false });
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Sign out everywhere' }).waitFor();
    await expectNoViolations(page, 'settings (phone)');
    await screenshot(page, 'phone-settings', { fullPage: false });
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Name').fill('Trip agent with a long name');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByTestId('created-key').waitFor();
    const revoke = page.getByRole('button', { name: 'Revoke Trip agent with a long name' });
    const box = await revoke.boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(phone.width);
    expect(await revoke.textContent()).toBe('Revoke');
    const clipped = await page.locator('.table-wrap').evaluate((wrap) => wrap.scrollWidth - wrap.clientWidth);
    expect(clipped).toBeLessThanOrEqual(0);
    await expectNoViolations(page, 'API keys (phone)');
    await screenshot(page, 'phone-api-keys', { fullPage: false });
    expect(errors).toEqual([]);
  });

  it('shows the same screens on a wide screen (1440×900)', async () => {
    const { page, errors } = await open({ user, viewport: wide });
    await page.goto(`/trips/${tripId}`);
    await page.getByRole('heading', { name: 'Lisbon in June', level: 1 }).waitFor();
    await page.getByTestId('flight-option').first().waitFor();
    const header = await page.locator('header.topbar').boundingBox();
    expect(header?.height).toBeLessThanOrEqual(64);
    // The total-and-book bar is on wide screens too: at the bottom of the window while the page scrolls...
    const bar = page.getByTestId('total-bar');
    await bar.waitFor();
    const atTop = await bar.boundingBox();
    expect((atTop?.y ?? 0) + (atTop?.height ?? 0)).toBeLessThanOrEqual(wide.height);
    expect((atTop?.y ?? 0) + (atTop?.height ?? 0)).toBeGreaterThan(wide.height - 40);
    // ...and at the end of the page it sits after the content, covering none of it.
    // Side cards (people, expenses) may still be loading and lengthen the page: scroll to its end again
    // on every read, so the check sees the final layout; a bar that always covers content still fails.
    const covered = await until(
      () =>
        page.evaluate(() => {
          window.scrollTo(0, document.documentElement.scrollHeight);
          const barTop = document.querySelector('[data-testid="total-bar"]')!.getBoundingClientRect().top;
          const content = [...document.querySelectorAll<HTMLElement>('.trip-layout *')].filter((element) => element.getBoundingClientRect().height > 0);
          return content.filter((element) => element.getBoundingClientRect().bottom > barTop + 1).map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
        }),
      (elements) => elements.length === 0,
      'the total bar to cover no content at the end of the page',
      5_000,
    ).catch((error: unknown) => String(error));
    expect(covered).toEqual([]);
    // "Choose and book" brings the options into view, focus on the chosen flight.
    await bar.getByRole('button', { name: 'Choose and book' }).click();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('flight');
    const focused = await page.evaluate(() => document.activeElement!.getBoundingClientRect().top);
    expect(focused).toBeGreaterThan(0);
    expect(focused).toBeLessThan(((await bar.boundingBox())?.y ?? wide.height) - 10);
    await page.evaluate(() => window.scrollTo(0, 0));
    await expectNoViolations(page, 'trip (wide)');
    await screenshot(page, 'trip-overview', { fullPage: false });
    await screenshot(page, 'trip-full');
    await page.goto('/settings');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await expectNoViolations(page, 'settings (wide)');
    await screenshot(page, 'trip-settings', { fullPage: false });
    await page.goto('/trips');
    await page.getByRole('heading', { name: 'Your trips' }).waitFor();
    await screenshot(page, 'trip-list', { fullPage: false });
    expect(errors).toEqual([]);
  });

  it('falls back to HTTP polling when WebSockets are blocked: the message, progress and reply still appear', async () => {
    const handle = await open({ user, viewport: phone, serviceWorkers: 'block' });
    const { page, context, errors } = handle;
    // A network that refuses WebSockets: every socket.io connection is closed at once.
    await context.routeWebSocket(/\/socket\.io\//, (socket) => socket.close());
    const blockedTrip = await createTrip('Porto without sockets');
    await page.goto(`/trips/${blockedTrip}`);
    await page.getByTestId('connection-state').and(page.locator('[data-state="polling"]')).waitFor({ timeout: 20_000 });
    await page.getByLabel('Message the planner').fill('Porto from Boston in late September 2027 for 4 days, 2 adults');
    await page.getByTestId('send-message').click();
    // The traveler's own message at once, then the progress and the reply, read over HTTP.
    await page.locator('.bubble.user').filter({ hasText: 'Porto from Boston' }).waitFor();
    await page.locator('[aria-label="Latest planning turn"] [data-progress-step="understand"]').waitFor({ timeout: 30_000 });
    await page.locator('.bubble.assistant').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('.bubble.user').filter({ hasText: 'Porto from Boston' }).count()).toBe(1);
    expect(await page.getByTestId('connection-state').textContent()).toContain('Polling');
    await expectNoViolations(page, 'trip while polling');
    await screenshot(page, 'phone-polling', { fullPage: false });
    await page.setViewportSize(wide);
    await screenshot(page, 'trip-polling', { fullPage: false });
    await page.setViewportSize(phone);
    expect(errors).toEqual([]);
  });

  it("says \"Can't reach TripSage\" with a Retry that works when the API is down, and the header says Offline", async () => {
    const { page, errors } = await open({ user, viewport: phone, serviceWorkers: 'block' });
    await page.goto('/trips');
    await page.getByRole('heading', { name: 'Your trips' }).waitFor();
    // The API stops answering (the page itself is already loaded).
    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    await page.getByRole('link', { name: 'Memories' }).click();
    const alert = page.getByTestId('error-message').first();
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toContain("Can't reach TripSage");
    expect(await page.locator('main').textContent()).not.toContain('Failed to fetch');
    await page.getByTestId('connection-state').and(page.locator('[data-state="offline"]')).waitFor();
    await expectNoViolations(page, 'API down');
    await screenshot(page, 'phone-api-down', { fullPage: false });
    await page.setViewportSize(wide);
    await screenshot(page, 'trip-api-down', { fullPage: false });
    await page.setViewportSize(phone);
    // Back up: Retry loads the screen.
    await page.unroute('**/api/**');
    await alert.getByRole('button', { name: 'Retry' }).click();
    await page.getByTestId('error-message').first().waitFor({ state: 'detached' });
    await page.getByTestId('connection-state').and(page.locator('[data-state="online"]')).waitFor();
    expect(errors).toEqual([]);
  });

  it('offers Retry on a failed message, and the retried message is answered', async () => {
    const { page, errors } = await open({ user, viewport: phone, serviceWorkers: 'block' });
    const retryTrip = await createTrip('Retry trip');
    await page.goto(`/trips/${retryTrip}`);
    await page.getByTestId('connection-state').and(page.locator('[data-state="online"]')).waitFor();
    // The API refuses the message once (an outage answered by a proxy).
    let refused = 0;
    await page.route(`**/api/trips/${retryTrip}/messages`, async (route) => {
      if (route.request().method() !== 'POST' || refused > 0) return route.fallback();
      refused += 1;
      await route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ title: 'Service Unavailable', status: 503, detail: 'upstream connect error' }) });
    });
    await page.getByLabel('Message the planner').fill('Rome from London in October 2027 for 3 days, 1 adult');
    await page.getByTestId('send-message').click();
    const failed = page.getByTestId('failed-message');
    await failed.waitFor();
    const failedText = (await failed.textContent()) ?? '';
    expect(failedText).toContain('TripSage is having trouble right now');
    expect(failedText).not.toContain('upstream');
    await expectNoViolations(page, 'failed message');
    await screenshot(page, 'phone-failed-message', { fullPage: false });
    await page.setViewportSize(wide);
    await screenshot(page, 'trip-failed-message', { fullPage: false });
    await page.setViewportSize(phone);
    await failed.getByRole('button', { name: /^Retry/ }).click();
    // The button that had focus is gone: focus is on the message box, and a status says what happened.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('message');
    await page.getByText('Sent again.').waitFor();
    await failed.waitFor({ state: 'detached' });
    await page.locator('.bubble.assistant').first().waitFor({ timeout: 60_000 });
    expect(refused).toBe(1);
    expect(errors).toEqual([]);
  });

  it('keeps the itinerary readable offline through the service worker', async () => {
    const { page, context, errors } = await open({ user, viewport: phone });
    await page.goto(`/trips/${tripId}`);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    // Once the worker controls the page, a visit saves the trip's state.
    await page.reload();
    await until(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), Boolean, 'the service worker to control the page');
    await page.getByRole('tab', { name: 'Itinerary' }).click();
    await page.locator('ol.itinerary > li.day').first().waitFor();
    const days = await page.locator('ol.itinerary > li.day').count();

    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('offline-copy').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('offline-copy').textContent()).toMatch(/^Offline — showing the trip as of .+\d/);
    await page.getByRole('tab', { name: 'Itinerary' }).click();
    await page.locator('ol.itinerary > li.day').first().waitFor();
    expect(await page.locator('ol.itinerary > li.day').count()).toBe(days);
    await page.getByTestId('connection-state').and(page.locator('[data-state="offline"]')).waitFor();
    await expectNoViolations(page, 'offline itinerary');
    await screenshot(page, 'phone-offline-itinerary', { fullPage: false });
    await page.setViewportSize(wide);
    await screenshot(page, 'trip-offline', { fullPage: false });
    await page.setViewportSize(phone);
    await context.setOffline(false);
    expect(errors).toEqual([]);
  });
});
