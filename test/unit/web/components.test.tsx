/**
 * @jest-environment jsdom
 */
// Components with logic of their own, rendered in jsdom: the progress timeline from (duplicated) events,
// the approval countdown ticking, labelled fields with errors, the sign-in form validating with the
// API's schema before any request, and the chat (a sent message, the reply growing as it is written,
// then the durable reply in its place; a failed turn saying why).
import './jsdomGlobals.js';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import type { TripEvent } from '../../../web/src/api/types.js';
import { CountdownText, Field } from '../../../web/src/components/ui.js';
import { mergeEvents } from '../../../web/src/realtime/eventLog.js';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { addDays, utcDateOf } from '../../../domain/dates.js';
import { SignInScreen } from '../../../web/src/screens/AuthScreens.js';
import { NewTripScreen } from '../../../web/src/screens/NewTripScreen.js';
import { ProgressTimeline } from '../../../web/src/screens/trip/ProgressTimeline.js';
import { Chat } from '../../../web/src/screens/trip/Chat.js';
import { STATUS_CHECK_MS, type MessageTransport } from '../../../web/src/hooks/pendingMessages.js';
import type { MessageStatus } from '../../../web/src/api/types.js';

const TRIP = '00000000-0000-4000-8000-000000000001';
const progress = (seq: number, step: string, status: string, extra: Record<string, unknown> = {}): TripEvent => ({
  tripId: TRIP,
  seq,
  type: 'progress',
  payload: { turn: 'turn-1', step, status, ...extra },
  createdAt: '2026-11-23T10:00:00.000Z',
});

afterEach(cleanup);

describe('ProgressTimeline', () => {
  it('shows every step once with its status, also when events arrive twice', () => {
    const live = [progress(1, 'understand', 'running'), progress(2, 'understand', 'done'), progress(3, 'flights', 'running')];
    // A reconnect replays 2..3 while live delivery sends 3 and 4 again.
    const events = mergeEvents(mergeEvents(live, [progress(2, 'understand', 'done'), progress(3, 'flights', 'running')]), [
      progress(3, 'flights', 'running'),
      progress(4, 'flights', 'done', { count: 7, preview: [{ price: { amount: 420, currency: 'EUR' }, durationMinutes: 150 }] }),
    ]);
    render(<ProgressTimeline events={events} />);
    const list = screen.getByRole('list', { name: 'Latest planning turn' });
    const items = list.querySelectorAll('[data-progress-step]');
    expect([...items].map((item) => `${item.getAttribute('data-progress-step')}:${item.getAttribute('data-status')}`)).toEqual([
      'understand:done',
      'destination:pending',
      'flights:done',
      'stays:pending',
      'compose:pending',
    ]);
    expect(list.textContent).toContain('7 flights, from €420 (2h 30m)');
  });

  it('leaves out the steps a recompose never needed (a pick): nothing waits forever', () => {
    render(<ProgressTimeline events={[progress(1, 'compose', 'running'), progress(2, 'compose', 'done', { days: 8 })]} />);
    const list = screen.getByRole('list', { name: 'Latest planning turn' });
    expect([...list.querySelectorAll('[data-progress-step]')].map((item) => item.getAttribute('data-progress-step'))).toEqual(['compose']);
    expect(list.textContent).not.toContain('Waiting');
  });

  it('leaves out the steps an answered question never needed (no search, nothing waiting)', () => {
    const reply: TripEvent = { tripId: TRIP, seq: 3, type: 'message', payload: { role: 'assistant', text: 'Mild and sunny.', clientMessageId: 'turn-1' }, createdAt: '2026-11-23T10:00:01.000Z' };
    render(<ProgressTimeline events={[progress(1, 'understand', 'running'), progress(2, 'understand', 'done'), reply]} />);
    const list = screen.getByRole('list', { name: 'Latest planning turn' });
    expect([...list.querySelectorAll('[data-progress-step]')].map((item) => item.getAttribute('data-progress-step'))).toEqual(['understand']);
    expect(list.textContent).not.toContain('Waiting');
  });

  it('shows a failed step with its message', () => {
    render(<ProgressTimeline events={[progress(1, 'stays', 'failed', { message: 'Stays provider unavailable' })]} />);
    expect(screen.getByText('Stays provider unavailable')).toBeTruthy();
    expect(screen.getByText("Didn't work")).toBeTruthy();
  });
});

describe('CountdownText', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: Date.parse('2026-11-23T10:00:00Z') });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('counts down every second, turns urgent under a minute and reads as words', () => {
    render(<CountdownText deadline="2026-11-23T10:01:02Z" />);
    const time = screen.getByTestId('countdown');
    expect(time.textContent).toBe('Decide within 1m 02s');
    expect(time.querySelector('time')?.getAttribute('aria-label')).toBe('1 minute 2 seconds left');
    act(() => {
      jest.advanceTimersByTime(3_000);
    });
    expect(time.textContent).toBe('Decide within 0m 59s');
    expect(time.className).toContain('urgent');
    act(() => {
      jest.advanceTimersByTime(60_000);
    });
    expect(time.textContent).toBe('Decide within expired');
  });
});

describe('Field', () => {
  it('labels its input and ties the error to it', () => {
    render(<Field label="Email" name="email" error="must be an email address" hint="We never share it." />);
    // The schema's reason reads as a sentence the traveler can act on.
    const input = screen.getByLabelText('Email');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (input.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(describedBy).toEqual(['Enter an email address, like name@example.com.', 'We never share it.']);
  });
});

describe('SignInScreen', () => {
  it('validates with the API schema in the browser: no request for an invalid form', () => {
    const fetchMock = jest.fn<typeof fetch>();
    globalThis.fetch = fetchMock;
    render(
      <MemoryRouter initialEntries={['/signin']}>
        <SignInScreen />
      </MemoryRouter>,
    );
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'nobody' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByText('Enter an email address, like name@example.com.')).toBeTruthy();
    expect(screen.getByText('Enter the password.')).toBeTruthy();
    expect(screen.getByLabelText('Password').getAttribute('aria-invalid')).toBe('true');
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('NewTripScreen', () => {
  const renderForm = () =>
    render(
      <QueryClientProvider client={new QueryClient()}>
        <MemoryRouter initialEntries={['/trips/new']}>
          <NewTripScreen />
        </MemoryRouter>
      </QueryClientProvider>,
    );

  it('refuses an empty form and says so next to "To", without a request', async () => {
    const fetchMock = jest.fn<typeof fetch>();
    globalThis.fetch = fetchMock;
    renderForm();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create trip and start planning' }));
    });
    const to = screen.getByLabelText('To (airport or city code)');
    expect(to.getAttribute('aria-invalid')).toBe('true');
    const described = (to.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '');
    expect(described).toContain('Tell us where you want to go, or describe the trip above.');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('says what is wrong with reversed dates next to "Return", in the domain rule\'s words', async () => {
    const fetchMock = jest.fn<typeof fetch>();
    globalThis.fetch = fetchMock;
    renderForm();
    const today = utcDateOf(new Date());
    fireEvent.change(screen.getByLabelText('To (airport or city code)'), { target: { value: 'LIS' } });
    fireEvent.change(screen.getByLabelText('Depart'), { target: { value: addDays(today, 12) } });
    fireEvent.change(screen.getByLabelText('Return'), { target: { value: addDays(today, 5) } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create trip and start planning' }));
    });
    const back = screen.getByLabelText('Return');
    expect(back.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(`The return date (${addDays(today, 5)}) is before the departure (${addDays(today, 12)}).`)).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('Chat', () => {
  const chatMessage = (tripId: string, seq: number, role: 'user' | 'assistant', text: string, clientMessageId: string): TripEvent => ({
    tripId,
    seq,
    type: 'message',
    payload: { role, text, clientMessageId },
    createdAt: '2026-11-23T10:00:00.000Z',
  });
  const transportAnswering = (status: Omit<MessageStatus, 'tripId' | 'clientMessageId'>) => {
    const send = jest.fn<MessageTransport['send']>(async (tripId, message) => ({ tripId, clientMessageId: message.clientMessageId, status: 'accepted', statusUrl: `/api/trips/${tripId}/messages/${message.clientMessageId}` }));
    const read = jest.fn<MessageTransport['status']>(async (tripId, clientMessageId) => ({ tripId, clientMessageId, ...status }));
    return { send, status: read };
  };
  const sendMessage = async (text: string) => {
    fireEvent.change(screen.getByLabelText('Message the planner'), { target: { value: text } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('send-message'));
    });
  };

  afterEach(() => {
    jest.useRealTimers();
  });

  it('shows the message at once, the reply growing as it is written (a polite live region), then the durable reply in its place', async () => {
    const tripId = '00000000-0000-4000-8000-0000000000c1';
    const transport = transportAnswering({ status: 'pending', reply: null, result: null, error: null });
    const { rerender } = render(<Chat tripId={tripId} events={[]} canWrite transport={transport} />);
    await sendMessage('Lisbon in June');
    const clientMessageId = transport.send.mock.calls[0]?.[1].clientMessageId ?? '';
    expect(transport.send).toHaveBeenCalledWith(tripId, { text: 'Lisbon in June', clientMessageId: expect.stringMatching(/^web-/) });
    // Accepted (202): sent, not echoed by the trip's log yet.
    expect(document.querySelector('.bubble.user')?.textContent).toBe('You: Lisbon in June (sent)');
    expect(screen.getByTestId('planner-thinking').textContent).toBe('The planner is working on it…');

    const asked = chatMessage(tripId, 1, 'user', 'Lisbon in June', clientMessageId);
    rerender(<Chat tripId={tripId} events={[asked]} drafts={[{ clientMessageId, text: 'Trip to', next: 2 }]} canWrite transport={transport} />);
    const writing = () => document.querySelector(`[data-writing="${clientMessageId}"]`);
    expect(writing()?.getAttribute('aria-live')).toBe('polite');
    expect(writing()?.textContent).toBe('Planner (writing): Trip to');
    expect(screen.getByTestId('planner-thinking').textContent).toBe('The planner is writing…');
    rerender(<Chat tripId={tripId} events={[asked]} drafts={[{ clientMessageId, text: 'Trip to Lisbon, 12–19 June.', next: 5 }]} canWrite transport={transport} />);
    expect(writing()?.textContent).toBe('Planner (writing): Trip to Lisbon, 12–19 June.');

    // The durable reply arrives: it replaces the draft, and the planner is done.
    const replied = [asked, chatMessage(tripId, 2, 'assistant', 'Trip to Lisbon, 12–19 June.', clientMessageId)];
    rerender(<Chat tripId={tripId} events={replied} drafts={[{ clientMessageId, text: 'Trip to Lisbon, 12–19 June.', next: 5 }]} canWrite transport={transport} />);
    expect(writing()).toBeNull();
    expect([...document.querySelectorAll('.chat-log .bubble')].map((bubble) => bubble.textContent)).toEqual(['You: Lisbon in June (answered)', 'Planner: Trip to Lisbon, 12–19 June.']);
    expect(screen.queryByTestId('planner-thinking')).toBeNull();
  });

  it('offers undo only under the reply that changed something, not under a later answer', () => {
    const tripId = '00000000-0000-4000-8000-0000000000c3';
    const change = { field: 'adults', label: 'Travellers', before: '2 adults', after: '3 adults' };
    const changed: TripEvent = { tripId, seq: 2, type: 'message', payload: { role: 'assistant', text: 'Now for 3 adults.', clientMessageId: 'm1', intent: 'change', changes: [change], canUndo: true }, createdAt: '2026-11-23T10:00:00.000Z' };
    const { rerender } = render(<Chat tripId={tripId} events={[chatMessage(tripId, 1, 'user', 'Make it 3 adults', 'm1'), changed]} canWrite />);
    expect(screen.queryByTestId('undo-last-change')).not.toBeNull();
    const answered: TripEvent = { tripId, seq: 4, type: 'message', payload: { role: 'assistant', text: 'Mild and sunny.', clientMessageId: 'm2', intent: 'question', changes: [], canUndo: true }, createdAt: '2026-11-23T10:01:00.000Z' };
    rerender(<Chat tripId={tripId} events={[chatMessage(tripId, 1, 'user', 'Make it 3 adults', 'm1'), changed, chatMessage(tripId, 3, 'user', 'Weather?', 'm2'), answered]} canWrite />);
    expect(screen.queryByTestId('undo-last-change')).toBeNull();
  });

  it('says why when an accepted turn fails (its status, read while no reply comes)', async () => {
    jest.useFakeTimers();
    const tripId = '00000000-0000-4000-8000-0000000000c2';
    const transport = transportAnswering({ status: 'failed', reply: null, result: null, error: { status: 409, title: 'Conflict', detail: 'The trip is archived.' } });
    render(<Chat tripId={tripId} events={[]} canWrite transport={transport} />);
    await sendMessage('one more thing');
    expect(screen.getByTestId('planner-thinking')).toBeTruthy();
    await act(async () => {
      await jest.advanceTimersByTimeAsync(STATUS_CHECK_MS);
    });
    expect(transport.status).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('alert').textContent).toContain('“one more thing” was not answered: The trip is archived.');
    expect(screen.queryByTestId('planner-thinking')).toBeNull();
  });

  it('shows who wrote a collaborator\'s message (initials and name), and not for the traveler\'s own', () => {
    const tripId = '00000000-0000-4000-8000-0000000000c4';
    const byAna: TripEvent = { tripId, seq: 1, type: 'message', payload: { role: 'user', text: 'Add Sintra', clientMessageId: 'a1', authorId: 'u-ana', authorName: 'Ana Lima' }, createdAt: '2026-11-23T10:00:00.000Z' };
    const byMe: TripEvent = { tripId, seq: 2, type: 'message', payload: { role: 'user', text: 'And Belém', clientMessageId: 'b1', authorId: 'u-me', authorName: 'Me' }, createdAt: '2026-11-23T10:01:00.000Z' };
    render(<Chat tripId={tripId} events={[byAna, byMe]} canWrite selfId="u-me" />);
    const bubbles = [...document.querySelectorAll('.chat-log .bubble')];
    expect(bubbles.map((bubble) => bubble.textContent)).toEqual(['AL Ana Lima: Add Sintra', 'You: And Belém (delivered to the planner)']);
    expect(bubbles[0]?.classList.contains('other')).toBe(true);
    expect(screen.getAllByTestId('message-author')).toHaveLength(1);
  });

  it('says it displayed the latest reply, and shows who else has seen it under that reply only', () => {
    const tripId = '00000000-0000-4000-8000-0000000000c6';
    const log = [chatMessage(tripId, 1, 'user', 'Lisbon', 'm1'), chatMessage(tripId, 2, 'assistant', 'Trip to Lisbon.', 'm1'), chatMessage(tripId, 3, 'user', 'Warm?', 'm2'), chatMessage(tripId, 4, 'assistant', 'Mild.', 'm2')];
    const onSeen = jest.fn();
    const readers = [
      { id: 'u-ana', kind: 'traveler' as const, name: 'Ana', seq: 4 },
      { id: 'u-ben', kind: 'traveler' as const, name: 'Ben', seq: 2 },
      { id: 'u-me', kind: 'traveler' as const, name: 'Me', seq: 4 },
    ];
    render(<Chat tripId={tripId} events={log} canWrite selfId="u-me" readers={readers} onSeen={onSeen} />);
    expect(onSeen).toHaveBeenCalledWith(4);
    const seen = screen.getAllByTestId('seen-by');
    expect(seen.map((line) => line.textContent)).toEqual(['Seen by Ana']);
    expect(seen[0]?.closest('li')?.textContent).toContain('Mild.');
    expect([...document.querySelectorAll('[data-testid="message-receipt"]')].map((receipt) => receipt.getAttribute('data-receipt'))).toEqual(['answered', 'answered']);
  });

  it('sends the version on screen; a message refused for an edit conflict names the other change and re-applies on its version', async () => {
    jest.useFakeTimers();
    const tripId = '00000000-0000-4000-8000-0000000000c5';
    const conflict = {
      baseVersion: 4,
      currentVersion: 5,
      fields: ['dates' as const],
      change: { version: 5, kind: 'constraints' as const, fields: ['dates' as const], author: { userId: 'u-ana', name: 'Ana Lima' }, at: '2026-11-23T10:02:00.000Z' },
    };
    const transport = transportAnswering({ status: 'failed', reply: null, result: null, error: { status: 409, title: 'Conflict', detail: 'Ana Lima changed the dates (version 5)', conflict } });
    const queryClient = new QueryClient();
    queryClient.setQueryData(['tripState', tripId], { version: 4 });
    render(
      <QueryClientProvider client={queryClient}>
        <Chat tripId={tripId} events={[]} canWrite transport={transport} />
      </QueryClientProvider>,
    );
    await sendMessage('Two days later');
    expect(transport.send).toHaveBeenLastCalledWith(tripId, { text: 'Two days later', clientMessageId: expect.stringMatching(/^web-/), baseVersion: 4 });
    await act(async () => {
      await jest.advanceTimersByTimeAsync(STATUS_CHECK_MS);
    });
    const notice = screen.getByTestId('edit-conflict');
    expect(notice.textContent).toContain('Ana Lima changed the dates');
    expect(notice.textContent).toContain('Your change (“Two days later”) was not applied.');
    await act(async () => {
      fireEvent.click(screen.getByTestId('reapply-my-change'));
    });
    expect(transport.send).toHaveBeenCalledTimes(2);
    expect(transport.send).toHaveBeenLastCalledWith(tripId, { text: 'Two days later', clientMessageId: expect.stringMatching(/^web-/), baseVersion: 5 });
    expect(screen.queryByTestId('edit-conflict')).toBeNull();
  });
});
