import { registrableDomain } from '../../agents/heuristics/index.js';
import type { RecordReader, StoredRecord } from '../../kernel/index.js';
import { presenceOf } from './availability.js';
import type { Pool } from './pool-config.js';
import { capOf, type MemberFacts, type PoolState, poolStateOf } from './pools.js';

/**
 * A user by id: the record with that id, else the one a CSV import made for that external id
 * (`user_<id>`), so config can name users by the id the CRM knows them by.
 */
export async function findUser(records: RecordReader, id: string): Promise<StoredRecord | null> {
  return (
    (await records.get('user', id)) ??
    (await records.get('user', `user_${id.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 100)}`))
  );
}

/** The id of the pool record that holds a pool's rotation state. */
export function poolStateId(pool: string): string {
  return `route.${pool}`;
}

/** A pool's rotation state, from its state record. */
export async function readPoolState(records: RecordReader, pool: string): Promise<PoolState> {
  return poolStateOf((await records.get('pool', poolStateId(pool)))?.values);
}

/**
 * What the pool needs to know of each member, read from the records: the user record, and for a
 * member who is present, the leads this pool gave them today (their local day), their open tasks
 * (when the user has a capacity) and their open opportunities (fewest-open-opportunities).
 */
export async function readMemberFacts(
  records: RecordReader,
  name: string,
  pool: Pool,
  now: Date,
  options: { defaultTimezone: string; exclude?: ReadonlyMap<string, string> },
): Promise<MemberFacts[]> {
  const facts: MemberFacts[] = [];
  for (const userId of pool.members) {
    const f: MemberFacts = { userId, user: null, assignedToday: 0, openTasks: 0, openOpportunities: 0 };
    facts.push(f);
    if (options.exclude?.has(userId)) continue;
    f.user = (await findUser(records, userId))?.values ?? null;
    const presence = presenceOf(f.user, now, {
      defaultTimezone: options.defaultTimezone,
      workingHours: pool.workingHours,
    });
    if (!presence.ok) continue;
    const fewest = pool.strategy === 'fewest-open-opportunities';
    if (capOf(pool, userId) !== undefined || fewest)
      f.assignedToday = await records.count('lead', {
        ownerId: userId,
        routedPool: name,
        routedOn: presence.local.date,
      });
    if (typeof f.user?.capacity === 'number')
      f.openTasks = await records.count('task', { assignee: userId, status: 'open' });
    if (fewest)
      f.openOpportunities = await records.count('opportunity', {
        ...pool.openOpportunities,
        ownerId: userId,
      });
  }
  return facts;
}

/** Accounts on the lead's domain and, for a subdomain (eu.acme.com), on its registrable domain; each once. */
export async function accountCandidates(records: RecordReader, domain: string): Promise<StoredRecord[]> {
  const domains = [...new Set([domain.trim().toLowerCase(), registrableDomain(domain) ?? ''])].filter(
    Boolean,
  );
  const seen = new Map<string, StoredRecord>();
  for (const d of domains)
    for (const a of await records.find('account', { domain: d }, { limit: 20 }))
      if (!seen.has(a.id)) seen.set(a.id, a);
  return [...seen.values()];
}

/** The owner of a territory, or of its nearest parent that has one; the walk is in `path`. */
export async function territoryOwner(
  records: RecordReader,
  id: string,
): Promise<{ ownerId: string | null; path: string[] }> {
  const path: string[] = [];
  let current: string | undefined = id;
  while (current !== undefined && path.length < 10 && !path.includes(current)) {
    path.push(current);
    const t = await records.get('territory', current);
    if (!t) break;
    if (typeof t.values.ownerId === 'string' && t.values.ownerId !== '')
      return { ownerId: t.values.ownerId, path };
    current = typeof t.values.parentId === 'string' ? t.values.parentId : undefined;
  }
  return { ownerId: null, path };
}
