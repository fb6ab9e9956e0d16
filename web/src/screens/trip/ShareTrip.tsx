// The trip outside the app: download it for a calendar, subscribe a calendar app to it, or hand out a
// read-only link. Links are revocable; a new link's URL is shown once (only a hash of its token is kept).
import { useRef, useState } from 'react';
import { downloadFile } from '../../api/client.js';
import { ErrorMessage } from '../../components/ui.js';
import { useCreateTripLink, useRevokeTripLink, useTripLinks } from '../../hooks/trips.js';
import { formatDateTime } from '../../lib/format.js';

const KIND_LABEL = { calendar: 'Calendar subscription', share: 'Read-only link' } as const;

export function ShareTrip({ tripId, title, canAdmin }: { tripId: string; title: string; canAdmin: boolean }) {
  const links = useTripLinks(tripId, canAdmin);
  const create = useCreateTripLink(tripId);
  const revoke = useRevokeTripLink(tripId);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const [created, setCreated] = useState<{ kind: keyof typeof KIND_LABEL; url: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [notice, setNotice] = useState('');
  const block = useRef<HTMLDivElement>(null);

  const download = async () => {
    setDownloadError(null);
    try {
      await downloadFile(`/trips/${tripId}/calendar.ics`, `${title.replace(/[^\w-]+/g, '-').toLowerCase() || 'trip'}.ics`);
    } catch (error) {
      setDownloadError(error);
    }
  };
  const createLink = async (kind: keyof typeof KIND_LABEL) => {
    setCopied(false);
    const link = await create.mutateAsync(kind);
    setCreated({ kind, url: link.url });
  };
  const copy = async (url: string) => {
    await navigator.clipboard?.writeText(url).catch(() => undefined);
    setCopied(true);
  };
  const active = links.data?.items.filter((link) => link.revokedAt === null) ?? [];
  // Revoking removes the button that had focus: focus moves to the sharing block, a status says it is done.
  const revokeLink = (id: string) =>
    revoke.mutate(id, {
      onSuccess: () => {
        setNotice('Link revoked: it no longer works.');
        block.current?.focus();
      },
    });

  return (
    <div className="share-trip" ref={block} tabIndex={-1}>
      <p className="visually-hidden" role="status">
        {notice}
      </p>
      <div className="row">
        <button type="button" className="secondary" onClick={() => void download()}>
          Add to calendar (.ics)
        </button>
        {canAdmin && (
          <>
            <button type="button" className="secondary" onClick={() => void createLink('calendar')} disabled={create.isPending}>
              Subscribe link
            </button>
            <button type="button" className="secondary" onClick={() => void createLink('share')} disabled={create.isPending}>
              Share read-only link
            </button>
          </>
        )}
      </div>
      <ErrorMessage error={downloadError} />
      <ErrorMessage error={create.error} />
      {created && (
        <div className="card" role="status">
          <label className="field">
            <span>{KIND_LABEL[created.kind]} — copy it now, it is shown only once</span>
            <input readOnly value={created.url} onFocus={(event) => event.currentTarget.select()} />
          </label>
          <button type="button" onClick={() => void copy(created.url)}>
            {copied ? 'Copied' : 'Copy link'}
          </button>
          <p className="muted small">
            {created.kind === 'share' ? 'Anyone with the link sees the places, dates and days — no names, budget or chat.' : 'Paste it into your calendar app\'s "subscribe by URL"; it follows the trip.'}
          </p>
        </div>
      )}
      {canAdmin && active.length > 0 && (
        <ul className="links">
          {active.map((link) => (
            <li key={link.id}>
              {KIND_LABEL[link.kind]}, created {formatDateTime(link.createdAt)}
              {link.lastUsedAt ? `, last opened ${formatDateTime(link.lastUsedAt)}` : ', not opened yet'}{' '}
              <button type="button" className="link" onClick={() => revokeLink(link.id)} disabled={revoke.isPending} aria-label={`Revoke the ${KIND_LABEL[link.kind].toLowerCase()} created ${formatDateTime(link.createdAt)}`}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage error={revoke.error} />
    </div>
  );
}
