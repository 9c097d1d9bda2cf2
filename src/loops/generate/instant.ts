import { parseInstant } from '../../kernel/index.js';

/**
 * The instant a stored date names, in milliseconds since the epoch, or NaN when it names none or
 * is not text. A date and time without an offset is UTC (see `parseInstant`), so a decision never
 * depends on the time zone of the machine that makes or replays it.
 */
export function instantOf(value: unknown): number {
  return typeof value === 'string' ? parseInstant(value.trim()) : Number.NaN;
}
