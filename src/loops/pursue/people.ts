import { type JsonObject, managerOf, type RecordReader } from '../../kernel/index.js';

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * Who owns a milestone on a deal, by role: rep is the deal owner, manager the owner's manager,
 * any other role the deal's `<role>Id` field; each falls back to the rep.
 */
export async function ownerFor(
  records: RecordReader,
  role: string,
  deal: JsonObject,
  rep: string,
): Promise<{ assignee: string; via: string }> {
  if (role === 'rep') return { assignee: rep, via: 'deal owner' };
  if (role === 'manager') {
    const m = await managerOf(records, rep);
    return m
      ? { assignee: m, via: "the owner's manager" }
      : { assignee: rep, via: 'no manager known: the rep' };
  }
  const field = `${role.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())}Id`;
  const named = str(deal[field]);
  return named
    ? { assignee: named, via: `the deal's ${field}` }
    : { assignee: rep, via: `no ${field} on the deal: the rep` };
}
