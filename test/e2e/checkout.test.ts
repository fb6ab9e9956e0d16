// Checkout in Chromium against the real platform: who travels (saved travelers, added in the form) →
// review (price per traveler, fare and cancellation rules) → pay with a test card → the booked page with
// the airline's and the hotel's references → booked at the top of the trip; and a declined card, whose
// reason the traveler reads while everything held is released. axe-core finds nothing on any step, focus
// lands on a heading or status when the page changes under it, and the checkout's controls are at least
// 44 px tall. Saves docs/screenshots/checkout-*.png at 1440×900 and 390×844.
import { beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { BookingResource } from '../../contracts/bookings.js';
import type { SendMessageResult } from '../../domain/trip.js';
import { compensationOutcomes, DECLINED_CARD_COMPENSATIONS, TEST_CARDS } from '../support/checkout.js';
import { eventually } from '../support/eventually.js';
import { accessibilityViolations, browserSuite, plannedTrip, registerUser, screenshot, type PageHandle } from './browser.js';

jest.setTimeout(240_000);

const REQUEST = 'Lisbon from New York from 2027-06-10 to 2027-06-17 for 2 adults, budget $6000';
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const nextYear = String(new Date().getUTCFullYear() + 2);

/** Screenshots at desktop and phone size (docs/screenshots/checkout-<name>-{desktop,phone}.png); the page ends at desktop size. */
async function shoot(page: Page, name: string): Promise<void> {
  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
    await page.setViewportSize(viewport);
    await screenshot(page, `checkout-${name}-${size}`, { phoneToo: false });
  }
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
}

/** Buttons, links styled as buttons and fields in the checkout that are shorter than 44 px. */
async function smallTapTargets(page: Page): Promise<string[]> {
  return page.$$eval('.checkout button, .checkout .button, .checkout input:not([type="checkbox"]), .checkout select, .checkout .traveler-choice, .checkout summary', (elements) =>
    elements.filter((element) => element.getBoundingClientRect().height > 0 && element.getBoundingClientRect().height < 44).map((element) => `${element.tagName} ${element.textContent?.trim().slice(0, 30) ?? ''}`),
  );
}

/** Fills in the card form (expiring in two years) and confirms. */
async function payWith(page: Page, cardNumber: string): Promise<void> {
  await page.getByTestId('card-number').fill(cardNumber);
  await page.getByTestId('card-exp-month').fill('12');
  await page.getByTestId('card-exp-year').fill(nextYear);
  await page.getByTestId('card-cvc').fill('123');
  await page.getByTestId('confirm-and-pay').click();
}

const focusedText = (page: Page) => page.evaluate(() => `${document.activeElement?.tagName ?? ''}: ${document.activeElement?.textContent?.trim() ?? ''}`);
/** The focused element's text once focus lands where `expected` says: the app moves it after rendering (an effect), later on a busy machine. */
const focusLandsOn = (page: Page, expected: RegExp) => eventually(() => focusedText(page), (text) => expected.test(text), { timeoutMs: 5_000, intervalMs: 50, what: `focus on ${expected}` });

describe('checkout in the browser', () => {
  const suite = browserSuite();
  let handle: PageHandle;
  let tripId: string;
  let plan: NonNullable<SendMessageResult['plan']>;
  let auth: Record<string, string>;

  beforeAll(async () => {
    const user = await registerUser(suite.api.url, 'checkout');
    const planned = await plannedTrip(suite.api.url, user, 'Lisbon in June', REQUEST);
    ({ tripId, auth } = planned);
    plan = planned.plan as NonNullable<SendMessageResult['plan']>;
    expect(plan.flightOptions.length).toBeGreaterThan(1);
    handle = await suite.open({ user, viewport: DESKTOP });
  }, 180_000);

  it('names the travelers, reviews, pays with a test card and shows the booking in the traveler\'s terms', async () => {
    const { page, errors } = handle;
    await page.goto(`/trips/${tripId}`);
    await page.getByTestId('book-selection').click();
    await page.waitForURL(/\/checkout\?/);
    await page.getByRole('heading', { name: 'Checkout: who travels' }).waitFor();

    // Add the first traveler: the API's own schema checks the form in the browser first.
    await page.getByTestId('add-traveler').click();
    expect(await focusLandsOn(page, /^H3: New traveler$/)).toBe('H3: New traveler');
    await page.getByTestId('save-traveler').click();
    // Field errors read as sentences ("Enter the given names …"), not the schema's terse reason.
    await page.getByText(/^Enter /).first().waitFor();
    expect(await page.getByLabel('Given names (as on the passport)').getAttribute('aria-invalid')).toBe('true');
    const fill = async (given: string, family: string, born: string, title: string, gender: string) => {
      await page.getByLabel('Given names (as on the passport)').fill(given);
      await page.getByLabel('Family name (as on the passport)').fill(family);
      await page.getByLabel('Title').selectOption(title);
      await page.getByLabel('Gender (as on the passport)').selectOption(gender);
      await page.getByLabel('Date of birth').fill(born);
      await page.getByLabel('Email').fill(`${given.toLowerCase()}@example.test`);
      await page.getByLabel('Phone (with country code)').fill('+351 912 345 678');
    };
    await fill('Ana', 'Silva', '1988-04-02', 'ms', 'f');
    await expectAccessible(page);
    await shoot(page, 'traveler-form');
    await page.getByTestId('save-traveler').click();
    await page.getByRole('checkbox', { name: /Ana Silva/ }).waitFor();
    expect(await page.getByRole('checkbox', { name: /Ana Silva/ }).isChecked()).toBe(true);
    // The form (and its focused button) closed: focus is on the count of who is chosen.
    await page.waitForFunction(() => document.activeElement?.textContent?.trim() === '1 of 2 adults chosen');

    // One adult of two: the traveler is told, nothing is held.
    await page.getByTestId('checkout-continue').click();
    await page.getByRole('alert').filter({ hasText: 'Choose 2 adults' }).waitFor();
    expect(await focusLandsOn(page, /^P: Choose 2 adults/)).toMatch(/^P: Choose 2 adults/);

    await page.getByTestId('add-traveler').click();
    await fill('João', 'Silva', '1986-11-20', 'mr', 'm');
    await page.getByTestId('save-traveler').click();
    await page.getByRole('checkbox', { name: /João Silva/ }).waitFor();
    await page.getByRole('status').filter({ hasText: '2 of 2 adults chosen' }).waitFor();
    // The earlier complaint is gone once the choice changed.
    expect(await page.getByText('Choose 2 adults').count()).toBe(0);
    await expectAccessible(page);
    expect(await smallTapTargets(page)).toEqual([]);
    await shoot(page, 'travelers');

    // Review: held for the traveler; price per passenger and per night, the fare's and the hotel's rules.
    await page.getByTestId('checkout-continue').click();
    await page.waitForURL(/\/bookings\/[0-9a-f-]{36}\/checkout$/);
    const bookingId = page.url().split('/').at(-2) as string;
    await page.getByRole('heading', { name: 'Review and pay', level: 1 }).waitFor({ timeout: 60_000 });
    const breakdown = (await page.getByTestId('price-breakdown').textContent()) ?? '';
    expect(breakdown).toMatch(/Flight: .+ × 2 passengers/);
    const nights = plan.stayOptions.find((offer) => offer.id === plan.selectedStayId)?.nights ?? 0;
    expect(nights).toBeGreaterThan(1);
    expect(breakdown).toContain(`× ${nights} nights`);
    expect(breakdown).toMatch(/Total to pay/);
    expect(breakdown).toMatch(/Per traveler/);
    const rules = (await page.getByTestId('fare-rules').textContent()) ?? '';
    expect(rules).toMatch(/refund/i);
    expect(rules).toMatch(/change/i);
    expect((await page.getByTestId('cancellation-policy').textContent()) ?? '').toMatch(/^Cancellation: \S/);
    await page.getByRole('heading', { name: 'Who travels' }).waitFor();
    await expectAccessible(page);
    expect(await smallTapTargets(page)).toEqual([]);
    await shoot(page, 'review');

    // A mistyped card is caught before anything is sent.
    await payWith(page, '4242 4242 4242 4241');
    await page.getByText('is not a valid card number (check the digits)').waitFor();
    await expectAccessible(page);
    await page.getByTestId('card-number').fill('4242 4242 4242 4242');

    await page.getByTestId('confirm-and-pay').click();
    await page.waitForURL(/\/confirmed$/, { timeout: 60_000 });
    await page.getByRole('heading', { name: 'You\'re booked' }).waitFor();
    // The confirm button went away: focus is on the page's heading, not on <body>.
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    const references = (await page.getByTestId('booking-references').textContent()) ?? '';
    expect(references).toMatch(/Airline booking reference[A-Z2-9]{6}/);
    expect(references).toMatch(/Hotel confirmation[A-Z]{3}[0-9A-F]{8}/);
    expect(references).toMatch(/Visa ending 4242/);
    expect(references).toMatch(/Ana Silva, João Silva/);
    await expectAccessible(page);
    await shoot(page, 'confirmed');

    // The trip shows what is booked at its top, with the references; the list names bookings in traveler terms.
    await page.getByRole('link', { name: 'Back to the trip' }).click();
    const booked = page.getByTestId('booked-summary');
    await booked.getByText(/Airline booking reference/).waitFor({ timeout: 30_000 });
    const bookedBox = await booked.boundingBox();
    const optionsBox = await page.getByRole('heading', { name: 'Chat with the planner' }).boundingBox();
    expect(bookedBox && optionsBox && bookedBox.y < optionsBox.y).toBe(true);
    await expectAccessible(page);
    await shoot(page, 'trip-booked');

    await page.goto(`/trips/${tripId}/bookings`);
    const item = page.locator('.booking-list li').filter({ has: page.locator(`a[href$="/bookings/${bookingId}"]`) });
    const title = (await item.getByRole('heading').textContent()) ?? '';
    expect(title).toMatch(new RegExp(`[A-Z]{3} → LIS and back, .+ · .+, ${nights} nights from`));
    expect(title).not.toContain(bookingId.slice(0, 8));
    // Who it is for, as booked (kept on the booking, so a traveler deleted later is still named).
    expect(await item.textContent()).toMatch(/For Ana Silva, João Silva/);
    await expectAccessible(page);
    await shoot(page, 'bookings');

    // The booking's technical details (keys, provider references, steps) wait behind "Details".
    await item.getByRole('link').click();
    const details = page.getByTestId('booking-technical-details');
    await details.waitFor();
    expect(await details.evaluate((element) => (element as HTMLDetailsElement).open)).toBe(false);
    expect(await page.locator('[data-booking-step="charge"]').isVisible()).toBe(false);
    await details.locator('summary').click();
    await page.locator('[data-booking-step="charge"][data-status="done"]').waitFor();
    await expectAccessible(page);
    await shoot(page, 'booking-details');
    expect(errors).toEqual([]);
  });

  it('tells the traveler why a declined card failed and releases what was held', async () => {
    const { page, errors } = handle;
    const [, flight] = plan.flightOptions;
    const [, stay] = plan.stayOptions;
    await page.goto(`/trips/${tripId}/checkout?flight=${encodeURIComponent(flight?.id ?? '')}&stay=${encodeURIComponent(stay?.id ?? '')}`);
    // The travelers saved in the first test are offered again.
    await page.getByRole('checkbox', { name: /Ana Silva/ }).check();
    await page.getByRole('checkbox', { name: /João Silva/ }).check();
    await page.getByTestId('checkout-continue').click();
    await page.getByRole('heading', { name: 'Review and pay', level: 1 }).waitFor({ timeout: 60_000 });
    const bookingId = page.url().split('/').at(-2) as string;
    await payWith(page, TEST_CARDS.declined);

    const failure = page.getByTestId('checkout-failure');
    await failure.waitFor({ timeout: 60_000 });
    expect(await failure.textContent()).toMatch(/The payment was declined: your bank declined the card \(card_declined, card ending 0002\)\. Nothing was charged and everything held was released/);
    await page.getByRole('heading', { name: 'The booking did not go through' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    await page.getByRole('link', { name: 'Book again' }).waitFor();
    await expectAccessible(page);
    await shoot(page, 'declined');

    const view = (await (await fetch(`${suite.api.url}/api/trips/${tripId}/bookings/${bookingId}`, { headers: auth })).json()) as BookingResource;
    expect(view.status).toBe('failed');
    expect(view.amounts.charged).toBeNull();
    expect(compensationOutcomes(view)).toEqual(DECLINED_CARD_COMPENSATIONS);
    expect(errors).toEqual([]);
  });
});
