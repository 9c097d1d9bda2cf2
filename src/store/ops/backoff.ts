/** How long to wait before try `attempt + 1`: `baseMs * 2^(attempt-1)`, capped at `maxMs`. Events and deliveries share it. */
export function backoffMs(attempt: number, baseMs: number, maxMs = 3_600_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}
