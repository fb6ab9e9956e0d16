// Prefer: wait (RFC 7240): how long a caller asks a write to wait for its result.

/**
 * The `wait` preference in seconds, at most `maxSeconds`; null when the request states none. Preferences
 * are comma-separated (several Prefer headers arrive joined), each `name[=value]` with optional `;params`.
 */
export function preferredWaitSeconds(header: string | undefined, maxSeconds: number): number | null {
  for (const preference of header?.split(',') ?? []) {
    const match = /^\s*wait\s*=\s*"?(\d{1,10})"?\s*$/i.exec(preference.split(';')[0] ?? '');
    if (match) return Math.min(Number(match[1]), maxSeconds);
  }
  return null;
}
