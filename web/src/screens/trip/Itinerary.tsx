// The day-by-day itinerary with each day's weather. With write access, travelers edit it by hand: move an
// entry up or down (across days at a day's edge), remove it, or add one to a day. Each edit is sent
// against the version on screen; a conflict with someone else's change since is shown where it was made.
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { ItineraryDay, TripPlan } from '../../api/types.js';
import { errorText } from '../../api/client.js';
import { EditConflictNotice } from '../../components/EditConflictNotice.js';
import { editConflictOf, editConflicts, useEditConflict } from '../../hooks/editConflicts.js';
import { postItineraryEdit } from '../../hooks/trips.js';
import { formatDate, formatDayWeather, formatMoney } from '../../lib/format.js';
import type { ItineraryEdit } from '../../../../domain/itineraryEdits.js';

export function Itinerary({ days, temperatureUnit, tripId }: { days: ItineraryDay[]; temperatureUnit?: TripPlan['temperatureUnit']; /** Given: editable by this traveler. */ tripId?: string }) {
  if (days.length === 0) return <p className="muted">The itinerary appears once dates and a destination are known.</p>;
  return tripId ? <EditableItinerary days={days} temperatureUnit={temperatureUnit} tripId={tripId} /> : <Days days={days} temperatureUnit={temperatureUnit} />;
}

type EntryActions = (day: ItineraryDay, index: number) => ReactNode;

function Days({ days, temperatureUnit, actions, dayFooter }: { days: ItineraryDay[]; temperatureUnit?: TripPlan['temperatureUnit']; actions?: EntryActions; dayFooter?: (day: ItineraryDay) => ReactNode }) {
  return (
    <ol className="itinerary">
      {days.map((day) => (
        <li key={day.day} className="day" data-day={day.day}>
          <h3>
            Day {day.day} · {formatDate(day.date)} — {day.title}
          </h3>
          {day.weather && (
            <p className="weather" title={day.weather.kind === 'typical' ? 'Typical weather for this day (climate averages); the forecast replaces it about two weeks before' : 'Forecast'}>
              {formatDayWeather(day.weather, temperatureUnit)}
            </p>
          )}
          <ul>
            {day.entries.map((entry, index) => (
              <li key={`${day.day}-${index}`} className={`entry ${entry.kind}`} data-testid="itinerary-entry">
                {entry.time && <time>{entry.time}</time>} <strong>{entry.title}</strong>
                {entry.description && <> — {entry.description}</>}
                {entry.cost && <span className="muted"> ({formatMoney(entry.cost)})</span>}
                {actions?.(day, index)}
              </li>
            ))}
          </ul>
          {dayFooter?.(day)}
        </li>
      ))}
    </ol>
  );
}

function EditableItinerary({ days, temperatureUnit, tripId }: { days: ItineraryDay[]; temperatureUnit?: TripPlan['temperatureUnit']; tripId: string }) {
  const queryClient = useQueryClient();
  const conflict = useEditConflict(tripId, 'itinerary');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const send = (edit: ItineraryEdit, what: string, baseVersion?: number) => {
    editConflicts.clear(tripId);
    setError(null);
    setBusy(true);
    postItineraryEdit(queryClient, tripId, edit, baseVersion)
      .catch((failure: unknown) => {
        const details = editConflictOf(failure);
        if (details) editConflicts.show(tripId, { scope: 'itinerary', conflict: details, what, reapply: (base) => send(edit, what, base) });
        else setError(errorText(failure));
      })
      .finally(() => setBusy(false));
  };

  /** Up or down one place; at a day's edge, to the end of the day before or the start of the day after. */
  const move = (day: ItineraryDay, index: number, direction: -1 | 1) => {
    const entryTitle = day.entries[index]?.title;
    const title = entryTitle ?? 'the entry';
    const position = days.indexOf(day);
    // With its title, a re-applied edit finds the entry where another traveler's change has put it.
    if (index + direction >= 0 && index + direction < day.entries.length) {
      return send({ op: 'move', day: day.day, index, toDay: day.day, toIndex: index + direction, entryTitle }, `move “${title}”`);
    }
    const neighbour = days[position + direction];
    if (neighbour) send({ op: 'move', day: day.day, index, toDay: neighbour.day, toIndex: direction === -1 ? neighbour.entries.length : 0, entryTitle }, `move “${title}” to day ${neighbour.day}`);
  };

  const actions: EntryActions = (day, index) => {
    const title = day.entries[index]?.title ?? '';
    // A flight's time is fixed: it does not move, and nothing moves past it (the planner refuses both).
    const isFlight = (at: number) => day.entries[at]?.kind === 'flight';
    const first = (days[0] === day && index === 0) || isFlight(index) || isFlight(index - 1);
    const last = (days.at(-1) === day && index === day.entries.length - 1) || isFlight(index) || isFlight(index + 1);
    return (
      <span className="entry-actions">
        <button type="button" className="icon" disabled={busy || first} onClick={() => move(day, index, -1)} aria-label={`Move “${title}” earlier`}>
          ↑
        </button>
        <button type="button" className="icon" disabled={busy || last} onClick={() => move(day, index, 1)} aria-label={`Move “${title}” later`}>
          ↓
        </button>
        <button type="button" className="icon" disabled={busy} onClick={() => send({ op: 'remove', day: day.day, index, entryTitle: day.entries[index]?.title }, `remove “${title}”`)} aria-label={`Remove “${title}”`}>
          ×
        </button>
      </span>
    );
  };

  return (
    <>
      {conflict && <EditConflictNotice conflict={conflict.conflict} what={conflict.what} onReapply={() => conflict.reapply(conflict.conflict.currentVersion)} onKeepTheirs={() => editConflicts.clear(tripId)} />}
      {error && (
        <p role="alert" className="error">
          Could not change the itinerary: {error}
        </p>
      )}
      <Days days={days} temperatureUnit={temperatureUnit} actions={actions} dayFooter={(day) => <AddEntry day={day} disabled={busy} onAdd={(title, time) => send({ op: 'add', day: day.day, entry: { kind: 'activity', title, time } }, `add “${title}”`)} />} />
    </>
  );
}

function AddEntry({ day, disabled, onAdd }: { day: ItineraryDay; disabled: boolean; onAdd: (title: string, time: string | null) => void }) {
  const [title, setTitle] = useState('');
  const [time, setTime] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    onAdd(title.trim(), time || null);
    setTitle('');
    setTime('');
  };
  return (
    <form className="add-entry row" onSubmit={submit} data-testid={`add-entry-${day.day}`}>
      <label>
        <span className="visually-hidden">Time for a new entry on day {day.day}</span>
        <input type="time" value={time} onChange={(event) => setTime(event.target.value)} />
      </label>
      <label>
        <span className="visually-hidden">New entry on day {day.day}</span>
        <input type="text" value={title} maxLength={120} placeholder="Add to this day…" onChange={(event) => setTitle(event.target.value)} />
      </label>
      <button type="submit" className="secondary" disabled={disabled || !title.trim()}>
        Add
      </button>
    </form>
  );
}
