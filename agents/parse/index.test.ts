import { describe, expect, it } from '@jest/globals';
import { emptyTripRequest, type TripRequest } from '../../domain/trip.js';
import { parseTripRequest } from './index.js';

// Monday. Most cases are read on this day; the others say which day they are read on.
const MONDAY = '2026-11-23';

interface Case {
  text: string;
  referenceDate?: string;
  /** Exactly the fields the text specifies; every other field must keep its default and not be mentioned. */
  expected: Partial<TripRequest>;
}

const place = (city: string, iata: string) => ({ city, iata });
const money = (amount: number, currency: string) => ({ amount, currency });

const cases: Case[] = [
  // Places by name, metro codes for multi-airport cities, airport codes kept as given.
  {
    text: 'Fly from New York to Lisbon on Dec 10 for a week, budget $3000',
    expected: { origin: place('New York', 'NYC'), destination: place('Lisbon', 'LIS'), departDate: '2026-12-10', returnDate: '2026-12-17', budget: money(3000, 'USD') },
  },
  {
    text: 'Paris → Tokyo, 10 December 2026 to 2026-12-20, business class',
    expected: { origin: place('Paris', 'PAR'), destination: place('Tokyo', 'TYO'), departDate: '2026-12-10', returnDate: '2026-12-20', cabinClass: 'business' },
  },
  {
    text: 'fly out of SFO on 12/10, 2 adults and 1 child',
    expected: { origin: place('San Francisco', 'SFO'), departDate: '2026-12-10', adults: 2, children: 1 },
  },
  {
    text: 'heading to Barcelona from London next Friday for 5 nights, €2,500',
    expected: { origin: place('London', 'LON'), destination: place('Barcelona', 'BCN'), departDate: '2026-12-04', returnDate: '2026-12-09', budget: money(2500, 'EUR') },
  },
  {
    text: 'a trip to Rome in mid-March with my wife, we love food and museums',
    expected: { destination: place('Rome', 'ROM'), departDate: '2027-03-15', adults: 2, interests: ['food', 'museums'] },
  },
  {
    text: 'visit Kyoto in early April, solo, under 1500 pounds',
    expected: { destination: place('Kyoto', 'OSA'), departDate: '2027-04-01', adults: 1, children: 0, budget: money(1500, 'GBP') },
  },
  {
    text: 'from jfk to lhr tomorrow, first class',
    expected: { origin: place('New York', 'JFK'), destination: place('London', 'LHR'), departDate: '2026-11-24', cabinClass: 'first' },
  },
  {
    text: 'NYC to LON in two weeks for 10 days',
    expected: { origin: place('New York', 'NYC'), destination: place('London', 'LON'), departDate: '2026-12-07', returnDate: '2026-12-17' },
  },
  {
    text: 'PAR-TYO this weekend',
    expected: { origin: place('Paris', 'PAR'), destination: place('Tokyo', 'TYO'), departDate: '2026-11-27', returnDate: '2026-11-29' },
  },
  {
    text: 'from lis to opo on 2026-12-10',
    expected: { origin: place('Lisbon', 'LIS'), destination: place('Porto', 'OPO'), departDate: '2026-12-10' },
  },
  {
    text: "i'm flying from san francisco to new york city",
    expected: { origin: place('San Francisco', 'SFO'), destination: place('New York', 'NYC') },
  },
  {
    text: 'Rio de Janeiro from Buenos Aires, Mar 3-10, 3 travelers, 2500 EUR',
    expected: { origin: place('Buenos Aires', 'BUE'), destination: place('Rio de Janeiro', 'RIO'), departDate: '2027-03-03', returnDate: '2027-03-10', adults: 3, children: 0, budget: money(2500, 'EUR') },
  },
  {
    text: 'Hong Kong to Cape Town between 3 and 10 May, premium economy',
    expected: { origin: place('Hong Kong', 'HKG'), destination: place('Cape Town', 'CPT'), departDate: '2027-05-03', returnDate: '2027-05-10', cabinClass: 'premium_economy' },
  },
  {
    text: 'fly business from SEA to NRT on the 14th',
    expected: { origin: place('Seattle', 'SEA'), destination: place('Tokyo', 'NRT'), departDate: '2026-12-14', cabinClass: 'business' },
  },
  {
    text: 'From LAX to NYC from March 3 to March 10',
    expected: { origin: place('Los Angeles', 'LAX'), destination: place('New York', 'NYC'), departDate: '2027-03-03', returnDate: '2027-03-10' },
  },
  {
    text: 'Flights JFK-LHR Dec 20 - Jan 3, 2 pax',
    expected: { origin: place('New York', 'JFK'), destination: place('London', 'LHR'), departDate: '2026-12-20', returnDate: '2027-01-03', adults: 2, children: 0 },
  },
  {
    text: 'SEA-NRT on Jan 10, MAD to BCN after',
    expected: { origin: place('Seattle', 'SEA'), destination: place('Tokyo', 'NRT'), departDate: '2027-01-10' },
  },
  {
    text: 'Book 3 tickets Boston -> Miami on Dec 5',
    expected: { origin: place('Boston', 'BOS'), destination: place('Miami', 'MIA'), departDate: '2026-12-05', adults: 3, children: 0 },
  },
  {
    text: 'St. Louis to New Orleans for Easter, jazz and food',
    expected: { origin: place('St. Louis', 'STL'), destination: place('New Orleans', 'MSY'), departDate: '2027-03-28', interests: ['jazz', 'food'] },
  },
  {
    text: 'Ho Chi Minh City from Singapore, 2 adults 1 infant',
    expected: { origin: place('Singapore', 'SIN'), destination: place('Ho Chi Minh City', 'SGN'), adults: 2, children: 1 },
  },
  {
    text: 'from Palm Springs to Long Beach',
    expected: { origin: place('Palm Springs', 'PSP'), destination: place('Long Beach', 'LGB') },
  },
  {
    text: 'London, Canada to Toronto on Feb 10',
    expected: { origin: place('London', 'YXU'), destination: place('Toronto', 'YTO'), departDate: '2027-02-10' },
  },
  {
    text: "I'm in Boston, want to go to Rome for two weeks starting June 1st",
    expected: { origin: place('Boston', 'BOS'), destination: place('Rome', 'ROM'), departDate: '2027-06-01', returnDate: '2027-06-15' },
  },
  {
    text: 'I live in Denver. Want a week in Hawaii over Thanksgiving',
    expected: { origin: place('Denver', 'DEN'), destination: place('Hawaii', 'HNL'), departDate: '2026-11-26', returnDate: '2026-12-03' },
  },
  {
    text: 'Thinking about a trip to Marrakech in late May, family-friendly, no nightlife',
    expected: { destination: place('Marrakesh', 'RAK'), departDate: '2027-05-25', interests: ['family-friendly'] },
  },
  {
    text: 'a couple heading to Bali this weekend for beaches and diving',
    expected: { destination: place('Denpasar', 'DPS'), departDate: '2026-11-27', returnDate: '2026-11-29', adults: 2, children: 0, interests: ['beaches', 'diving'] },
  },
  {
    text: 'lisbon in may for a week, 2 adults',
    expected: { destination: place('Lisbon', 'LIS'), departDate: '2027-05-01', returnDate: '2027-05-08', adults: 2 },
  },

  // Words that are also places or codes stay words.
  {
    text: 'I need a nice hotel in Mobile for a business trip, economy',
    expected: { destination: place('Mobile', 'MOB'), cabinClass: 'economy' },
  },
  {
    text: 'Looking for a nice hotel near the beach, budget of 4k',
    expected: { budget: money(4000, 'USD'), interests: ['beach'] },
  },
  {
    text: 'go to paris and nice in june, mobile check-in please',
    expected: { destination: place('Paris', 'PAR'), departDate: '2027-06-01' },
  },
  {
    text: 'Need flights for a business trip to Chicago on 12/10 returning 12/14',
    expected: { destination: place('Chicago', 'CHI'), departDate: '2026-12-10', returnDate: '2026-12-14' },
  },
  {
    text: 'I want to split the cost, trip to Split in June',
    expected: { destination: place('Split', 'SPU'), departDate: '2027-06-01' },
  },
  {
    text: 'can you find flights to CAN from HKG',
    expected: { origin: place('Hong Kong', 'HKG'), destination: place('Guangzhou', 'CAN') },
  },
  {
    text: 'TSA precheck, flying to Austin',
    expected: { destination: place('Austin', 'AUS') },
  },
  {
    text: 'Mobile boarding passes please, flying to Denver',
    expected: { destination: place('Denver', 'DEN') },
  },
  {
    text: 'A relaxing trip for me and my wife to Bath',
    expected: { destination: place('Bath', 'BRS'), adults: 2, interests: ['relaxing'] },
  },
  {
    text: "We'd love to visit bath and the sea for a bit",
    expected: {},
  },
  {
    text: 'in for and the to',
    expected: {},
  },
  {
    text: 'I may go to Berlin and see Jan and Sal',
    expected: { destination: place('Berlin', 'BER') },
  },

  // Dates: relative, holidays, ranges, year end, leap day, weekends.
  {
    text: 'Christmas in Vienna for a family of four',
    expected: { destination: place('Vienna', 'VIE'), departDate: '2026-12-25', adults: 2, children: 2 },
  },
  {
    text: 'Christmas in Lisbon',
    referenceDate: '2026-12-26',
    expected: { destination: place('Lisbon', 'LIS'), departDate: '2027-12-25' },
  },
  {
    text: "New Year's Eve in Sydney, me and my wife, £1.2k each",
    expected: { destination: place('Sydney', 'SYD'), departDate: '2026-12-31', adults: 2, budget: money(2400, 'GBP') },
  },
  {
    text: 'long weekend in Lisbon in March',
    expected: { destination: place('Lisbon', 'LIS'), departDate: '2027-03-05', returnDate: '2027-03-08' },
  },
  {
    text: 'weekend of Dec 12 in Amsterdam',
    expected: { destination: place('Amsterdam', 'AMS'), departDate: '2026-12-11', returnDate: '2026-12-13' },
  },
  {
    text: 'Feb 29 in Reykjavik',
    expected: { destination: place('Reykjavík', 'REK'), departDate: '2028-02-29' },
  },
  {
    text: 'Dec 28 to Jan 4 in Madrid from Chicago',
    referenceDate: '2026-12-20',
    expected: { origin: place('Chicago', 'CHI'), destination: place('Madrid', 'MAD'), departDate: '2026-12-28', returnDate: '2027-01-04' },
  },
  {
    text: 'Seattle to Honolulu, leaving Dec 28, back Jan 4, ¥200000',
    expected: { origin: place('Seattle', 'SEA'), destination: place('Honolulu', 'HNL'), departDate: '2026-12-28', returnDate: '2027-01-04', budget: money(200000, 'JPY') },
  },
  {
    text: 'Tokyo on Jan 5 for 4 nights',
    referenceDate: '2026-12-30',
    expected: { destination: place('Tokyo', 'TYO'), departDate: '2027-01-05', returnDate: '2027-01-09' },
  },
  {
    text: 'Mexico City for a week in early January, 20000 MXN',
    expected: { destination: place('Mexico City', 'MEX'), departDate: '2027-01-01', returnDate: '2027-01-08', budget: money(20000, 'MXN') },
  },
  {
    text: 'Leaving Friday for 5 nights in Nice',
    expected: { destination: place('Nice', 'NCE'), departDate: '2026-11-27', returnDate: '2026-12-02' },
  },
  {
    text: 'we have $5000 for Tokyo, two weeks, between Dec 1 and Dec 15',
    expected: { destination: place('Tokyo', 'TYO'), departDate: '2026-12-01', returnDate: '2026-12-15', budget: money(5000, 'USD') },
  },
  {
    text: 'Amsterdam in 2 weeks, 2 adults + 2 kids, $4,500 total, kid-friendly and museums',
    expected: { destination: place('Amsterdam', 'AMS'), departDate: '2026-12-07', adults: 2, children: 2, budget: money(4500, 'USD'), interests: ['kid-friendly', 'museums'] },
  },

  // Travellers, budgets, cabins, interests.
  {
    text: 'going to San Francisco with 3 kids, 3000 dollars, hiking and wine',
    expected: { destination: place('San Francisco', 'SFO'), children: 3, budget: money(3000, 'USD'), interests: ['hiking', 'wine'] },
  },
  {
    text: 'business class to Dubai, 2 adults, $10k budget',
    expected: { destination: place('Dubai', 'DXB'), adults: 2, budget: money(10000, 'USD'), cabinClass: 'business' },
  },
  {
    text: '5 nights in Prague from Berlin, 3 people, 1500 euros, architecture and history',
    expected: { origin: place('Berlin', 'BER'), destination: place('Prague', 'PRG'), adults: 3, children: 0, budget: money(1500, 'EUR'), interests: ['architecture', 'history'] },
  },
  {
    text: 'Book me and 2 friends to Las Vegas next month, $1500 per person',
    expected: { destination: place('Las Vegas', 'LAS'), departDate: '2026-12-01', adults: 3, children: 0, budget: money(4500, 'USD') },
  },
  {
    text: 'honeymoon in Santorini in September, $8,000, relaxation and photography',
    expected: { destination: place('Santorini', 'JTR'), departDate: '2027-09-01', adults: 2, children: 0, budget: money(8000, 'USD'), interests: ['relaxation', 'photography'] },
  },
  {
    text: 'budget is around 2.500 € for Valencia',
    expected: { destination: place('Valencia', 'VLC'), budget: money(2500, 'EUR') },
  },
  {
    text: "I'm going to Rome with my husband and our 3 children",
    expected: { destination: place('Rome', 'ROM'), adults: 2, children: 3 },
  },
  {
    text: 'from Toronto to Vancouver, ski trip, 3k CAD',
    expected: { origin: place('Toronto', 'YTO'), destination: place('Vancouver', 'YVR'), budget: money(3000, 'CAD'), interests: ['ski'] },
  },
  {
    text: 'Trip to Porto for 3, we like wine, food and photography, no museums',
    expected: { destination: place('Porto', 'OPO'), adults: 3, children: 0, interests: ['wine', 'food', 'photography'] },
  },
  {
    text: 'flying coach from Denver to Atlanta, between $800 and $1,200',
    expected: { origin: place('Denver', 'DEN'), destination: place('Atlanta', 'ATL'), budget: money(1200, 'USD'), cabinClass: 'economy' },
  },
  {
    text: 'Melbourne to Auckland, A$2500, fly first, foodie who loves galleries and live music',
    expected: { origin: place('Melbourne', 'MEL'), destination: place('Auckland', 'AKL'), budget: money(2500, 'AUD'), cabinClass: 'first', interests: ['foodie', 'galleries', 'live music'] },
  },
  {
    text: 'Business trip to Singapore next Tuesday, returning Friday, business class obviously',
    expected: { destination: place('Singapore', 'SIN'), departDate: '2026-12-01', returnDate: '2026-12-04', cabinClass: 'business' },
  },
  {
    text: 'I want to take my mom to Paris for her birthday in October, 10 days, budget £4,000',
    expected: { destination: place('Paris', 'PAR'), departDate: '2027-10-01', returnDate: '2027-10-11', adults: 2, budget: money(4000, 'GBP') },
  },
  {
    text: "I'd like to see the Northern Lights in Reykjavik in January, 2 adults, photography",
    expected: { destination: place('Reykjavík', 'REK'), departDate: '2027-01-01', adults: 2, interests: ['photography'] },
  },
  {
    text: 'Rome, Florence and Venice in 12 days, from Toronto, mid-May',
    expected: { origin: place('Toronto', 'YTO'), destination: place('Rome', 'ROM'), departDate: '2027-05-15', returnDate: '2027-05-27', alsoVisiting: [place('Florence', 'FLR'), place('Venice', 'VCE')] },
  },
  {
    text: 'Ski trip to Whistler from Seattle, Feb 12-16, 6 friends',
    expected: { origin: place('Seattle', 'SEA'), destination: place('Whistler', 'YVR'), departDate: '2027-02-12', returnDate: '2027-02-16', adults: 6, children: 0, interests: ['ski'] },
  },
  {
    text: 'eat well, see art, sleep late: Barcelona, first week of May',
    expected: { destination: place('Barcelona', 'BCN'), departDate: '2027-05-01', interests: ['eat well', 'art'] },
  },
  {
    text: 'the long beach trip we talked about',
    expected: { interests: ['beach'] },
  },
  {
    text: 'our budget for 2 people is 3000, going to Lisbon',
    expected: { destination: place('Lisbon', 'LIS'), adults: 2, children: 0, budget: money(3000, 'USD') },
  },
  {
    text: 'spend around 2-3k on a trip to Oslo, no kids, just the two of us',
    expected: { destination: place('Oslo', 'OSL'), adults: 2, children: 0, budget: money(3000, 'USD') },
  },
  {
    text: 'On a business trip to Frankfurt, hotel at most $200 a night, total budget 2000 EUR',
    expected: { destination: place('Frankfurt', 'FRA'), budget: money(2000, 'EUR') },
  },
];

describe('parseTripRequest', () => {
  it('has a broad table of real-world requests', () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
  });

  it.each(cases)('$text', async ({ text, referenceDate, expected }) => {
    const parsed = await parseTripRequest(text, { referenceDate: referenceDate ?? MONDAY });
    expect(parsed.request).toEqual({ ...emptyTripRequest, ...expected });
    const order = [...Object.keys(emptyTripRequest), 'alsoVisiting'];
    expect(parsed.mentioned).toEqual(Object.keys(expected).sort((a, b) => order.indexOf(a) - order.indexOf(b)));
  });

  it('keeps a trip length without a date as nights, setting and mentioning no dates', async () => {
    const parsed = await parseTripRequest('5 nights in Prague', { referenceDate: MONDAY });
    expect(parsed.request.departDate).toBeNull();
    expect(parsed.request.returnDate).toBeNull();
    expect(parsed.mentioned).toEqual(['destination']);
    expect(parsed.nights).toBe(5);
  });

  it('mentions only what a follow-up message says, so it merges without clobbering', async () => {
    const first = await parseTripRequest('Fly from Boston to Rome on March 3 for a week with my wife', { referenceDate: MONDAY });
    const second = await parseTripRequest('make it business class, and add our 2 kids', { referenceDate: MONDAY });
    expect(second.mentioned).toEqual(['children', 'cabinClass']);
    const merged: TripRequest = { ...first.request };
    for (const key of second.mentioned) Object.assign(merged, { [key]: second.request[key] });
    expect(merged).toEqual({
      ...emptyTripRequest,
      origin: place('Boston', 'BOS'),
      destination: place('Rome', 'ROM'),
      departDate: '2027-03-03',
      returnDate: '2027-03-10',
      adults: 2,
      children: 2,
      cabinClass: 'business',
    });
  });

  it('keeps interests in the traveler\'s words, in the order said, once each', async () => {
    const parsed = await parseTripRequest('Museums, more museums, street food, tapas and galleries in Madrid', { referenceDate: MONDAY });
    expect(parsed.request.interests).toEqual(['museums', 'street food', 'tapas', 'galleries']);
  });

  // Interests verbatim: the phrase as said (longest known phrase wins), never collapsed into a category.
  it.each([
    { text: 'Kyoto in April, we love temples', destination: place('Kyoto', 'OSA'), interests: ['temples'] },
    { text: 'Seville for flamenco and tapas', destination: place('Seville', 'SVQ'), interests: ['flamenco', 'tapas'] },
    { text: 'Hiking and street food in Taipei', destination: place('Taipei', 'TPE'), interests: ['hiking', 'street food'] },
    { text: 'Porto with some wine tasting, no nightlife', destination: place('Porto', 'OPO'), interests: ['wine tasting'] },
    { text: 'A week in Tokyo with a day trip to Nikko', destination: place('Tokyo', 'TYO'), interests: ['a day trip to Nikko'] },
    { text: 'Tokyo: temples, sushi and a day trip to Kamakura please', destination: place('Tokyo', 'TYO'), interests: ['temples', 'sushi', 'a day trip to Kamakura'] },
    { text: 'Lisbon, fado and day trips', destination: place('Lisbon', 'LIS'), interests: ['fado', 'day trips'] },
    { text: 'Madrid, a day trip to Toledo and the Prado museums', destination: place('Madrid', 'MAD'), interests: ['museums', 'a day trip to Toledo'] },
  ])('$text → $interests', async ({ text, destination, interests }) => {
    const parsed = await parseTripRequest(text, { referenceDate: MONDAY });
    expect(parsed.request.destination).toEqual(destination);
    expect(parsed.request.interests).toEqual(interests);
  });

  describe('dates that cannot be a trip: none are taken, and the problem says why', () => {
    it.each([
      ['April 12 to April 3 2027', { departDate: '2027-04-12', returnDate: '2027-04-03' }, 'returnDate', 'the return date (2027-04-03) is before the departure (2027-04-12)', { departDate: '2027-04-03', returnDate: '2027-04-12' }],
      ['Lisbon from April 12 to April 3', { departDate: '2027-04-12', returnDate: '2027-04-03' }, 'returnDate', 'the return date (2027-04-03) is before the departure (2027-04-12)', { departDate: '2027-04-03', returnDate: '2027-04-12' }],
      ['Rome, 3 May 2026 to 10 May 2026', { departDate: '2026-05-03', returnDate: '2026-05-10' }, 'departDate', 'the departure date (2026-05-03) is in the past; today is 2026-11-23', { departDate: '2027-05-03', returnDate: '2027-05-10' }],
      ['Tokyo for 90 days from March 1', { departDate: '2027-03-01', returnDate: '2027-05-30' }, 'returnDate', 'the trip from 2027-03-01 to 2027-05-30 would be 90 nights; at most 60 nights are possible', undefined],
    ])('%s', async (text, refusedDates, field, reason, suggestion) => {
      const parsed = await parseTripRequest(text, { referenceDate: MONDAY });
      expect(parsed.request.departDate).toBeNull();
      expect(parsed.request.returnDate).toBeNull();
      expect(parsed.mentioned).not.toContain('departDate');
      expect(parsed.mentioned).not.toContain('returnDate');
      expect(parsed.refusedDates).toEqual(refusedDates);
      expect(parsed.problems[0]).toEqual({ field, reason, ...(suggestion && { suggestion }) });
    });

    it.each([
      ['Paris Dec 28 to Jan 4', '2026-12-28', '2027-01-04'],
      ['Lisbon April 3 to April 12 2027', '2027-04-03', '2027-04-12'],
      ['Rome next weekend', '2026-12-04', '2026-12-06'],
      ['Oslo tomorrow for 5 nights', '2026-11-24', '2026-11-29'],
      ['Madrid today, back Friday', '2026-11-23', '2026-11-27'],
      ['Berlin in 2 weeks for 10 days', '2026-12-07', '2026-12-17'],
    ])('still takes possible dates: %s', async (text, departDate, returnDate) => {
      const parsed = await parseTripRequest(text, { referenceDate: MONDAY });
      expect(parsed.problems).toEqual([]);
      expect(parsed.refusedDates).toBeNull();
      expect({ departDate: parsed.request.departDate, returnDate: parsed.request.returnDate }).toEqual({ departDate, returnDate });
    });
  });

  it('rejects a reference date that is not a real YYYY-MM-DD date', async () => {
    await expect(parseTripRequest('Paris', { referenceDate: '2026-02-30' })).rejects.toThrow(RangeError);
  });
});
