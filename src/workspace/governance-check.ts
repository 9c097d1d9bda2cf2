import type { Issue } from '../kernel/index.js';
import type { LoadedLoop } from './types.js';
import type { WorkspaceConfig } from './workspace-config.js';
import type { YamlSource } from './yaml-source.js';

/** Governance that names loops the workspace does not run (a typo would silently alert no one). */
export function checkGovernance(
  config: WorkspaceConfig,
  main: YamlSource,
  loops: ReadonlyMap<string, LoadedLoop>,
): Issue[] {
  const g = config.governance;
  if (!g) return [];
  const known = [...loops.keys()].join(', ') || 'none';
  const issue = (path: (string | number)[], name: string): Issue => ({
    file: main.file,
    ...main.locate(path),
    path: path.join('.'),
    message: `no loop named ${name} in this workspace (loops: ${known})`,
  });
  const issues: Issue[] = [];
  for (const name of Object.keys(g.owners))
    if (!loops.has(name)) issues.push(issue(['governance', 'owners', name], name));
  g.autonomy.forEach((rule, i) => {
    if (rule.loop !== undefined && !loops.has(rule.loop))
      issues.push(issue(['governance', 'autonomy', i, 'loop'], rule.loop));
  });
  return issues;
}
