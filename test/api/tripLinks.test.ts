// A trip outside the app: the .ics export (read back with ical.js, an independent RFC 5545 parser), a
// calendar subscription link and a read-only share link opened signed out, revocation, and who may do what.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import { instantAt } from '../../domain/dates.js';
import { loadPlaces } from '../../domain/places.js';
import type { SendMessageResult, TripPlan } from '../../domain/trip.js';
import { signUp, type SignedInUser } from '../support/identity.js';
import { call, startTestApi, WAIT_FOR_REPLY, type Problem, type TestApi } from './authSupport.js';

interface CreatedLink {
  id: string;
  kind: 'calendar' | 'share';
  url: string;
  calendarUrl: string;
  revokedAt: string | null;
}

const pathOf = (url: string) => new URL(url).pathname.replace(/^\/api/, '');

async function fetchCalendar(api: TestApi, path: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(`${api.url}/api${path}`, { headers });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

function eventsOf(text: string): ICAL.Event[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
}

describe('calendar export and trip links', () => {
  let api: TestApi;
  let owner: SignedInUser;
  let stranger: SignedInUser;
  let reader: SignedInUser;
  let tripId: string;
  let plan: TripPlan;

  beforeAll(async () => {
    api = await startTestApi();
    owner = await signUp(api.url, 'links-owner');
    stranger = await signUp(api.url, 'links-stranger');
    reader = await signUp(api.url, 'links-reader');
    tripId = (await call<{ id: string }>(api, 'POST', '/trips', { headers: owner.auth, body: { title: 'Lisbon in May' } })).json.id;
    const planned = await call<SendMessageResult>(api, 'POST', `/trips/${tripId}/messages`, {
      headers: { ...owner.auth, ...WAIT_FOR_REPLY },
      body: { text: 'Five nights in Lisbon from London from 2028-05-10 to 2028-05-15, 2 adults, budget 3000 EUR', clientMessageId: 'plan-1' },
    });
    expect(planned.status).toBe(200);
    plan = planned.json.plan as TripPlan;
    const added = await call(api, 'POST', `/trips/${tripId}/collaborators`, { headers: owner.auth, body: { email: reader.user.email, role: 'read' } });
    expect(added.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await api.close();
  });

  it('exports the trip as iCalendar: flights at local times in their airports\' zones, the stay as dates, every day', async () => {
    const { status, type, text } = await fetchCalendar(api, `/trips/${tripId}/calendar.ics`, owner.auth);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/calendar/);
    const events = eventsOf(text);
    const places = await loadPlaces();

    const flight = plan.flightOptions.find((offer) => offer.id === plan.selectedFlightId);
    expect(flight).toBeDefined();
    for (const segment of [...(flight?.outbound ?? []), ...(flight?.inbound ?? [])]) {
      const event = events.find((candidate) => candidate.summary.startsWith(`Flight ${segment.flightNumber} ${segment.origin}`));
      expect(event).toBeDefined();
      const zone = places.airport(segment.origin)?.timeZone;
      expect(event?.startDate.zone?.tzid).toBe(zone);
      // Same wall-clock time as the provider's, and the same instant once the zone's rules apply.
      expect(event?.startDate.toString().slice(0, 16)).toBe(segment.departAt.slice(0, 16));
      expect(event?.startDate.toJSDate().toISOString()).toBe(instantAt(segment.departAt, zone as string).toISOString());
      const minutes = ((event?.endDate.toJSDate().getTime() ?? 0) - (event?.startDate.toJSDate().getTime() ?? 0)) / 60_000;
      expect(minutes).toBe(segment.durationMinutes);
      expect(event?.description).toContain('Planned, not booked yet.');
    }
    // Every zone used has its VTIMEZONE (RFC 5545 §3.6.5), so any calendar app places the events right.
    const zones = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vtimezone').map((zone) => zone.getFirstPropertyValue('tzid'));
    expect(zones).toEqual(expect.arrayContaining([places.airport('LHR')?.timeZone ?? 'Europe/London']));

    const stay = plan.stayOptions.find((offer) => offer.id === plan.selectedStayId);
    const stayEvent = events.find((event) => event.summary === `Stay: ${stay?.name}`);
    expect(stayEvent?.startDate.isDate).toBe(true);
    expect(stayEvent?.startDate.toString()).toBe(stay?.checkIn);
    expect(stayEvent?.endDate.toString()).toBe(stay?.checkOut);

    const days = events.filter((event) => /^Day \d+: /.test(event.summary));
    expect(days.map((event) => event.startDate.toString())).toEqual(plan.itinerary.map((day) => day.date));
    // Stable identities: a subscribed calendar updates events in place.
    const again = eventsOf((await fetchCalendar(api, `/trips/${tripId}/calendar.ics`, owner.auth)).text);
    expect(again.map((event) => event.uid).sort()).toEqual(events.map((event) => event.uid).sort());
  });

  it('keeps the calendar to those who may read the trip', async () => {
    expect((await fetchCalendar(api, `/trips/${tripId}/calendar.ics`, stranger.auth)).status).toBe(404);
    expect((await fetchCalendar(api, `/trips/${tripId}/calendar.ics`)).status).toBe(401);
    expect((await fetchCalendar(api, `/trips/${tripId}/calendar.ics`, reader.auth)).status).toBe(200);
  });

  it('opens a share link signed out, without anyone\'s personal data, and stops when it is revoked', async () => {
    const created = await call<CreatedLink>(api, 'POST', `/trips/${tripId}/links`, { headers: owner.auth, body: { kind: 'share' } });
    expect(created.status).toBe(201);
    const token = created.json.url.split('/').at(-1) as string;
    const shared = await call<Record<string, unknown> & { itinerary: unknown[]; flight: { booked: boolean } | null; destination: { iata: string } }>(api, 'GET', `/shared/${token}`);
    expect(shared.status).toBe(200);
    expect(shared.json.destination.iata).toBe('LIS');
    expect(shared.json.itinerary).toHaveLength(plan.itinerary.length);
    expect(shared.json.flight?.booked).toBe(false);
    const text = JSON.stringify(shared.json);
    for (const secret of [owner.user.email, owner.user.id, reader.user.email, owner.user.displayName, tripId, '"budget"', 'plan-1']) expect(text).not.toContain(secret);

    const calendar = await fetchCalendar(api, pathOf(created.json.calendarUrl));
    expect(calendar.status).toBe(200);
    expect(eventsOf(calendar.text).length).toBeGreaterThan(plan.itinerary.length);

    expect((await call(api, 'DELETE', `/trips/${tripId}/links/${created.json.id}`, { headers: owner.auth })).status).toBe(204);
    expect((await call<Problem>(api, 'GET', `/shared/${token}`)).status).toBe(404);
    expect((await fetchCalendar(api, pathOf(created.json.calendarUrl))).status).toBe(404);
    const listed = await call<{ items: (CreatedLink & { url?: string })[] }>(api, 'GET', `/trips/${tripId}/links`, { headers: owner.auth });
    expect(listed.json.items.find((link) => link.id === created.json.id)?.revokedAt).toEqual(expect.any(String));
    expect(JSON.stringify(listed.json)).not.toContain(token);
  });

  it('gives a calendar link the .ics only', async () => {
    const created = await call<CreatedLink>(api, 'POST', `/trips/${tripId}/links`, { headers: owner.auth, body: { kind: 'calendar' } });
    expect(created.status).toBe(201);
    expect(created.json.url).toBe(created.json.calendarUrl);
    const token = created.json.url.split('/').at(-2) as string;
    expect((await fetchCalendar(api, pathOf(created.json.calendarUrl))).status).toBe(200);
    expect((await call(api, 'GET', `/shared/${token}`)).status).toBe(404);
  });

  it('lets only the trip\'s admins manage links, and refuses malformed tokens', async () => {
    expect((await call(api, 'POST', `/trips/${tripId}/links`, { headers: reader.auth, body: { kind: 'share' } })).status).toBe(403);
    expect((await call(api, 'POST', `/trips/${tripId}/links`, { headers: stranger.auth, body: { kind: 'share' } })).status).toBe(404);
    expect((await call(api, 'GET', `/trips/${tripId}/links`, { headers: reader.auth })).status).toBe(403);
    const bad = await call<Problem>(api, 'POST', `/trips/${tripId}/links`, { headers: owner.auth, body: { kind: 'everyone' } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors?.[0]?.field).toBe('kind');
    expect((await call(api, 'GET', '/shared/not-a-token')).status).toBe(400);
    expect((await call(api, 'GET', `/shared/${'A'.repeat(43)}`)).status).toBe(404);
  });
});
