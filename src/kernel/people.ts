import type { RecordReader, StoredRecord } from './records.js';

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Whether a user is still on the team: an inactive user (one who left) is passed over. */
const present = (user: StoredRecord | null): boolean => user !== null && user.values.active !== false;

/**
 * A user's manager: the user's `managerId`, else their team record's `managerId`, else (unless
 * `byRole` is null) the first user by id of their team whose role is `byRole` (default manager);
 * null when none is known. A manager who left (an inactive user) is passed over, so escalations and
 * nudges reach someone who can act on them.
 */
export async function managerOf(
  records: RecordReader,
  userId: string | null,
  byRole: string | null = 'manager',
): Promise<string | null> {
  if (!userId || userId.startsWith('role:')) return null;
  const user = await records.get('user', userId);
  if (!user) return null;
  const active = async (id: string | null) => (id && present(await records.get('user', id)) ? id : null);
  const direct = await active(str(user.values.managerId));
  if (direct) return direct;
  const teamId = str(user.values.teamId);
  if (!teamId) return null;
  const teamManager = await active(str((await records.get('team', teamId))?.values.managerId));
  if (teamManager || byRole === null) return teamManager;
  const managers = (await records.find('user', { teamId, role: byRole }))
    .filter((u) => u.id !== userId && present(u))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return managers[0]?.id ?? null;
}
