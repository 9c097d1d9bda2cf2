import type { DecisionView, Effect, TraceEntry } from '../../kernel/index.js';
import { shortVersion } from '../../workspace/index.js';
import { brief } from '../io.js';

function signed(n: number): string {
  const rounded = Math.round(n * 100) / 100;
  return rounded >= 0 ? `+${rounded}` : `${rounded}`;
}

/** One trace entry as a line a person can read. */
function traceLine(e: TraceEntry): string {
  switch (e.kind) {
    case 'step':
      return `step    ${e.name}${e.detail ? `  ${brief(e.detail)}` : ''}`;
    case 'rule':
      return `rule    ${e.rule}: ${e.matched ? 'matched' : 'did not match'}, ${e.reason}`;
    case 'factor':
      return `factor  ${e.group ? `${e.group}/` : ''}${e.factor} = ${brief(e.value, 40)}  ${signed(e.contribution)}  (${e.reason})`;
    case 'agent':
      return `agent   ${e.task} via ${e.provider}/${e.model} (prompt ${e.promptVersion}, ${e.latencyMs} ms, ${e.tokens} tokens): confidence ${e.confidence.toFixed(2)} → ${e.route}; ${e.reasoning}; answer ${brief(e.answer, 60)}`;
  }
}

/** One effect as a line a person can read. */
function effectLine(e: Effect): string {
  switch (e.kind) {
    case 'record_write':
      return `${e.op} ${e.record} ${e.recordId}: ${brief(e.values)}`;
    case 'task':
      return `task for ${e.assignee}: ${e.title}${e.dueAt ? ` (due ${e.dueAt})` : ''}`;
    case 'notification':
      return `notify ${e.channel} ${e.to}: ${e.message}`;
    case 'handoff':
      return `handoff ${e.type}: ${brief(e.payload)}`;
    case 'review_item':
      return `review in ${e.queue}${e.assignee ? ` for ${e.assignee}` : ''}: ${e.reasoning}`;
    case 'escalation':
      return `escalate to ${e.to}: ${e.reason}`;
  }
}

/** Effects and chain links an explanation lists before it counts the rest; links shown either side of the decision. */
const SHOWN = 50;
const NEAR = 20;

/** The slice of a chain within `near` links of a decision in it (the start, when it is not there): [from, to). */
export function linksNear(chain: readonly { id: string }[], id: string, near: number): [number, number] {
  const at = Math.max(
    0,
    chain.findIndex((c) => c.id === id),
  );
  return [Math.max(0, at - near), Math.min(chain.length, at + near + 1)];
}

/** How many effects of each kind, most first: "19868 record writes, 6780 handoffs". */
function countsByKind(effects: readonly Effect[]): string {
  const counts = new Map<string, number>();
  for (const e of effects) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
  return [...counts]
    .sort(([, a], [, b]) => b - a)
    .map(([kind, n]) => `${n} ${kind.replace('_', ' ')}${n === 1 ? '' : 's'}`)
    .join(', ');
}

/** A decision explained for a person: what, under which versions, why, and what it caused. */
export function explainText(
  d: DecisionView,
  chain: readonly Pick<DecisionView, 'id' | 'loop' | 'subject'>[],
): string {
  const lines = [
    `decision ${d.id} (${d.mode})`,
    `  loop      ${d.loop} ${d.loopVersion}`,
    `  config    ${shortVersion(d.configVersion)} ${d.gitSha ? `(git ${d.gitSha.slice(0, 10)})` : '(not committed to git)'}`,
    `  subject   ${d.subject ?? '-'}`,
    `  event     ${d.eventId ?? '-'} ${d.eventType ?? ''}`.trimEnd(),
    `  when      ${d.now} (seed ${d.seed}, ${d.latencyMs.toFixed(1)} ms)`,
    `  confidence ${d.confidence === null ? '-' : d.confidence.toFixed(2)}`,
    '',
    'input',
    `  ${brief(d.input, 400)}`,
    'output',
    `  ${brief(d.output, 400)}`,
  ];
  if (d.reasons.length > 0) lines.push('reasons', ...d.reasons.map((r) => `  - ${r}`));
  lines.push('trace');
  for (const [i, e] of d.trace.entries()) lines.push(`  ${String(i + 1).padStart(2)}. ${traceLine(e)}`);
  if (d.trace.length === 0) lines.push('  (empty)');
  lines.push('effects');
  for (const e of d.effects.slice(0, SHOWN)) lines.push(`  - ${effectLine(e)}`);
  if (d.effects.length > SHOWN)
    lines.push(
      `  … and ${d.effects.length - SHOWN} more (${countsByKind(d.effects.slice(SHOWN))}); every one: revloops explain ${d.id} --json`,
    );
  if (d.effects.length === 0) lines.push('  (none)');
  if (chain.length > 1) {
    lines.push('chain');
    // A scheduled run can hand on thousands of decisions: the ones around this one, and where the rest are.
    const [from, to] = chain.length <= SHOWN ? [0, chain.length] : linksNear(chain, d.id, NEAR);
    if (from > 0) lines.push(`    … ${from} earlier`);
    for (const c of chain.slice(from, to))
      lines.push(`  ${c.id === d.id ? '>' : ' '} ${c.id}  ${c.loop.padEnd(12)} ${c.subject ?? ''}`);
    if (to < chain.length)
      lines.push(`    … ${chain.length - to} later; the whole chain: revloops decisions chain ${d.id}`);
  }
  return lines.join('\n');
}
