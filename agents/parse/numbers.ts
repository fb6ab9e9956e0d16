// Counts in words or digits ("two adults", "a couple of weeks", "10 days"), shared by the sub-parsers.

const WORD_NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, single: 1, two: 2, couple: 2, 'a couple': 2, 'a couple of': 2, 'couple of': 2, three: 3, few: 3, 'a few': 3,
  four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14,
  fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30,
};
export const WORD_NUMBER = String.raw`(?:a couple of|couple of|a couple|a few|an?|one|single|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty)`;
/** A count: digits or a number word. */
export const COUNT = String.raw`(\d{1,3}|${WORD_NUMBER})`;

export function countValue(raw: string): number | undefined {
  const word = raw.toLowerCase().replace(/\s+/g, ' ');
  return /^\d+$/.test(word) ? Number(word) : WORD_NUMBERS[word];
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
