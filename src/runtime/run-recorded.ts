import type { AgentGateway, LookupGateway } from '../kernel/index.js';
import { type Decision, executeLoop, type Json, type RunResult } from '../kernel/index.js';
import type { Store } from '../store/index.js';
import type { LoadedLoop } from '../workspace/index.js';
import { newId, newSeed } from './ids.js';
import { recordingLookups, workspaceLookups } from './lookups.js';
import { recordingAgents, recordingReader, storeReader } from './recording.js';

/** One run of a loop: its input and subject, the instant, and what the decision answers. */
export interface RecordedRun {
  input: Json;
  subject: string | null;
  now: Date;
  /** The event type the decision is filed under (`model.run`, `materialize.plan`, or the event's). */
  eventType: string;
  /** The event the decision answers, if any, and its place in a chain (default: a root of its own). */
  eventId?: string | null;
  parentIds?: string[];
  rootId?: string;
}

/**
 * Runs a loop once with its reads, lookups and agent answers recorded, and builds the live decision
 * (not stored yet), so replay can recompute it from the same clock, seed, reads and answers. Lookups
 * go to `engine.lookups` when given, else to the workspace's own (HTTP, and files under data/).
 */
export async function runRecorded(
  engine: { store: Store; agents: AgentGateway; workspace?: { dir: string }; lookups?: LookupGateway },
  loaded: LoadedLoop,
  run: RecordedRun,
): Promise<{ decision: Decision; result: RunResult }> {
  const started = performance.now();
  const id = newId('dec', run.now);
  const seed = newSeed();
  const now = run.now.toISOString();
  const { reader, reads } = recordingReader(storeReader(engine.store));
  const { gateway, answers } = recordingAgents(engine.agents.forLoop?.(loaded.name) ?? engine.agents);
  const live = engine.lookups ?? (engine.workspace ? workspaceLookups(engine.workspace.dir) : undefined);
  const result = await executeLoop({
    loop: loaded.loop,
    config: loaded.config,
    configVersion: loaded.version,
    input: run.input,
    subject: run.subject,
    idBase: id,
    now,
    seed,
    records: reader,
    agents: gateway,
    eventType: run.eventType,
    ...(live ? { lookups: recordingLookups(live, reads) } : {}),
  });
  const decision: Decision = {
    id,
    loop: loaded.name,
    loopVersion: loaded.loop.version,
    configVersion: loaded.version,
    gitSha: loaded.gitSha,
    mode: 'live',
    subject: result.decided.subject,
    eventId: run.eventId ?? null,
    eventType: run.eventType,
    parentIds: run.parentIds ?? [],
    rootId: run.rootId ?? id,
    input: run.input,
    output: result.decided.output as Json,
    effects: result.effects,
    trace: result.trace,
    reasons: [...result.decided.reasons],
    confidence: result.decided.confidence,
    reads,
    agentAnswers: answers,
    now,
    seed,
    latencyMs: performance.now() - started,
    createdAt: new Date().toISOString(),
  };
  return { decision, result };
}
