// Places: a new destination or origin, a day trip (which never becomes the destination), multi-city.
import { dayMentions, hasStay, notSearched, replyMentions } from './checks.js';
import { CANCUN, DUBLIN, LISBON, MADRID, PARIS, ROME, TOKYO } from './trips.js';
import type { Dialog } from './types.js';

/** A day trip is an itinerary day, not a new search: the stay and flights are kept. */
const dayTrip = (place: string) => [dayMentions(place), hasStay, notSearched('flights', 'stays')];

export const placeDialogs: Dialog[] = [
  {
    id: 'places/day-trip-to-cascais',
    category: 'places',
    turns: [LISBON, { say: 'could we squeeze in a day trip to Cascais?', intent: 'change', expect: { interestsInclude: ['day trip to Cascais'] }, checks: dayTrip('Cascais') }],
  },
  {
    id: 'places/playa-del-carmen-instead',
    category: 'places',
    dependsOn: 'place aliases in domain/places.ts + agents/parse/places.ts (Playa del Carmen → CUN)',
    turns: [
      CANCUN,
      { say: "let's go to Playa del Carmen instead", intent: 'change', expect: { destination: { iata: 'CUN', city: 'Playa del Carmen' } }, checks: [replyMentions(/Playa del Carmen/)] },
    ],
  },
  {
    id: 'places/porto-instead',
    category: 'places',
    turns: [LISBON, { say: "let's do Porto instead", intent: 'change', expect: { destination: 'OPO' }, checks: [replyMentions(/Porto/)] }],
  },
  {
    id: 'places/fly-from-manchester',
    category: 'places',
    turns: [ROME, { say: "we'll be flying from Manchester instead", intent: 'change', expect: { origin: 'MAN' }, checks: [notSearched('stays')] }],
  },
  {
    id: 'places/leave-from-gatwick',
    category: 'places',
    dependsOn: 'airports by name in agents/parse/placeMatch.ts (Gatwick → LGW)',
    turns: [ROME, { say: "we'd rather leave from Gatwick", intent: 'change', expect: { origin: 'LGW' } }],
  },
  {
    id: 'places/add-florence-and-venice',
    category: 'places',
    dependsOn: 'multi-city in agents/parse/places.ts ("Florence and Venice" → alsoVisiting)',
    turns: [ROME, { say: 'can we add Florence and Venice as well?', intent: 'change', expect: { alsoVisiting: ['FLR', 'VCE'] } }],
  },
  {
    id: 'places/day-trip-to-nikko',
    category: 'places',
    turns: [TOKYO, { say: "we'd love a day trip to Nikko", intent: 'change', expect: { interestsInclude: ['day trip to Nikko'] }, checks: dayTrip('Nikko') }],
  },
  {
    id: 'places/is-a-day-trip-to-toledo-possible',
    category: 'places',
    note: 'A request phrased as a question: the traveler wants the day trip.',
    turns: [MADRID, { say: 'is a day trip to Toledo possible?', intent: 'change', expect: { interestsInclude: ['day trip to Toledo'] }, checks: dayTrip('Toledo') }],
  },
  {
    id: 'places/change-destination-to-nice',
    category: 'places',
    turns: [PARIS, { say: 'change the destination to Nice', intent: 'change', expect: { destination: 'NCE' }, checks: [replyMentions(/Nice/)] }],
  },
  {
    id: 'places/day-trip-then-new-destination',
    category: 'places',
    turns: [
      DUBLIN,
      { say: 'add a day trip to Howth', intent: 'change', expect: { interestsInclude: ['day trip to Howth'] }, checks: dayTrip('Howth') },
      { say: 'actually, let us fly to Edinburgh instead of Dublin', intent: 'change', expect: { destination: 'EDI' }, checks: [replyMentions(/Edinburgh/)] },
    ],
  },
];
