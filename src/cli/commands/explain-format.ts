import type { Decision, Effect, TraceEntry } from '../../kernel/index.js';
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

/** A decision explained for a person: what, under which versions, why, and what it caused. */
export function explainText(d: Decision, chain: readonly Decision[]): string {
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
  for (const e of d.effects) lines.push(`  - ${effectLine(e)}`);
  if (d.effects.length === 0) lines.push('  (none)');
  if (chain.length > 1) {
    lines.push('chain');
    for (const c of chain)
      lines.push(`  ${c.id === d.id ? '>' : ' '} ${c.id}  ${c.loop.padEnd(12)} ${c.subject ?? ''}`);
  }
  return lines.join('\n');
}
