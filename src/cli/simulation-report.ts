import { resolve } from 'node:path';
import { type Json, RevloopsError, triggerEventType } from '../kernel/index.js';
import type { RouteConfig } from '../loops/route/config.js';
import { type FairnessLedger, fairnessLedger, type LedgerDecision } from '../loops/route/fairness.js';
import {
  type Engine,
  recordSimulation,
  type SimulatedRun,
  type SimulationInput,
  simulateChange,
  workspaceMapping,
} from '../runtime/index.js';
import { mapRows } from '../runtime/intake/map-rows.js';
import { listDecisions, type Store } from '../store/index.js';
import type { LoadedLoop, Workspace } from '../workspace/index.js';

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

/** What a simulation found: outcome counts before and after, the changed inputs, route pool fairness. */
export interface SimulationReport {
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

/** What to simulate: a proposed config of a loop against a file of inputs or the decision log since an instant. */
interface SimulationArgs {
  loop: string;
  proposed: LoadedLoop;
  /** Where the proposed config came from (a file, a proposal, a request). */
  proposedSource: string;
  /** A .csv or .jsonl file of inputs; otherwise the live decisions since `since`. */
  against?: string | undefined;
  /** ISO-8601 instant the decision log is read from. */
  since?: string | undefined;
  /** Changed inputs to list. */
  show: number;
  now: Date;
}

/**
 * Runs a proposed loop config beside the active one over historical inputs, write-free, and
 * reports what would change; the summary is kept as a simulation run (validate reads it).
 */
export async function simulationReport(engine: Engine, args: SimulationArgs): Promise<SimulationReport> {
  const { store, workspace } = engine;
  const { now, proposed, loop: loopName } = args;
  const active = workspace.loops.get(loopName);
  if (!active) throw new RevloopsError('USAGE', `the workspace does not configure loop ${loopName}`);
  const type = active.loop.triggers.map((t) => triggerEventType(t, loopName)).find((t) => t !== undefined);
  if (!type) throw new RevloopsError('USAGE', `loop ${loopName} takes no events to simulate`);
  const since = args.since ?? now.toISOString();
  const inputs = args.against
    ? fileInputs(workspace, args.against, type, now.toISOString())
    : historyInputs(store, loopName, type, since);
  const show = args.show;
  const tally = new Tally();
  const report: SimulationReport = {
    loop: loopName,
    active: { source: active.source, version: active.version },
    proposed: { source: args.proposedSource, version: proposed.version },
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
  return report;
}
