import {
  type FeedbackSpec,
  type Finding,
  type Json,
  type MetricSummary,
  RevloopsError,
} from '../kernel/index.js';
import { type Engine, governanceDecision } from '../runtime/index.js';
import { decisionsInWindow } from '../store/ops/governance-decisions.js';
import { listProposals } from '../store/ops/proposals.js';
import { contentHash, governanceOf, type LoadedLoop, spanMs } from '../workspace/index.js';
import { autonomyFor } from './autonomy.js';
import { loopMetricSummaries } from './metric-rollup.js';
import { toProposal } from './proposal.js';
import { acceptProposal, rollbackProposal } from './proposal-actions.js';
import { draftProposal, ownerOf, storeProposal, writeDecision } from './proposals.js';
import { checkRollback } from './rollback.js';

/** What became of one finding. */
export interface FindingReport {
  loop: string;
  feedback: string;
  level: number;
  severity: Finding['severity'];
  message: string;
  outcome: 'alerted' | 'quiet' | 'proposed' | 'duplicate' | 'auto-accepted' | 'tuned' | 'refused';
  decisionId?: string;
  proposalId?: string;
  note?: string;
}

/** How an accepted proposal does against its rollback criteria. */
interface RollbackReport {
  loop: string;
  proposalId: string;
  state: 'waiting' | 'inside' | 'breached';
  value: number | null;
  decisions: number;
  action: 'none' | 'alerted' | 'quiet' | 'rolled-back';
  decisionId?: string;
}

/** What a feedback run did. */
export interface FeedbackRunReport {
  since: string;
  until: string;
  findings: FindingReport[];
  rollbacks: RollbackReport[];
  errors: { loop: string; feedback: string; message: string }[];
}

const HOUR_MS = 3_600_000;

/** Whether the same feedback already alerted at this severity within the quiet period. */
async function alertedRecently(engine: Engine, loop: string, f: Finding, since: string): Promise<boolean> {
  const recent = await decisionsInWindow(engine.store.db, {
    loop,
    mode: 'feedback',
    from: since,
    eventTypes: ['feedback.finding'],
    limit: 200,
  });
  return recent.some((d) => {
    const o = d.output as { feedback?: unknown; severity?: unknown; alerted?: unknown; proposalId?: unknown };
    return (
      o.feedback === f.feedback &&
      o.severity === f.severity &&
      o.alerted === true &&
      o.proposalId === undefined
    );
  });
}

/** Checks that every change of a level-1 finding stays inside the bounds the config declares. */
function outOfBounds(f: Finding): string | undefined {
  for (const p of f.patch ?? []) {
    const b = p.bounds;
    if (typeof p.to !== 'number' || !b || (b.min === undefined && b.max === undefined))
      return `${p.path} is not a tunable with declared bounds`;
    if ((b.min !== undefined && p.to < b.min) || (b.max !== undefined && p.to > b.max))
      return `${p.path} → ${p.to} is outside its bounds [${b.min ?? '-∞'}, ${b.max ?? '∞'}]`;
  }
  return undefined;
}

interface FindingContext {
  engine: Engine;
  loaded: LoadedLoop;
  spec: FeedbackSpec;
  finding: Finding;
  index: number;
  reads: MetricSummary[];
  since: string;
  until: string;
  now: Date;
}

function findingDecision(c: FindingContext, extra: { proposalId?: string; alert: boolean }) {
  const owner = ownerOf(governanceOf(c.engine.workspace.config), c.loaded.name);
  return governanceDecision({
    loaded: c.loaded,
    mode: 'feedback',
    eventType: 'feedback.finding',
    now: c.now,
    input: {
      feedback: c.spec.name,
      level: c.spec.level,
      index: c.index,
      metrics: c.reads as unknown as Json,
      since: c.since,
      until: c.until,
      owner: owner.owner,
      channel: owner.channel,
      alert: extra.alert,
      ...(extra.proposalId ? { proposalId: extra.proposalId } : {}),
    },
  });
}

/** A level-2 finding (or one without a change): the owner is told, unless told recently. */
async function alert(c: FindingContext, base: Omit<FindingReport, 'outcome'>): Promise<FindingReport> {
  const quiet = governanceOf(c.engine.workspace.config).feedback.quietHours;
  const from = new Date(c.now.getTime() - quiet * HOUR_MS).toISOString();
  if (quiet > 0 && (await alertedRecently(c.engine, c.loaded.name, c.finding, from)))
    return { ...base, outcome: 'quiet', note: `already alerted within ${quiet} h` };
  const decision = findingDecision(c, { alert: true });
  await c.engine.store.transaction((trx) => writeDecision(trx, decision, c.now));
  return { ...base, outcome: 'alerted', decisionId: decision.id };
}

/** A finding with a change: a proposal with backtest (level 3), or a bounded self-tuning (level 1). */
async function propose(c: FindingContext, base: Omit<FindingReport, 'outcome'>): Promise<FindingReport> {
  const { engine, loaded, finding } = c;
  const patch = finding.patch ?? [];
  if (c.spec.level === 1) {
    const refused = outOfBounds(finding);
    if (refused) return { ...base, outcome: 'refused', note: `level-1 change refused: ${refused}` };
  }
  const fingerprint = contentHash({ loop: loaded.name, kind: c.spec.name, patch });
  const open = await listProposals(engine.store.db, {
    loop: loaded.name,
    status: 'open',
    feedback: c.spec.name,
  });
  const same = open.find((o) => o.fingerprint === fingerprint);
  if (same)
    return { ...base, outcome: 'duplicate', proposalId: same.id, note: `proposal ${same.id} is still open` };
  let draft: Awaited<ReturnType<typeof draftProposal>>;
  try {
    draft = await draftProposal(engine, {
      loaded,
      kind: c.spec.name,
      level: c.spec.level === 1 ? 1 : 3,
      title: finding.message,
      patch,
      evidence: {
        finding: finding.evidence,
        severity: finding.severity,
        metrics: c.reads as unknown as Json,
      },
      since: c.since,
      until: c.until,
      feedback: c.spec,
      ...(finding.rollback ? { rollback: finding.rollback } : {}),
      now: c.now,
    });
  } catch (err) {
    if (err instanceof RevloopsError) return { ...base, outcome: 'refused', note: err.message };
    throw err;
  }
  const decision = findingDecision(c, { proposalId: draft.row.id, alert: c.spec.level !== 1 });
  const proposal = await storeProposal(engine, draft, decision, c.now);
  const done = { ...base, decisionId: decision.id, proposalId: proposal.id };
  const governance = governanceOf(engine.workspace.config);
  if (c.spec.level === 1) {
    await acceptProposal(
      engine,
      proposal.id,
      { auto: { rule: 'level-1 tuning within the bounds its config sets' } },
      { now: c.now },
    );
    return { ...done, outcome: 'tuned' };
  }
  const autonomy = await autonomyFor(engine.store.db, governance, proposal);
  if (autonomy && 'grant' in autonomy) {
    await acceptProposal(engine, proposal.id, { auto: autonomy.grant }, { now: c.now });
    return { ...done, outcome: 'auto-accepted', note: autonomy.grant.rule };
  }
  return {
    ...done,
    outcome: 'proposed',
    ...(autonomy && 'refused' in autonomy ? { note: `not automatic: ${autonomy.refused}` } : {}),
  };
}

/** Checks the loop's accepted proposals against their rollback criteria, and acts on a breach. */
async function checkRollbacks(engine: Engine, loaded: LoadedLoop, now: Date): Promise<RollbackReport[]> {
  const governance = governanceOf(engine.workspace.config);
  const out: RollbackReport[] = [];
  for (const row of await listProposals(engine.store.db, {
    loop: loaded.name,
    status: 'accepted',
    limit: 50,
  })) {
    const p = toProposal(row);
    if (!p.rollback || p.resolution?.toVersion !== loaded.version) continue;
    const check = await checkRollback(engine, loaded, loaded.version, p.rollback);
    const report: RollbackReport = {
      loop: loaded.name,
      proposalId: p.id,
      state: check.state,
      value: check.value,
      decisions: check.decisions,
      action: 'none',
    };
    if (check.state === 'breached') {
      const band = `${p.rollback.metric}${p.rollback.label ? `[${p.rollback.label}]` : ''} ${p.rollback.stat} ${check.value} left [${p.rollback.min ?? '-∞'}, ${p.rollback.max ?? '∞'}] over ${check.decisions} decisions`;
      if (governance.feedback.autoRollback) {
        const r = await rollbackProposal(
          engine,
          p.id,
          { auto: { rule: 'feedback.autoRollback' } },
          { now, reason: `rollback criteria breached: ${band}` },
        );
        Object.assign(report, { action: 'rolled-back', decisionId: r.decision.id });
      } else {
        const quietFrom = new Date(now.getTime() - governance.feedback.quietHours * HOUR_MS).toISOString();
        const recent = await decisionsInWindow(engine.store.db, {
          loop: loaded.name,
          mode: 'feedback',
          from: quietFrom,
          eventTypes: ['proposal.alert'],
          limit: 100,
        });
        if (recent.some((d) => (d.output as { proposalId?: unknown }).proposalId === p.id)) {
          report.action = 'quiet';
        } else {
          const owner = ownerOf(governance, loaded.name);
          const decision = governanceDecision({
            loaded,
            mode: 'feedback',
            eventType: 'proposal.alert',
            now,
            parentIds: p.resolution?.decisionId ? [p.resolution.decisionId] : [],
            input: {
              proposalId: p.id,
              result: {
                proposalId: p.id,
                rollback: 'recommended',
                value: check.value,
                decisions: check.decisions,
              },
              steps: [{ name: 'rollback-criteria', detail: { ...p.rollback } }],
              reasons: [`rollback criteria breached: ${band}`],
              notify: [
                {
                  channel: owner.channel,
                  to: owner.owner,
                  message: `[${loaded.name}] ${p.title}: ${band}. Roll back with revloops proposals rollback ${p.id}`,
                },
              ],
            },
          });
          await engine.store.transaction((trx) => writeDecision(trx, decision, now));
          Object.assign(report, { action: 'alerted', decisionId: decision.id });
        }
      }
    }
    out.push(report);
  }
  return out;
}

/**
 * Runs the monitors, tuners and proposers of every enabled loop (or one) on the metric window:
 * each finding becomes a decision; level 2 alerts the loop's owner through the outbox; level 3
 * opens a proposal with a YAML patch, a backtest and rollback criteria (accepted at once when
 * earned autonomy allows); level 1 tunes within declared bounds. Accepted proposals are checked
 * against their rollback criteria.
 */
export async function runFeedback(
  engine: Engine,
  opts: { loop?: string; now: Date; window?: string },
): Promise<FeedbackRunReport> {
  const governance = governanceOf(engine.workspace.config);
  const window = opts.window ?? governance.feedback.window;
  const ms = spanMs(window);
  if (ms === undefined)
    throw new RevloopsError('USAGE', `--window expects a span such as 7d, 24h or 90m, got ${window}`);
  const until = opts.now.toISOString();
  const since = new Date(opts.now.getTime() - ms).toISOString();
  const loops = [...engine.workspace.loops.values()].filter(
    (l) => l.enabled && (!opts.loop || l.name === opts.loop),
  );
  if (opts.loop && loops.length === 0)
    throw new RevloopsError('LOOP_NOT_FOUND', `no enabled loop ${opts.loop} in this workspace`);
  const report: FeedbackRunReport = { since, until, findings: [], rollbacks: [], errors: [] };
  for (const loaded of loops) {
    const metrics = await loopMetricSummaries(engine.store.db, loaded.name, loaded.loop.metrics, since);
    for (const spec of loaded.loop.feedback) {
      let findings: Finding[];
      try {
        findings = spec.evaluate(metrics, loaded.config);
      } catch (err) {
        report.errors.push({
          loop: loaded.name,
          feedback: spec.name,
          message: err instanceof Error ? err.message : String(err),
        });
        continue;
      }
      const reads = metrics.filter((m) => spec.reads.includes(m.metric));
      for (const [index, finding] of findings.entries()) {
        const c: FindingContext = {
          engine,
          loaded,
          spec,
          finding,
          index,
          reads,
          since,
          until,
          now: opts.now,
        };
        const base = {
          loop: loaded.name,
          feedback: spec.name,
          level: spec.level,
          severity: finding.severity,
          message: finding.message,
        };
        const hasPatch = (finding.patch?.length ?? 0) > 0 && spec.level !== 2;
        report.findings.push(hasPatch ? await propose(c, base) : await alert(c, base));
      }
    }
    report.rollbacks.push(...(await checkRollbacks(engine, loaded, opts.now)));
  }
  return report;
}
