// Planner replies as blocks (web/src/lib/replyFormat.ts), from text drafted the way agents/compose.ts drafts it.
import { describe, expect, it } from '@jest/globals';
import { priceNoteOf, replyBlocks } from '../../../web/src/lib/replyFormat.js';

const firstPlan = [
  'Trip to Lisbon, 3–10 Jun 2027 (7 nights) for 2 adults, at a balanced pace.',
  'I found 9 flight options, 9 places to stay and a destination brief with the weather for each day.',
  'My pick:\n- Flight: TAP, nonstop, departing 08:35, 7h 10m of flying in total — $1,240 for everyone.\n- Stay: Casa Azul (4★, 8.9/10) — $1,120 for 7 nights.',
  'Estimated $3,439 total for 2 travelers (flights $1,240, lodging $1,120) — within your $6,000 budget.',
  'Trade-offs:\n- A nonstop flight costs $180 more than the cheapest one-stop.\n- The stay is 2 km from the centre.',
  "What didn't work:\n- The weather lookup failed (a service it depends on is not responding right now), so days show typical weather.",
].join('\n\n');

describe('replyBlocks', () => {
  it('puts the headline first, marks the pick, folds the trade-offs and flags the problems', () => {
    const blocks = replyBlocks(firstPlan);
    expect(blocks[0]).toEqual({ kind: 'headline', text: 'Trip to Lisbon, 3–10 Jun 2027 (7 nights) for 2 adults, at a balanced pace.' });
    expect(blocks[1]).toMatchObject({ kind: 'paragraph' });
    expect(blocks[2]).toMatchObject({ kind: 'list', title: 'My pick', role: 'pick' });
    expect(blocks[2]).toHaveProperty('items', [expect.stringMatching(/^Flight: TAP/), expect.stringMatching(/^Stay: Casa Azul/)]);
    expect(blocks[4]).toMatchObject({ kind: 'list', title: 'Trade-offs', role: 'tradeoffs' });
    expect(blocks[4]).toHaveProperty('items.length', 2);
    expect(blocks[5]).toMatchObject({ kind: 'list', title: "What didn't work", role: 'problems' });
  });

  it('leaves out the change line the chips show, and reads its price note', () => {
    const text = 'Dates: 3–10 Jun → 5–12 Jun · price +$120\n\nNew pick:\n- Stay: Casa Azul — $1,240 for 7 nights.';
    const blocks = replyBlocks(text, { hasChanges: true });
    expect(blocks).toEqual([{ kind: 'list', title: 'New pick', items: ['Stay: Casa Azul — $1,240 for 7 nights.'], role: 'pick' }]);
    expect(priceNoteOf(text)).toBe('price +$120');
    // Without changes the first line is the reply's headline.
    expect(replyBlocks('Dates: a → b', {})[0]).toEqual({ kind: 'headline', text: 'Dates: a → b' });
  });

  it('keeps a plain reply (a model that phrased it freely) as paragraphs', () => {
    expect(replyBlocks('Sure! Lisbon is lovely in June.\nPack light.\n\n\nAnything else?')).toEqual([
      { kind: 'headline', text: 'Sure! Lisbon is lovely in June. Pack light.' },
      { kind: 'paragraph', text: 'Anything else?' },
    ]);
    expect(replyBlocks('')).toEqual([]);
  });
});
