/**
 * Seeds a store with the deploy benchmarks' accounts, in a process of its own, so the process that
 * plans on them opens the store as `revloops plan deploy` does, with none of the seeding's memory.
 * `node --import tsx bench/seed-accounts.ts <store path> <accounts> <instant>`.
 */

import { openStore } from '../dist/index.js';
import { applyRecordWrites, type RecordWriteOp } from '../dist/store/index.js';
import { accounts } from './deploy.js';

const BATCH = 10_000;

const [path, count, instant] = process.argv.slice(2);
if (!path || !count || !instant) throw new Error('usage: seed-accounts.ts <store path> <accounts> <instant>');
const store = await openStore({ kind: 'sqlite', path });
let batch: RecordWriteOp[] = [];
const flush = async () => {
  const writes = batch;
  batch = [];
  await store.transaction((trx) => applyRecordWrites(trx, writes, instant));
};
for (const a of accounts(Number(count))) {
  batch.push({ kind: 'account', id: a.id, op: 'upsert', values: a.values, externalId: a.externalId });
  if (batch.length >= BATCH) await flush();
}
await flush();
await store.close();
