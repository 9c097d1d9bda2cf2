import type { Actor } from '../runtime/index.js';
import { type ApiTokenTable, findRecords, getRecord, type Store } from '../store/index.js';
import { governanceOf, type Workspace } from '../workspace/index.js';
import type { Role } from './tokens.js';

/** Who a request acts as: the token, its role, and the actor the runtime authorizes. */
export interface Principal {
  tokenId: string;
  role: Role;
  user: string;
  actor: Actor;
}

const texts = (v: unknown): string[] =>
  typeof v === 'string' && v !== ''
    ? [v]
    : Array.isArray(v)
      ? v.filter((x): x is string => typeof x === 'string')
      : [];

/**
 * The actor of a token: its user's roles and teams from the user record, plus the token's role.
 * The token's role bounds what the user record grants: only an admin or ops token keeps the
 * governance admin roles (an admin token gets them all), so a rep token of a user whose record says
 * `ops` still acts as a rep. A manager also manages the members of the teams whose manager they are.
 */
export async function principalOf(
  store: Store,
  workspace: Workspace,
  token: ApiTokenTable,
): Promise<Principal> {
  const role = token.role as Role;
  const user = await getRecord(store.db, 'user', token.user_id);
  const v = user?.values ?? {};
  const adminRoles = governanceOf(workspace.config).adminRoles;
  const own = [...texts(v.role), ...texts(v.roles)].filter(
    (r) => role === 'admin' || role === 'ops' || !adminRoles.includes(r),
  );
  const roles = new Set([...own, role, ...(role === 'admin' ? adminRoles : [])]);
  const teams = new Set([...texts(v.teamId), ...texts(v.teams)]);
  const manages = new Set<string>();
  if (role === 'manager' || role === 'admin') {
    for (const team of await findRecords(store.db, store.dialect, 'team', { managerId: token.user_id })) {
      teams.add(team.id);
      for (const member of await findRecords(store.db, store.dialect, 'user', { teamId: team.id }))
        if (member.id !== token.user_id) manages.add(member.id);
    }
  }
  return {
    tokenId: token.id,
    role,
    user: token.user_id,
    actor: { id: token.user_id, roles: [...roles], teams: [...teams], manages: [...manages] },
  };
}
