import type { ManagerDigest, RepReview, SkillGap } from './contract.js';

const show = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : String(v));

/** A metric move in words. */
export function alertText(rep: string, a: RepReview['alerts'][number]): string {
  const way = a.direction === 'up' ? 'rose' : 'fell';
  return a.basis === 'own'
    ? `${rep}: ${a.metric} ${way} to ${a.value} from a trailing average of ${a.reference} (${Math.round((a.change ?? 0) * 100)}% change)`
    : `${rep}: ${a.metric} is ${a.value} against peers' ${a.reference} (z ${a.z ?? 'n/a'})`;
}

/** The watched metrics of a rep against the team and their own trailing value, one line each (known ones only). */
export function metricSummary(metrics: readonly string[], r: RepReview): string[] {
  const known = (m: string) =>
    [r.metrics[m], r.team[m], r.trailing[m]].some((v) => v !== null && v !== undefined);
  return metrics
    .filter(known)
    .map((m) => `${m} ${show(r.metrics[m])} (team ${show(r.team[m])}, own trailing ${show(r.trailing[m])})`);
}

/** A territory skill gap in words. */
export function skillGapText(g: Omit<SkillGap, 'kind' | 'scheduledFor'>): string {
  return `Territory ${g.territory}: ${g.openDeals} open ${g.shapes.join('/')} deal(s) need ${g.skill}, and its reps average ${g.metric} ${g.average} (weak ${g.threshold})`;
}

/** A coaching task's details line: the pattern and its evidence. */
export function evidenceText(p: RepReview['patterns'][number]): string {
  return p.evidence
    .map((e) => `${e.metric} ${show(e.rep)} (team ${show(e.team)}, own trailing ${show(e.trailing)})`)
    .join('; ');
}

/** The weekly digest a manager gets. */
export function digestMessage(d: ManagerDigest): string {
  const lines = [`Coaching digest for the week of ${d.scheduledFor.slice(0, 10)}: ${d.reps.length} rep(s).`];
  for (const r of d.reps) {
    const patterns = r.patterns.map((p) => `${p.name}${p.isNew ? ' (new)' : ''}`).join(', ') || 'none';
    lines.push(`- ${r.repName}: patterns ${patterns}`);
    for (const a of r.alerts) lines.push(`  alert${a.isNew ? ' (new)' : ''}: ${a.text}`);
    for (const h of r.highlights) lines.push(`  ${h}`);
  }
  for (const g of d.skillGaps) lines.push(`Skill gap: ${g}`);
  return lines.join('\n');
}
