/**
 * Remembers the signed ingest requests a server accepted while their timestamps are within the
 * signature tolerance, so a replay of one (the same timestamp and body, whatever unsigned headers
 * it changes, such as Idempotency-Key) gets the first answer back instead of adding events. Older
 * replays are refused by the timestamp check; identical bodies are also deduplicated by their
 * idempotency keys in the store, across processes and restarts.
 */
export class ReplayGuard<T> {
  private readonly seen = new Map<string, { until: number; result: Promise<T> }>();

  constructor(
    private readonly toleranceSeconds: number,
    private readonly maxEntries = 100_000,
  ) {}

  /** The answer to the first request with this signature, if it is still remembered. */
  replayOf(signature: string, now: Date): Promise<T> | undefined {
    const entry = this.seen.get(signature);
    if (!entry) return undefined;
    if (entry.until > now.getTime()) return entry.result;
    this.seen.delete(signature);
    return undefined;
  }

  /**
   * Runs `accept` for a request signed at `timestamp` (unix seconds) and remembers its answer until
   * the timestamp leaves the tolerance window; a failed `accept` is forgotten, so a retry may succeed.
   */
  remember(signature: string, timestamp: number, now: Date, accept: () => Promise<T>): Promise<T> {
    if (this.seen.size >= this.maxEntries) this.prune(now);
    const result = accept();
    this.seen.set(signature, { until: (timestamp + this.toleranceSeconds) * 1000 + 1, result });
    result.catch(() => this.seen.delete(signature));
    return result;
  }

  private prune(now: Date): void {
    const t = now.getTime();
    for (const [k, v] of this.seen) if (v.until <= t) this.seen.delete(k);
    // Still full (a flood within the window): forget the oldest half; the store's keys still dedupe.
    if (this.seen.size >= this.maxEntries) {
      let drop = Math.floor(this.seen.size / 2);
      for (const k of this.seen.keys()) {
        if (drop-- <= 0) break;
        this.seen.delete(k);
      }
    }
  }
}
