import type { JsonObject } from './outputs.js';

/** The built-in records of work. Later connectors sync them with a CRM. */
export type RecordKind =
  | 'account'
  | 'contact'
  | 'lead'
  | 'opportunity'
  | 'user'
  | 'team'
  | 'territory'
  | 'pool'
  | 'task'
  | 'activity'
  | 'customer'
  | 'usage'
  | 'campaign_member'
  | 'touch'
  | 'intent';

/** All record kinds, in a stable order. */
export const RECORD_KINDS: readonly RecordKind[] = [
  'account',
  'contact',
  'lead',
  'opportunity',
  'user',
  'team',
  'territory',
  'pool',
  'task',
  'activity',
  'customer',
  'usage',
  'campaign_member',
  'touch',
  'intent',
];

/** The record kinds a workspace loads from files (tasks are made by loops, not loaded). */
export const IMPORTABLE_KINDS = [
  'account',
  'contact',
  'lead',
  'opportunity',
  'user',
  'activity',
  'team',
  'territory',
  'pool',
  'customer',
  'usage',
  'touch',
  'intent',
] as const satisfies readonly RecordKind[];

/** Each record kind's plural, as people name a CRM export ("import opportunities"). */
const PLURALS: Readonly<Record<RecordKind, string>> = {
  account: 'accounts',
  contact: 'contacts',
  lead: 'leads',
  opportunity: 'opportunities',
  user: 'users',
  team: 'teams',
  territory: 'territories',
  pool: 'pools',
  task: 'tasks',
  activity: 'activities',
  customer: 'customers',
  usage: 'usage',
  campaign_member: 'campaign_members',
  touch: 'touches',
  intent: 'intents',
};

/** The record kind a name means, singular or plural ("opportunity", "opportunities"), or null. */
export function recordKindNamed(name: string): RecordKind | null {
  for (const kind of RECORD_KINDS) if (name === kind || name === PLURALS[kind]) return kind;
  return null;
}

/** A stored record: its id, optional CRM external id, and its fields. */
export interface StoredRecord {
  id: string;
  externalId: string | null;
  values: JsonObject;
  version: number;
  updatedAt: string;
}

/** Equality filter on a record's fields (top-level or dotted paths). */
export type RecordFilter = Readonly<Record<string, string | number | boolean | null>>;

/** How much of a find to read: at most `limit` records, only ids after `after` (a page of a scan). */
export interface FindOptions {
  limit?: number;
  after?: string;
}

/** Read access to the records of work. Reads are recorded so replay sees the same data. */
export interface RecordReader {
  /** One record by id, or null. */
  get(kind: RecordKind, id: string): Promise<StoredRecord | null>;
  /** Records whose fields equal the filter, ordered by id (from the first id after `after`). */
  find(kind: RecordKind, filter: RecordFilter, options?: FindOptions): Promise<StoredRecord[]>;
  /** How many records match the filter. */
  count(kind: RecordKind, filter: RecordFilter): Promise<number>;
}

/**
 * Every record of a kind whose fields equal the filter, read `size` at a time in id order, each page
 * handed to `fn` and then let go: a loop that walks a million records holds one page of them, and
 * each page is a read of its own, kept for replay like any other. Returns how many were read.
 */
export async function eachPage(
  records: RecordReader,
  kind: RecordKind,
  filter: RecordFilter,
  size: number,
  fn: (page: readonly StoredRecord[]) => void | Promise<void>,
): Promise<number> {
  let total = 0;
  let after: string | undefined;
  for (;;) {
    const page = await records.find(
      kind,
      filter,
      after === undefined ? { limit: size } : { limit: size, after },
    );
    if (page.length > 0) await fn(page);
    total += page.length;
    if (page.length < size) return total;
    after = (page[page.length - 1] as StoredRecord).id;
  }
}

/**
 * One page of a kind after an id (from the first without `after`), and whether more records follow:
 * a pass that runs as one decision per page reads one record past the page to know whether to go on.
 */
export async function pageAfter(
  records: RecordReader,
  kind: RecordKind,
  size: number,
  after: string | null,
): Promise<{ page: StoredRecord[]; more: boolean }> {
  const read = await records.find(
    kind,
    {},
    after === null ? { limit: size + 1 } : { limit: size + 1, after },
  );
  return { page: read.slice(0, size), more: read.length > size };
}

/** A record field by name or dotted path (nested objects only), undefined when absent. */
export function recordField(values: JsonObject, path: string): unknown {
  let v: unknown = values;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/**
 * Whether a record's fields pass an equality filter, as the store decides it: types must agree
 * (5 is not '5'), dotted paths reach nested fields, and null matches null or a missing field.
 */
export function recordMatches(values: JsonObject, filter: RecordFilter): boolean {
  for (const [field, want] of Object.entries(filter)) {
    const have = recordField(values, field);
    if (want === null ? have !== null && have !== undefined : have !== want) return false;
  }
  return true;
}
