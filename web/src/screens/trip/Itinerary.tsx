// The day-by-day itinerary with each day's weather.
import type { ItineraryDay } from '../../api/types.js';
import { formatDate, formatMoney } from '../../lib/format.js';

export function Itinerary({ days }: { days: ItineraryDay[] }) {
  if (days.length === 0) return <p className="muted">The itinerary appears once dates and a destination are known.</p>;
  return (
    <ol className="itinerary">
      {days.map((day) => (
        <li key={day.day} className="day">
          <h3>
            Day {day.day} · {formatDate(day.date)} — {day.title}
          </h3>
          {day.weather && (
            <p className="weather">
              {day.weather.summary}, {Math.round(day.weather.temperatureMinC)}–{Math.round(day.weather.temperatureMaxC)} °C
              {day.weather.precipitationMm > 0 ? `, ${day.weather.precipitationMm.toFixed(1)} mm rain` : ''}
            </p>
          )}
          <ul>
            {day.entries.map((entry, index) => (
              <li key={`${day.day}-${index}`} className={`entry ${entry.kind}`}>
                {entry.time && <time>{entry.time}</time>} <strong>{entry.title}</strong>
                {entry.description && <> — {entry.description}</>}
                {entry.cost && <span className="muted"> ({formatMoney(entry.cost)})</span>}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
