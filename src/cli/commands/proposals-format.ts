import type { Backtest, Proposal, ShadowComparison } from '../../feedback/index.js';
import type { Json } from '../../kernel/index.js';
import { shortVersion } from '../../workspace/index.js';
import { brief, table } from '../io.js';

const pct = (n: number | null) => (n === null ? '-' : `${(Math.round(n * 1000) / 10).toFixed(1)}%`);
const num = (n: number | null) => (n === null ? '-' : String(Math.round(n * 100) / 100));

/** Proposals as a table. */
export function proposalsTable(list: readonly Proposal[]): string {
  if (list.length === 0) return 'no proposals';
  return table([
    ['id', 'loop', 'kind', 'status', 'created', 'backtest', 'title'],
    ...list.map((p) => [
      p.id,
      p.loop,
      p.kind,
      `${p.status}${p.shadowSince ? ' (shadow)' : ''}`,
      p.createdAt.slice(0, 16),
      p.backtest ? `${p.backtest.changed}/${p.backtest.decisions} change` : '-',
      brief(p.title, 70).replace(/^"|"$/g, ''),
    ]),
  ]);
}

/** A backtest side by side: counts, fields that change, the targeted metrics before and after, examples. */
function backtestText(b: Backtest): string[] {
  const lines = [
    `backtest ${b.since.slice(0, 16)} → ${b.until.slice(0, 16)}: ${b.decisions} decision(s) re-run with the proposed config, ${b.changed} would change, ${b.failed} could not be re-run`,
  ];
  if (b.fresh.reads + b.fresh.agentCalls + b.fresh.lookups > 0)
    lines.push(
      `  read anew (not in the recorded runs): ${b.fresh.reads} record read(s), ${b.fresh.agentCalls} agent call(s), ${b.fresh.lookups} lookup(s)`,
    );
  if (b.fields.length > 0)
    lines.push(`  changed fields: ${b.fields.map((f) => `${f.path} ×${f.changed}`).join(', ')}`);
  if (b.metrics.length > 0) {
    // Labels that moved first; a histogram of unchanged labels says nothing.
    const moved = b.metrics.filter(
      (m) => m.before.count !== m.after.count || m.before.value !== m.after.value,
    );
    const rows = (moved.length > 0 ? moved : b.metrics).slice(0, 24);
    const show = (side: { count: number; value: number | null }, stat: string) =>
      `${side.count} (${stat === 'mean' ? num(side.value) : pct(side.value)})`;
    lines.push(
      ...table([
        ['  metric', 'label', 'before', 'after'],
        ...rows.map((m) => [`  ${m.metric}`, m.label || '-', show(m.before, m.stat), show(m.after, m.stat)]),
      ]).split('\n'),
    );
  }
  if (b.stillFires !== null)
    lines.push(
      `  the finding would ${b.stillFires ? 'still fire' : 'no longer fire'} on the re-run decisions`,
    );
  for (const e of b.examples.slice(0, 5))
    lines.push(
      `  e.g. ${e.decisionId} ${e.subject ?? ''}: ${e.changes.map((c) => `${c.path} ${brief(c.from, 30)} → ${brief(c.to, 30)}`).join(', ')}`,
    );
  for (const e of b.errors) lines.push(`  failed: ${e}`);
  return lines;
}

function shadowText(s: ShadowComparison): string[] {
  const lines = [
    `shadow${s.since ? ` since ${s.since.slice(0, 16)}` : ' (stopped)'}: ${s.compared} live decision(s) compared, ${s.same} the same, ${s.different} different`,
  ];
  for (const t of s.transitions.slice(0, 8))
    lines.push(`  ${t.path}: ${brief(t.from, 40)} → ${brief(t.to, 40)}  ×${t.count}`);
  for (const e of s.examples.slice(0, 5))
    lines.push(
      `  e.g. ${e.liveId} / ${e.shadowId} ${e.subject ?? ''}: ${e.changes.map((c) => `${c.path} ${brief(c.from, 30)} → ${brief(c.to, 30)}`).join(', ')}`,
    );
  return lines;
}

/** One proposal for a person: what, why (evidence), the change as a diff, backtest, rollback, shadow, outcome. */
export function proposalText(p: Proposal, shadow: ShadowComparison | null): string {
  const ev = p.evidence as { finding?: Json; window?: { since?: string; until?: string } } & Record<
    string,
    Json
  >;
  const lines = [
    `proposal ${p.id} (${p.status}${p.shadowSince ? ', running in shadow' : ''}): ${p.loop} / ${p.kind} (level ${p.level})`,
    `  ${p.title}`,
    `  config ${shortVersion(p.baseVersion)} → ${p.proposedVersion ? shortVersion(p.proposedVersion) : '-'}${p.decisionId ? `; finding ${p.decisionId}` : ''}`,
    '',
    `evidence${ev.window ? ` (${ev.window.since?.slice(0, 16)} → ${ev.window.until?.slice(0, 16)})` : ''}`,
    `  ${brief(ev.finding ?? ev, 600)}`,
    '',
    `change${p.source ? ` (${p.source})` : ''}`,
    ...(p.diff
      ? p.diff.split('\n').map((l) => `  ${l}`)
      : p.patch.map((c) => `  ${c.path}: ${brief(c.from)} → ${brief(c.to)}`)),
    '',
    ...(p.backtest ? backtestText(p.backtest) : ['no backtest']),
    '',
    p.rollback
      ? `rollback if ${p.rollback.metric}${p.rollback.label ? `[${p.rollback.label}]` : ''} ${p.rollback.stat} leaves [${p.rollback.min ?? '-∞'}, ${p.rollback.max ?? '∞'}] once ${p.rollback.minDecisions} decisions ran with it`
      : 'no rollback criteria (nothing the backtest measured moved)',
  ];
  if (shadow) lines.push('', ...shadowText(shadow));
  const r = p.resolution;
  if (r) {
    lines.push(
      '',
      `${r.action} by ${r.by} at ${r.at}${r.reason ? `: ${r.reason}` : ''}${r.auto ? ` (automatic: ${r.auto.rule})` : ''}`,
    );
    if (r.toVersion)
      lines.push(
        `  config ${shortVersion(r.fromVersion ?? '')} → ${shortVersion(r.toVersion)}${r.commit ? `, commit ${r.commit.slice(0, 10)}` : ''}, decision ${r.decisionId}`,
      );
    if (r.rollback)
      lines.push(
        `  rolled back by ${r.rollback.by} at ${r.rollback.at}: config → ${shortVersion(r.rollback.version)}${r.rollback.commit ? `, commit ${r.rollback.commit.slice(0, 10)}` : ''}`,
      );
  } else if (p.status === 'open') {
    lines.push(
      '',
      `accept: revloops proposals accept ${p.id} --as <owner>   reject: revloops proposals reject ${p.id} --as <owner> --reason <why>`,
    );
  }
  return lines.join('\n');
}
