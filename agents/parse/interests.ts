// Interests, kept in the traveller's own words ("temples", "street food"), negated ones left out.
import type { WorkText } from './text.js';

/**
 * Phrases that signal an interest. The traveler's own phrase is kept ("temples", "street food", "wine
 * tasting"), not a category: matching it to kinds of places happens when the itinerary is built
 * (agents/knowledge.ts kindsForInterest). Multi-word phrases come before their single words so the
 * longest phrase wins ("street food" over "food").
 */
const INTEREST_PHRASES: string[] = [
  // Food and drink
  'street food', 'food markets?', 'food tours?', 'cooking class(?:es)?', 'wine tasting', 'wine bars?', 'craft beer', 'beer halls?', 'tea ceremon(?:y|ies)',
  'food', 'foodie', 'foodies', 'eat well', 'eating', 'eat', 'cuisine', 'culinary', 'gastronomy', 'gastronomic', 'restaurants?', 'dining', 'tapas', 'michelin',
  'sushi', 'ramen', 'seafood', 'coffee', 'wines?', 'wineries', 'winery', 'vineyards?', 'cocktails?', 'breweries', 'brewery',
  // Culture and sights
  'museums?', 'art galler(?:y|ies)', 'street art', 'art', 'arts', 'artsy', 'galleries', 'gallery', 'paintings?',
  'history', 'historic sites', 'historic', 'historical', 'ancient ruins', 'ancient', 'ruins', 'heritage', 'castles?', 'medieval', 'palaces?',
  'architecture', 'architectural', 'cathedrals?', 'churches', 'temples?', 'shrines?', 'mosques?', 'pagodas?', 'monasteries', 'monastery',
  'culture', 'cultural', 'traditions?', 'traditional', 'festivals?', 'local life',
  // Performances and nights out
  'flamenco', 'fado', 'tango', 'opera', 'ballet', 'theatre', 'theater', 'musicals?', 'live music', 'music', 'concerts?', 'jazz', 'gigs', 'shows',
  'nightlife', 'night life', 'bars', 'clubs', 'clubbing', 'partying', 'parties', 'party scene', 'pubs', 'pub crawl', 'dancing', 'night markets?',
  // Outdoors
  'hike', 'hikes', 'hiking', 'trek', 'treks', 'trekking', 'trails?', 'walking tours?',
  'nature', 'national parks?', '(?<!theme |amusement )parks', 'gardens', 'wildlife', 'scenery', 'scenic', 'outdoors', 'outdoorsy', 'lakes', 'forests?', 'safari',
  'mountains', 'waterfalls?', 'landscapes?', 'glaciers?', 'views', 'sunsets?',
  'beach(?:es)?', 'seaside', 'sunbathing', 'by the sea', 'island hopping',
  'ski', 'skiing', 'slopes', 'snowboard(?:ing)?', 'diving', 'scuba', 'snorkel(?:l?ing)?', 'dive(?! bars?)', 'dives', 'reefs?',
  'sports?', 'football', 'soccer', 'baseball', 'basketball', 'tennis', 'golf', 'surf', 'surfing', 'cycling', 'stadiums?',
  // Shopping, family, rest
  'shopping', 'shops', 'boutiques?', 'outlets?', 'souvenirs?', 'markets?', 'bazaars?', 'souks?',
  'family[- ]friendly', 'kid[- ]friendly', 'kids? activities', 'theme parks?', 'amusement parks?', 'zoos?', 'aquariums?',
  'relax', 'relaxing', 'relaxation', 'spa', 'spas', 'wellness', 'hot springs', 'onsen', 'thermal baths', 'unwind', 'unwinding', 'chill', 'chilling', 'laid[- ]back', 'slow pace',
  'photography', 'photos?', 'photo spots?', 'instagram(?:m?able)?',
];
const INTEREST_PATTERN = new RegExp(String.raw`\b(?:${INTEREST_PHRASES.join('|')})\b`, 'gi');
// "no museums", "not into nightlife", "without shopping": within the same clause before the word.
const NEGATION = /\b(?:no|not|don'?t|doesn'?t|never|without|hate|avoid|skip|except|nothing)\b|n't\b/i;

/**
 * The traveler's interests in their own words, lower-case, in the order mentioned, without repeats;
 * negated ones ("no museums") are left out.
 */
export function extractInterests(work: WorkText): string[] {
  const found: string[] = [];
  for (const m of work.matches(INTEREST_PATTERN)) {
    if (negated(work, m.index)) continue;
    const phrase = m[0].toLowerCase().replace(/\s+/g, ' ');
    if (!found.includes(phrase)) found.push(phrase);
  }
  return found;
}

/** Whether the words just before `index`, in the same clause, negate what follows ("no museums", "not into nightlife"). */
export function negated(work: WorkText, index: number): boolean {
  // The clause's last few words before the interest: "not into nightlife", "no museums please".
  const clause = work.text.slice(Math.max(0, index - 40), index).split(/[.,;!?]|\b(?:but|and|or)\b/i).at(-1) ?? '';
  return NEGATION.test(clause.trim().split(/\s+/).slice(-3).join(' '));
}

