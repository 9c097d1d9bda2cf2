import {
  type Decision,
  executeLoop,
  type Json,
  type JsonObject,
  type RecordKind,
  RevloopsError,
} from '../kernel/index.js';
import { getConfigVersion, getDecision, getEvent, listDecisions, type Store } from '../store/index.js';
import type { LoopRegistry } from '../workspace/index.js';
import { type FirstDifference, firstDifference } from './diff.js';
import {
  isGovernanceDecision,
  isReviewHookDecision,
  replayGovernance,
  reviewRunner,
} from './governance-decision.js';
import { replayLookups } from './lookups.js';
import { changeDecisionParts, diffRecord } from './materialize.js';
import { replayAgents, replayReader } from './recording.js';

/** The outcome of replaying one decision. */
export interface ReplayResult {
  id: string;
  loop: string;
  identical: boolean;
  difference?: FirstDifference;
  note?: string;
}

/** The outcome of replaying many decisions. */
export interface ReplayReport {
  checked: number;
  identical: number;
  different: number;
  results: ReplayResult[];
}

/** The parts of a decision that replay must reproduce exactly. */
function comparable(
  d: Pick<Decision, 'output' | 'effects' | 'trace' | 'confidence' | 'reasons' | 'subject'>,
): Json {
  return JSON.parse(
    JSON.stringify({
      output: d.output,
      effects: d.effects,
      trace: d.trace,
      confidence: d.confidence,
      reasons: d.reasons,
      subject: d.subject,
    }),
  ) as Json;
}

/**
 * Recomputes a decision from its stored input with the recorded clock, seed, reads and agent
 * answers, under the config version it was made with, and compares the result field by field.
 */
async function replayDecision(store: Store, registry: LoopRegistry, d: Decision): Promise<ReplayResult> {
  const loop = registry.get(d.loop);
  if (!loop)
    return {
      id: d.id,
      loop: d.loop,
      identical: false,
      note: `loop ${d.loop} is not registered`,
      difference: { path: 'loop', expected: d.loop, actual: null },
    };
  const versions = await getConfigVersion(store.db, d.loop, d.configVersion);
  const version = versions.find((v) => v.hash === d.configVersion);
  if (!version) {
    return {
      id: d.id,
      loop: d.loop,
      identical: false,
      note: `config version ${d.configVersion} is not stored`,
      difference: { path: 'configVersion', expected: d.configVersion, actual: null },
    };
  }
  const note =
    loop.version === d.loopVersion
      ? undefined
      : `logic version is now ${loop.version}; the decision was made by ${d.loopVersion}`;
  if (d.eventType === 'materialize.apply') return replayAppliedChange(d);
  if (isGovernanceDecision(d)) {
    const difference = replayGovernance(d, loop, JSON.parse(version.content));
    return {
      id: d.id,
      loop: d.loop,
      identical: difference === undefined,
      ...(difference ? { difference } : {}),
    };
  }
  // A shadow decision answers its live twin's event: the run saw that event's subject.
  const twin =
    d.mode === 'shadow' && d.parentIds[0] ? await getDecision(store.db, d.parentIds[0]) : undefined;
  const eventId = d.eventId ?? twin?.eventId;
  const event = eventId ? await getEvent(store.db, eventId) : undefined;
  let recomputed: Json;
  try {
    const result = await executeLoop({
      loop: isReviewHookDecision(d) ? reviewRunner(loop) : loop,
      config: JSON.parse(version.content),
      configVersion: d.configVersion,
      input: d.input,
      subject: event ? event.subject : d.subject,
      idBase: d.id,
      now: d.now,
      seed: d.seed,
      records: replayReader(d.reads),
      agents: replayAgents(d.agentAnswers),
      lookups: replayLookups(d.reads),
      eventType: d.eventType,
    });
    recomputed = comparable({
      output: result.decided.output as Json,
      effects: result.effects,
      trace: result.trace,
      confidence: result.decided.confidence,
      reasons: [...result.decided.reasons],
      subject: result.decided.subject,
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      id: d.id,
      loop: d.loop,
      identical: false,
      note: `replay failed: ${message}`,
      difference: { path: '(run)', expected: 'a decision', actual: message },
    };
  }
  const difference = firstDifference(comparable(d), recomputed);
  const base = { id: d.id, loop: d.loop, identical: difference === undefined };
  return { ...base, ...(difference ? { difference } : {}), ...(note ? { note } : {}) };
}

/** An applied plan change replays by diffing its recorded before-state against its desired state again. */
function replayAppliedChange(d: Decision): ReplayResult {
  const input = d.input as {
    kind: RecordKind;
    id: string;
    before: JsonObject | null;
    desired: JsonObject | null;
    /** A field patch on a record the loop does not own. */
    patch?: true;
  };
  const diffed = diffRecord(input.kind, input.id, input.before, input.desired);
  const change = diffed && input.patch ? { ...diffed, patch: true as const } : diffed;
  if (!change)
    return {
      id: d.id,
      loop: d.loop,
      identical: false,
      difference: { path: 'output', expected: d.output, actual: null },
    };
  const difference = firstDifference(
    comparable(d),
    comparable(changeDecisionParts(d.id, d.parentIds[0] ?? '', change)),
  );
  return {
    id: d.id,
    loop: d.loop,
    identical: difference === undefined,
    ...(difference ? { difference } : {}),
  };
}

/** Replays one decision by id. */
export async function replayOne(store: Store, registry: LoopRegistry, id: string): Promise<ReplayReport> {
  const d = await getDecision(store.db, id);
  if (!d) throw new RevloopsError('NOT_FOUND', `no decision ${id}`);
  return summarize([await replayDecision(store, registry, d)]);
}

/** Replays every stored decision (optionally of one loop), page by page. */
export async function replayAll(
  store: Store,
  registry: LoopRegistry,
  options: { loop?: string; since?: string } = {},
): Promise<ReplayReport> {
  const results: ReplayResult[] = [];
  let afterId: string | undefined;
  for (;;) {
    const page = await listDecisions(store.db, { ...options, limit: 500, ...(afterId ? { afterId } : {}) });
    for (const d of page) results.push(await replayDecision(store, registry, d));
    const last = page.at(-1);
    if (!last || page.length < 500) break;
    afterId = last.id;
  }
  return summarize(results);
}

function summarize(results: ReplayResult[]): ReplayReport {
  const identical = results.filter((r) => r.identical).length;
  return { checked: results.length, identical, different: results.length - identical, results };
}
