import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { type Json, RevloopsError } from '../../kernel/index.js';
import { type Engine, loadWorkspaceRecords } from '../../runtime/index.js';
import { runRecorded } from '../../runtime/run-recorded.js';
import { resolveScenario, validateScenario } from '../../runtime/scenarios.js';
import { commitFile, loadWorkspace } from '../../workspace/index.js';
import { type CommonOptions, withWorkspace, workspaceDir } from '../context.js';
import { table } from '../io.js';
import { type CliRuntime, common, emit } from '../program.js';

/** One compared figure of two capacity models. */
export interface CompareRow {
  figure: string;
  a: number;
  b: number;
  delta: number;
}

/** Models a scenario with the design loop (nothing is written) and returns its artifact. */
export async function modelScenario(
  engine: Engine,
  name: string,
  data?: Json,
): Promise<Record<string, Json>> {
  const loaded = engine.workspace.loops.get('design');
  if (!loaded?.enabled)
    throw new RevloopsError('LOOP_NOT_FOUND', 'the design loop is not enabled in this workspace');
  const resolved = resolveScenario(engine.workspace.dir, name);
  const input = validateScenario(
    data === undefined ? resolved : { ...resolved, data },
    loaded.loop.input,
  ) as Json;
  const { decision } = await runRecorded(engine, loaded, {
    input,
    subject: `scenario:${name}`,
    now: new Date(),
    eventType: 'model.run',
  });
  return decision.output as Record<string, Json>;
}

const FIGURES = ['capacity', 'target', 'coverage', 'reps', 'accounts', 'accountsPerRep'] as const;

/** Two capacity models side by side: totals, each segment and territory, each quarter; delta is b − a. */
export function compareModels(a: Record<string, Json>, b: Record<string, Json>): CompareRow[] {
  const rows: CompareRow[] = [];
  const num = (v: Json | undefined) => (typeof v === 'number' ? v : 0);
  const add = (figure: string, x: Json | undefined, y: Json | undefined) =>
    rows.push({ figure, a: num(x), b: num(y), delta: Math.round((num(y) - num(x)) * 1000) / 1000 });
  const part = (v: Json | undefined, k: string) =>
    v && typeof v === 'object' && !Array.isArray(v) ? v[k] : undefined;
  for (const f of FIGURES) add(`total ${f}`, part(a.total, f), part(b.total, f));
  for (const group of ['segments', 'territories'] as const) {
    const keys = [...new Set([...Object.keys(a[group] ?? {}), ...Object.keys(b[group] ?? {})])];
    for (const k of keys)
      for (const f of FIGURES)
        if (part(part(a[group], k), f) !== undefined || part(part(b[group], k), f) !== undefined)
          add(
            `${group === 'segments' ? 'segment' : 'territory'} ${k} ${f}`,
            part(part(a[group], k), f),
            part(part(b[group], k), f),
          );
  }
  for (const q of ['Q1', 'Q2', 'Q3', 'Q4'])
    add(`ramped capacity ${q}`, part(a.quarters, q), part(b.quarters, q));
  return rows;
}

/** The table of a comparison. */
export function compareText(a: string, b: string, rows: readonly CompareRow[]): string {
  const fmt = (n: number) => n.toLocaleString('en-US');
  return table([
    ['figure', a, b, 'delta'],
    ...rows.map((r) => [
      r.figure,
      fmt(r.a),
      fmt(r.b),
      r.delta > 0 ? `+${fmt(r.delta)}` : r.delta === 0 ? '' : fmt(r.delta),
    ]),
  ]);
}

/** revloops.yaml with the active scenario set: the one `scenario:` line changed or added under `name:`. */
function withActiveScenario(text: string, name: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /^scenario:/.test(l));
  if (at >= 0) {
    const comment = /\s#.*$/.exec(lines[at] as string)?.[0] ?? '';
    lines[at] = `scenario: ${name}${comment}`;
  } else {
    const after = lines.findIndex((l) => /^name:/.test(l));
    lines.splice(after + 1, 0, `scenario: ${name}`);
  }
  return lines.join('\n');
}

/** `revloops scenario compare|promote|show`. */
export function registerScenario(program: Command, rt: CliRuntime): void {
  const scenario = program.command('scenario').description('model, compare and promote planning scenarios');
  common(scenario.command('compare <a> <b>'))
    .description(
      'capacity against target by segment, territory and quarter, side by side with deltas (b − a)',
    )
    .action(async (a: string, b: string, opts: CommonOptions) => {
      await withWorkspace(opts, rt.setup, async ({ engine }) => {
        const rows = compareModels(await modelScenario(engine, a), await modelScenario(engine, b));
        emit(rt, opts, { a, b, rows }, () => compareText(a, b, rows));
      });
    });
  common(scenario.command('promote <name>'))
    .description('make a scenario the active one: one line of revloops.yaml (a commit in a git workspace)')
    .action(async (name: string, opts: CommonOptions) => {
      const dir = workspaceDir(opts);
      await withWorkspace(opts, rt.setup, async ({ engine }) => {
        const loaded = engine.workspace.loops.get('design');
        if (loaded) validateScenario(resolveScenario(dir, name), loaded.loop.input);
        else resolveScenario(dir, name);
      });
      const file = join(dir, 'revloops.yaml');
      const before = readFileSync(file, 'utf8');
      const previous = /^scenario:\s*([^\s#]+)/m.exec(before)?.[1] ?? null;
      if (previous === name) {
        emit(
          rt,
          opts,
          { scenario: name, changed: false, commit: null },
          () => `${name} is already the active scenario.`,
        );
        return;
      }
      writeFileSync(file, withActiveScenario(before, name));
      try {
        await loadWorkspace(dir, { loops: rt.setup.loops ?? [] });
      } catch (err) {
        writeFileSync(file, before);
        throw err;
      }
      const commit = commitFile(dir, file, `Promote scenario ${name}${previous ? ` (was ${previous})` : ''}`);
      // Opening the workspace records the config versions the new scenario gives its loops; design
      // (when enabled) takes the promotion as an event and hands the plan's ramp to route.
      const handed = await withWorkspace(opts, rt.setup, async ({ engine, store, workspace }) => {
        const design = engine.workspace.loops.get('design');
        if (!design?.enabled) return [];
        const now = (rt.setup.clock ?? (() => new Date()))();
        // The people the plan names, as the workspace's files have them, before route looks them up.
        await loadWorkspaceRecords(workspace, store, now.toISOString());
        await engine.emit({
          type: 'scenario.promoted',
          payload: resolveScenario(dir, name).data,
          subject: `scenario:${name}`,
          source: 'cli',
          idempotencyKey: `scenario.promoted:${name}:${now.toISOString()}`,
        });
        return (await engine.drain()).decisionIds;
      });
      emit(
        rt,
        opts,
        { scenario: name, previous, changed: true, commit, decisions: handed },
        () =>
          `${name} is now the active scenario${previous ? ` (was ${previous})` : ''}${commit ? `; committed ${commit.slice(0, 12)}` : ''}.${handed.length > 0 ? ` ${handed.length} decision(s): design handed the plan's ramp to route.` : ''} Run revloops plan deploy to see what changes.`,
      );
    });
}
