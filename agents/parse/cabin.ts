// Cabin class: economy, premium economy, business, first, from the phrasings that mean a cabin.
import type { CabinClass } from '../../domain/trip.js';
import type { WorkText } from './text.js';

/** "premium economy", "business class" / "fly business", "first class"; "business trip" is not a cabin, nor is "a first class hotel" or "by coach". */
const CABIN_RULES: [RegExp, CabinClass][] = [
  [/\bprem(?:ium)?[- ]?(?:economy|eco)\b/i, 'premium_economy'],
  [/\b(?:business|biz)[- ]class\b|\b(?:fly(?:ing)?|flown|in|book(?:ing)?|upgrade(?:d)? to|seats? in)\s+business\b(?!\s+(?:trip|travel|meeting|purposes?|conference|dinner|hotel|district|center|centre|partner|reasons?|casual|card|visa))|\bbusiness\s+(?:seats?|cabin|fares?|tickets?|flights?)\b|\blie[- ]flat\b/i, 'business'],
  [/\bfirst[- ]class\s+(?:seats?|cabin|fares?|tickets?|flights?)\b|\b(?:fly(?:ing)?|flown|in|book(?:ing)?|upgrade(?:d)? to)\s+first(?:[- ]class)?\b(?!\s+(?:time|week|day|night|thing|stop|half|leg))|\bfirst[- ]class\b(?!\s+(?:hotels?|service|accommodations?|restaurants?|food|dining|experience))/i, 'first'],
  [/(?<!\bby\s)\b(?:economy|coach)(?:[- ]class)?\b(?!\s+(?:of|is|car|tours?|trips?|bus|ride|station))/i, 'economy'],
];

export function extractCabinClass(work: WorkText): CabinClass | null {
  for (const [pattern, cabin] of CABIN_RULES) {
    const m = pattern.exec(work.text);
    if (m) {
      work.claim(m.index, m.index + m[0].length);
      return cabin;
    }
  }
  return null;
}
