// The offline planner's reading of a message against the trip it belongs to: a ChangeSet
// (agents/changeSet.ts) with the message's intent and only the edits it asks for. No model involved.
//
// Order of reading, each claiming its words in a working copy so later readers cannot misread them:
// 1. The intent: an undo, a plain acknowledgement, or a question ("how warm will it be?" changes nothing,
//    even though it names a month); a request phrased as a question ("could we add a day trip?") is a change.
// 2. Edits relative to the trip: date shifts ("push the departure back by three days"), longer/shorter
//    stays, travelers joining or leaving, stops, accommodation wishes, pace, interests dropped.
// 3. Whatever the text states outright, read by the first-message parser (agents/requestParser.ts) on
//    the rest of the text: places, dates, budget, cabin, party size, interests and day trips. Dates
//    without a year are placed where they fit this trip ("fly home on the 2nd of January" on a trip
//    leaving Dec 20 2027 is Jan 2 2028; "back on the 5th" is the 5th after the departure).
import { daysBetween, MAX_TRIP_NIGHTS } from '../domain/dates.js';
import type { PlaceIndex } from '../domain/places.js';
import type { QuestionTopic, TripRequest } from '../domain/trip.js';
import type { ChangeSet } from './changeSet.js';
import { parseWithPlaces } from './requestParser.js';

export interface FollowUpOptions {
  referenceDate: string;
  places: PlaceIndex;
}

const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, couple: 2, 'a couple of': 2, 'a few': 3, few: 3 };
const COUNT = String.raw`(\d{1,2}|a couple of|a few|an?|one|two|three|four|five|six|seven|eight|nine|ten|couple|few)`;
const count = (raw: string | undefined): number => (raw ? (/^\d+$/.test(raw) ? Number(raw) : (NUMBER_WORDS[raw.toLowerCase()] ?? 1)) : 1);
const UNIT_DAYS: Record<string, number> = { day: 1, night: 1, week: 7, fortnight: 14 };
const unitDays = (unit: string): number => UNIT_DAYS[unit.toLowerCase().replace(/s$/, '')] ?? 1;

const UNDO = /^\s*(?:please\s+)?(?:undo(?:\s+(?:that|it|the last(?: change)?|my last change))?|revert(?:\s+(?:that|it|the last change))?|take\s+(?:that|it)\s+back|change\s+it\s+back|go\s+back\s+to\s+(?:the\s+)?(?:previous|last|old)(?:\s+(?:version|plan|one))?|put\s+it\s+back(?:\s+the\s+way\s+it\s+was)?|never\s*mind(?:,?\s+(?:undo|go back|change it back).*)?)\s*(?:please)?[.!]*\s*$/i;
/** One acknowledging clause; a message is a confirmation when every clause is one ("Thanks, sounds great!"). */
const ACK = /^(?:ok(?:ay)?|great|perfect|sounds?\s+(?:good|great|perfect|lovely)|looks?\s+(?:good|great|perfect|lovely)|that\s+(?:works|is\s+great|looks\s+good|sounds\s+good)|that'?s\s+(?:great|perfect|fine|lovely)|thanks?(?:\s+you)?(?:\s+so\s+much)?|thank\s+you(?:\s+so\s+much)?|cheers|yes|yep|yeah|cool|nice|love\s+it|awesome|brilliant|excellent|fine|all\s+good|go\s+(?:ahead|for\s+it)|let'?s\s+(?:do|go\s+with)\s+(?:it|that|this)|i\s+like\s+it|wonderful|amazing)$/i;
const isConfirmation = (text: string): boolean => {
  const clauses = text.split(/[,.!;:]+/).map((clause) => clause.trim()).filter(Boolean);
  return clauses.length > 0 && clauses.every((clause) => ACK.test(clause));
};
/** A request phrased politely as a question is a change. */
const REQUEST_FORM = /\b(?:could|can|would|shall|should)\s+(?:we|you|i)\s+(?!expect\b|know\b)(?:please\s+)?(?:squeeze|add|make|change|switch|move|push|go|fly|leave|stay|swap|drop|remove|skip|book|find|get|include|do|try|upgrade|bring|take|extend|shorten|cut|keep|look|have|avoid|start|return|come|plan|organi[sz]e|help|recommend|suggest|create|build|put)\b|\b(?:let'?s|please|i'?d\s+(?:like|prefer|rather)|we'?d\s+(?:like|prefer|rather)|i\s+want|we\s+want|i\s+need|we\s+need|make\s+it|change|switch|instead|rather\s+than|add|remove|drop|skip|push|move|postpone|delay|extend|shorten|upgrade|downgrade)\b|\b(?:what|how)\s+about\b/i;
const QUESTION_START = /^\s*(?:what|what's|whats|how|how's|when|where|which|who|why|is|are|was|will|would|does|do|did|can|could|should|any|tell\s+me|i\s+wonder)\b/i;

/** The ChangeSet a message asks for, read against the trip's current request. */
export function readChangeSet(text: string, current: TripRequest, options: FollowUpOptions): ChangeSet {
  const trimmed = text.trim();
  if (UNDO.test(trimmed)) return { intent: 'undo' };
  if (isConfirmation(trimmed)) return { intent: 'confirm' };
  const asksQuestion = /\?\s*$/.test(trimmed) || QUESTION_START.test(trimmed);
  // On a trip that already has a destination a question changes nothing; before that, a question that
  // names a place ("can you find me something in Lisbon in May?") starts the trip.
  if (asksQuestion && !REQUEST_FORM.test(trimmed) && current.destination) return { intent: 'question', questionTopic: questionTopicOf(trimmed) };

  const work = new Claims(trimmed);
  const changes: ChangeSet = { intent: 'change' };
  readStops(work, changes);
  readStay(work, changes);
  readPace(work, changes);
  readTravelerChanges(work, changes);
  readDateEdits(work, changes, current);
  readRemovedInterests(work, changes, current);
  readBareBudget(work, changes);

  const parsed = parseWithPlaces(work.text, { referenceDate: options.referenceDate }, options.places);
  const { request: said, mentioned, nights } = parsed;
  if (mentioned.includes('origin')) changes.origin = said.origin;
  if (mentioned.includes('destination')) {
    changes.destination = said.destination;
    if (said.alsoVisiting) changes.alsoVisiting = said.alsoVisiting;
  }
  if (mentioned.includes('adults') && changes.addAdults === undefined) changes.adults = said.adults;
  if (mentioned.includes('children') && changes.addChildren === undefined) changes.children = said.children;
  if (mentioned.includes('cabinClass')) changes.cabinClass = said.cabinClass;
  if (mentioned.includes('interests')) changes.addInterests = said.interests;
  if (mentioned.includes('budget') && said.budget) {
    // A bare amount ("keep it under 5000") keeps the budget's currency; a named one replaces it.
    changes.budget = namesCurrency(trimmed) ? said.budget : { amount: said.budget.amount };
  }
  readStatedDates(changes, current, said, mentioned, nights, parsed.refusedDates, trimmed);

  if (/\b(?:somewhere|anywhere|some\s?place|any\s?place)\b/i.test(trimmed) && changes.destination === undefined && !current.destination) {
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

function readStops(work: Claims, changes: ChangeSet): void {
  work.take(/\b(?:(?:stops?|connections?|layovers?)\s+(?:are|is)\s+(?:fine|ok(?:ay)?|alright)|(?:don'?t|do\s+not)\s+mind\s+(?:a\s+)?(?:stops?|connections?|layovers?)|any\s+(?:number\s+of\s+)?stops)\b/gi, () => {
    changes.maxStops = null;
  });
  work.take(/\b(?:(?:max(?:imum)?|at\s+most|no\s+more\s+than|only)\s+(?:one|1)\s+(?:stop|connection|layover)s?|one\s+stop\s+(?:is\s+)?(?:max|fine|ok(?:ay)?))\b/gi, () => {
    changes.maxStops = 1;
  });
  work.take(/\b(?:non-?stop|direct)(?:\s+(?:flights?|only|please))*\b|\bno\s+(?:stops|connections|layovers)\b/gi, (match) => {
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
    /\b(?:no\s+(?:accommodation|hotel|lodging|stay|place\s+to\s+stay)s?(?:\s+(?:needed|necessary|required))?|(?:we|i)\s+(?:don'?t|do\s+not)\s+need\s+(?:a\s+|any\s+)?(?:hotel|accommodation|lodging|place\s+to\s+stay|room)s?|(?:we|i)\s+(?:have|'ve\s+got|got)\s+(?:an?\s+|our\s+own\s+)?(?:apartment|flat|place|house|villa|airbnb|friend'?s\s+place|accommodation)|(?:we'?re|we\s+are|i'?m|i\s+am)\s+staying\s+with\s+(?:friends|family|relatives|my\s+\w+|our\s+\w+)|skip\s+the\s+(?:hotel|accommodation|stay))\b/gi,
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
  work.take(new RegExp(String.raw`\b(?:under|below|max(?:imum)?|at\s+most|no\s+more\s+than|less\s+than|up\s+to)\s+${amount}\s*(?:a|per|\/|each)\s*night\b`, 'gi'), (match) => {
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
  work.take(/\b(?:at\s+least\s+)?([1-5]|three|four|five)[- ]?stars?(?:\s+(?:hotel|stay|or\s+(?:more|better|above)|minimum|plus))*\b|\b(?:nicer|better|fancier|more\s+upscale)\s+(?:hotel|stay|place)\b|\bluxury\s+hotel\b/gi, (match) => {
    const raw = match[1]?.toLowerCase();
    stay.minStars = raw ? (/^\d$/.test(raw) ? Number(raw) : ({ three: 3, four: 4, five: 5 } as Record<string, number>)[raw] ?? 4) : 4;
  });
  if (Object.keys(stay).length > 0) changes.stay = stay;
}

function readPace(work: Claims, changes: ChangeSet): void {
  work.take(/\b(?:slow(?:er)?|easy[- ]?going|relaxed|relaxing|laid[- ]back|leisurely|chill(?:ed)?|take\s+it\s+easy|not\s+too\s+(?:busy|packed|rushed)|less\s+(?:busy|packed|rushed|hectic)|fewer\s+(?:activities|things)|slow\s+pace|gentle)(?:\s+(?:pace|trip|days|itinerary|schedule))?\b/gi, () => {
    changes.pace = 'relaxed';
  });
  work.take(/\b(?:packed|busy|action[- ]packed|jam[- ]packed|full[- ]on|see\s+as\s+much\s+as\s+(?:possible|we\s+can)|more\s+(?:activities|things\s+to\s+do)|fit\s+in\s+more|faster)(?:\s+(?:pace|trip|days|itinerary|schedule))?\b/gi, (match) => {
    if (/\bnot\s+too\s+$/i.test(work.text.slice(Math.max(0, match.index - 10), match.index))) return false;
    changes.pace = 'packed';
  });
  work.take(/\b(?:balanced|moderate|normal|medium)\s+pace\b/gi, () => {
    changes.pace = 'balanced';
  });
}

const RELATIONS = String.raw`(?:wife|husband|partner|girlfriend|boyfriend|fianc[eé]e?|spouse|friend|mom|mum|mother|dad|father|sister|brother|colleague|boss|roommate|buddy|cousin|aunt|uncle|grandma|grandpa|grandmother|grandfather|mother-in-law|father-in-law|neighbou?r)`;
const CHILDREN = String.raw`(?:kids?|children|child|son|daughter|baby|toddler|nephew|niece|grandson|granddaughter)`;

function readTravelerChanges(work: Claims, changes: ChangeSet): void {
  const add = (key: 'addAdults' | 'addChildren', n: number) => {
    changes[key] = (changes[key] ?? 0) + n;
  };
  // Leaving first: "my wife can't come" must not count as someone joining.
  work.take(new RegExp(String.raw`\b(?:my|our|the)\s+(${RELATIONS}|${CHILDREN})\s+(?:can'?t|cannot|can\s+not|won'?t|will\s+not|isn'?t|is\s+not|aren'?t|are\s+not)\s+(?:come|coming|join|joining|make\s+it|travel\w*)|\b(${RELATIONS}|${CHILDREN})\s+(?:dropped|pulled)\s+out|\bone\s+(?:less|fewer)\s+(?:person|adult|traveller|traveler)\b|\bminus\s+one\b`, 'gi'), (match) => {
    const who = match[1] ?? match[2] ?? '';
    add(new RegExp(`^${CHILDREN}$`, 'i').test(who) ? 'addChildren' : 'addAdults', -1);
  });
  work.take(new RegExp(String.raw`\b(?:my|our)\s+(${RELATIONS}|${CHILDREN})\s+(?:is|will\s+be|'s|wants\s+to\s+(?:come|join)|would\s+like\s+to\s+(?:come|join))\s*(?:coming|joining|come|join)?\s*(?:along|too|as\s+well|with\s+us)?`, 'gi'), (match) => {
    if (!/\b(?:coming|joining|come|join|along|too|as well|with us)\b/i.test(match[0])) return false;
    add(new RegExp(`^${CHILDREN}$`, 'i').test(match[1] ?? '') ? 'addChildren' : 'addAdults', 1);
  });
  work.take(new RegExp(String.raw`\b(?:bring(?:ing)?|add(?:ing)?|with|plus|\+)\s*(?:my|our)?\s*${COUNT}?\s*(?:more\s+)?(${CHILDREN}|kids|adults?|friends?|people|persons?|travell?ers?|guests?|${RELATIONS})\b(?!\s*(?:-|\s)friendly)`, 'gi'), (match) => {
    const who = match[2] ?? '';
    // "with my wife" on its own restates the party the first message described; only a count or "bring"/"add"/"+" adds.
    if (/^with\b/i.test(match[0]) && !match[1]) return false;
    if (/^(?:with|plus)\b/i.test(match[0]) && !/\bmore\b/i.test(match[0]) && !/^plus\b/i.test(match[0])) return false;
    const n = count(match[1]);
    add(new RegExp(`^${CHILDREN}$`, 'i').test(who) || /^kids$/i.test(who) ? 'addChildren' : 'addAdults', n);
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
    const n = count(match[1] ?? match[3] ?? match[6] ?? match[8] ?? match[10]);
    const unit = match[2] ?? match[4] ?? match[5] ?? match[7] ?? match[9] ?? match[11] ?? 'day';
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

/** "keep it under 4000", "budget to 3k": an amount without a currency keeps the budget's. */
function readBareBudget(work: Claims, changes: ChangeSet): void {
  if (namesCurrency(work.text)) return; // the first-message parser reads amounts with a currency
  work.take(/\b(?:(?:keep|stay)\s+(?:it|the\s+(?:trip|total|cost|whole\s+thing))?\s*(?:under|below|within|at\s+most|to)|(?:total\s+)?budget\s+(?:of|to|is|at|now)|(?:raise|lower|increase|reduce|cut)\s+the\s+budget\s+to|under|max(?:imum)?\s+of)\s+(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(k|thousand|grand)?\b(?!\s*(?:a|per|\/)\s*night)/gi, (match) => {
    const amount = Number((match[1] ?? '').replace(/,/g, '')) * (match[2] ? 1000 : 1);
    if (!(amount >= 100)) return false; // "under 3" is not a trip budget
    changes.budget = { amount };
  });
}

function readRemovedInterests(work: Claims, changes: ChangeSet, current: TripRequest): void {
  const removed: string[] = [];
  work.take(/\b(?:skip|drop|remove|forget(?:\s+about)?|cancel|no\s+more|not\s+interested\s+in|without|scrap|lose)\s+(?:the\s+)?((?:day[- ]?trip(?:\s+to\s+[\p{L}][\p{L}'’.-]*)?)|[\p{L}][\p{L}'’-]*(?:\s+[\p{L}][\p{L}'’-]*)?)/giu, (match) => {
    const phrase = (match[1] ?? '').toLowerCase().trim();
    const known = current.interests.find((interest) => {
      const have = interest.toLowerCase();
      return have === phrase || have.includes(phrase) || (phrase.startsWith('day trip') && have.includes('day trip'));
    });
    if (!known) return false;
    removed.push(phrase.startsWith('day trip') && !phrase.includes(' to ') ? 'day trip' : phrase);
  });
  if (removed.length > 0) changes.removeInterests = removed;
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
  const candidates = yearVariants(date, dayOnly);
  return candidates.reduce((best, candidate) => (Math.abs(daysBetween(anchor, candidate)) < Math.abs(daysBetween(anchor, best)) ? candidate : best), date);
}

/** The first of the date's variants (other years, other months for a day-of-month) after `anchor`. */
function firstAfter(date: string, anchor: string, dayOnly: boolean): string {
  // Only a variant that makes a possible trip; otherwise the date as read, so the date rule can say why.
  const later = yearVariants(date, dayOnly).filter((candidate) => candidate > anchor && daysBetween(anchor, candidate) <= MAX_TRIP_NIGHTS).sort();
  return later[0] ?? date;
}

function yearVariants(date: string, dayOnly: boolean): string[] {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const variants: string[] = [];
  for (let y = year - 1; y <= year + 2; y += 1) {
    for (let m = dayOnly ? 1 : month; m <= (dayOnly ? 12 : month); m += 1) {
      const shifted = new Date(Date.UTC(y, m - 1, day));
      if (shifted.getUTCDate() !== day) continue;
      const iso = shifted.toISOString().slice(0, 10);
      variants.push(iso);
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
