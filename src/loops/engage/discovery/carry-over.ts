import type { JsonObject } from '../../../kernel/index.js';
import type { DimensionResult } from './contract.js';

const STATUSES = new Set(['evidenced', 'contradicted', 'missing']);

/** A dimension as an earlier discovery run wrote it on the opportunity, or null when absent or malformed. */
function earlier(
  stored: JsonObject | null,
  key: string,
): Pick<DimensionResult, 'status' | 'confidence' | 'evidence'> | null {
  const v = stored?.[key];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const { status, confidence, evidence } = v as Record<string, unknown>;
  if (typeof status !== 'string' || !STATUSES.has(status) || typeof confidence !== 'number') return null;
  const quotes = Array.isArray(evidence) ? evidence.filter((q): q is string => typeof q === 'string') : [];
  return { status: status as DimensionResult['status'], confidence, evidence: quotes };
}

/**
 * Keeps what earlier calls established: a dimension these notes say nothing about takes the
 * evidence an earlier run wrote on the opportunity (a second call about paperwork does not erase the
 * budget the first call confirmed). Anything these notes do say about a dimension replaces the old.
 */
export function carryOver(
  dims: readonly DimensionResult[],
  stored: JsonObject | null,
): { dims: DimensionResult[]; carried: string[] } {
  const carried: string[] = [];
  const out = dims.map((d) => {
    const before = d.status === 'missing' ? earlier(stored, d.key) : null;
    if (!before || before.status === 'missing') return d;
    carried.push(d.key);
    return {
      ...d,
      ...before,
      signals: ['carried over from earlier call notes'],
      followUps: before.status === 'evidenced' ? [] : d.followUps,
    };
  });
  return { dims: out, carried };
}
