import type { RecordReader, StoredRecord } from '../../kernel/index.js';

/** A customer record as onboard found it, and how, in words for the trace. */
export interface FoundCustomer {
  record: StoredRecord;
  via: string;
}

/**
 * The customer records whose `accountId` is the account: the first by id (code-unit order, the same
 * on every store), and how it was picked. Null when the account has none.
 */
async function firstOfAccount(records: RecordReader, accountId: string): Promise<FoundCustomer | null> {
  const found = [...(await records.find('customer', { accountId }))].sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  const [first] = found;
  if (!first) return null;
  const via =
    found.length === 1
      ? `the customer record of account ${accountId}`
      : `the first by id of ${found.length} customer records of account ${accountId} (${found.map((c) => c.id).join(', ')})`;
  return { record: first, via };
}

/**
 * The customer record of an account: the one whose `accountId` is the account (an imported
 * customer keeps its own id), else the record keyed by the account id itself, which onboard
 * creates when no customer was imported. Null when there is neither.
 */
export async function customerOfAccount(
  records: RecordReader,
  accountId: string,
): Promise<FoundCustomer | null> {
  const found = await firstOfAccount(records, accountId);
  if (found) return found;
  const keyed = await records.get('customer', accountId);
  return keyed ? { record: keyed, via: `the customer record keyed by account id ${accountId}` } : null;
}

/**
 * The customer an update names: the record with that id, else the customer record of the account
 * with that id, for senders who know only the account. Null when there is neither.
 */
export async function customerNamed(records: RecordReader, id: string): Promise<FoundCustomer | null> {
  const record = await records.get('customer', id);
  if (record) return { record, via: `customer ${id}` };
  const found = await firstOfAccount(records, id);
  return found ? { record: found.record, via: `customer ${found.record.id}, ${found.via}` } : null;
}
