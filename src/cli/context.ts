import { resolve } from 'node:path';
import { type AnyLoop, RevloopsError } from '../kernel/index.js';
import { Engine, type EngineOptions } from '../runtime/index.js';
import { openStore, type Store, type StoreLocation } from '../store/index.js';
import { loadWorkspace, type Workspace } from '../workspace/index.js';

/** Options every command understands. */
export interface CommonOptions {
  workspace?: string;
  json?: boolean;
}

/** What the CLI was started with besides argv: loops defined in code (embedding, tests). */
export interface CliSetup {
  loops?: readonly AnyLoop[];
  env?: NodeJS.ProcessEnv;
  clock?: () => Date;
}

/** The workspace folder a command works on. */
export function workspaceDir(opts: CommonOptions): string {
  return resolve(opts.workspace ?? process.cwd());
}

/**
 * Where the workspace's store is: REVLOOPS_DATABASE_URL wins (with REVLOOPS_DATABASE_SCHEMA to
 * keep several workspaces in one database), then revloops.yaml.
 */
function storeLocation(ws: Workspace, env: NodeJS.ProcessEnv): StoreLocation {
  const url = env.REVLOOPS_DATABASE_URL;
  const schema = env.REVLOOPS_DATABASE_SCHEMA;
  if (url) return schema ? { kind: 'postgres', url, schema } : { kind: 'postgres', url };
  const store = ws.config.store;
  if (store.kind === 'postgres') {
    const fromEnv = env[store.urlEnv];
    if (!fromEnv)
      throw new RevloopsError(
        'STORE_UNAVAILABLE',
        `revloops.yaml asks for PostgreSQL but ${store.urlEnv} is not set`,
      );
    return { kind: 'postgres', url: fromEnv };
  }
  return { kind: 'sqlite', path: resolve(ws.dir, store.path) };
}

/** An open workspace, store and engine, closed by `close()`. */
export interface Opened {
  workspace: Workspace;
  store: Store;
  engine: Engine;
  close(): Promise<void>;
}

/** Engine settings a command may tune. */
export type EngineTuning = Pick<EngineOptions, 'batchSize' | 'maxAttempts' | 'worker'>;

/** Loads the workspace (nothing runs if it is invalid), opens its store, records config versions. */
export async function openWorkspace(
  opts: CommonOptions,
  setup: CliSetup,
  tuning: EngineTuning = {},
): Promise<Opened> {
  const workspace = await loadWorkspace(workspaceDir(opts), { loops: setup.loops ?? [] });
  const store = await openStore(storeLocation(workspace, setup.env ?? process.env));
  const { batchSize, maxAttempts, leaseSeconds } = workspace.config.runtime;
  const engine = new Engine({
    workspace,
    store,
    batchSize,
    maxAttempts,
    leaseMs: leaseSeconds * 1000,
    ...tuning,
    ...(setup.clock ? { clock: setup.clock } : {}),
  });
  try {
    await engine.recordConfigVersions();
  } catch (err) {
    await store.close();
    throw err;
  }
  return { workspace, store, engine, close: () => store.close() };
}

/** Runs `fn` with an opened workspace and always closes the store. */
export async function withWorkspace<T>(
  opts: CommonOptions,
  setup: CliSetup,
  fn: (o: Opened) => Promise<T>,
  tuning: EngineTuning = {},
): Promise<T> {
  const opened = await openWorkspace(opts, setup, tuning);
  try {
    return await fn(opened);
  } finally {
    await opened.close();
  }
}
