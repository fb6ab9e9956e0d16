// Who else has this trip open: initials in the trip header, agents marked as agents (presence is live,
// from the trip's room; nothing shows while the connection is down).
import { initialsOf, type Viewer } from '../../realtime/presence.js';

export function Viewers({ viewers, selfId }: { viewers: readonly Viewer[]; selfId: string | null }) {
  const others = viewers.filter((viewer) => viewer.id !== selfId);
  if (others.length === 0) return null;
  const names = others.map((viewer) => (viewer.kind === 'agent' ? `${viewer.name} (AI agent)` : viewer.name));
  return (
    <div className="viewers" data-testid="trip-viewers" aria-label={`Also viewing: ${names.join(', ')}`} role="group">
      <span className="muted">Also here:</span>
      <ul>
        {others.map((viewer, index) => (
          <li key={viewer.id} className={`avatar ${viewer.kind}${viewer.typing ? ' typing' : ''}`} title={names[index]} data-viewer={viewer.name}>
            <span aria-hidden="true">{viewer.kind === 'agent' ? '🤖' : initialsOf(viewer.name)}</span>
            <span className="visually-hidden">{names[index]}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
