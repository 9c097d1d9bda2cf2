import type { StoredRecord } from '../../kernel/index.js';

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The users and teams a review reads once, to find reps, their managers and territories. */
export interface Team {
  users: ReadonlyMap<string, StoredRecord>;
  teams: ReadonlyMap<string, StoredRecord>;
}

/** The reps: active users whose role is a rep role, by id. */
export function repsOf(team: Team, roles: readonly string[]): StoredRecord[] {
  const wanted = new Set(roles.map((r) => r.toLowerCase()));
  return [...team.users.values()]
    .filter((u) => wanted.has(String(u.values.role ?? '').toLowerCase()) && u.values.active !== false)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * A rep's manager: the user's managerId, else their team record's managerId, else the first user
 * (by id) of their team whose role is a manager role; null when none is known. A manager who left
 * (their user is inactive) is passed over, so their reps' digest, tasks and alerts reach someone.
 */
export function managerOf(team: Team, rep: StoredRecord, managerRoles: readonly string[]): string | null {
  const present = (id: string | null) => (id && team.users.get(id)?.values.active !== false ? id : null);
  const direct = present(str(rep.values.managerId));
  if (direct) return direct;
  const teamId = str(rep.values.teamId);
  if (!teamId) return null;
  const teamManager = present(str(team.teams.get(teamId)?.values.managerId));
  if (teamManager) return teamManager;
  const roles = new Set(managerRoles.map((r) => r.toLowerCase()));
  const found = [...team.users.values()]
    .filter(
      (u) =>
        u.id !== rep.id &&
        u.values.teamId === teamId &&
        roles.has(String(u.values.role ?? '').toLowerCase()) &&
        u.values.active !== false,
    )
    .sort((a, b) => (a.id < b.id ? -1 : 1))[0];
  return found?.id ?? null;
}

/** A rep's territory: the first of the territory fields set on the user. */
export function territoryOf(rep: StoredRecord, fields: readonly string[]): string | null {
  for (const f of fields) {
    const v = str(rep.values[f]);
    if (v) return v;
  }
  return null;
}

/** The names a user record gives (name, else email, else id). */
export function nameOf(user: StoredRecord): string {
  return str(user.values.name) ?? str(user.values.email) ?? user.id;
}

/** The coaching state a previous review left on the rep: patterns and alert keys already raised. */
export function previousState(rep: StoredRecord): { patterns: Set<string>; alerts: Set<string> } {
  const list = (v: unknown) =>
    new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return { patterns: list(rep.values.coachPatterns), alerts: list(rep.values.coachAlerts) };
}

/** The subject of a person: `user:<id>`, or a role (`role:manager`) as it is. */
export const subjectOf = (who: string): string => (who.startsWith('role:') ? who : `user:${who}`);
