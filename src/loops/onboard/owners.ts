import { type JsonObject, managerOf, type RecordReader } from '../../kernel/index.js';

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * Who to escalate to above an owner: their manager (named on the user or the team; one who left is
 * passed over), else the CS manager role.
 */
export async function escalationTarget(records: RecordReader, owner: string): Promise<string> {
  return (await managerOf(records, owner, null)) ?? 'role:cs-manager';
}

/**
 * Who owns a milestone, by role: csm is the customer's CSM (its csmId or owner, else the deal
 * owner), rep the deal owner, manager the deal owner's manager, any other role the `<role>Id` field of the customer's
 * shape; each falls back to the deal owner, then to the role itself.
 */
export async function ownerFor(
  records: RecordReader,
  role: string,
  shape: JsonObject,
): Promise<{ assignee: string; via: string }> {
  const rep = str(shape.ownerId);
  const fallback = rep
    ? { assignee: rep, via: 'the deal owner' }
    : { assignee: `role:${role}`, via: 'no owner known: the role' };
  if (role === 'rep') return fallback;
  if (role === 'manager') {
    const m = rep ? await managerOf(records, rep, null) : null;
    return m ? { assignee: m, via: "the deal owner's manager" } : fallback;
  }
  const field = `${role.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())}Id`;
  const named = str(shape[field]);
  return named ? { assignee: named, via: `the customer's ${field}` } : fallback;
}
