import type { MetricSummary } from '../../kernel/index.js';

/** Counts per label of a mix metric over the window. */
export function mix(metrics: readonly MetricSummary[], name: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of metrics) if (m.metric === name) out.set(m.label, (out.get(m.label) ?? 0) + m.count);
  return out;
}

/** A share as a percentage with one decimal, e.g. 12.5%. */
export const pct = (share: number): string => `${Math.round(share * 1000) / 10}%`;
