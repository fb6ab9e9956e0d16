// The planning requests the turn benchmarks send (bench/planningTurn.ts, bench/mcp.ts): the same requests in
// every benchmark, so their numbers compare.

export const ROUTES = [
  ['New York', 'Lisbon'], ['London', 'Rome'], ['Paris', 'Tokyo'], ['San Francisco', 'Barcelona'], ['Chicago', 'Madrid'],
  ['Berlin', 'Athens'], ['Toronto', 'Reykjavik'], ['Sydney', 'Singapore'], ['Boston', 'Dublin'], ['Seattle', 'Honolulu'],
] as const;

/** The `index`th request: indices below 270 (10 routes × 27 days) never repeat a route and date, so each one's searches start cold. */
export function requestText(index: number): string {
  const [from, to] = ROUTES[index % ROUTES.length] ?? ROUTES[0];
  const month = ['March', 'April', 'May', 'June', 'September', 'October'][index % 6];
  const day = 1 + (Math.floor(index / ROUTES.length) % 27);
  return `Plan 5 nights in ${to} from ${from} departing ${month} ${day} 2027 for 2 adults, budget $4000, we like food and museums`;
}
