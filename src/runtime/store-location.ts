import { resolve } from 'node:path';
import { RevloopsError } from '../kernel/index.js';
import type { StoreLocation } from '../store/index.js';
import type { Workspace } from '../workspace/index.js';

/**
 * Where a workspace's store is: REVLOOPS_DATABASE_URL wins (with REVLOOPS_DATABASE_SCHEMA to keep
 * several workspaces in one database), then the `store` block of revloops.yaml.
 */
export function workspaceStoreLocation(ws: Workspace, env: NodeJS.ProcessEnv = process.env): StoreLocation {
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
