// A planner reply as the traveler reads it: the changes it made as a list of "before → after" chips,
// then the text with its paragraphs and "- " bullet lists rendered as such (replies are plain text with
// that light structure, so nothing is interpreted as HTML).
import type { ChatEntry } from '../../realtime/eventLog.js';

export function ReplyBody({ entry }: { entry: ChatEntry }) {
  const changes = entry.changes ?? [];
  // The first paragraph of a reply that changed something repeats the changes as a line; the chips show them.
  const paragraphs = entry.text.split(/\n{2,}/);
  const body = changes.length > 0 && paragraphs[0]?.includes('→') ? paragraphs.slice(1) : paragraphs;
  const priceNote = changes.length > 0 ? /·\s*(price [+−-][^·\n]+)$/.exec(paragraphs[0] ?? '')?.[1] : undefined;
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
      {body.map((paragraph, index) => {
        const lines = paragraph.split('\n');
        const bullets = lines.filter((line) => line.startsWith('- '));
        if (bullets.length === 0) return <p key={index}>{paragraph}</p>;
        const heading = lines.filter((line) => !line.startsWith('- ')).join(' ');
        return (
          <div key={index}>
            {heading && <p>{heading}</p>}
            <ul>
              {bullets.map((line, bullet) => (
                <li key={bullet}>{line.slice(2)}</li>
              ))}
            </ul>
          </div>
        );
      })}
    </>
  );
}
