// What the planner remembers about the traveler; each memory can be forgotten.
import { labelFor, memoryKindLabels } from '../lib/labels.js';
import { ErrorMessage, Loading } from '../components/ui.js';
import { useDeleteMemory, useMemories } from '../hooks/account.js';
import { formatDateTime } from '../lib/format.js';

export function MemoriesScreen() {
  const memories = useMemories();
  const forget = useDeleteMemory();
  return (
    <>
      <h1>Memories</h1>
      <p className="muted">What the planner remembers from your trips, used to plan the next ones. Forget anything you like.</p>
      {memories.isPending && <Loading what="Loading memories" />}
      <ErrorMessage error={memories.error} />
      <ErrorMessage error={forget.error} prefix="Could not forget" />
      {memories.data?.items.length === 0 && <p className="card">Nothing remembered yet.</p>}
      <ul className="memory-list">
        {memories.data?.items.map((memory) => (
          <li key={memory.id} className="card">
            <span className="badge">{labelFor(memory.kind, memoryKindLabels)}</span> {memory.content}
            <div className="row">
              <span className="muted small">{formatDateTime(memory.updatedAt)}</span>
              <button type="button" className="secondary small" onClick={() => forget.mutate(memory.id)} disabled={forget.isPending} aria-label={`Forget: ${memory.content}`}>
                Forget
              </button>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
