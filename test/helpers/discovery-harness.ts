import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { createAgentGateway } from '../../src/agents/index.js';
import {
  type AgentGateway,
  baseMetrics,
  type Decision,
  defineLoop,
  type JsonObject,
} from '../../src/kernel/index.js';
import {
  DiscoveryConfig,
  DiscoveryOutput,
  discoverOpportunity,
  discoveryFeedback,
  discoveryMetrics,
  LeadNurture,
  NOTES_EVENT,
  NURTURE_EVENT,
  OpportunityNotes,
  OpportunitySqo,
  SQO_EVENT,
} from '../../src/loops/engage/discovery/index.js';
import { Engine, type ReplayReport, replayAll } from '../../src/runtime/index.js';
import { applyRecordWrites, getRecord, listDecisions, openStore, type Store } from '../../src/store/index.js';
import { contentHash, type LoopRegistry, type Workspace } from '../../src/workspace/index.js';
import { WorkspaceConfig } from '../../src/workspace/workspace-config.js';

const TestConfig = z.strictObject({ discovery: DiscoveryConfig.prefault({}) });
type TestConfig = z.infer<typeof TestConfig>;

/** A minimal loop around discovery, so tests run it through the real engine and store. */
const discoveryTestLoop = defineLoop({
  name: 'discovery-test',
  version: '1.0.0',
  description: 'Runs engage discovery on opportunity.notes events (tests only).',
  archetypes: ['event'],
  config: TestConfig,
  triggers: [{ kind: 'event', on: NOTES_EVENT }],
  input: OpportunityNotes,
  output: DiscoveryOutput,
  outputs: ['decision', 'record_write', 'task', 'handoff', 'review_item'],
  emits: [
    { type: SQO_EVENT, schema: OpportunitySqo, description: 'An SQO for pursue.' },
    { type: NURTURE_EVENT, schema: LeadNurture, description: 'A disqualified opportunity.' },
  ],
  run: (ctx, input) => discoverOpportunity(ctx, ctx.config.discovery, input),
  metrics: [...baseMetrics, ...discoveryMetrics],
  feedback: [discoveryFeedback<TestConfig>((c) => c.discovery)],
});

/** The test loop on a fresh SQLite file, with a fixed clock. */
export interface DiscoveryHarness {
  store: Store;
  seedOpportunity(id: string, values: JsonObject): Promise<void>;
  notes(opportunityId: string, text: string): Promise<Decision>;
  record(id: string): Promise<JsonObject | null>;
  replay(): Promise<ReplayReport>;
  close(): Promise<void>;
}

/** Opens the harness with a `discovery:` block and an agent gateway (the heuristic by default). */
export async function discoveryHarness(
  discovery: unknown,
  agents: AgentGateway = createAgentGateway({ provider: 'heuristic' }, { env: {} }),
): Promise<DiscoveryHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'revloops-discovery-'));
  const store = await openStore({ kind: 'sqlite', path: join(dir, 'store.db') });
  const config = TestConfig.parse({ discovery });
  const registry: LoopRegistry = {
    get: (name) => (name === discoveryTestLoop.name ? discoveryTestLoop : undefined),
    origin: () => 'code',
    all: () => [discoveryTestLoop],
  };
  const wsConfig = WorkspaceConfig.parse({ name: 'discovery-test', loops: [discoveryTestLoop.name] });
  const entry = {
    name: discoveryTestLoop.name,
    loop: discoveryTestLoop,
    config,
    version: contentHash(config),
    gitSha: null,
    source: 'loops/discovery-test.yaml',
    enabled: true,
  };
  const workspace: Workspace = {
    dir,
    config: wsConfig,
    version: contentHash(wsConfig),
    gitSha: null,
    registry,
    loops: new Map([[entry.name, entry]]),
    warnings: [],
  };
  const now = new Date('2026-11-24T15:00:00.000Z');
  const engine = new Engine({ workspace, store, clock: () => now, agents });
  await engine.recordConfigVersions();
  let seq = 0;
  return {
    store,
    seedOpportunity: (id, values) =>
      applyRecordWrites(store.db, [{ kind: 'opportunity', id, op: 'upsert', values }], now.toISOString()),
    notes: async (opportunityId, text) => {
      await engine.emit({
        type: NOTES_EVENT,
        payload: { opportunityId, text },
        subject: `opportunity:${opportunityId}`,
        idempotencyKey: `notes:${seq++}`,
      });
      await engine.drain();
      const all = await listDecisions(store.db, { loop: discoveryTestLoop.name });
      const last = all.at(-1);
      if (!last) throw new Error('no decision was made');
      return last;
    },
    record: async (id) => (await getRecord(store.db, 'opportunity', id))?.values ?? null,
    replay: () => replayAll(store, registry, { loop: discoveryTestLoop.name }),
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
