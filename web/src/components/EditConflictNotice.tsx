// An edit conflict, as the traveler reads it: whose change, what it touched and when, and the choice to
// re-apply their own change over it or keep theirs.
import { conflictMessage, fieldList } from '../../../domain/editConflicts.js';
import type { EditConflictDetails } from '../../../domain/trip.js';
import { initialsOf } from '../realtime/presence.js';

export function EditConflictNotice({ conflict, what, onReapply, onKeepTheirs }: { conflict: EditConflictDetails; what: string; onReapply: () => void; onKeepTheirs: () => void }) {
  const { change } = conflict;
  const who = change?.author?.name ?? 'Someone';
  const at = change ? new Date(change.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : null;
  return (
    <div role="alert" className="edit-conflict" data-testid="edit-conflict">
      <p>
        {change ? (
          <>
            <span className="avatar" aria-hidden="true">
              {initialsOf(who)}
            </span>{' '}
            <strong data-testid="edit-conflict-author">{who}</strong> changed <strong data-testid="edit-conflict-fields">{fieldList(conflict.fields)}</strong> at {at} (version {change.version}), after the
            version {conflict.baseVersion} you were looking at.
          </>
        ) : (
          conflictMessage(conflict)
        )}{' '}
        Your change ({what}) was not applied.
      </p>
      <span className="row">
        <button type="button" onClick={onReapply} data-testid="reapply-my-change">
          Re-apply my change
        </button>
        <button type="button" className="secondary" onClick={onKeepTheirs} data-testid="keep-theirs">
          Keep theirs
        </button>
      </span>
    </div>
  );
}
