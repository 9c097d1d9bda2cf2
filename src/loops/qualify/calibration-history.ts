import { getPath, type JsonObject, parseInstant } from '../../kernel/index.js';
import type { CalibrationRow } from './calibrate.js';
import { scoringSubject } from './logic.js';

const TRUE = new Set(['true', 'yes', 'y', '1', 'won', 'converted']);
const FALSE = new Set(['false', 'no', 'n', '0', 'lost']);

/** An outcome value read as true or false: booleans, 1/0, and yes/no, true/false, won/lost in any case. */
export function outcomeOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  return TRUE.has(v) ? true : FALSE.has(v) ? false : undefined;
}

/** The history calibration learns from, and the leads left out with why. */
export interface CalibrationHistory {
  rows: CalibrationRow[];
  /** Leads without the outcome field. */
  withoutOutcome: number;
  /** Leads whose outcome value is not true/false (with a few examples). */
  unreadable: { count: number; examples: string[] };
}

function instant(values: JsonObject, fallback: Date): Date {
  for (const key of ['createdAt', 'scoredAt']) {
    const v = values[key];
    const ms = typeof v === 'string' ? parseInstant(v) : Number.NaN;
    if (Number.isFinite(ms)) return new Date(ms);
  }
  return fallback;
}

/**
 * Lead records as calibration history: each lead as it would be scored (the emailDomain added), at
 * the time it came in (`createdAt`, else `scoredAt`, else `fallback`) so activity decay is as it was
 * then, with its outcome read from the `outcome` field (a dotted path). Leads without it are counted, not used.
 */
export function calibrationHistory(
  leads: Iterable<{ id: string; values: JsonObject }>,
  outcome: string,
  fallback: Date,
): CalibrationHistory {
  const rows: CalibrationRow[] = [];
  let withoutOutcome = 0;
  const unreadable = { count: 0, examples: [] as string[] };
  for (const lead of leads) {
    const raw = getPath(lead.values, outcome);
    if (raw === undefined || raw === null || raw === '') {
      withoutOutcome++;
      continue;
    }
    const label = outcomeOf(raw);
    if (label === undefined) {
      unreadable.count++;
      if (unreadable.examples.length < 3) unreadable.examples.push(`${lead.id}: ${JSON.stringify(raw)}`);
      continue;
    }
    const { subject } = scoringSubject(lead.values, undefined);
    rows.push({ id: lead.id, subject, at: instant(lead.values, fallback), outcome: label });
  }
  return { rows, withoutOutcome, unreadable };
}
