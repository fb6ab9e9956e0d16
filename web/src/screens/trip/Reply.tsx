// A planner reply as the traveler reads it: the changes it made as "before → after" chips, the headline
// first, the planner's pick set apart, trade-offs folded away (one tap opens them) and what didn't work
// as a warning (lib/replyFormat.ts splits the plain text; nothing is interpreted as HTML).
import type { ChatEntry } from '../../realtime/eventLog.js';
import { priceNoteOf, replyBlocks } from '../../lib/replyFormat.js';

export function ReplyBody({ entry }: { entry: ChatEntry }) {
  const changes = entry.changes ?? [];
  const blocks = replyBlocks(entry.text, { hasChanges: changes.length > 0 });
  const priceNote = changes.length > 0 ? priceNoteOf(entry.text) : undefined;
  return (
    <>
      {changes.length > 0 && (
        <ul className="turn-changes" aria-label="What changed">
          {changes.map((change) => (
            <li key={`${change.field}-${change.label}`}>
              <strong>{change.label}</strong> <del>{change.before}</del> → <ins>{change.after}</ins>
            </li>
          ))}
          {priceNote && <li className="price-note">{priceNote}</li>}
        </ul>
      )}
      {blocks.map((block, index) => {
        if (block.kind === 'headline') return <p key={index} className="reply-headline">{block.text}</p>;
        if (block.kind === 'paragraph') return <p key={index}>{block.text}</p>;
        const list = (
          <ul>
            {block.items.map((item, position) => (
              <li key={position}>{item}</li>
            ))}
          </ul>
        );
        if (block.role === 'tradeoffs') {
          return (
            <details key={index} className="reply-tradeoffs">
              <summary>
                {block.title ?? 'Trade-offs'} ({block.items.length})
              </summary>
              {list}
            </details>
          );
        }
        return (
          <div key={index} className={`reply-list ${block.role}`}>
            {block.title && <p className="reply-list-title">{block.title}</p>}
            {list}
          </div>
        );
      })}
    </>
  );
}
