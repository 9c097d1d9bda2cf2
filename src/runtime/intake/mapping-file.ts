import { join, resolve } from 'node:path';
import type { Workspace } from '../../workspace/index.js';
import { IntakeMapping } from '../../workspace/intake-mapping.js';
import { readYaml, validateYaml } from '../../workspace/yaml-source.js';
import type { MappingOrigin } from './resolve-columns.js';

/** A mapping and where it was written. */
export interface LocatedMapping {
  mapping: IntakeMapping;
  origin: MappingOrigin;
}

/** Reads a mapping YAML file (`columns:` and `required:`); problems are reported as file:line:column. */
export function readMappingFile(path: string, displayBase: string = process.cwd()): LocatedMapping {
  const source = readYaml(resolve(displayBase, path), displayBase);
  const mapping = validateYaml(source, IntakeMapping);
  return { mapping, origin: { file: source.file, locate: source.locate, prefix: [] } };
}

/** The mapping revloops.yaml gives an event type under `intake:`, or null when it gives none. */
export function workspaceMapping(workspace: Workspace, type: string): LocatedMapping | null {
  const mapping = workspace.config.intake?.[type];
  if (!mapping) return null;
  const source = readYaml(join(workspace.dir, 'revloops.yaml'), workspace.dir);
  return { mapping, origin: { file: source.file, locate: source.locate, prefix: ['intake', type] } };
}
