// Checkout fixtures: saved travelers and Stripe's test cards, through the API like a client.
import type { BookingResource } from '../../contracts/bookings.js';
import type { TravelerDetails } from '../../domain/checkout.js';

export const TEST_CARDS = {
  succeeds: '4242 4242 4242 4242',
  declined: '4000 0000 0000 0002',
  insufficientFunds: '4000 0000 0000 9995',
} as const;

/** What a booking paid with a declined card undoes: both holds; there is no charge to refund. */
export const DECLINED_CARD_COMPENSATIONS = [
  ['hold-flight', 'undone'],
  ['reserve-stay', 'undone'],
  ['charge', 'nothing'],
];

/** Each compensated step of a booking and how its compensation ended, in step order. */
export function compensationOutcomes(booking: Pick<BookingResource, 'steps'>): [string, string | null | undefined][] {
  return booking.steps.filter((step) => step.compensation).map((step) => [step.step, step.compensation?.outcome]);
}

/** A card body for the approve route (expires in two years). */
export function testCard(number: string = TEST_CARDS.succeeds) {
  return { number, expMonth: 12, expYear: new Date().getUTCFullYear() + 2, cvc: '123' };
}

/** An adult's details (born 1990), distinct per `index`. */
export function adultDetails(index = 0, overrides: Partial<TravelerDetails> = {}): TravelerDetails {
  return {
    title: index % 2 === 0 ? 'ms' : 'mr',
    gender: index % 2 === 0 ? 'f' : 'm',
    givenName: ['Ana', 'João', 'Marta', 'Luís'][index % 4] as string,
    familyName: 'Silva',
    bornOn: `1990-0${(index % 9) + 1}-15`,
    email: `traveler${index}@example.test`,
    phoneNumber: '+351912345678',
    ...overrides,
  };
}

/** Saves `adults` adult travelers for the session in `auth` (`baseUrl` is the server, without /api); returns their ids. */
export async function saveAdults(baseUrl: string, auth: Record<string, string>, adults: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < adults; index += 1) {
    const response = await fetch(`${baseUrl}/api/travelers`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(adultDetails(index)) });
    if (response.status !== 201) throw new Error(`saving a traveler failed: ${response.status} ${await response.text()}`);
    ids.push(((await response.json()) as { id: string }).id);
  }
  return ids;
}

/** Saves as many adults and children as trip `tripId` has and returns their ids (children are born in 2018). */
export async function saveTravelersForTrip(baseUrl: string, auth: Record<string, string>, tripId: string): Promise<string[]> {
  const state = (await (await fetch(`${baseUrl}/api/trips/${tripId}/state`, { headers: auth })).json()) as { request: { adults: number; children: number } };
  const ids = await saveAdults(baseUrl, auth, state.request.adults);
  for (let index = 0; index < state.request.children; index += 1) {
    const response = await fetch(`${baseUrl}/api/travelers`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(adultDetails(index, { givenName: 'Rita', bornOn: '2018-06-01' })) });
    if (response.status !== 201) throw new Error(`saving a child failed: ${response.status} ${await response.text()}`);
    ids.push(((await response.json()) as { id: string }).id);
  }
  return ids;
}
