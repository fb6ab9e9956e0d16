// Notifications (price alerts and the like): a small store and the live region that shows them.
import { useSyncExternalStore } from 'react';
import { Link } from 'react-router';

export interface Notice {
  id: string;
  title: string;
  body: string;
  /** A primary action, e.g. "Book now" for a price alert. */
  action?: { label: string; run: () => Promise<void> | void };
  link?: { label: string; href: string };
}

type Listener = () => void;
let notices: readonly Notice[] = [];
const listeners = new Set<Listener>();
const emit = () => listeners.forEach((listener) => listener());

export const notifications = {
  push(notice: Notice): void {
    if (notices.some((existing) => existing.id === notice.id)) return;
    notices = [...notices, notice].slice(-5);
    emit();
  },
  dismiss(id: string): void {
    notices = notices.filter((notice) => notice.id !== id);
    emit();
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  get: (): readonly Notice[] => notices,
};

export function Notifications() {
  const items = useSyncExternalStore(notifications.subscribe, notifications.get);
  return (
    <section className="notifications" aria-label="Notifications" aria-live="polite">
      {items.map((notice) => (
        <div key={notice.id} className="notice" role="status" data-testid="notification">
          <strong>{notice.title}</strong>
          <p>{notice.body}</p>
          <div className="row">
            {notice.action && (
              <button
                type="button"
                onClick={() => {
                  void Promise.resolve(notice.action?.run()).finally(() => notifications.dismiss(notice.id));
                }}
              >
                {notice.action.label}
              </button>
            )}
            {notice.link && <Link to={notice.link.href}>{notice.link.label}</Link>}
            <button type="button" className="secondary" onClick={() => notifications.dismiss(notice.id)} aria-label={`Dismiss: ${notice.title}`}>
              Dismiss
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}
