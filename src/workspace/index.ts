export { canonicalJson, contentHash, shortVersion } from './canonical.js';
export { checkLink } from './chains.js';
export { workspaceJsonSchema } from './json-schema.js';
export { type LoadOptions, loadWorkspace, registryFor } from './load.js';
export { buildRegistry, type LoopRegistry } from './registry.js';
export type { LoadedLoop, Workspace } from './types.js';
export { WorkspaceConfig } from './workspace-config.js';
export { cronProblem, scheduleOf } from './schedules.js';
export { readYaml, zodIssues } from './yaml-source.js';
