// The offline planner's reading of a message against the trip it belongs to: a ChangeSet
// (agents/changeSet.ts) with the message's intent and only the edits it asks for. No model involved.
//
// Order of reading, each claiming its words in a working copy so later readers cannot misread them:
// 1. The intent: an undo, a plain acknowledgement, or a question ("how warm will it be?" changes nothing,
//    even though it names a month); a request phrased as a question ("could we add a day trip?") is a change.
// 2. Edits relative to the trip: date shifts ("push the departure back by three days"), longer/shorter
//    stays, travelers joining or leaving, stops, accommodation wishes, pace, interests dropped.
// 3. Whatever the text states outright, read by the first-message parser (agents/parse/) on
//    the rest of the text: places, dates, budget, cabin, party size, interests and day trips. Dates
//    without a year are placed where they fit this trip ("fly home on the 2nd of January" on a trip
//    leaving Dec 20 2027 is Jan 2 2028; "back on the 5th" is the 5th after the departure).
import { daysBetween, MAX_TRIP_NIGHTS } from '../domain/dates.js';
import { normalizePlaceName, type PlaceIndex } from '../domain/places.js';
import type { PlaceRef, QuestionTopic, TripRequest } from '../domain/trip.js';
import type { ChangeSet } from './changeSet.js';
import { validDate } from './parse/calendar.js';
import { parseWithPlaces } from './parse/index.js';

export interface FollowUpOptions {
  referenceDate: string;
  places: PlaceIndex;
}

const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, couple: 2, 'a couple of': 2, 'a few': 3, few: 3 };
const COUNT = String.raw`(\d{1,2}|a couple of|a few|an?|one|two|three|four|five|six|seven|eight|nine|ten|couple|few)`;
const count = (raw: string | undefined): number => (raw ? (/^\d+$/.test(raw) ? Number(raw) : (NUMBER_WORDS[raw.toLowerCase()] ?? 1)) : 1);
const UNIT_DAYS: Record<string, number> = { day: 1, night: 1, week: 7, fortnight: 14 };
const unitDays = (unit: string): number => UNIT_DAYS[unit.toLowerCase().replace(/s$/, '')] ?? 1;

/** Interjections a message may open with ("actually, undo that", "oops, undo", "hmm, go back to how it was"). */
const OPENING_FILLER = /^\s*(?:(?:actually|oops|whoops|hmm+|um+|uh+|sorry|wait|ok(?:ay)?|no|nah|ugh|ah|oh|well|right|hm+)\b[\s,.!…-]*)+/i;
/** An undo opens with one of these and says nothing else but words like "that", "the last change", "to how it was". */
const UNDO_HEAD = /^(?:please\s+)?(?:undo|revert|reverse|take\s+(?:that|it)\s+back|(?:change|put|set|switch|turn)\s+(?:it|that|things|everything)\s+back|go\s+back|roll\s+(?:it\s+|that\s+)?back|never\s*mind)\b/i;
const UNDO_TAIL_WORDS = new Set(['that', 'it', 'this', 'the', 'my', 'our', 'last', 'latest', 'previous', 'change', 'changes', 'edit', 'one', 'to', 'back', 'how', 'way', 'was', 'were', 'version', 'plan', 'old', 'before', 'please', 'again', 'undo', 'put', 'go', 'set', 'things', 'everything', 'earlier', 'just', 'do']);
const isUndo = (text: string): boolean => {
  const rest = text.replace(OPENING_FILLER, '');
  const head = UNDO_HEAD.exec(rest);
  if (!head) return false;
  return rest.slice(head[0].length).toLowerCase().split(/[^a-z]+/).filter(Boolean).every((word) => UNDO_TAIL_WORDS.has(word));
};
/** One acknowledging phrase; a message is a confirmation when it is nothing but these ("ok cool", "Thanks, sounds great!"). */
const ACK = String.raw`(?:ok(?:ay)?|great|perfect|good|sounds?\s+(?:good|great|perfect|lovely|fine|amazing)|looks?\s+(?:good|great|perfect|lovely|fine|amazing)|(?:that\s+)?works(?:\s+for\s+(?:me|us))?|that\s+(?:is\s+)?(?:great|perfect|fine|lovely|good)|that'?s\s+(?:great|perfect|fine|lovely|good|it)|thanks?(?:\s+you)?(?:\s+(?:so|very)\s+much|\s+a\s+lot)?|thank\s+you(?:\s+(?:so|very)\s+much)?|much\s+appreciated|cheers|yes|yep|yeah|yup|sure|cool|nice|love\s+it|awesome|brilliant|excellent|fine|all\s+good|happy\s+with\s+(?:that|it|this)|go\s+(?:ahead|for\s+it)|let'?s\s+(?:do|go\s+with|book)\s+(?:it|that|this)|(?:i|we)\s+(?:really\s+)?(?:like|love)\s+(?:it|this|that)|wonderful|amazing|fantastic|lovely)(?:\s+(?:plan|one|then))?(?:\s+to\s+(?:me|us))?`;
const CONFIRMATION = new RegExp(String.raw`^${ACK}(?:\s+${ACK})*$`, 'i');
const isConfirmation = (text: string): boolean => {
  // Emoji and punctuation carry no request: "looks great 👍" is "looks great".
  const words = text.replace(/[\p{Extended_Pictographic}\u{FE0F}\u{200D}]|[:;]-?[)D]/gu, ' ').replace(/[,.!;:…]+/g, ' ').trim().replace(/\s+/g, ' ');
  return words.length > 0 && CONFIRMATION.test(words);
};
/** A request phrased politely as a question is a change. */
const REQUEST_FORM = /\b(?:could|can|would|shall|should)\s+(?:we|you|i)\s+(?!expect\b|know\b)(?:please\s+)?(?:squeeze|add|make|change|switch|move|push|go|fly|leave|stay|swap|drop|remove|skip|book|find|get|include|do|try|upgrade|bring|take|extend|shorten|cut|keep|look|have|avoid|start|return|come|plan|organi[sz]e|help|recommend|suggest|create|build|put)\b|\b(?:let'?s|please|i'?d\s+(?:like|prefer|rather)|we'?d\s+(?:like|prefer|rather)|i\s+want|we\s+want|i\s+need|we\s+need|make\s+it|change|switch|instead|rather\s+than|add|remove|drop|skip|push|move|postpone|delay|extend|shorten|upgrade|downgrade)\b|\b(?:what|how)\s+about\b|\b(?:is|would)\s+(?:it|that|a|an|the)\b.*\b(?:possible|doable|feasible|an\s+option)\b/i;
/** A place named as one more stop of the trip rather than instead of it. */
const ADDS_A_PLACE = /\b(?:add|adding|also|as\s+well|too|plus|and\s+then|after\s+that|on\s+the\s+way|combine\s+(?:it\s+)?with|extend\s+(?:it|the\s+trip)\s+to)\b/i;
/** A further city taken out of a multi-city trip ("drop Kyoto", "skip Osaka after all"). */
/** A word that takes the place right after it out of the trip ("drop Kyoto", "skip the visit to Osaka"). */
const REMOVAL = String.raw`\b(?:drop|dropping|skip|skipping|remove|cut|leave\s+out|forget(?:\s+about)?|without|no\s+longer\s+(?:visit|see)|not\s+visit|not\s+go\s+to)\s+(?:the\s+)?(?:(?:visit|trip|stop)\s+(?:to|in)\s+)?`;
const removesPlace = (text: string, place: PlaceRef): boolean =>
  new RegExp(`${REMOVAL}${normalizePlaceName(place.city).replace(/ /g, String.raw`\s+`)}\\b`, 'i').test(normalizePlaceName(text));
const replacesAPlace = (text: string): boolean => /\b(?:instead|rather\s+than|switch|swap|change\s+(?:the\s+)?destination)\b/i.test(text) || /\bnot\s+(?:to\s+)?[A-Z]/.test(text);
const QUESTION_START = /^\s*(?:what|what's|whats|how|how's|when|where|which|who|why|is|are|was|will|would|does|do|did|can|could|should|any|tell\s+me|i\s+wonder)\b/i;

/** The ChangeSet a message asks for, read against the trip's current request. */
export function readChangeSet(text: string, current: TripRequest, options: FollowUpOptions): ChangeSet {
  const trimmed = text.trim();
  if (isUndo(trimmed)) return { intent: 'undo' };
  if (isConfirmation(trimmed)) return { intent: 'confirm' };
  const asksQuestion = /\?\s*$/.test(trimmed) || QUESTION_START.test(trimmed);
  // On a trip that already has a destination a question changes nothing; before that, a question that
  // names a place ("can you find me something in Lisbon in May?") starts the trip.
  if (asksQuestion && !REQUEST_FORM.test(trimmed) && current.destination) return { intent: 'question', questionTopic: questionTopicOf(trimmed) };

  const work = new Claims(trimmed);
  const changes: ChangeSet = { intent: 'change' };
  readCabin(work, changes);
  readStops(work, changes);
  readStay(work, changes);
  readPace(work, changes);
  readTravelerChanges(work, changes);
  readDateEdits(work, changes, current);
  readRemovedInterests(work, changes, current);
  readBareBudget(work, changes);
  readAddedInterests(work, changes, options.places);

  const parsed = parseWithPlaces(work.text, { referenceDate: options.referenceDate }, options.places);
  const { request: said, mentioned, nights } = parsed;
  let addingPlaces = false;
  if (mentioned.includes('origin')) changes.origin = said.origin;
  if (mentioned.includes('destination') && said.destination) {
    const named = [said.destination, ...(said.alsoVisiting ?? [])];
    const removed = current.destination ? named.filter((place) => removesPlace(trimmed, place)) : [];
    // "drop Kyoto": out of the further cities, the destination stays; a removed place the trip does not
    // visit further ("skip Tokyo" on a Tokyo trip) changes no place. What else the message names is added below.
    const stops = (current.alsoVisiting ?? []).filter((stop) => !removed.some((place) => samePlace(stop, place)));
    if (stops.length !== (current.alsoVisiting ?? []).length) changes.alsoVisiting = stops;
    const added = named.filter((place) => !removed.some((gone) => samePlace(gone, place)));
    if (removed.length > 0 && added.length === 0) {
      // Nothing named is left to add or to go to instead.
    } else if (current.destination && ADDS_A_PLACE.test(work.text) && !replacesAPlace(trimmed)) {
      // The cue is looked for in what no other reader claimed ("let's do Porto and add a night" replaces).
      // "can we add Florence and Venice as well?": more cities after the trip's own, which stays. Kept by
      // name: Kyoto and Osaka share an airport code but are two stops.
      const known = [current.destination, ...stops];
      const more = added.filter((place, index) => !known.some((have) => samePlace(have, place)) && added.findIndex((other) => samePlace(other, place)) === index);
      if (more.length > 0) changes.alsoVisiting = [...stops, ...more];
      // "add Osaka for a couple of days": the length is the stop's, not the whole trip's (unless the
      // message says the trip changes length too).
      addingPlaces = true;
      if (!/\b(?:trip|whole|total|longer|shorter|extend)\b/i.test(trimmed)) delete changes.nights;
    } else {
      // Instead: the first place named that is not being removed ("drop Kyoto, let's do Nara instead").
      const [destination, ...further] = added;
      changes.destination = destination ?? said.destination;
      if (said.alsoVisiting || further.length > 0) changes.alsoVisiting = further;
    }
  }
  if (mentioned.includes('adults') && changes.addAdults === undefined) changes.adults = said.adults;
  if (mentioned.includes('children') && changes.addChildren === undefined) changes.children = said.children;
  if (mentioned.includes('cabinClass')) changes.cabinClass = said.cabinClass;
  if (mentioned.includes('interests')) changes.addInterests = [...new Set([...(changes.addInterests ?? []), ...said.interests])];
  if (mentioned.includes('budget') && said.budget) {
    // A bare amount ("keep it under 5000") keeps the budget's currency; a named one replaces it.
    changes.budget = namesCurrency(trimmed) ? said.budget : { amount: said.budget.amount };
  }
  readStatedDates(changes, current, said, mentioned, addingPlaces ? null : nights, parsed.refusedDates, trimmed);

  // No destination yet and none named ("somewhere warm and cheap in March", "surprise me!"): ask where,
  // with ideas (agents/answer.ts) — whatever else the message said waits for a place to apply to.
  const pickingAPlace = /\b(?:somewhere|anywhere|some\s?place|any\s?place|surprise\s+me|suggest|ideas?|recommend)\b/i.test(trimmed) || Object.keys(changes).length === 1;
  if (!current.destination && changes.destination === undefined && pickingAPlace) {
    return { intent: 'clarify', clarifyingQuestion: 'Which of these appeals — or is there a place you already have in mind?' };
  }
  const contradictory = /\bearlier\b/i.test(trimmed) && /\blater\b/i.test(trimmed) && !/\b(?:or|rather than)\b/i.test(trimmed);
  if (contradictory) return { intent: 'clarify', clarifyingQuestion: 'Should the trip move earlier or later — and by how many days?' };
  if (asksQuestion && !REQUEST_FORM.test(trimmed) && changes.destination === undefined) return { intent: 'question', questionTopic: questionTopicOf(trimmed) };
  if (Object.keys(changes).length === 1) {
    // Nothing to change: a question without a question mark, or something the planner cannot act on.
    if (asksQuestion) return { intent: 'question', questionTopic: questionTopicOf(trimmed) };
    return { intent: 'clarify', clarifyingQuestion: 'I did not catch a change to the trip. What should I change — dates, travelers, budget, flights, the stay, the pace or what you want to do?' };
  }
  return changes;
}

export function questionTopicOf(text: string): QuestionTopic {
  if (/\b(?:weather|warm|cold|hot|cool|rain\w*|snow\w*|temperature|sunny|sun|degrees|humid|chilly|jacket|umbrella|climate)\b/i.test(text)) return 'weather';
  if (/\bbreakfast\b/i.test(text)) return 'breakfast';
  if (/\b(?:hotel|stay|room|accommodation|apartment|place)\b.*\b(?:per|a|each)\s+night\b|\b(?:nightly|per\s+night|a\s+night)\b|\bhow\s+much\b.*\b(?:hotel|stay|room|accommodation)\b/i.test(text)) return 'stay_price';
  if (/\bhow\s+long\b.*\b(?:flight|fly|flying|journey|in\s+the\s+air)\b|\b(?:flight|flying|travel)\s+time\b|\bduration\b/i.test(text)) return 'flight_duration';
  if (/\b(?:when|what\s+time)\b.*\b(?:land|arrive|depart|leave|take\s+off|flight|fly)\w*\b|\b(?:nonstop|direct|stops?|layover|connection)\b/i.test(text)) return 'flight_times';
  if (/\b(?:budget|afford|within|over\s+budget)\b/i.test(text)) return 'budget';
  if (/\b(?:how\s+much|total|cost|price|expensive|cheap|spend)\b/i.test(text)) return 'total_price';
  return 'general';
}

// ---------------------------------------------------------------------------------------------------

/** The message with claimed spans blanked out (same length), as in the first-message parser. */
class Claims {
  text: string;
  constructor(original: string) {
    this.text = original;
  }
  /** Runs `pattern` (global) over the unclaimed text and claims each match `use` accepts. */
  take(pattern: RegExp, use: (match: RegExpExecArray) => boolean | void): void {
    for (const match of [...this.text.matchAll(pattern)]) {
      if (use(match) !== false) this.text = this.text.slice(0, match.index) + ' '.repeat(match[0].length) + this.text.slice(match.index + match[0].length);
    }
  }
}

const CABINS: Record<string, NonNullable<ChangeSet['cabinClass']>> = { economy: 'economy', coach: 'economy', 'premium economy': 'premium_economy', premium: 'premium_economy', business: 'business', first: 'first' };
const CABIN = String.raw`(premium\s+economy|premium|economy|coach|business|first)`;

/** A cabin named without "class": "upgrade us to business", "economy is fine", "let's fly business". */
function readCabin(work: Claims, changes: ChangeSet): void {
  const set = (match: RegExpExecArray) => {
    const cabin = CABINS[(match[1] ?? match[2] ?? '').toLowerCase().replace(/\s+/g, ' ')];
    if (!cabin) return false;
    changes.cabinClass = cabin;
  };
  work.take(new RegExp(String.raw`\b(?:(?:upgrade|downgrade|switch|change|move|bump|put)\s+(?:(?:us|me|it|the\s+flights?|our\s+(?:seats|flights?))\s+)?(?:up\s+)?(?:to|into|in)|(?:fly|flying|book)\s+(?:in\s+)?)\s*${CABIN}(?:\s+class)?\b(?!\s+(?:thing|of|day|week|night|time|flight|leg|stop|few|two|three))|\b${CABIN}(?:\s+class)?\s+(?:is|would\s+be|will\s+be|'s|'d\s+be)\s+(?:(?:totally|perfectly|just)\s+)?(?:fine|ok(?:ay)?|good|enough|alright|great|better)\b`, 'gi'), set);
}

const STOP_WORDS = String.raw`(?:stops?|connections?|layovers?|stopovers?|transfers?|changes\s+of\s+planes?)`;

function readStops(work: Claims, changes: ChangeSet): void {
  // A count first: "one stop is okay but no more" is at most one, not "stops are fine".
  work.take(new RegExp(String.raw`\b(?:(?:max(?:imum)?|at\s+most|no\s+more\s+than|only|up\s+to)\s+(?:one|1|a\s+single)\s+${STOP_WORDS}|(?:one|1|a\s+single)\s+${STOP_WORDS}\s+(?:is\s+)?(?:max(?:imum)?|fine|ok(?:ay)?|alright|acceptable)(?:\s*,?\s*but\s+no\s+more)?)\b`, 'gi'), () => {
    changes.maxStops = 1;
  });
  work.take(new RegExp(String.raw`\b(?:${STOP_WORDS}\s+(?:are|is)\s+(?:fine|ok(?:ay)?|alright|no\s+problem)|(?:don'?t|do\s+not)\s+mind\s+(?:a\s+)?${STOP_WORDS}|any\s+(?:number\s+of\s+)?stops)\b`, 'gi'), () => {
    changes.maxStops = null;
  });
  // "no layovers", "we don't want any connections", "avoid stopovers", "without changing planes".
  const refused = String.raw`(?:no|(?:don'?t|do\s+not)\s+want(?:\s+any)?|(?:would|'d)\s+(?:prefer|like)\s+to\s+avoid(?:\s+any)?|avoid(?:ing)?(?:\s+any)?|without(?:\s+any)?|hate|(?:can'?t|cannot)\s+(?:do|stand)(?:\s+any)?)`;
  work.take(new RegExp(String.raw`\b(?:non-?stop|direct)(?:\s+(?:flights?|only|please))*\b|\b${refused}\s+${STOP_WORDS}\b|\bwithout\s+changing\s+planes\b`, 'gi'), (match) => {
    if (/\b(?:doesn'?t|does\s+not|don'?t|do\s+not|need\s+not|needn'?t)\s+(?:have\s+to\s+)?(?:be\s+)?$/i.test(work.text.slice(Math.max(0, match.index - 30), match.index))) {
      changes.maxStops = null;
      return;
    }
    changes.maxStops = 0;
  });
}

function readStay(work: Claims, changes: ChangeSet): void {
  const stay: NonNullable<ChangeSet['stay']> = {};
  work.take(
    /\b(?:no\s+(?:accommodation|hotel|lodging|stay|place\s+to\s+stay)s?(?:\s+(?:needed|necessary|required))?|(?:we|i)\s+(?:don'?t|do\s+not)\s+need\s+(?:a\s+|any\s+)?(?:hotel|accommodation|lodging|place\s+to\s+stay|room)s?|(?:we|i)\s+(?:already\s+)?(?:have|'ve\s+got|got|booked|'ve\s+booked|rented|'ve\s+rented)\s+(?:an?\s+|our\s+own\s+|my\s+own\s+)?(?:apartment|flat|place|house|villa|airbnb|friend'?s\s+place|accommodation|hotel|room)(?:\s+to\s+stay)?|(?:we'?ll|we\s+will|i'?ll|i\s+will)\s+(?:find|book|sort(?:\s+out)?|arrange|organi[sz]e|handle)\s+(?:our|my)\s+own\s+(?:place|accommodation|hotel|lodging|room|stay)(?:\s+to\s+stay)?|(?:accommodation|the\s+hotel|lodging|where\s+we\s+stay)\s+is\s+(?:sorted|covered|booked|taken\s+care\s+of)|(?:we'?re|we\s+are|i'?m|i\s+am)\s+staying\s+with\s+(?:friends|family|relatives|my\s+\w+|our\s+\w+)|skip\s+the\s+(?:hotel|accommodation|stay))\b/gi,
    () => {
      stay.needed = false;
    },
  );
  work.take(/\b(?:(?:we|i)\s+(?:do\s+)?need\s+(?:a\s+)?(?:hotel|accommodation|place\s+to\s+stay)(?:\s+after\s+all)?|add\s+(?:a\s+)?(?:hotel|stay|accommodation)\s+back)\b/gi, () => {
    stay.needed = true;
  });
  work.take(/\b(?:cheaper|less\s+expensive|more\s+affordable|budget)\s+(?:hotel|stay|place|accommodation|room|option)s?\b|\b(?:hotel|stay|accommodation)\s+(?:is\s+)?too\s+(?:expensive|pricey)\b/gi, () => {
    stay.cheapest = true;
  });
  const amount = String.raw`([$€£¥]|US\$)?\s?(\d[\d,]*(?:\.\d+)?)\s?(USD|EUR|GBP|JPY|CAD|AUD|CHF|dollars?|euros?|pounds?)?`;
  work.take(new RegExp(String.raw`\b(?:under|below|max(?:imum)?|at\s+most|no\s+more\s+than|not\s+more\s+than|less\s+than|up\s+to|nothing\s+(?:over|above|more\s+than)|not\s+over|cheaper\s+than)\s+${amount}\s*(?:a|per|\/|each)\s*night\b`, 'gi'), (match) => {
    const value = Number((match[2] ?? '').replace(/,/g, ''));
    if (!(value > 0)) return false;
    const currency = currencyOf(match[1], match[3]);
    stay.maxPerNight = currency ? { amount: value, currency } : { amount: value };
  });
  work.take(/\b(?:near|close\s+to|walking\s+distance\s+(?:to|of|from)|next\s+to|in\s+the\s+heart\s+of)\s+((?:the\s+)?[\p{L}][\p{L}'’-]*(?:\s+(?!and\b|but\b|please\b|with\b)[\p{L}][\p{L}'’-]*){0,3})/giu, (match) => {
    // Only about where to stay: "a hotel near the old town", "stay close to the beach".
    const before = work.text.slice(Math.max(0, match.index - 40), match.index);
    if (!/\b(?:hotel|stay|staying|accommodation|place|room|apartment|somewhere|be|sleep)\b[^.,;]*$/i.test(before)) return false;
    stay.near = (match[1] ?? '').trim().slice(0, 80);
  });
  // "a hotel in the city centre", "stay somewhere central", "downtown": near the centre, in their words.
  work.take(/\b(?:(?:hotel|stay|staying|accommodation|place|room|apartment|somewhere)\s+(?:right\s+)?in\s+(the\s+(?:(?:city|town|historic|old)\s+)?(?:cent(?:re|er)|old\s+town|downtown))|(?:hotel|stay|staying|accommodation|place|room|apartment|somewhere)\s+(?:(?:right|more)\s+)?(central|downtown))\b/gi, (match) => {
    stay.near = (match[1] ?? (match[2]?.toLowerCase() === 'central' ? 'the centre' : match[2]) ?? '').trim();
  });
  work.take(/\b(?:at\s+least\s+)?([1-5]|three|four|five)[- ]?stars?(?:\s+(?:hotel|stay|or\s+(?:more|better|above)|minimum|plus))*\b|\b(?:nicer|better|fancier|more\s+upscale)\s+(?:hotel|stay|place)\b|\bluxury\s+hotel\b/gi, (match) => {
    const raw = match[1]?.toLowerCase();
    stay.minStars = raw ? (/^\d$/.test(raw) ? Number(raw) : ({ three: 3, four: 4, five: 5 } as Record<string, number>)[raw] ?? 4) : 4;
  });
  if (Object.keys(stay).length > 0) changes.stay = stay;
}

function readPace(work: Claims, changes: ChangeSet): void {
  // Slower: "slow, easy-going", "take it easy", "keep the days light", "we're not morning people", "lazy mornings".
  work.take(/\b(?:slow(?:er)?|easy[- ]?going|relaxed|relaxing|laid[- ]back|leisurely|chill(?:ed)?|take\s+it\s+easy|not\s+too\s+(?:busy|packed|rushed|full)|less\s+(?:busy|packed|rushed|hectic)|fewer\s+(?:activities|things)|slow\s+pace|gentle|(?:keep|make)\s+(?:the\s+)?days?\s+(?:light|short|easy|calm)|light(?:er)?\s+(?:days|schedule|itinerary)|lazy\s+(?:mornings|days)|late\s+starts|sleep\s+in|not\s+(?:morning\s+people|early\s+risers|a\s+morning\s+person))(?:\s+(?:pace|trip|days|itinerary|schedule))?\b/gi, () => {
    changes.pace = 'relaxed';
  });
  // Busier: "packed", "pack in as much as possible", "see as much as we can", "fit in more".
  work.take(/\b(?:packed|busy|action[- ]packed|jam[- ]packed|full[- ]on|(?:see|do|fit|pack|cram|squeeze)(?:\s+in)?\s+as\s+much\s+as\s+(?:possible|we\s+can)|(?:pack|cram)\s+(?:(?:it|them|the\s+days)\s+)?(?:in\s+)?more|more\s+(?:activities|things\s+to\s+do)|fit\s+in\s+more|fuller\s+days|faster)(?:\s+(?:pace|trip|days|itinerary|schedule))?\b/gi, (match) => {
    if (/\bnot\s+too\s+$/i.test(work.text.slice(Math.max(0, match.index - 10), match.index))) return false;
    changes.pace = 'packed';
  });
  work.take(/\b(?:balanced|moderate|normal|medium|regular|usual)\s+pace\b/gi, () => {
    changes.pace = 'balanced';
  });
}

const RELATIONS = String.raw`(?:wife|husband|partner|girlfriend|boyfriend|fianc[eé]e?|spouse|friend|mom|mum|mother|dad|father|sister|brother|colleague|boss|roommate|buddy|cousin|aunt|uncle|grandma|grandpa|grandmother|grandfather|mother-in-law|father-in-law|neighbou?r)`;
const CHILDREN = String.raw`(?:kids?|children|child|son|daughter|baby|toddler|nephew|niece|grandson|granddaughter)`;

/** Relations that are two people ("my parents are coming"). */
const PAIRS = String.raw`(?:parents|in-laws|grandparents)`;
const PERSON = String.raw`(?:${PAIRS}|${RELATIONS}|${CHILDREN})`;
/** "my brother and his wife", "my mum, my dad and my sister": one or more people named together. */
const PEOPLE = String.raw`(?:my|our|the)\s+${PERSON}(?:\s*(?:,|and|&)\s*(?:(?:his|her|their|my|our|the)\s+)?${PERSON})*`;

/** Adults and children among the people a phrase names. */
function peopleIn(phrase: string): { adults: number; children: number } {
  const people = { adults: 0, children: 0 };
  for (const [person] of phrase.matchAll(new RegExp(PERSON, 'gi'))) {
    if (new RegExp(`^${PAIRS}$`, 'i').test(person)) people.adults += 2;
    else if (new RegExp(`^${CHILDREN}$`, 'i').test(person)) people.children += 1;
    else people.adults += 1;
  }
  return people;
}

function readTravelerChanges(work: Claims, changes: ChangeSet): void {
  const add = (key: 'addAdults' | 'addChildren', n: number) => {
    if (n !== 0) changes[key] = (changes[key] ?? 0) + n;
  };
  // The whole party restated: "it'll just be me now", "just the two of us", "travelling solo".
  work.take(new RegExp(String.raw`\b(?:just|only)\s+(?:be\s+)?(?:me|myself)\b(?!\s*(?:and|&|\+|with|plus)\b)|\b(?:travell?ing|going|coming|be)\s+(?:alone|solo|by\s+myself|on\s+my\s+own)\b|\bsolo\s+(?:trip|travell?er)\b|\bjust\s+(?:the\s+)?${COUNT}\s+of\s+us\b`, 'gi'), (match) => {
    changes.adults = match[1] ? Math.max(1, count(match[1])) : 1;
    changes.children = 0;
  });
  // Leaving first: "my wife can't come" must not count as someone joining.
  work.take(new RegExp(String.raw`(\b${PEOPLE})\s+(?:can'?t|cannot|can\s+not|won'?t|will\s+not|isn'?t|is\s+not|aren'?t|are\s+not)\s+(?:come|coming|join|joining|make\s+it|travel\w*)|\b(${PERSON})\s+(?:dropped|pulled)\s+out|\bone\s+(?:less|fewer)\s+(?:person|adult|traveller|traveler)\b|\bminus\s+one\b`, 'gi'), (match) => {
    const leaving = match[1] ?? match[2] ? peopleIn(match[1] ?? match[2] ?? '') : { adults: 1, children: 0 };
    add('addAdults', -leaving.adults);
    add('addChildren', -leaving.children);
  });
  // Joining: "my sister is coming too", "my brother and his wife are coming", "my parents want to join".
  work.take(new RegExp(String.raw`\b(?:my|our)\s+${PERSON}(?:\s*(?:,|and|&)\s*(?:(?:his|her|their|my|our|the)\s+)?${PERSON})*\s+(?:is|are|will\s+be|'s|'re|wants?\s+to\s+(?:come|join)|would\s+like\s+to\s+(?:come|join))\s*(?:coming|joining|come|join)?\s*(?:along|too|as\s+well|with\s+us)?`, 'gi'), (match) => {
    if (!/\b(?:coming|joining|come|join|along|too|as well|with us)\b/i.test(match[0])) return false;
    const joining = peopleIn(match[0]);
    add('addAdults', joining.adults);
    add('addChildren', joining.children);
  });
  // "It's my husband and I, plus our 3 kids" describes the whole party: its counts replace the trip's.
  const restatesParty = new RegExp(String.raw`\b(?:(?:my|our)\s+${RELATIONS}\s+and\s+(?:i|me)|(?:i|me)\s+and\s+(?:my|our)\s+${RELATIONS}|it'?s\s+(?:going\s+to\s+be\s+)?(?:just\s+)?(?:my|our|us|\d|two|three|four|five|six))\b`, 'i').test(work.text);
  work.take(new RegExp(String.raw`\b(?:bring(?:ing)?|add(?:ing)?|with|plus|\+)\s*(?:my|our)?\s*${COUNT}?\s*(?:more\s+)?(${CHILDREN}|kids|adults?|friends?|people|persons?|travell?ers?|guests?|${RELATIONS})\b(?!\s*(?:-|\s)friendly)`, 'gi'), (match) => {
    const who = match[2] ?? '';
    const isChild = new RegExp(`^${CHILDREN}$`, 'i').test(who) || /^kids$/i.test(who);
    // "with my wife" on its own restates the party the first message described; only a count or "bring"/"add"/"+" adds.
    if (/^with\b/i.test(match[0]) && !match[1]) return false;
    if (/^(?:with|plus)\b/i.test(match[0]) && !/\bmore\b/i.test(match[0]) && !/^plus\b/i.test(match[0])) return false;
    const n = count(match[1]);
    if (restatesParty && isChild && /^(?:with|plus)\b/i.test(match[0])) {
      changes.children = n;
      return;
    }
    add(isChild ? 'addChildren' : 'addAdults', n);
  });
  work.take(new RegExp(String.raw`\b${COUNT}\s+more\s+(adults?|people|persons?|travell?ers?|friends?|${CHILDREN}|kids)\b|\bplus\s+one\b|\+1\b`, 'gi'), (match) => {
    const who = match[2] ?? 'adult';
    add(new RegExp(`^(?:${CHILDREN}|kids)$`, 'i').test(who) ? 'addChildren' : 'addAdults', match[1] ? count(match[1]) : 1);
  });
}

/** Edits of the trip's dates relative to themselves. */
function readDateEdits(work: Claims, changes: ChangeSet, current: TripRequest): void {
  if (!current.departDate) return;
  const which = (phrase: string): 'depart' | 'return' | 'both' => {
    if (/\b(?:depart\w*|leav\w*|outbound|fly(?:ing)?\s+out|go(?:ing)?\s+out|start\w*|arriv\w*)\b/i.test(phrase)) return 'depart';
    if (/\b(?:return\w*|come\s+back|coming\s+back|fly(?:ing)?\s+(?:home|back)|head(?:ing)?\s+home|inbound|get(?:ting)?\s+back|end\w*)\b/i.test(phrase)) return 'return';
    return 'both';
  };
  const shift = (target: 'depart' | 'return' | 'both', days: number) => {
    if (target !== 'return') changes.shiftDepartDays = (changes.shiftDepartDays ?? 0) + days;
    if (target !== 'depart') changes.shiftReturnDays = (changes.shiftReturnDays ?? 0) + days;
  };
  const UNIT = String.raw`(days?|nights?|weeks?|fortnight)`;
  // "push the departure back by three days", "move everything two days later", "delay the trip a week".
  work.take(new RegExp(String.raw`\b(push|move|shift|delay|postpone|bring|pull|change)\s+([\w\s']{0,40}?)\s*(back|forward|later|earlier|up|out|ahead)?\s*(?:by\s+)?(?:${COUNT}\s+${UNIT})\s*(later|earlier|back|forward)?`, 'gi'), (match) => {
    const direction = `${match[3] ?? ''} ${match[6] ?? ''} ${match[1]}`.toLowerCase();
    const earlier = /\b(?:earlier|forward|up|bring|pull)\b/.test(direction) && !/\blater\b/.test(direction);
    shift(which(match[2] ?? ''), (earlier ? -1 : 1) * count(match[4]) * unitDays(match[5] ?? 'day'));
  });
  // "leave two days later", "come back a day earlier", "everything a week later".
  work.take(new RegExp(String.raw`(?:\b(leav\w*|depart\w*|fly(?:ing)?\s+out|go(?:ing)?|return\w*|come\s+back|coming\s+back|fly(?:ing)?\s+(?:home|back)|get(?:ting)?\s+back|head(?:ing)?\s+home|trip|everything|dates)\s+)?${COUNT}\s+${UNIT}\s+(later|earlier|sooner)\b`, 'gi'), (match) => {
    shift(which(match[1] ?? ''), (match[4]?.toLowerCase() === 'later' ? 1 : -1) * count(match[2]) * unitDays(match[3] ?? 'day'));
  });
  // Longer: "a day longer", "2 more nights", "extend the trip by 3 days", "add a night", "stay an extra day".
  work.take(new RegExp(String.raw`\b(?:${COUNT}\s+${UNIT}\s+longer|(?:${COUNT}\s+)?(?:more|extra|additional)\s+${UNIT}|extend\s+(?:the\s+trip|it|our\s+stay|the\s+stay)?\s*(?:by\s+)?${COUNT}\s+${UNIT}|add\s+${COUNT}\s+${UNIT}(?!\s+trip)|${COUNT}\s+(?:more|extra|additional)\s+${UNIT})\b`, 'gi'), (match) => {
    // Groups in pairs per alternative: (count, unit) ×5.
    const n = count(match[1] ?? match[3] ?? match[5] ?? match[7] ?? match[9]);
    const unit = match[2] ?? match[4] ?? match[6] ?? match[8] ?? match[10] ?? 'day';
    if (/^(?:more|extra|additional)/i.test(match[0]) && !match[3]) {
      // "more days" without a count.
      changes.shiftReturnDays = (changes.shiftReturnDays ?? 0) + unitDays(unit);
      return;
    }
    changes.shiftReturnDays = (changes.shiftReturnDays ?? 0) + n * unitDays(unit);
  });
  // Shorter: "a day shorter", "one night less", "shorten it by 2 days", "cut a day".
  work.take(new RegExp(String.raw`\b(?:${COUNT}\s+${UNIT}\s+(?:shorter|less|fewer)|shorten\s+(?:the\s+trip|it|our\s+stay|the\s+stay)?\s*(?:by\s+)?${COUNT}\s+${UNIT}|cut\s+(?:the\s+trip\s+|it\s+)?(?:by\s+)?${COUNT}\s+${UNIT}|(?:drop|remove|lose)\s+${COUNT}\s+${UNIT}(?!\s+trip))\b`, 'gi'), (match) => {
    const n = count(match[1] ?? match[3] ?? match[5] ?? match[7]);
    const unit = match[2] ?? match[4] ?? match[6] ?? match[8] ?? 'day';
    changes.shiftReturnDays = (changes.shiftReturnDays ?? 0) - n * unitDays(unit);
  });
  // A length: "make it a full week", "for 10 nights instead", "stay 5 days".
  work.take(new RegExp(String.raw`\b(?:make\s+it|for|stay|only|just)\s+(?:a\s+full\s+|a\s+whole\s+|the\s+full\s+)?(?:${COUNT}\s+)?${UNIT}(?!\s+(?:trip|later|earlier|longer|shorter|more|less))\b|\ba\s+(?:full|whole)\s+(week|fortnight)\b`, 'gi'), (match) => {
    const unit = match[2] ?? match[3] ?? 'day';
    changes.nights = Math.max(1, count(match[1]) * unitDays(unit));
  });
}

/** "keep it under 4000", "budget to 3k", "cap it at 3k", "we have about 6000 to spend": an amount without a currency keeps the budget's. */
function readBareBudget(work: Claims, changes: ChangeSet): void {
  // "no budget limit", "forget the budget", "money is no object": the trip has no budget.
  work.take(/\b(?:no\s+(?:budget|spending)(?:\s+(?:limit|cap|constraints?))?|(?:forget|drop|remove|ignore|scrap)\s+the\s+budget|budget\s+(?:doesn'?t|does\s+not)\s+matter|money\s+is\s+no\s+object|no\s+limit\s+on\s+(?:the\s+)?(?:budget|spending))\b/gi, () => {
    changes.budget = null;
  });
  if (namesCurrency(work.text)) return; // the first-message parser reads amounts with a currency
  const AMOUNT = String.raw`(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s?(k|thousand|grand))?`;
  const LEAD = String.raw`(?:(?:keep|stay|get|bring)\s+(?:it|the\s+(?:trip|total|cost|price|whole\s+thing))?\s*(?:down\s+)?(?:under|below|within|at\s+most|to)|(?:total\s+)?budget\s+(?:of|to|is|at|now)|(?:raise|lower|increase|reduce|cut|drop|change|set)\s+the\s+(?:budget|total)\s+to|cap\s+(?:it|the\s+(?:budget|trip|total|cost))?\s*at|limit\s+(?:it|the\s+(?:budget|trip|total))?\s*to|total\s+(?:of|under|below)|under|max(?:imum)?\s+of|spend\s+(?:up\s+to|about|around|roughly|at\s+most)|(?:have|got)(?:\s+(?:about|around|roughly|approximately|up\s+to))?)`;
  work.take(new RegExp(String.raw`\b${LEAD}\s+(?:about\s+|around\s+|roughly\s+)?${AMOUNT}(?:\s+to\s+spend)?\b(?!\s*(?:a|per|\/)\s*night)`, 'gi'), (match) => {
    // "we have about 6000" is a budget only with "to spend"; the other leads are about money on their own.
    if (/^(?:have|got)\b/i.test(match[0]) && !/\bto\s+spend$/i.test(match[0])) return false;
    const amount = Number((match[1] ?? '').replace(/,/g, '')) * (match[2] ? 1000 : 1);
    if (!(amount >= 100)) return false; // "under 3" is not a trip budget
    changes.budget = { amount };
  });
}

function readRemovedInterests(work: Claims, changes: ChangeSet, current: TripRequest): void {
  const removed: string[] = [];
  const verbs = String.raw`(?:skip|drop|remove|forget(?:\s+about)?|cancel|no\s+more|no|less|without|scrap|lose|not\s+(?:really\s+|that\s+|too\s+|so\s+|very\s+)?(?:into|interested\s+in|big\s+on|fans?\s+of|keen\s+on|bothered\s+about)|(?:don'?t|do\s+not)\s+(?:really\s+)?(?:care\s+(?:much\s+)?(?:for|about)|like|want|need))`;
  work.take(new RegExp(String.raw`\b${verbs}\s+(?:the\s+|any\s+)?((?:day[- ]?trip(?:\s+to\s+[\p{L}][\p{L}'’.-]*)?)|[\p{L}][\p{L}'’-]*(?:\s+[\p{L}][\p{L}'’-]*)?)`, 'giu'), (match) => {
    // The phrase may run one word too far ("no museums please"): the first word alone is tried too.
    const phrase = (match[1] ?? '').toLowerCase().trim();
    const known = [phrase, phrase.split(/\s+/)[0] ?? ''].find((candidate) =>
      current.interests.some((interest) => {
        const have = interest.toLowerCase();
        return have === candidate || have.includes(candidate) || (candidate.startsWith('day trip') && have.includes('day trip'));
      }),
    );
    if (!known) return false;
    removed.push(known.startsWith('day trip') && !known.includes(' to ') ? 'day trip' : known);
  });
  if (removed.length > 0) changes.removeInterests = removed;
}

/** "foodies" → food: what kinds of traveler are into. */
const TRAVELER_KINDS: Record<string, string> = { foodie: 'food', foodies: 'food', hiker: 'hiking', hikers: 'hiking', shopaholic: 'shopping', shopaholics: 'shopping', 'night owl': 'nightlife', 'night owls': 'nightlife', 'beach bum': 'beaches', 'beach bums': 'beaches' };
/** Words that are about the trip's logistics, never an interest ("we like the hotel"). */
const NOT_AN_INTEREST = /^(?:it|this|that|them|these|those|you|everything|anything|something|things|the\s+(?:idea|plan)|hotels?|flights?|stays?|trips?|plans?|pace|budget|rooms?|dates?|days?|nights?|weeks?|nonstop|direct|business|economy|first|premium)$/i;

/** Items the first-message parser reads as something else: a day trip, a cabin, travelers, a length. */
const LEFT_TO_THE_PARSER = /\bday[- ]?trips?\b|\b(?:business|economy|first|premium)\s+class\b|\b(?:adults?|kids?|children|travell?ers?|nights?|days?|weeks?)\b/i;

/**
 * Interests in the traveler's own words: "we're into history and gelato", "we'd love to see some sumo",
 * "we're big foodies". A list that names a place or a day trip is left to the first-message parser.
 */
function readAddedInterests(work: Claims, changes: ChangeSet, places: PlaceIndex): void {
  const added: string[] = [];
  const subject = String.raw`(?:we(?:'re|\s+are)|i(?:'m|\s+am))\s+(?:(?:also|really|very|big|huge|real|total|such|keen|both|all)\s+)*`;
  const list = String.raw`([^.!?;]+)`;
  const patterns = [
    String.raw`\b${subject}(?:into|fans?\s+of|keen\s+on|interested\s+in|passionate\s+about|crazy\s+about|mad\s+about)\s+${list}`,
    String.raw`\b(?:we|i)\s+(?:(?:also|really|both|all|absolutely)\s+)*(?:love|like|enjoy|adore)\s+${list}`,
    String.raw`\b(?:we'?d|i'?d|we\s+would|i\s+would)\s+(?:(?:also|really)\s+)*(?:love|like)\s+to\s+(?:see|try|do|visit|experience|eat|taste|watch|catch|go\s+to)\s+${list}`,
    String.raw`\b(?:add|include)\s+${list}`,
  ];
  for (const pattern of patterns) {
    work.take(new RegExp(pattern, 'giu'), (match) => {
      const items = interestItems(match[1] ?? '');
      if (items.length === 0 || items.some((item) => LEFT_TO_THE_PARSER.test(item) || places.citiesNamed(item).length > 0)) return false;
      added.push(...items);
    });
  }
  work.take(new RegExp(String.raw`\b${subject}((?:[\p{L}]+\s+)?(?:foodies?|hikers?|shopaholics?|night\s+owls?|beach\s+bums?)|[\p{L}]+\s+(?:lovers?|buffs?|fans?|nerds?|geeks?|enthusiasts?|junkies?))\b`, 'giu'), (match) => {
    const kind = (match[1] ?? '').toLowerCase().replace(/^(?:big|huge|real|total)\s+/, '');
    const interest = TRAVELER_KINDS[kind] ?? kind.replace(/\s+(?:lovers?|buffs?|fans?|nerds?|geeks?|enthusiasts?|junkies?)$/, '');
    if (!interest || NOT_AN_INTEREST.test(interest)) return false;
    added.push(interest);
  });
  if (added.length > 0) changes.addInterests = [...(changes.addInterests ?? []), ...added];
}

/** "history and gelato, please" → history, gelato; stops where the clause does. */
function interestItems(text: string): string[] {
  const clause = text.split(/,?\s+(?:but|please|too|as\s+well|also|so|because|if|when|while|during|on\s+the|in\s+the|for\s+the|while)\b|,\s*(?=(?:we|i|can|could|let'?s|and\s+(?:we|i|can|could|let'?s))\b)/i)[0] ?? '';
  return clause
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*/i)
    .map((item) => item.trim().replace(/^(?:some|a\s+bit\s+of|a\s+lot\s+of|lots\s+of|plenty\s+of|more|the|a|an|good|great)\s+/i, '').trim())
    .filter((item) => item.length > 1 && item.split(/\s+/).length <= 4 && !/\d/.test(item) && !NOT_AN_INTEREST.test(item));
}

/** Dates the text states outright, placed where they fit this trip. */
function readStatedDates(
  changes: ChangeSet,
  current: TripRequest,
  said: TripRequest,
  mentioned: readonly (keyof TripRequest)[],
  nights: number | null,
  refused: { departDate: string | null; returnDate: string | null } | null,
  text: string,
): void {
  const explicitYear = /\b20\d\d\b/.test(text);
  const returnCue = /\b(?:return\w*|back|home|come\s+back|fly(?:ing)?\s+(?:home|back)|until|till|through|end\w*)\b/i.test(text);
  let depart = mentioned.includes('departDate') ? said.departDate : (refused?.departDate ?? null);
  let back = mentioned.includes('returnDate') ? said.returnDate : (refused?.returnDate ?? null);
  // A single date with a return cue is the return ("we'll fly home on the 2nd of January instead").
  if (depart && !back && returnCue && current.departDate && !/\b(?:leav\w*|depart\w*|fly(?:ing)?\s+out|start\w*)\b/i.test(text)) {
    back = depart;
    depart = null;
  }
  if (!explicitYear && current.departDate) {
    // "back on the 5th" names no month: the 5th is placed in whichever month fits the trip.
    const dayOnly = !/\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i.test(text);
    if (depart) depart = nearestTo(depart, current.departDate, dayOnly);
    if (back) back = firstAfter(back, depart ?? current.departDate, dayOnly);
  }
  if (depart) changes.departDate = depart;
  if (back) changes.returnDate = back;
  if (nights !== null && !back && changes.nights === undefined && changes.shiftReturnDays === undefined) changes.nights = nights;
}

/** The same month and day in the year (or, for a day-of-month, the month) closest to `anchor`. */
function nearestTo(date: string, anchor: string, dayOnly: boolean): string {
  const candidates = yearVariants(date, dayOnly, anchor);
  return candidates.reduce((best, candidate) => (Math.abs(daysBetween(anchor, candidate)) < Math.abs(daysBetween(anchor, best)) ? candidate : best), date);
}

/** The first of the date's variants (other years, other months for a day-of-month) after `anchor`. */
function firstAfter(date: string, anchor: string, dayOnly: boolean): string {
  // Only a variant that makes a possible trip; otherwise the date as read, so the date rule can say why.
  const later = yearVariants(date, dayOnly, anchor).filter((candidate) => candidate > anchor && daysBetween(anchor, candidate) <= MAX_TRIP_NIGHTS).sort();
  return later[0] ?? date;
}

/** The date in the years around the trip's (the parser places a bare date near today, the trip may be years out). */
function yearVariants(date: string, dayOnly: boolean, anchor: string): string[] {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const anchorYear = Number(anchor.slice(0, 4));
  const variants: string[] = [];
  for (let y = Math.min(year, anchorYear - 1); y <= Math.max(year, anchorYear + 1); y += 1) {
    for (let m = dayOnly ? 1 : month; m <= (dayOnly ? 12 : month); m += 1) {
      const variant = validDate(y, m, day);
      if (variant) variants.push(variant);
    }
  }
  return variants.length > 0 ? variants : [date];
}

function namesCurrency(text: string): boolean {
  return /[$€£¥₹₩]|\b(?:USD|EUR|GBP|JPY|CAD|AUD|CHF|NZD|MXN|dollars?|euros?|pounds?|quid|yen|bucks)\b/i.test(text);
}

function currencyOf(symbol: string | undefined, word: string | undefined): string | undefined {
  const raw = (word ?? symbol ?? '').toLowerCase();
  if (!raw) return undefined;
  if (raw === '€' || raw.startsWith('euro') || raw === 'eur') return 'EUR';
  if (raw === '£' || raw.startsWith('pound') || raw === 'gbp') return 'GBP';
  if (raw === '¥' || raw === 'jpy') return 'JPY';
  if (/^[a-z]{3}$/.test(raw) && raw !== 'dol') return raw.toUpperCase();
  return 'USD';
}

/** The same stop: same code and the same name as written (Kyoto and Osaka share OSA; Hakone is not Tokyo). */
function samePlace(a: PlaceRef, b: PlaceRef): boolean {
  return a.iata === b.iata && normalizePlaceName(a.city) === normalizePlaceName(b.city);
}
