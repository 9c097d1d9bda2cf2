import { type EmitInput, type Engine, eventKey, sameEvent } from '../runtime/index.js';
import { eventsByKey } from '../store/index.js';

/** What became of one event: accepted now, already known, or its key already names another event. */
export interface IntakeResult {
  id: string | null;
  status: 'accepted' | 'duplicate' | 'conflict';
  key: string;
}

interface Waiting {
  inputs: EmitInput[];
  resolve: (results: IntakeResult[]) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit of ingest. Requests that arrive while a transaction is being written, or within
 * `maxWaitMs` of each other, are written together in the next one; each request is answered after
 * the transaction holding its events has committed, so an event is durable before its response.
 */
export class IntakeQueue {
  private waiting: Waiting[] = [];
  private count = 0;
  private timer: NodeJS.Timeout | null = null;
  private writing = false;

  constructor(
    private readonly engine: () => Engine,
    private readonly options: { maxWaitMs: number; maxBatch: number; onCommit?: () => void },
  ) {}

  /** Accepts events (their keys already final); resolves once they are committed. */
  submit(inputs: EmitInput[]): Promise<IntakeResult[]> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ inputs, resolve, reject });
      this.count += inputs.length;
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.writing) return;
    if (this.count >= this.options.maxBatch) {
      this.flushSoon(0);
    } else if (!this.timer) {
      this.flushSoon(this.options.maxWaitMs);
    }
  }

  private flushSoon(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), ms);
  }

  private async flush(): Promise<void> {
    this.timer = null;
    if (this.writing || this.waiting.length === 0) return;
    this.writing = true;
    const group: Waiting[] = [];
    let n = 0;
    while (this.waiting.length > 0 && (group.length === 0 || n < this.options.maxBatch)) {
      const w = this.waiting.shift() as Waiting;
      group.push(w);
      n += w.inputs.length;
    }
    this.count -= n;
    try {
      const results = await this.write(group.flatMap((w) => w.inputs));
      let at = 0;
      for (const w of group) {
        w.resolve(results.slice(at, at + w.inputs.length));
        at += w.inputs.length;
      }
      this.options.onCommit?.();
    } catch (err) {
      for (const w of group) w.reject(err);
    } finally {
      this.writing = false;
      if (this.waiting.length > 0) this.flushSoon(0);
    }
  }

  private async write(inputs: readonly EmitInput[]): Promise<IntakeResult[]> {
    const engine = this.engine();
    return engine.store.transaction(async (trx) => {
      const inserted = await engine.emitMany(inputs, trx);
      const keys = inputs.map(eventKey);
      const stored = new Map((await eventsByKey(trx, [...new Set(keys)])).map((r) => [r.idempotency_key, r]));
      return inputs.map((input, i): IntakeResult => {
        const key = keys[i] as string;
        const row = stored.get(key);
        if (!row) return { id: null, status: 'conflict', key };
        if (inserted[i]) return { id: row.id, status: 'accepted', key };
        return { id: row.id, status: sameEvent(row, input) ? 'duplicate' : 'conflict', key };
      });
    });
  }
}
