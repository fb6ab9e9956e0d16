// Chat with the planner: the trip's message events, the traveler's messages still waiting for their
// reply, and replies being written (a bubble that grows with each `reply.delta` until the durable reply
// replaces it).
import { QueryClientContext } from '@tanstack/react-query';
import { useContext, useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { sendMessageSchema } from '../../../../domain/schemas.js';
import type { TripEvent } from '../../api/types.js';
import { EditConflictNotice } from '../../components/EditConflictNotice.js';
import { TextArea } from '../../components/ui.js';
import { seenVersion } from '../../hooks/trips.js';
import { initialsOf } from '../../realtime/presence.js';
import { pendingMessages, sendChatMessage, usePendingMessages, type MessageTransport } from '../../hooks/pendingMessages.js';
import { errorFor, validate, type FieldErrors } from '../../lib/forms.js';
import { answeredMessageIds, chatEntries, type ChatEntry } from '../../realtime/eventLog.js';
import { latestReplySeq, receiptLabels, receiptOf, receiptsFromLog, seenBy, seenByLine, type Reader } from '../../realtime/receipts.js';
import type { ReplyDraft } from '../../realtime/replyDrafts.js';
import { ReplyBody } from './Reply.js';

export function Chat({
  tripId,
  events,
  drafts = [],
  canWrite,
  transport,
  typingLine = null,
  onTyping,
  selfId = null,
  readers = [],
  onSeen,
}: {
  tripId: string;
  events: readonly TripEvent[];
  /** Replies being written (useReplyDrafts). */
  drafts?: readonly ReplyDraft[];
  canWrite: boolean;
  transport?: MessageTransport;
  /** "Ana is typing…" from the trip's other viewers (presence), or null. */
  typingLine?: string | null;
  /** Tells the other viewers this user is typing / stopped (useTypingNotifier). */
  onTyping?: { typed: () => void; stopped: () => void };
  /** The signed-in traveler: messages by anyone else show their author. */
  selfId?: string | null;
  /** How far each collaborator has read the chat (useTripReaders): "Seen by …" under the latest reply. */
  readers?: readonly Reader[];
  /** Tells the collaborators this screen displayed the reply at `seq`. */
  onSeen?: (seq: number) => void;
}) {
  const queryClient = useContext(QueryClientContext);
  const pending = usePendingMessages(tripId);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const entries = chatEntries(events, pending);
  const answered = answeredMessageIds(events);
  const receipts = receiptsFromLog(events);
  const latestReply = latestReplySeq(events);
  const seenLine = latestReply === null ? null : seenByLine(seenBy(readers, latestReply, selfId));
  const failed = pending.filter((message) => message.error);
  const waiting = pending.filter((message) => !message.error && !answered.has(message.clientMessageId));
  // A draft shows until its durable reply is in the log (then the reply bubble replaces it).
  const writing = drafts.filter((draft) => !answered.has(draft.clientMessageId) && !failed.some((message) => message.clientMessageId === draft.clientMessageId));
  const thinking = waiting.length > 0 || writing.length > 0;
  const log = useRef<HTMLOListElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  // Said after an action that removed the control that had focus (focus moves to the message box).
  const [notice, setNotice] = useState('');
  const shownCount = entries.length + writing.length;
  const lastShown = useRef(shownCount);

  // A new line in the chat: the traveler's own message scrolls into view at the end; a reply (or the
  // reply being written) scrolls to its START, so it is read from its headline rather than its last line.
  useLayoutEffect(() => {
    const element = log.current;
    const grew = shownCount > lastShown.current;
    lastShown.current = shownCount;
    if (!element || !grew) return;
    const items = element.querySelectorAll<HTMLElement>(':scope > li');
    const newest = items[items.length - 1];
    if (!newest || newest.dataset.role === 'user') element.scrollTop = element.scrollHeight;
    else element.scrollTop = newest.offsetTop - 8; // the log is positioned: offsetTop is within it
  }, [shownCount]);

  // First render: start at the latest reply's start (a returning traveler reads it from the top).
  useLayoutEffect(() => {
    const element = log.current;
    if (!element) return;
    const replies = element.querySelectorAll<HTMLElement>(':scope > li[data-role="assistant"]');
    const latest = replies[replies.length - 1];
    element.scrollTop = latest ? latest.offsetTop - 8 : element.scrollHeight;
  }, []);

  // The latest reply is on screen: say so while the page is visible (a tab in the background has not shown it).
  useEffect(() => {
    if (latestReply === null || !onSeen) return;
    const report = () => {
      if (document.visibilityState === 'visible') onSeen(latestReply);
    };
    report();
    document.addEventListener('visibilitychange', report);
    return () => document.removeEventListener('visibilitychange', report);
  }, [latestReply, onSeen]);

  // A message is settled once its reply is in the log.
  useEffect(() => {
    const replied = answeredMessageIds(events);
    for (const message of pending) if (!message.error && replied.has(message.clientMessageId)) pendingMessages.settle(tripId, message.clientMessageId);
  }, [tripId, pending, events]);

  // The undo button sends the same "undo" message a traveler can type. It sits under the reply that made
  // the change it would undo, and only there: a later answer to a question changed nothing to undo.
  const lastReply = [...entries].reverse().find((entry) => entry.role === 'assistant');
  const offersUndo = (entry: ChatEntry) => entry === lastReply && entry.canUndo === true && (entry.changes?.length ?? 0) > 0;
  const undo = () => post('undo');

  const send = (event: FormEvent) => {
    event.preventDefault();
    post(text);
  };

  /** Sends a message written against the trip version on screen (or `baseVersion`, when re-applying after a conflict). */
  const post = (message: string, baseVersion?: number) => {
    const clientMessageId = `web-${crypto.randomUUID()}`;
    const checked = validate(sendMessageSchema, { text: message, clientMessageId });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setText('');
    setNotice('');
    onTyping?.stopped();
    const base = baseVersion ?? (queryClient ? seenVersion(queryClient, tripId) : undefined);
    // 202 once accepted; the reply (and the trip's new state) arrive as trip events.
    void sendChatMessage(tripId, { ...checked.data, ...(base !== undefined && { baseVersion: base }) }, transport);
  };

  /** Sends a failed message again as a new turn (the failed one stays failed on the server); after a conflict, over the other change. */
  const retry = (message: { clientMessageId: string; text: string }, baseVersion?: number) => {
    pendingMessages.dismiss(tripId, message.clientMessageId);
    post(message.text, baseVersion);
    setNotice('Sent again.');
    input.current?.focus();
  };

  const dismiss = (clientMessageId: string) => {
    pendingMessages.dismiss(tripId, clientMessageId);
    setNotice('Message dismissed.');
    input.current?.focus();
  };

  return (
    <div className="chat">
      <ol className="chat-log" ref={log} aria-label="Conversation" tabIndex={0}>
        {entries.length === 0 && <li className="muted">Tell the planner where you want to go.</li>}
        {entries.map((entry) => {
          const other = entry.role === 'user' && entry.authorId !== undefined && entry.authorId !== selfId;
          return (
            <li key={entry.key} className={`bubble ${entry.role}${entry.pending ? ' pending' : ''}${other ? ' other' : ''}`} data-role={entry.role} {...(other && { 'data-author': entry.authorName ?? '' })}>
              {other ? (
                <span className="author" data-testid="message-author">
                  <span className="avatar" aria-hidden="true">
                    {initialsOf(entry.authorName ?? '?')}
                  </span>{' '}
                  {entry.authorName ?? 'A collaborator'}
                  <span className="visually-hidden">: </span>
                </span>
              ) : (
                <span className="visually-hidden">{entry.role === 'user' ? 'You' : entry.role === 'assistant' ? 'Planner' : entry.role}: </span>
              )}
              {entry.role === 'assistant' ? <ReplyBody entry={entry} /> : entry.text}
              {canWrite && offersUndo(entry) && !thinking && (
                <button type="button" className="link undo" onClick={undo} data-testid="undo-last-change">
                  Undo this change
                </button>
              )}
              {entry.role === 'user' && !other && (
                <span className="muted receipt" data-testid="message-receipt" data-receipt={failedNote(entry, failed) ? 'failed' : receiptOf(entry, receipts)}>
                  {failedNote(entry, failed) ?? ` (${receiptLabels[receiptOf(entry, receipts)].toLowerCase()})`}
                </span>
              )}
              {entry.role === 'assistant' && entry.key === `seq-${latestReply}` && seenLine && (
                <span className="muted seen-by" data-testid="seen-by">
                  {seenLine}
                </span>
              )}
            </li>
          );
        })}
        {writing.map((draft) => (
          <li key={`draft-${draft.clientMessageId}`} className="bubble writing" data-role="assistant" data-writing={draft.clientMessageId} aria-live="polite">
            <span className="visually-hidden">Planner (writing): </span>
            <ReplyBody entry={{ key: `draft-${draft.clientMessageId}`, role: 'assistant', text: draft.text, clientMessageId: draft.clientMessageId, at: '', pending: true }} />
          </li>
        ))}
      </ol>
      {thinking && (
        <p className="muted" role="status" data-testid="planner-thinking">
          {writing.length > 0 ? 'The planner is writing…' : 'The planner is working on it…'}
        </p>
      )}
      {failed.map((message) =>
        message.conflict && canWrite ? (
          <EditConflictNotice
            key={message.clientMessageId}
            conflict={message.conflict}
            what={`“${message.text}”`}
            onReapply={() => retry(message, message.conflict?.currentVersion)}
            onKeepTheirs={() => dismiss(message.clientMessageId)}
          />
        ) : (
          <div key={message.clientMessageId} role="alert" className="error failed-message" data-testid="failed-message">
            <span>
              “{message.text}” was not answered: {message.error}
            </span>
            <span className="row">
              {canWrite && (
                <button type="button" className="secondary" onClick={() => retry(message)} aria-label={`Retry “${message.text}”`}>
                  Retry
                </button>
              )}
              <button type="button" className="secondary" onClick={() => dismiss(message.clientMessageId)} aria-label={`Dismiss “${message.text}”`}>
                Dismiss
              </button>
            </span>
          </div>
        ),
      )}
      <p className="visually-hidden" role="status">
        {notice}
      </p>
      <p className="muted typing-line" data-testid="typing-line" aria-live="polite">
        {typingLine ?? ''}
      </p>
      {canWrite ? (
        <form onSubmit={send} className="chat-form" noValidate>
          <TextArea
            label="Message the planner"
            subject="a message"
            ref={input}
            name="message"
            rows={2}
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              if (event.target.value.trim()) onTyping?.typed();
              else onTyping?.stopped();
            }}
            onBlur={() => onTyping?.stopped()}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey) {
                event.preventDefault();
                event.currentTarget.form?.requestSubmit();
              }
            }}
            hint="Enter sends, Shift+Enter adds a line."
            error={errorFor(errors, 'text')}
          />
          <button type="submit" data-testid="send-message">
            Send
          </button>
        </form>
      ) : (
        <p className="muted">You have read access to this trip.</p>
      )}
    </div>
  );
}

/** The note on the traveler's own message that stopped (not sent, or sent and not answered); null otherwise. */
function failedNote(entry: { clientMessageId: string | null; accepted?: boolean }, failed: readonly { clientMessageId: string }[]): string | null {
  const stopped = failed.some((message) => message.clientMessageId === entry.clientMessageId);
  if (!stopped) return null;
  return entry.accepted ? ' (not answered)' : ' (not sent)';
}
