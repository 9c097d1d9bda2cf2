import type { Migration, MigrationProvider } from 'kysely';
import * as kernel from './0001-kernel.js';
import * as records from './0002-records.js';
import * as schedules from './0003-schedules.js';
import * as claimIndex from './0004-claim-index.js';
import * as dropStatusNext from './0005-drop-status-next.js';
import * as agentUsage from './0006-agent-usage.js';
import * as governance from './0007-governance.js';
import * as apiTokens from './0008-api-tokens.js';
import * as marketingRecords from './0009-marketing-records.js';
import * as routingIndexes from './0010-routing-indexes.js';

/** Numbered migrations, applied in order on start. Add new ones at the end; never edit old ones. */
export const migrations: Record<string, Migration> = {
  '0001-kernel': kernel,
  '0002-records': records,
  '0003-schedules': schedules,
  '0004-claim-index': claimIndex,
  '0005-drop-status-next': dropStatusNext,
  '0006-agent-usage': agentUsage,
  '0007-governance': governance,
  '0008-api-tokens': apiTokens,
  '0009-marketing-records': marketingRecords,
  '0010-routing-indexes': routingIndexes,
};

/** Feeds the in-code migrations to Kysely's migrator (no file-system lookup, so it works from dist). */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
