import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentGateway, Decision, JsonObject, RecordKind } from '../../src/kernel/index.js';
import { RouteConfig } from '../../src/loops/route/config.js';
import { routeLoop } from '../../src/loops/route/loop.js';
import { Engine, type ProcessReport, type ReplayReport, replayAll } from '../../src/runtime/index.js';
import { fireSchedules } from '../../src/runtime/scheduler.js';
import { applyRecordWrites, getRecord, listDecisions, openStore, type Store } from '../../src/store/index.js';
import { contentHash, type LoopRegistry, type Workspace } from '../../src/workspace/index.js';
import { WorkspaceConfig } from '../../src/workspace/workspace-config.js';

/** A route loop on a real SQLite file, driven through the real engine with a clock the test moves. */
export interface RouteHarness {
  store: Store;
  engine: Engine;
  registry: LoopRegistry;
  config: RouteConfig;
  setNow(iso: string): void;
  now(): Date;
  /** Writes records of work directly, as an import or CRM sync would. */
  seed(kind: RecordKind, id: string, values: JsonObject): Promise<void>;
  /** Emits lead.qualified payloads (one event each) and processes everything that follows. */
  qualified(...payloads: JsonObject[]): Promise<ProcessReport>;
  /** Fires the route schedule at the current instant and processes what follows. */
  tick(): Promise<ProcessReport>;
  record(kind: RecordKind, id: string): Promise<JsonObject | null>;
  decisions(): Promise<Decision[]>;
  replay(): Promise<ReplayReport>;
  close(): Promise<void>;
}

/** Opens a fresh store with the route loop configured by `config` (a loops/route.yaml body). */
export async function routeHarness(
  config: unknown,
  options: { agents?: AgentGateway; now?: string } = {},
): Promise<RouteHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'revloops-route-'));
  const store = await openStore({ kind: 'sqlite', path: join(dir, 'store.db') });
  const parsed = RouteConfig.parse(config);
  const registry: LoopRegistry = {
    get: (name) => (name === 'route' ? routeLoop : undefined),
    origin: () => 'code',
    all: () => [routeLoop],
  };
  const wsConfig = WorkspaceConfig.parse({ name: 'route-test', loops: ['route'] });
  const workspace: Workspace = {
    dir,
    config: wsConfig,
    version: contentHash(wsConfig),
    gitSha: null,
    registry,
    loops: new Map([
      [
        'route',
        {
          name: 'route',
          loop: routeLoop,
          config: parsed,
          version: contentHash(parsed),
          gitSha: null,
          source: 'loops/route.yaml',
          enabled: true,
        },
      ],
    ]),
    warnings: [],
  };
  let now = new Date(options.now ?? '2026-11-24T15:00:00.000Z');
  const engine = new Engine({
    workspace,
    store,
    clock: () => now,
    ...(options.agents ? { agents: options.agents } : {}),
  });
  await engine.recordConfigVersions();
  await fireSchedules(engine, now); // first sight of the schedule: nothing was missed
  let seq = 0;
  return {
    store,
    engine,
    registry,
    config: parsed,
    setNow: (iso) => {
      now = new Date(iso);
    },
    now: () => now,
    seed: (kind, id, values) =>
      applyRecordWrites(store.db, [{ kind, id, op: 'upsert', values }], now.toISOString()),
    qualified: async (...payloads) => {
      for (const payload of payloads)
        await engine.emit({
          type: 'lead.qualified',
          payload,
          subject: `lead:${String(payload.leadId)}`,
          idempotencyKey: `test:${seq++}:${String(payload.leadId)}`,
        });
      return engine.drain();
    },
    tick: async () => {
      await fireSchedules(engine, now);
      return engine.drain();
    },
    record: async (kind, id) => (await getRecord(store.db, kind, id))?.values ?? null,
    decisions: () => listDecisions(store.db, { loop: 'route' }),
    replay: () => replayAll(store, registry, { loop: 'route' }),
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A user record in New York, 09:00-17:00 Monday to Friday, with `extra` fields. */
export function nyUser(name: string, extra: JsonObject = {}): JsonObject {
  return {
    email: `${name.toLowerCase().replace(/ /g, '.')}@acme.io`,
    name,
    role: 'ae',
    timezone: 'America/New_York',
    active: true,
    workingHours: { start: '09:00', end: '17:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
    ...extra,
  };
}
