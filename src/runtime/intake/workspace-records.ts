import { join } from 'node:path';
import type { Store } from '../../store/index.js';
import type { Workspace } from '../../workspace/index.js';
import { type ImportReport, importRecords } from './import-records.js';
import { readMappingFile } from './mapping-file.js';

/**
 * Loads the record files the workspace keeps (revloops.yaml `records`: the team, accounts,
 * opportunities), upserting by external id, so the store's records follow the files. Unchanged
 * rows are not rewritten, so loading the same files again writes nothing.
 */
export async function loadWorkspaceRecords(
  workspace: Workspace,
  store: Store,
  now: string,
): Promise<ImportReport[]> {
  const reports: ImportReport[] = [];
  for (const entry of workspace.config.records) {
    const located = entry.map ? readMappingFile(join(workspace.dir, entry.map)) : null;
    reports.push(
      await importRecords(store, entry.kind, join(workspace.dir, entry.file), {
        mapping: located?.mapping ?? null,
        ...(located ? { origin: located.origin } : {}),
        now,
      }),
    );
  }
  return reports;
}
