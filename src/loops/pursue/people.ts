import type { JsonObject, RecordReader } from '../../kernel/index.js';

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * A rep's manager: the user's managerId, else their team's managerId, else the user of their team
 * whose role is manager; null when none is known.
 */
export async function managerOf(records: RecordReader, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const user = await records.get('user', userId);
  if (!user) return null;
  const direct = str(user.values.managerId);
  if (direct) return direct;
  const teamId = str(user.values.teamId);
  if (!teamId) return null;
  const team = await records.get('team', teamId);
  const teamManager = str(team?.values.managerId);
  if (teamManager) return teamManager;
  const managers = await records.find('user', { teamId, role: 'manager' }, { limit: 1 });
  const found = managers[0]?.id;
  return found && found !== userId ? found : null;
}

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
