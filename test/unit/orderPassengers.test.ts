// Who flies, as the airline's order takes them: saved travelers onto the offer's passenger ids (Duffel's
// create-order `passengers[]`), and the sandbox airline's checks of that list.
import { describe, expect, it } from '@jest/globals';
import { orderPassengers, type OrderPassenger } from '../../domain/checkout.js';
import type { FlightOffer } from '../../domain/trip.js';
import { checkOrderPassengers } from '../../providers/sandbox/booking.js';
import { adultDetails } from '../support/checkout.js';

const offer = (passengers?: FlightOffer['passengers']): FlightOffer => ({
  id: 'off_0001',
  provider: 'duffel',
  outbound: [{ carrier: { code: 'TP', name: 'TAP' }, flightNumber: 'TP1350', origin: 'LHR', destination: 'LIS', departAt: '2027-03-10T08:00', arriveAt: '2027-03-10T10:45', durationMinutes: 165 }],
  inbound: [],
  cabinClass: 'economy',
  stops: 0,
  totalDurationMinutes: 165,
  price: { amount: 420, currency: 'EUR' },
  expiresAt: '2027-03-01T00:00:00Z',
  ...(passengers && { passengers }),
});

describe('orderPassengers', () => {
  const parent = adultDetails(0);
  const child = adultDetails(1, { givenName: 'Rita', bornOn: '2018-06-01' });

  it('puts each traveler on an offer passenger id of their type, in Duffel\'s field names', () => {
    const passengers = orderPassengers([{ id: 'pas_child', type: 'child' }, { id: 'pas_adult', type: 'adult' }], [parent, child], '2027-03-10');
    expect(passengers).toEqual([
      { id: 'pas_adult', type: 'adult', title: 'ms', gender: 'f', given_name: 'Ana', family_name: 'Silva', born_on: '1990-01-15', email: 'traveler0@example.test', phone_number: '+351912345678' },
      { id: 'pas_child', type: 'child', title: 'mr', gender: 'm', given_name: 'Rita', family_name: 'Silva', born_on: '2018-06-01', email: 'traveler1@example.test', phone_number: '+351912345678' },
    ]);
  });

  it('numbers the passengers of an offer that lists none, and refuses travelers who do not fit the offer', () => {
    expect(orderPassengers(undefined, [parent, child], '2027-03-10')?.map((passenger) => [passenger.id, passenger.type])).toEqual([['passenger_1', 'adult'], ['passenger_2', 'child']]);
    expect(orderPassengers([{ id: 'pas_1', type: 'adult' }, { id: 'pas_2', type: 'adult' }], [parent, child], '2027-03-10')).toBeNull();
    expect(orderPassengers([{ id: 'pas_1', type: 'adult' }], [parent, child], '2027-03-10')).toBeNull();
  });
});

describe('checkOrderPassengers (the sandbox airline)', () => {
  const valid = (): OrderPassenger[] => orderPassengers([{ id: 'pas_1', type: 'adult' }], [adultDetails(0)], '2027-03-10')!;

  it('takes a complete passenger list for the offer', () => {
    expect(() => checkOrderPassengers(offer([{ id: 'pas_1', type: 'adult' }]), valid())).not.toThrow();
    expect(() => checkOrderPassengers(offer(), valid())).not.toThrow();
  });

  it('refuses what Duffel refuses, naming the passenger and field', () => {
    const [passenger] = valid();
    const check = (changes: Partial<OrderPassenger>, offered: FlightOffer['passengers'] = [{ id: 'pas_1', type: 'adult' }]) => () => checkOrderPassengers(offer(offered), [{ ...passenger!, ...changes }]);
    expect(check({ id: 'pas_9' })).toThrow('passengers[0].id is not a passenger of offer off_0001');
    expect(check({ given_name: ' ' })).toThrow('passengers[0].given_name is required');
    expect(check({ phone_number: '912345678' })).toThrow('passengers[0].phone_number must be an E.164 number');
    expect(check({ email: 'ana' })).toThrow('passengers[0].email must be an email address');
    expect(check({ born_on: '2027-04-01' })).toThrow('passengers[0].born_on must be a date before departure');
    expect(check({ born_on: '2015-01-01' })).toThrow('passengers[0].type is adult, but born on 2015-01-01 makes them a child on departure');
    expect(check({ title: 'sir' as OrderPassenger['title'] })).toThrow('passengers[0].title must be one of');
    expect(check({}, [{ id: 'pas_1', type: 'adult' }, { id: 'pas_2', type: 'adult' }])).toThrow('the offer is for 2 passengers, not 1');
  });
});
