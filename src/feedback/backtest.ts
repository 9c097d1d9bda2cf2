import {
  type Decision,
  type DecisionFacts,
  executeLoop,
  type FeedbackSpec,
  type FieldEdit,
  type Json,
  type JsonObject,
  type MetricSpec,
} from '../kernel/index.js';
import {
  type Engine,
  type FreshCounts,
  fieldEdits,
  recordedFirst,
  workspaceLookups,
} from '../runtime/index.js';
import { getEvent } from '../store/index.js';
import { decisionsInWindow } from '../store/ops/governance-decisions.js';
import { canonicalJson, type LoadedLoop } from '../workspace/index.js';
import { MetricTally, metricStat } from './metric-rollup.js';

/** One metric (and label) before and after, over the same decisions. */
interface BacktestMetric {
  metric: string;
  label: string;
  kind: MetricSpec['kind'];
  /** The label's share of the metric (mix), its mean (value) or its rate per decision (count). */
  stat: 'share' | 'mean' | 'rate';
  before: { count: number; value: number | null };
  after: { count: number; value: number | null };
}

/** The same engine run on recent history with the patched config, compared with what happened. */
export interface Backtest {
  since: string;
  until: string;
  /** Decisions re-run, how many came out differently, and how many could not be re-run. */
  decisions: number;
  changed: number;
  failed: number;
  /** What the patched config asked for that the original runs had not read (served from now). */
  fresh: FreshCounts;
  /** Output fields that changed, with how often, most often first. */
  fields: { path: string; changed: number }[];
  /** Decisions that would change, with what would change. */
  examples: { decisionId: string; subject: string | null; changes: FieldEdit[] }[];
  /** The metrics the proposal targets, before and after. */
  metrics: BacktestMetric[];
  /** Whether the feedback that proposed it would still fire on the re-run decisions. */
  stillFires: boolean | null;
  errors: string[];
}

const asObject = (v: Json): JsonObject =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? v : { value: v };

function facts(
  d: Decision,
  output: Json,
  effects: Decision['effects'],
  trace: Decision['trace'],
  confidence: number | null,
): DecisionFacts {
  return {
    loop: d.loop,
    input: d.input,
    output,
    confidence,
    effects,
    trace,
    latencyMs: d.latencyMs,
    // A metric counted once per subject keeps the latest decision, as it does over the stored ones.
    id: d.id,
    subject: d.subject,
    now: d.now,
  };
}

/** Side-by-side rows for the metrics a feedback reads (every label seen on either side). */
function metricRows(
  specs: readonly MetricSpec[],
  names: readonly string[],
  before: MetricTally,
  after: MetricTally,
): BacktestMetric[] {
  const b = before.summaries();
  const a = after.summaries();
  const rows: BacktestMetric[] = [];
  for (const spec of specs.filter((s) => names.includes(s.name))) {
    const labels = [
      ...new Set([...b, ...a].filter((s) => s.metric === spec.name).map((s) => s.label)),
    ].sort();
    const stat = spec.kind === 'mix' ? 'share' : spec.kind === 'value' ? 'mean' : 'rate';
    for (const label of labels.length > 0 ? labels : ['']) {
      const side = (rowsOf: typeof b, tally: MetricTally) => ({
        count: rowsOf
          .filter((s) => s.metric === spec.name && s.label === label)
          .reduce((n, s) => n + s.count, 0),
        value: metricStat(rowsOf, tally.decisions, {
          metric: spec.name,
          ...(spec.kind === 'mix' ? { label } : {}),
          stat,
        }),
      });
      rows.push({
        metric: spec.name,
        label,
        kind: spec.kind,
        stat,
        before: side(b, before),
        after: side(a, after),
      });
    }
  }
  return rows;
}

/**
 * Re-runs a loop's recent live decisions under a proposed config with what each run saw (recorded
 * reads, lookups and agent answers; only what the new config asks anew comes from now) and
 * compares them with what was decided: changed outputs, examples, and the targeted metrics before
 * and after. Nothing is written.
 */
export async function runBacktest(
  engine: Engine,
  args: {
    loaded: LoadedLoop;
    config: unknown;
    version: string;
    since: string;
    until: string;
    limit: number;
    feedback?: FeedbackSpec;
  },
): Promise<Backtest> {
  const { loaded } = args;
  const history = (
    await decisionsInWindow(engine.store.db, {
      loop: loaded.name,
      mode: 'live',
      from: args.since,
      to: args.until,
      limit: args.limit,
    })
  ).filter((d) => d.eventType !== 'materialize.apply');
  const fresh: FreshCounts = { reads: 0, agentCalls: 0, lookups: 0 };
  const live = {
    store: engine.store,
    agents: engine.agents.forLoop?.(loaded.name) ?? engine.agents,
    lookups: workspaceLookups(engine.workspace.dir),
  };
  const before = new MetricTally(loaded.loop.metrics);
  const after = new MetricTally(loaded.loop.metrics);
  const fields = new Map<string, number>();
  const examples: Backtest['examples'] = [];
  const errors: string[] = [];
  let changed = 0;
  let failed = 0;
  for (const d of history) {
    const event = d.eventId ? await getEvent(engine.store.db, d.eventId) : undefined;
    const io = recordedFirst(d, live, fresh);
    try {
      const r = await executeLoop({
        loop: loaded.loop,
        config: args.config,
        configVersion: args.version,
        input: d.input,
        subject: event ? event.subject : d.subject,
        idBase: d.id,
        now: d.now,
        seed: d.seed,
        records: io.records,
        agents: io.agents,
        lookups: io.lookups,
        eventType: d.eventType,
      });
      const output = r.decided.output as Json;
      before.add(d);
      after.add(facts(d, output, r.effects, r.trace, r.decided.confidence));
      if (canonicalJson(output) === canonicalJson(d.output)) continue;
      changed++;
      const changes = fieldEdits(asObject(d.output), asObject(output));
      for (const c of changes) fields.set(c.path, (fields.get(c.path) ?? 0) + 1);
      if (examples.length < 10)
        examples.push({ decisionId: d.id, subject: d.subject, changes: changes.slice(0, 5) });
    } catch (err) {
      failed++;
      if (errors.length < 3) errors.push(`${d.id}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  // A person's proposal targets no metric in particular: every metric of the loop is compared.
  const reads = args.feedback?.reads ?? loaded.loop.metrics.map((m) => m.name);
  const stillFires = args.feedback
    ? args.feedback.evaluate(after.summaries(), args.config).some((f) => f.feedback === args.feedback?.name)
    : null;
  return {
    since: args.since,
    until: args.until,
    decisions: history.length - failed,
    changed,
    failed,
    fresh,
    fields: [...fields]
      .map(([path, n]) => ({ path, changed: n }))
      .sort((a, b) => b.changed - a.changed)
      .slice(0, 12),
    examples,
    metrics: metricRows(loaded.loop.metrics, reads, before, after),
    stillFires: history.length === 0 ? null : stillFires,
    errors,
  };
}
