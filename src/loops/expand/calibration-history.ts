import { getPath, type JsonObject } from '../../kernel/index.js';
import type { HealthRow } from './calibrate.js';
import { usageTrends } from './score.js';

const TRUE = new Set(['true', 'yes', 'y', '1', 'churned', 'expanded']);
const FALSE = new Set(['false', 'no', 'n', '0', 'renewed', 'retained']);

/** An outcome value read as true or false: booleans, 1/0, yes/no, true/false in any case. */
function outcomeOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  return TRUE.has(v) ? true : FALSE.has(v) ? false : undefined;
}

/** The customers calibration learns from, and those left out. */
export interface HealthHistory {
  rows: HealthRow[];
  withoutOutcome: number;
  unreadable: number;
}

/**
 * Customer records with an outcome as calibration history. For an outcome whose name says churn
 * (churned, churn), the good outcome is false (the customer stayed), so AUC reads as how well health
 * tells customers who stayed from those who churned; for any other (expanded, renewed) it is true.
 */
export function healthHistory(
  customers: Iterable<{ id: string; values: JsonObject }>,
  usage: Iterable<{ values: JsonObject }>,
  metrics: readonly string[],
  outcome: string,
): HealthHistory {
  const churn = /churn/i.test(outcome);
  const rowsByMetric = new Map<string, { values: JsonObject }[]>();
  for (const u of usage) {
    const m = u.values.metric;
    if (typeof m === 'string' && metrics.includes(m))
      rowsByMetric.set(m, [...(rowsByMetric.get(m) ?? []), u]);
  }
  const trends = new Map([...rowsByMetric].map(([m, rows]) => [m, usageTrends(rows)]));
  const rows: HealthRow[] = [];
  let withoutOutcome = 0;
  let unreadable = 0;
  for (const c of customers) {
    const raw = getPath(c.values, outcome);
    if (raw === undefined || raw === null || raw === '') {
      withoutOutcome++;
      continue;
    }
    const label = outcomeOf(raw);
    if (label === undefined) {
      unreadable++;
      continue;
    }
    const own = new Map<string, number>();
    for (const [m, t] of trends) {
      const v = t.get(c.id);
      if (v !== undefined) own.set(m, v);
    }
    rows.push({ id: c.id, values: c.values, trends: own, good: churn ? !label : label });
  }
  return { rows, withoutOutcome, unreadable };
}
