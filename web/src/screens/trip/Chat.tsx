// Chat with the planner: the trip's message events plus the traveler's messages still in flight.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { sendMessageSchema } from '../../../../domain/schemas.js';
import { api } from '../../api/client.js';
import type { SendMessageResult, TripEvent } from '../../api/types.js';
import { TextArea } from '../../components/ui.js';
import { pendingMessages, sendChatMessage, usePendingMessages } from '../../hooks/pendingMessages.js';
import { errorFor, validate, type FieldErrors } from '../../lib/forms.js';
import { chatEntries } from '../../realtime/eventLog.js';
import { ReplyBody } from './Reply.js';

export function Chat({ tripId, events, canWrite }: { tripId: string; events: readonly TripEvent[]; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const pending = usePendingMessages(tripId);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const entries = chatEntries(events, pending);
  const log = useRef<HTMLOListElement>(null);
  const thinking = pending.some((message) => !message.error);
  const failed = pending.filter((message) => message.error);

  useEffect(() => {
    const element = log.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [entries.length]);

  // The undo button sends the same "undo" message a traveler can type.
  const lastReply = [...entries].reverse().find((entry) => entry.role === 'assistant');
  const undo = () => post('undo');

  const send = (event: FormEvent) => {
    event.preventDefault();
    post(text);
  };

  const post = (message: string) => {
    const clientMessageId = `web-${crypto.randomUUID()}`;
    const checked = validate(sendMessageSchema, { text: message, clientMessageId });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setText('');
    void sendChatMessage(tripId, checked.data, () => api.post<SendMessageResult>(`/trips/${tripId}/messages`, checked.data)).then((result) => {
      if (!result) return;
      queryClient.setQueryData(['tripState', tripId], result.state);
      void queryClient.invalidateQueries({ queryKey: ['trip', tripId] });
    });
  };

  return (
    <div className="chat">
      <ol className="chat-log" ref={log} aria-label="Conversation" tabIndex={0}>
        {entries.length === 0 && <li className="muted">Tell the planner where you want to go.</li>}
        {entries.map((entry) => (
          <li key={entry.key} className={`bubble ${entry.role}${entry.pending ? ' pending' : ''}`} data-role={entry.role}>
            <span className="visually-hidden">{entry.role === 'user' ? 'You' : entry.role === 'assistant' ? 'Planner' : entry.role}: </span>
            {entry.role === 'assistant' ? <ReplyBody entry={entry} /> : entry.text}
            {canWrite && entry === lastReply && entry.canUndo && !thinking && (
              <button type="button" className="link undo" onClick={undo} data-testid="undo-last-change">
                Undo this change
              </button>
            )}
            {entry.pending && <span className="muted"> (sending…)</span>}
          </li>
        ))}
      </ol>
      {thinking && (
        <p className="muted" role="status" data-testid="planner-thinking">
          The planner is working on it…
        </p>
      )}
      {failed.map((message) => (
        <div key={message.clientMessageId} role="alert" className="error">
          “{message.text}” was not answered: {message.error}{' '}
          <button type="button" className="link" onClick={() => pendingMessages.dismiss(tripId, message.clientMessageId)}>
            Dismiss
          </button>
        </div>
      ))}
      {canWrite ? (
        <form onSubmit={send} className="chat-form" noValidate>
          <TextArea
            label="Message the planner"
            name="message"
            rows={2}
            value={text}
            onChange={(event) => setText(event.target.value)}
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
