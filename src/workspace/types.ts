import type { AnyLoop } from '../kernel/index.js';
import type { LoopRegistry } from './registry.js';
import type { WorkspaceConfig } from './workspace-config.js';

/** A loop as the workspace configures it. */
export interface LoadedLoop {
  name: string;
  loop: AnyLoop;
  config: unknown;
  /** Content hash of the parsed config. */
  version: string;
  gitSha: string | null;
  /** The YAML file, relative to the workspace, or `(defaults)` when there is none. */
  source: string;
  enabled: boolean;
}

/** A loaded, valid workspace. Nothing runs on a workspace that failed to load. */
export interface Workspace {
  dir: string;
  config: WorkspaceConfig;
  version: string;
  gitSha: string | null;
  registry: LoopRegistry;
  loops: ReadonlyMap<string, LoadedLoop>;
  warnings: readonly string[];
}
