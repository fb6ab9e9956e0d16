// Travellers: adults and children from counts ("2 adults and 1 child"), the party ("family of four",
// "group of 5", "me and 2 friends") and companions ("me and my wife", "solo", "a couple").
import { COUNT, countValue } from './numbers.js';
import type { WorkText } from './text.js';

export interface Travelers {
  adults?: number;
  children?: number;
}

const CHILD_WORDS = String.raw`(?:children|child|kids?|toddlers?|teens?|teenagers?|infants?|bab(?:y|ies)|sons?|daughters?|little ones)`;
const ADULT_RELATIONS = String.raw`(?:wife|husband|partner|girlfriend|boyfriend|fianc[eé]e?|spouse|friend|mom|mum|mother|dad|father|sister|brother|colleague|boss|roommate|buddy|bestie|best friend)`;

const ADULT_COUNT = new RegExp(String.raw`\b${COUNT}\s+(?:adults?|grown[- ]?ups?)\b`, 'i');
const CHILD_COUNT = new RegExp(String.raw`\b${COUNT}\s+(?:(?:young|small|little)\s+)?${CHILD_WORDS}\b(?![- ]friendly)`, 'i');
const ONE_CHILD = new RegExp(String.raw`\b(?:our|my)\s+(?:(?:\d+|one|two|three|four|five)[- ]year[- ]old\s+)?(?:son|daughter|kid|child|baby|toddler)\b`, 'gi');
const FAMILY_OF = new RegExp(String.raw`\bfamily\s+of\s+${COUNT}\b`, 'i');
const PARTY_SIZE = new RegExp(String.raw`\b(?:${COUNT}\s+(?:people|persons|travell?ers|passengers|pax|guests|tickets|seats|of us|(?:college\s+)?students|guys|girls|ladies|lads|friends)\b|(?:group|party)\s+of\s+${COUNT}\b|for\s+${COUNT}(?=\s*(?:[.,!?;]|$)))`, 'i');
const WITH_FRIENDS = new RegExp(String.raw`\b(?:with|and)\s+(?:my\s+)?${COUNT}\s+(?:friends|colleagues|buddies|coworkers)\b`, 'i');
const COMPANIONS = new RegExp(String.raw`\bmy\s+${ADULT_RELATIONS}\b|\bmy\s+parents\b`, 'gi');

/**
 * "2 adults and 1 child", "with 3 kids", "family of four" (2 adults + 2 children), "me and my wife",
 * "solo", "a couple", "for 3 people" / "3 travelers" / "group of 5" (adults). A phrase that states the
 * whole party ("solo", "3 people", "family of four", "a couple") also mentions children (0 if none);
 * one that only names adults ("me and my wife") leaves children to an earlier message.
 */
export function extractTravelers(work: WorkText): Travelers {
  const text = work.text;
  const claim = (m: RegExpExecArray) => work.claim(m.index, m.index + m[0].length);
  let adults: number | undefined;
  let children: number | undefined;
  let total: number | undefined;

  const adultCount = ADULT_COUNT.exec(text);
  if (adultCount) {
    adults = countValue(adultCount[1] ?? '');
    claim(adultCount);
  }
  const childCount = CHILD_COUNT.exec(text);
  if (childCount && countValue(childCount[1] ?? '') !== undefined) {
    children = countValue(childCount[1] ?? '');
    claim(childCount);
  } else if (/\b(?:no|without)\s+(?:kids|children)\b/i.test(text)) {
    children = 0;
  } else {
    // "our son", "my daughter and her friend": one child per mention.
    const singles = [...text.matchAll(ONE_CHILD)];
    if (singles.length > 0) children = singles.length;
  }

  const family = FAMILY_OF.exec(text);
  if (family) {
    const size = countValue(family[1] ?? '') ?? 0;
    if (size >= 2) {
      adults ??= size >= 3 ? 2 : 1;
      children ??= Math.max(0, size - adults);
      claim(family);
    }
  }

  // "me and 2 friends" is three; "6 friends", "3 people", "group of 5", "for 3" (closing a clause) are the party.
  const friends = WITH_FRIENDS.exec(text);
  if (friends) {
    total = 1 + (countValue(friends[1] ?? '') ?? 0);
    claim(friends);
  }
  const group = total === undefined ? PARTY_SIZE.exec(text) : null;
  if (group) {
    total = countValue(group[1] ?? group[2] ?? group[3] ?? '');
    claim(group);
  }

  if (total !== undefined) {
    if (adults === undefined) adults = Math.max(1, total - (children ?? 0));
    children ??= Math.max(0, total - adults);
  }

  if (adults === undefined) {
    // "me and my wife", "my husband and I", "with my partner": the speaker plus each adult companion.
    const companions = [...text.matchAll(COMPANIONS)];
    if (companions.length > 0) adults = 1 + companions.reduce((sum, m) => sum + (/parents/i.test(m[0]) ? 2 : 1), 0);
  }
  if (adults === undefined && /\bcouple\b(?!\s+(?:of|more|hours|days|nights|weeks))|\bcouple'?s\b|\bhoneymoon\b/i.test(text)) {
    adults = 2;
    children ??= 0;
  }
  if (adults === undefined && /\b(?:solo|alone|by myself|on my own|just me|only me)\b/i.test(text)) {
    adults = 1;
    children ??= 0;
  }
  return { adults, children };
}
