import { resolve } from 'node:path';
import type { Command } from 'commander';
import { RevloopsError } from '../../kernel/index.js';
import {
  applyPlan,
  type Engine,
  type Plan,
  planLoop,
  readPlanFile,
  writePlanFile,
} from '../../runtime/index.js';
import type { LoadedLoop } from '../../workspace/index.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { brief, EXIT } from '../io.js';
import { type CliRuntime, common, emit, emitLines } from '../program.js';

const SIGN = { create: '+', update: '~', delete: '-' } as const;

/** What a plan leaves for later: records waiting for a person (pending) or for their effective date (scheduled). */
function waitingText(plan: Plan): string[] {
  const out = plan.decision.output as { pending?: unknown; scheduled?: unknown; held?: unknown } | null;
  const lines: string[] = [];
  const list = (v: unknown) => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);
  const pending = list(out?.pending);
  const scheduled = list(out?.scheduled);
  if (pending.length > 0) {
    lines.push('', `Pending (${pending.length}, left as they are until reviewed):`);
    for (const p of pending) lines.push(`  ? ${brief(p.account, 40)}: ${brief(p.reason, 100)}`);
  }
  if (scheduled.length > 0) {
    const by = new Map<string, number>();
    for (const s of scheduled) by.set(String(s.effective), (by.get(String(s.effective)) ?? 0) + 1);
    lines.push('', `Scheduled (${scheduled.length}, applied by a plan on or after their effective date):`);
    for (const [day, n] of by) lines.push(`  @ ${day}: ${n} assignment change(s)`);
  }
  const held = list(out?.held);
  if (held.length > 0) {
    lines.push('', `Held (${held.length}, the structure in force stays until their effective date):`);
    for (const h of held) {
      const fields = Array.isArray(h.fields) && h.fields.length > 0 ? ` ${h.fields.join(', ')}` : '';
      lines.push(`  ${SIGN[h.op as keyof typeof SIGN] ?? '~'} ${h.kind} ${h.id}${fields} @ ${h.effective}`);
    }
  }
  return lines;
}

/** A plan printed like Terraform: every change with before and after, grouped and counted; line by line. */
function* planLines(plan: Plan): Generator<string> {
  if (plan.changes.length === 0) {
    yield `${plan.loop}: no changes. The records match the config.`;
    yield* waitingText(plan);
    return;
  }
  yield `${plan.loop} (config ${plan.configVersion.slice(0, 12)}) will make these changes:`;
  yield '';
  for (const c of plan.changes) {
    yield `  ${SIGN[c.op]} ${c.kind} ${c.id}`;
    if (c.op === 'update')
      for (const f of c.fields)
        yield `      ${f}: ${brief(c.before?.[f] ?? null, 50)} → ${brief(c.after?.[f] ?? null, 50)}`;
    if (c.op === 'create') yield `      ${brief(c.after, 100)}`;
  }
  const { create, update, delete: del } = plan.summary;
  yield '';
  yield `Plan: ${create} to create, ${update} to update, ${del} to delete.`;
  yield* waitingText(plan);
}

function materialized(engine: Engine, name: string): LoadedLoop {
  const loaded = engine.workspace.loops.get(name);
  if (!loaded?.enabled)
    throw new RevloopsError('LOOP_NOT_FOUND', `no enabled loop ${name} in this workspace`);
  return loaded;
}

/** `revloops plan` and `revloops apply` for materialized loops. */
export function registerPlan(program: Command, rt: CliRuntime): void {
  common(program.command('plan <loop>'))
    .description(
      'show every change a materialized loop would make; exit 0 when none, 2 when there are changes',
    )
    .option('-o, --out <plan.json>', 'save the plan for apply')
    .action(async (name: string, opts: CommonOptions & { out?: string }) => {
      await withWorkspace(opts, rt.setup, async ({ engine }) => {
        const plan = await planLoop(
          engine,
          materialized(engine, name),
          (rt.setup.clock ?? (() => new Date()))(),
        );
        if (opts.out) writePlanFile(resolve(opts.out), plan);
        const { decision: _d, ...shown } = plan;
        emitLines(rt, opts, shown, function* () {
          yield* planLines(plan);
          if (!opts.out) return;
          yield '';
          yield `Saved to ${opts.out}; apply it with revloops apply ${name} ${opts.out}`;
        });
        if (plan.changes.length > 0) rt.exit(EXIT.changes);
      });
    });
  common(program.command('apply <loop> [plan]'))
    .description(
      'apply a saved plan exactly (or plan and apply now); refuses a plan whose base state changed',
    )
    .action(async (name: string, file: string | undefined, opts: CommonOptions) => {
      await withWorkspace(opts, rt.setup, async ({ engine }) => {
        const now = (rt.setup.clock ?? (() => new Date()))();
        const plan = file
          ? ((await readPlanFile(resolve(file))) as Plan)
          : await planLoop(engine, materialized(engine, name), now);
        if (plan.format !== 'revloops.plan/1' || plan.loop !== name)
          throw new RevloopsError('USAGE', `${file} is not a plan for loop ${name}`);
        const result = await applyPlan(engine, plan, now);
        emit(rt, opts, result, () =>
          result.applied === 0
            ? `${name}: no changes to apply.`
            : `${name}: applied ${result.applied} change(s) (${plan.summary.create} created, ${plan.summary.update} updated, ${plan.summary.delete} deleted).`,
        );
      });
    });
}
