import { resolve } from 'node:path';
import type { Command } from 'commander';
import { type Json, RevloopsError, triggerEventType } from '../../kernel/index.js';
import type { RouteConfig } from '../../loops/route/config.js';
import { type FairnessLedger, fairnessLedger, type LedgerDecision } from '../../loops/route/fairness.js';
import {
  recordSimulation,
  type SimulatedRun,
  type SimulationInput,
  simulateChange,
  workspaceMapping,
} from '../../runtime/index.js';
import { mapRows } from '../../runtime/intake/map-rows.js';
import { listDecisions, type Store } from '../../store/index.js';
import { type LoadedLoop, loadLoopConfigFile, type Workspace } from '../../workspace/index.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { table } from '../io.js';
import { type CliRuntime, common, emit } from '../program.js';
import { sinceInstant } from './route.js';

type Options = CommonOptions & { config: string; against?: string; since?: string; show: string };

/** Output fields with more distinct values than this are ids or instants, not outcomes to count. */
const MAX_VALUES = 60;

type Scalar = string | number | boolean | null;

function scalars(output: Json | null): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  if (output && typeof output === 'object' && !Array.isArray(output))
    for (const [k, v] of Object.entries(output))
      if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  return out;
}

/** Before/after counts of each value of each scalar output field (rule, assignee, queue...). */
class Tally {
  readonly fields = new Map<string, Map<string, { before: number; after: number }>>();
  private readonly wide = new Set<string>();

  add(side: 'before' | 'after', values: Record<string, Scalar>): void {
    for (const [field, v] of Object.entries(values)) {
      if (this.wide.has(field)) continue;
      let counts = this.fields.get(field);
      if (!counts) {
        counts = new Map();
        this.fields.set(field, counts);
      }
      const key = v === null ? '(none)' : String(v);
      const c = counts.get(key) ?? { before: 0, after: 0 };
      c[side]++;
      counts.set(key, c);
      if (counts.size > MAX_VALUES) {
        this.wide.add(field);
        this.fields.delete(field);
      }
    }
  }

  /** The outcome fields: not ids (every value once, on both sides) nor instants. */
  toJSON(): Record<string, Record<string, { before: number; after: number }>> {
    const isId = (counts: Map<string, { before: number; after: number }>) =>
      counts.size > 5 &&
      ([...counts.values()].every((c) => c.before <= 1 && c.after <= 1) ||
        [...counts.keys()].every((k) => k === '(none)' || /^\d{4}-\d{2}-\d{2}T/.test(k)));
    return Object.fromEntries(
      [...this.fields]
        .filter(([, counts]) => !isId(counts))
        .map(([f, counts]) => [f, Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)))]),
    );
  }
}

/** The pool steps of a route run, kept for the fairness ledgers (the rest of the trace is dropped). */
function ledgerRun(run: SimulatedRun): LedgerDecision | undefined {
  const trace = run.trace.filter((t) => t.kind === 'step' && t.name.startsWith('pool-'));
  return trace.length === 0 || run.output === null
    ? undefined
    : { id: run.id, now: run.now, output: run.output, trace };
}

async function* fileInputs(
  workspace: Workspace,
  file: string,
  type: string,
  now: string,
): AsyncGenerator<SimulationInput> {
  const located = workspaceMapping(workspace, type);
  const rows: SimulationInput[] = [];
  const { rejected } = await mapRows(resolve(file), {
    mapping: located?.mapping ?? null,
    ...(located ? { origin: located.origin } : {}),
    batchSize: 1000,
    write: async (batch) => {
      for (const { row, value } of batch) {
        const at = [value.routedAt, value.qualifiedAt, value.createdAt].find((v) => typeof v === 'string');
        rows.push({
          id: typeof value.leadId === 'string' ? value.leadId : `row ${row}`,
          input: value,
          now: typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? new Date(at).toISOString() : now,
          subject: null,
          eventType: type,
        });
      }
      return [];
    },
  });
  if (rejected.length > 0)
    throw new RevloopsError(
      'USAGE',
      `${file}: ${rejected.length} row(s) could not be read (first: row ${rejected[0]?.row}: ${rejected[0]?.reason})`,
    );
  yield* rows;
}

async function* historyInputs(
  store: Store,
  loop: string,
  type: string,
  since: string,
): AsyncGenerator<SimulationInput> {
  let afterId: string | undefined;
  for (;;) {
    const page = await listDecisions(store.db, {
      loop,
      since,
      mode: 'live',
      limit: 1000,
      ...(afterId ? { afterId } : {}),
    });
    for (const d of page)
      if (d.eventType === type)
        yield {
          id: d.subject ?? d.id,
          input: d.input,
          now: d.now,
          subject: d.subject,
          eventType: type,
          reads: d.reads,
        };
    afterId = page.at(-1)?.id;
    if (page.length < 1000) return;
  }
}

interface Report {
  loop: string;
  active: { source: string; version: string };
  proposed: { source: string; version: string };
  inputs: number;
  changed: number;
  errors: { before: number; after: number; first?: string };
  outcomes: ReturnType<Tally['toJSON']>;
  changes: { id: string; before: Record<string, Scalar>; after: Record<string, Scalar> }[];
  fairness?: Record<string, { before: FairnessLedger; after: FairnessLedger }>;
}

function human(r: Report): string {
  const lines = [
    `simulated ${r.inputs} input(s) of ${r.loop}: active ${r.active.source} (${r.active.version.slice(0, 12)}) vs proposed ${r.proposed.source} (${r.proposed.version.slice(0, 12)})`,
    `${r.changed} changed (${r.inputs ? ((100 * r.changed) / r.inputs).toFixed(1) : '0.0'}%); failed runs: ${r.errors.before} before, ${r.errors.after} after${r.errors.first ? ` (first: ${r.errors.first})` : ''}`,
  ];
  for (const [field, counts] of Object.entries(r.outcomes)) {
    const rows = Object.entries(counts).filter(([, c]) => c.before !== c.after || c.before > 0);
    if (rows.length === 0) continue;
    lines.push(
      '',
      table([
        [field, 'before', 'after', 'change'],
        ...rows.map(([v, c]) => [
          v,
          String(c.before),
          String(c.after),
          `${c.after - c.before > 0 ? '+' : ''}${c.after - c.before}`,
        ]),
      ]),
    );
  }
  if (r.changes.length > 0) {
    lines.push('', `changed (first ${r.changes.length}):`);
    for (const c of r.changes) {
      const diff = Object.keys({ ...c.before, ...c.after })
        .filter((k) => c.before[k] !== c.after[k])
        .map((k) => `${k} ${c.before[k] ?? '-'} → ${c.after[k] ?? '-'}`);
      lines.push(`  ${c.id}: ${diff.join(', ')}`);
    }
  }
  for (const [pool, { before, after }] of Object.entries(r.fairness ?? {})) {
    const users = [...new Set([...before.rows, ...after.rows].map((x) => x.user))];
    const row = (l: FairnessLedger, u: string) => l.rows.find((x) => x.user === u);
    lines.push(
      '',
      `fairness of pool ${pool}: max relative deviation ${before.maxRelativeDeviation} before, ${after.maxRelativeDeviation} after`,
      table([
        ['member', 'assigned before', 'share', 'assigned after', 'share'],
        ...users.map((u) => [
          u,
          String(row(before, u)?.assigned ?? 0),
          `${(100 * (row(before, u)?.share ?? 0)).toFixed(1)}%`,
          String(row(after, u)?.assigned ?? 0),
          `${(100 * (row(after, u)?.share ?? 0)).toFixed(1)}%`,
        ]),
      ]),
    );
  }
  return lines.join('\n');
}

/** Fairness ledgers of every pool of either route config, before and after. */
function routeFairness(
  active: LoadedLoop,
  proposed: LoadedLoop,
  runs: { before: LedgerDecision[]; after: LedgerDecision[] },
  since: string,
): Record<string, { before: FairnessLedger; after: FairnessLedger }> {
  const a = (active.config as RouteConfig).pools;
  const p = (proposed.config as RouteConfig).pools;
  const out: Record<string, { before: FairnessLedger; after: FairnessLedger }> = {};
  for (const pool of new Set([...Object.keys(a), ...Object.keys(p)])) {
    const before = fairnessLedger(pool, a[pool], runs.before, { since });
    const after = fairnessLedger(pool, p[pool], runs.after, { since });
    if (before.picks + after.picks > 0) out[pool] = { before, after };
  }
  return out;
}

/** `revloops simulate <loop>`: a proposed config against history, with nothing written, and the difference. */
export function registerSimulate(program: Command, rt: CliRuntime): void {
  common(program.command('simulate <loop>'))
    .description(
      'run a proposed loop config beside the active one over historical inputs, writing nothing, and show what would change',
    )
    .requiredOption('--config <file>', 'the proposed loop config (a loops/<loop>.yaml file)')
    .option('--against <file>', 'historical inputs: a .csv or .jsonl file of the loop input (e.g. leads)')
    .option(
      '--since <span>',
      'or the inputs the loop decided on since then: 30d, 24h, or an ISO-8601 instant',
    )
    .option('--show <n>', 'changed inputs to list', '20')
    .action(async (loopName: string, opts: Options) => {
      if (!opts.against === !opts.since)
        throw new RevloopsError(
          'USAGE',
          'give the history to simulate against: --against <file> or --since <span>',
        );
      const now = (rt.setup.clock ?? (() => new Date()))();
      await withWorkspace(opts, rt.setup, async ({ store, workspace, engine }) => {
        const active = workspace.loops.get(loopName);
        if (!active) throw new RevloopsError('USAGE', `the workspace does not configure loop ${loopName}`);
        const proposed = loadLoopConfigFile(workspace, opts.config, loopName);
        const type = active.loop.triggers
          .map((t) => triggerEventType(t, loopName))
          .find((t) => t !== undefined);
        if (!type) throw new RevloopsError('USAGE', `loop ${loopName} takes no events to simulate`);
        const since = opts.since ? sinceInstant(opts.since, now) : now.toISOString();
        const inputs = opts.against
          ? fileInputs(workspace, opts.against, type, now.toISOString())
          : historyInputs(store, loopName, type, since);
        const show = Number(opts.show);
        const tally = new Tally();
        const report: Report = {
          loop: loopName,
          active: { source: active.source, version: active.version },
          proposed: { source: opts.config, version: proposed.version },
          inputs: 0,
          changed: 0,
          errors: { before: 0, after: 0 },
          outcomes: {},
          changes: [],
        };
        const ledger = { before: [] as LedgerDecision[], after: [] as LedgerDecision[] };
        let first: string | undefined;
        report.inputs = await simulateChange({
          store,
          workspaceDir: workspace.dir,
          active,
          proposed,
          agents: engine.agents,
          inputs,
          onPair: (before, after) => {
            const b = scalars(before.output);
            const a = scalars(after.output);
            tally.add('before', b);
            tally.add('after', a);
            if (before.error) report.errors.before++;
            if (after.error) report.errors.after++;
            first ??= before.error ?? after.error;
            if (JSON.stringify(b) !== JSON.stringify(a) || before.error !== after.error) {
              report.changed++;
              if (report.changes.length < show) report.changes.push({ id: before.id, before: b, after: a });
            }
            if (loopName === 'route') {
              const lb = ledgerRun(before);
              const la = ledgerRun(after);
              if (lb) ledger.before.push(lb);
              if (la) ledger.after.push(la);
            }
          },
        });
        if (first) report.errors.first = first;
        report.outcomes = tally.toJSON();
        const ruleCounts = (side: 'before' | 'after') =>
          Object.fromEntries(
            Object.entries(report.outcomes.rule ?? {})
              .filter(([rule]) => rule !== '(none)')
              .map(([rule, c]) => [rule, c[side]]),
          );
        await recordSimulation(
          store,
          {
            loop: loopName,
            activeVersion: active.version,
            proposedVersion: proposed.version,
            inputs: report.inputs,
            changed: report.changed,
            rules: { before: ruleCounts('before'), after: ruleCounts('after') },
          },
          now,
        );
        if (loopName === 'route') {
          const start = [...ledger.before, ...ledger.after].map((d) => d.now).sort()[0] ?? since;
          report.fairness = routeFairness(active, proposed, ledger, start);
        }
        emit(rt, opts, report, () => human(report));
      });
    });
}
