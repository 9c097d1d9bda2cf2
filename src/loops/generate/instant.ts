import { parseInstant } from '../../kernel/index.js';

/** A date and time written without an offset: 2026-02-05T10:00, 2026-02-05 10:00:30.5 */
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;

/**
 * The instant a stored date names, in milliseconds since the epoch, or NaN when it names none. A
 * date and time without an offset is read as UTC, as import and intake read it (a bare date is
 * midnight UTC), so a decision never depends on the time zone of the machine that makes or
 * replays it.
 */
export function instantOf(value: unknown): number {
  if (typeof value !== 'string') return Number.NaN;
  const text = value.trim();
  const local = LOCAL_DATE_TIME.exec(text);
  return parseInstant(local ? `${local[1]}T${local[2]}Z` : text);
}
