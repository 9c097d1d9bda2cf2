import { resolve } from 'node:path';
import { storeShadows } from '../feedback/index.js';
import type { AnyLoop } from '../kernel/index.js';
import { Engine, type EngineOptions, workspaceAgents, workspaceStoreLocation } from '../runtime/index.js';
import { openStore, type Store } from '../store/index.js';
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
  const env = setup.env ?? process.env;
  const store = await openStore(workspaceStoreLocation(workspace, env));
  const { batchSize, maxAttempts, leaseSeconds, concurrency } = workspace.config.runtime;
  const engine = new Engine({
    workspace,
    store,
    agents: workspaceAgents(workspace, store, env, setup.clock),
    batchSize,
    maxAttempts,
    concurrency,
    leaseMs: leaseSeconds * 1000,
    shadows: storeShadows(workspace, store),
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
