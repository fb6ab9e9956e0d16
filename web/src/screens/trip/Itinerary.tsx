// The day-by-day itinerary with each day's weather.
import type { ItineraryDay, TripPlan } from '../../api/types.js';
import { formatDate, formatDayWeather, formatMoney } from '../../lib/format.js';

export function Itinerary({ days, temperatureUnit }: { days: ItineraryDay[]; temperatureUnit?: TripPlan['temperatureUnit'] }) {
  if (days.length === 0) return <p className="muted">The itinerary appears once dates and a destination are known.</p>;
  return (
    <ol className="itinerary">
      {days.map((day) => (
        <li key={day.day} className="day">
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
