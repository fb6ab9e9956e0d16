// Budget: money amounts in symbols, ISO codes and currency words ("$3000", "2500 EUR", "1500 pounds",
// "£1.2k", "budget of 4k"), a range's upper end, per-person amounts; nightly rates are not budgets.
import type { Money } from '../../domain/trip.js';
import type { WorkText } from './text.js';

export interface BudgetMention extends Money {
  /** "per person", "each": the caller multiplies by the party size. */
  perPerson: boolean;
}

const CURRENCY_SYMBOLS: Record<string, string> = {
  US$: 'USD', AU$: 'AUD', A$: 'AUD', CA$: 'CAD', C$: 'CAD', NZ$: 'NZD', HK$: 'HKD', S$: 'SGD', R$: 'BRL', MX$: 'MXN',
  $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR', '₩': 'KRW', '₺': 'TRY', '₽': 'RUB', '₪': 'ILS', '฿': 'THB', '₱': 'PHP', '₫': 'VND',
};
const CURRENCY_WORDS: Record<string, string> = {
  dollar: 'USD', bucks: 'USD', buck: 'USD', euro: 'EUR', pound: 'GBP', quid: 'GBP', sterling: 'GBP', yen: 'JPY', yuan: 'CNY', rmb: 'CNY',
  renminbi: 'CNY', rupee: 'INR', franc: 'CHF', peso: 'MXN', reais: 'BRL', baht: 'THB', won: 'KRW', zloty: 'PLN', rand: 'ZAR',
  dirham: 'AED', ringgit: 'MYR', lira: 'TRY', krona: 'SEK', kronor: 'SEK', forint: 'HUF', koruna: 'CZK',
};
// "Canadian dollars" and friends.
const DOLLAR_QUALIFIERS: Record<string, string> = {
  us: 'USD', american: 'USD', canadian: 'CAD', australian: 'AUD', aussie: 'AUD', 'new zealand': 'NZD', nz: 'NZD', 'hong kong': 'HKD', singapore: 'SGD',
};
/** Lower-case codes accepted after an amount ("2500 eur"); other ISO codes must be upper case ("2500 ALL" is a lek amount, "2500 all" is not). */
const COMMON_CURRENCIES = new Set(['usd', 'eur', 'gbp', 'jpy', 'cad', 'aud', 'chf', 'cny', 'inr', 'mxn', 'brl', 'nzd', 'sgd', 'hkd', 'sek', 'nok', 'dkk', 'thb', 'krw', 'zar', 'aed', 'try', 'pln', 'czk', 'huf']);
const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

const SYMBOL = String.raw`(US\$|AU\$|A\$|CA\$|C\$|NZ\$|HK\$|S\$|R\$|MX\$|\$|€|£|¥|₹|₩|₺|₽|₪|฿|₱|₫)`;
// 2,500 | 2.500 (European thousands) | 2500 | 1.2 ; then an optional k / thousand / grand.
const AMOUNT = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3})+(?![\d.,]|\s?k\b)|\d+(?:\.\d+)?)(\s?(?:k|K|thousand|grand)\b)?`;
const CURRENCY_WORD = String.raw`(?:(us|american|canadian|australian|aussie|new zealand|nz|hong kong|singapore)\s+)?(dollars?|bucks?|euros?|pounds?|quid|sterling|yen|yuan|rmb|renminbi|rupees?|francs?|pesos?|reais|baht|won|zloty|rand|dirhams?|ringgit|lira|krona|kronor|forints?|koruna)\b`;

function amountValue(digits: string, multiplier: string | undefined): number {
  const plain = /^\d{1,3}(\.\d{3})+$/.test(digits) ? digits.replace(/\./g, '') : digits.replace(/,/g, '');
  return Number(plain) * (multiplier?.trim() ? 1000 : 1);
}

function currencyFromWord(qualifier: string | undefined, word: string): string {
  const lower = word.toLowerCase();
  if (lower.startsWith('dollar') || lower.startsWith('buck')) return DOLLAR_QUALIFIERS[qualifier?.toLowerCase() ?? 'us'] ?? 'USD';
  return CURRENCY_WORDS[lower] ?? CURRENCY_WORDS[lower.replace(/s$/, '')] ?? 'USD';
}

interface MoneyCandidate {
  start: number;
  end: number;
  amount: number;
  currency: string | null; // null: no currency given (only accepted next to "budget"/"spend")
}

const SYMBOL_AMOUNT = new RegExp(String.raw`${SYMBOL}\s?${AMOUNT}(?:\s?([A-Z]{3})\b)?`, 'g');
const AMOUNT_SYMBOL = new RegExp(String.raw`(?<![\w$€£¥.,])${AMOUNT}\s?(€|£|\$)`, 'g');
const CODE_AMOUNT = new RegExp(String.raw`\b([A-Z]{3})\s?${AMOUNT}`, 'g');
const AMOUNT_CODE = new RegExp(String.raw`(?<![\w$€£¥.,])${AMOUNT}\s?([A-Za-z]{3})\b`, 'g');
const AMOUNT_WORD = new RegExp(String.raw`(?<![\w$€£¥.,])${AMOUNT}\s?${CURRENCY_WORD}`, 'gi');
// Counts of other things, which an amount must not be read as ("budget for 2 people is 3000").
const NOT_MONEY = String.raw`(?!\s?[%/])(?!\s*(?:people|persons|adults?|kids?|children|nights?|days?|weeks?|months?|travell?ers|pax|guests|stars?|of us)\b)`;
const BUDGET_WORD_AMOUNT = new RegExp(String.raw`\b(?:budget|spend|spending)\b[^.!?;$€£¥]{0,30}?(?<![\w.,])${AMOUNT}${NOT_MONEY}`, 'gi');
const AMOUNT_BUDGET_WORD = new RegExp(String.raw`(?<![\w$€£¥.,])${AMOUNT}\s+(?:total\s+)?budget\b`, 'gi');
const RANGE_TAIL = new RegExp(String.raw`^\s*(?:-|–|to)\s*${AMOUNT}${NOT_MONEY}`, 'i');

export function extractBudget(work: WorkText): BudgetMention | null {
  const candidates: MoneyCandidate[] = [];
  const push = (start: number, end: number, amount: number, currency: string | null) => {
    // A range ("$2000-3000", "2-3k") caps the budget at its upper end, which carries the multiplier.
    const tail = RANGE_TAIL.exec(work.text.slice(end));
    if (tail) candidates.push({ start, end: end + tail[0].length, amount: Math.max(amount, amountValue(tail[1] ?? '0', tail[2])), currency });
    else candidates.push({ start, end, amount, currency });
  };
  const add = (match: RegExpExecArray, amount: number, currency: string | null) => push(match.index, match.index + match[0].length, amount, currency);

  for (const m of work.matches(SYMBOL_AMOUNT)) {
    const symbol = m[1] ?? '$';
    const code = m[4] && ISO_CURRENCIES.has(m[4]) ? m[4] : undefined;
    add(m, amountValue(m[2] ?? '0', m[3]), code ?? CURRENCY_SYMBOLS[symbol] ?? 'USD');
  }
  for (const m of work.matches(AMOUNT_SYMBOL)) {
    add(m, amountValue(m[1] ?? '0', m[2]), CURRENCY_SYMBOLS[m[3] ?? '$'] ?? 'USD');
  }
  for (const m of work.matches(CODE_AMOUNT)) {
    if (ISO_CURRENCIES.has(m[1] ?? '')) add(m, amountValue(m[2] ?? '0', m[3]), m[1] ?? 'USD');
  }
  for (const m of work.matches(AMOUNT_CODE)) {
    const code = m[3] ?? '';
    if (ISO_CURRENCIES.has(code) || COMMON_CURRENCIES.has(code)) add(m, amountValue(m[1] ?? '0', m[2]), code.toUpperCase());
  }
  for (const m of work.matches(AMOUNT_WORD)) {
    add(m, amountValue(m[1] ?? '0', m[2]), currencyFromWord(m[3], m[4] ?? 'dollars'));
  }
  // No currency: only right after "budget"/"spend" ("budget of 4k", "spend about 2000") or before "budget".
  for (const m of work.matches(BUDGET_WORD_AMOUNT)) {
    const digits = m[1] ?? '0';
    const end = m.index + m[0].length;
    push(end - digits.length - (m[2]?.length ?? 0), end, amountValue(digits, m[2]), null);
  }
  for (const m of work.matches(AMOUNT_BUDGET_WORD)) {
    push(m.index, m.index + (m[1]?.length ?? 0) + (m[2]?.length ?? 0), amountValue(m[1] ?? '0', m[2]), null);
  }
  // Without a currency, a small number is something else ("a budget hotel for 3").
  candidates.splice(0, candidates.length, ...candidates.filter((c) => c.currency !== null || c.amount >= 100));
  if (candidates.length === 0) return null;

  // Overlapping readings of the same words: keep the one that names a currency, then the longest.
  candidates.sort((a, b) => a.start - b.start || Number(b.currency !== null) - Number(a.currency !== null) || b.end - a.end);
  const distinct: MoneyCandidate[] = [];
  for (const candidate of candidates) {
    const last = distinct.at(-1);
    if (last && candidate.start < last.end) continue;
    distinct.push(candidate);
  }
  for (const candidate of distinct) work.claim(candidate.start, candidate.end);

  // A nightly rate ("$200 a night") is not the trip's budget.
  const perNight = (c: MoneyCandidate) => /^\s*(?:per|a|an|\/|each)\s*(?:night|day)\b|^\s*nightly\b/i.test(work.original.slice(c.end, c.end + 15));
  const usable = distinct.filter((c) => !perNight(c));
  // Prefer the amount closest after a budget word; else the first.
  const nearBudgetWord = (c: MoneyCandidate) => /\b(?:budget|spend|spending|total|max(?:imum)?|up to|under|below|less than|no more than|cap)\b/i.test(work.original.slice(Math.max(0, c.start - 30), c.start));
  const chosen = usable.find(nearBudgetWord) ?? usable[0];
  if (!chosen) return null;

  // "between $800 and $1,200", "€2k to €3k": the upper end.
  let amount = chosen.amount;
  let currency = chosen.currency;
  const next = distinct[distinct.indexOf(chosen) + 1];
  if (next && /^\s*(?:-|–|to|and)\s*$/i.test(work.original.slice(chosen.end, next.start))) {
    amount = Math.max(amount, next.amount);
    currency ??= next.currency;
  }
  const perPerson = /^\s*(?:per person|per head|a head|a person|per traveler|per traveller|each|pp\b|p\.p\.|\/\s?person)/i.test(work.original.slice(chosen.end, chosen.end + 20));
  return { amount, currency: currency ?? 'USD', perPerson };
}
