export { canonicalJson, contentHash, shortVersion } from './canonical.js';
export { checkLink } from './chains.js';
export { workspaceJsonSchema } from './json-schema.js';
export { type LoadedLoop, type LoadOptions, loadWorkspace, type Workspace } from './load.js';
export { buildRegistry, type LoopRegistry } from './registry.js';
export { WorkspaceConfig } from './workspace-config.js';
