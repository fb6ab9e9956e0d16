// A planner reply as blocks to render: replies are plain text with a light structure (agents/compose.ts
// drafts them: a headline, then paragraphs, and "Title:\n- item" lists such as "My pick:", "Trade-offs:",
// "What didn't work:"). Pure: nothing is ever interpreted as HTML.

export type ReplyBlock =
  | { kind: 'headline'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; title: string | null; items: string[]; role: ReplyListRole };

/** How a titled list reads: the planner's pick stands out, trade-offs fold away, failures warn. */
export type ReplyListRole = 'pick' | 'tradeoffs' | 'problems' | 'plain';

function listRole(title: string | null): ReplyListRole {
  if (!title) return 'plain';
  if (/^(my|new) pick$/i.test(title)) return 'pick';
  if (/^trade-?offs$/i.test(title)) return 'tradeoffs';
  if (/^what didn.t work$/i.test(title)) return 'problems';
  return 'plain';
}

/**
 * The reply's blocks. `hasChanges`: the reply's turn changed the request, and its first paragraph (the
 * "Dates: a → b" line the change chips show) is left out. The first remaining paragraph is the headline.
 */
export function replyBlocks(text: string, options: { hasChanges?: boolean } = {}): ReplyBlock[] {
  const paragraphs = text
    .replace(/\r\n/g, '\n')
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
  const body = options.hasChanges && paragraphs[0]?.includes('→') ? paragraphs.slice(1) : paragraphs;
  const blocks: ReplyBlock[] = [];
  for (const paragraph of body) {
    const lines = paragraph.split('\n');
    const bullets = lines.filter((line) => /^[-•*] /.test(line));
    if (bullets.length === 0) {
      blocks.push({ kind: blocks.length === 0 ? 'headline' : 'paragraph', text: lines.join(' ') });
      continue;
    }
    const heading = lines.filter((line) => !/^[-•*] /.test(line)).join(' ').trim();
    const title = heading ? heading.replace(/:$/, '') : null;
    const items = bullets.map((line) => line.slice(2).trim());
    // A list that stands alone in a one-paragraph reply still has no headline: the list is the reply.
    blocks.push({ kind: 'list', title, items, role: listRole(title) });
  }
  return blocks;
}

/** The price note ("price +$120") a change reply ends its first line with, shown as a chip. */
export function priceNoteOf(text: string): string | undefined {
  const first = text.split(/\n{2,}/)[0] ?? '';
  return /·\s*(price [+−-][^·\n]+)$/.exec(first)?.[1];
}
