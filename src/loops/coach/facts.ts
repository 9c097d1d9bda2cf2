import type { JsonObject } from '../../kernel/index.js';
import type { CoachConfig } from './config.js';
import type { DealFacts, LeadFacts, SequenceFacts } from './rep-metrics.js';

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** An ISO-8601 date, or date-time with or without an offset (`T` or a space between). */
const ISO = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * An instant from an ISO-8601 text. A date-time without an offset is read as UTC, as a bare date
 * is: read in the machine's zone, the same record would give other numbers (and another replay) on
 * a server elsewhere. Other text (`11/20/2026`) is no instant: its zone cannot be known.
 */
function time(v: unknown): number | null {
  const s = str(v);
  const [, date, clock, offset] = (s ? ISO.exec(s.trim()) : null) ?? [];
  if (date === undefined) return null;
  const t = Date.parse(clock === undefined ? date : `${date}T${clock}${offset ?? 'Z'}`);
  return Number.isNaN(t) ? null : t;
}
const firstTime = (values: JsonObject, fields: readonly string[]): number | null => {
  for (const f of fields) {
    const t = time(values[f]);
    if (t !== null) return t;
  }
  return null;
};

/** Won, lost or open, from the deal's outcome, status or stage field (the first that says closed). */
export function outcomeOf(values: JsonObject, outcomes: CoachConfig['outcomes']): DealFacts['outcome'] {
  const won = new Set(outcomes.won.map((w) => w.toLowerCase()));
  const lost = new Set(outcomes.lost.map((w) => w.toLowerCase()));
  for (const f of ['outcome', 'status', 'stage']) {
    const v = str(values[f])?.toLowerCase();
    if (v && won.has(v)) return 'won';
    if (v && lost.has(v)) return 'lost';
  }
  return 'open';
}

function stageDaysOf(v: unknown): Record<string, number> | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const out: Record<string, number> = {};
  for (const [k, d] of Object.entries(v)) if (typeof d === 'number') out[k] = d;
  return out;
}

/**
 * An opportunity as the coach reads it: engage's discovery coverage (`discovery.share`, dated by
 * `qualifiedAt`), the start (`sqoAt`, else `createdAt`), the close (`closedAt`, else the close date
 * of a closed deal), the people on it (`contactCount` or `contactIds`) and its stage history
 * (`stageDays`).
 */
export function dealFacts(
  id: string,
  values: JsonObject,
  outcomes: CoachConfig['outcomes'],
  shape: string | null,
): DealFacts {
  const outcome = outcomeOf(values, outcomes);
  const discovery = values.discovery;
  const share =
    discovery && typeof discovery === 'object' && !Array.isArray(discovery) ? num(discovery.share) : null;
  const contactIds = values.contactIds;
  return {
    id,
    ownerId: str(values.ownerId),
    shape,
    outcome,
    coverage: share,
    qualifiedAt: share === null ? null : firstTime(values, ['qualifiedAt', 'sqoAt', 'createdAt']),
    startedAt: firstTime(values, ['sqoAt', 'createdAt']),
    closedAt: outcome === 'open' ? null : firstTime(values, ['closedAt', 'closeDate']),
    contacts: num(values.contactCount) ?? (Array.isArray(contactIds) ? contactIds.length : null),
    stageDays: stageDaysOf(values.stageDays),
    stage: str(values.stage) ?? 'unknown',
  };
}

/** A lead route assigned (`ownerId`, `assignedAt`), its first touch and its SLA state; null if never assigned. */
export function leadFacts(values: JsonObject): LeadFacts | null {
  const ownerId = str(values.ownerId);
  const assignedAt = time(values.assignedAt);
  if (!ownerId || assignedAt === null) return null;
  return {
    ownerId,
    assignedAt,
    firstTouchAt: time(values.firstTouchAt),
    slaStatus: str(values.routeSlaStatus),
  };
}

/**
 * A sequence engage drafted and its owner reviewed (`reviewedAt`): approved unless rejected, and
 * edited when the review changed any line (`edits`); null for a sequence not reviewed yet.
 */
export function sequenceFacts(values: JsonObject): SequenceFacts | null {
  const ownerId = str(values.ownerId);
  const reviewedAt = time(values.reviewedAt);
  if (values.type !== 'sequence' || !ownerId || reviewedAt === null) return null;
  return {
    ownerId,
    reviewedAt,
    approved: values.status !== 'rejected',
    edited: Array.isArray(values.edits) && values.edits.length > 0,
  };
}
