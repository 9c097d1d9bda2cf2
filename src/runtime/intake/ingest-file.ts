import { basename } from 'node:path';
import type { IntakeMapping } from '../../workspace/intake-mapping.js';
import type { Engine } from '../engine.js';
import { mapRows } from './map-rows.js';
import type { IntakeProgress, RejectedRow } from './open-rows.js';
import type { MappingOrigin } from './resolve-columns.js';

/** Options of `ingestFile`. */
export interface IngestOptions {
  /** The event type every row becomes, e.g. lead.created. */
  type: string;
  /** The column mapping; without one, CSV headers are field names (values stay text) and JSONL lines are payloads. */
  mapping?: IntakeMapping | null;
  /** Where the mapping was written, so its errors are located. */
  origin?: MappingOrigin;
  /** The events' source (default `file:<name>`). */
  source?: string;
  onProgress?: (progress: IntakeProgress) => void;
  /** Rows accepted per transaction (default 500). */
  batchSize?: number;
}

/** What ingesting a file did. */
export interface IngestReport {
  file: string;
  type: string;
  /** Rows read (CSV data rows or non-blank JSONL lines). */
  read: number;
  /** New events accepted. */
  accepted: number;
  /** Rows whose event was already known (ingested before, or an identical earlier row). */
  duplicates: number;
  rejected: RejectedRow[];
}

/**
 * Reads a .csv or .jsonl file and emits one event per good row through `engine.emit`. The
 * idempotency key is the engine's, derived from the type and the mapped payload, so ingesting
 * the same file again accepts nothing new. Bad rows are rejected with their row number and reason.
 */
export async function ingestFile(
  engine: Engine,
  file: string,
  options: IngestOptions,
): Promise<IngestReport> {
  const source = options.source ?? `file:${basename(file)}`;
  let accepted = 0;
  let duplicates = 0;
  const { read, rejected } = await mapRows(file, {
    mapping: options.mapping ?? null,
    batchSize: options.batchSize ?? 500,
    onProgress: options.onProgress,
    ...(options.origin ? { origin: options.origin } : {}),
    write: async (rows) => {
      // A row the loops of the type cannot take is refused here, with its reason, not stored to
      // be dead-lettered later.
      const refused: RejectedRow[] = [];
      const good = rows.filter(({ row, value }) => {
        const problem = engine.contractProblem(options.type, value);
        if (!problem) return true;
        const first = problem.issues[0];
        const field = first?.path.join('.') ?? '';
        refused.push({
          row,
          reason: `not a valid ${options.type} input of loop ${problem.loop}: ${field ? `field ${field}: ` : ''}${first?.message ?? 'rejected'}`,
          ...(field ? { field } : {}),
        });
        return false;
      });
      const inserted = await engine.emitMany(
        good.map(({ value }) => ({ type: options.type, payload: value, source })),
      );
      for (const isNew of inserted) {
        if (isNew) accepted++;
        else duplicates++;
      }
      return refused;
    },
  });
  return { file, type: options.type, read, accepted, duplicates, rejected };
}
