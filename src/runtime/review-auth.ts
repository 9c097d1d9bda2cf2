import { RevloopsError } from '../kernel/index.js';

/** Who acts: a user with their roles and teams (from the user record, a token, or the CLI). */
export interface Actor {
  id: string;
  roles: readonly string[];
  teams: readonly string[];
  /** Users the actor manages (members of teams whose manager they are): their items are the actor's team's. */
  manages?: readonly string[];
}

/** Why an actor may act: they are the assignee, in its team, in its role, or an admin. */
export type Grant = 'assignee' | 'team' | 'role' | 'admin';

/** An assignee as written (`u-jon`, `user:u-jon`, `team:na-sales`, `role:manager`). */
export function parseAssignee(assignee: string): { kind: 'user' | 'team' | 'role'; id: string } {
  const m = /^(user|team|role):(.+)$/.exec(assignee);
  return m ? { kind: m[1] as 'user' | 'team' | 'role', id: m[2] as string } : { kind: 'user', id: assignee };
}

/** Whether an actor may act for an assignee, and on what grounds; undefined when they may not. */
export function grantOf(
  actor: Actor,
  assignee: string | null,
  adminRoles: readonly string[],
): Grant | undefined {
  if (assignee) {
    const a = parseAssignee(assignee);
    if (a.kind === 'user' && a.id === actor.id) return 'assignee';
    if (a.kind === 'user' && actor.manages?.includes(a.id)) return 'team';
    if (a.kind === 'team' && actor.teams.includes(a.id)) return 'team';
    if (a.kind === 'role' && actor.roles.includes(a.id)) return 'role';
  }
  return actor.roles.some((r) => adminRoles.includes(r)) ? 'admin' : undefined;
}

/**
 * Refuses an action by an actor who is neither the assignee, nor in the assignee's team or role,
 * nor in an admin role, with an error that says who may.
 */
export function authorize(
  actor: Actor,
  assignee: string | null,
  adminRoles: readonly string[],
  what: string,
): Grant {
  const grant = grantOf(actor, assignee, adminRoles);
  if (grant) return grant;
  const who = assignee ? `${assignee} or` : 'only';
  throw new RevloopsError(
    'FORBIDDEN',
    `${actor.id} may not ${what}: it is for ${who} roles ${adminRoles.join(', ') || '(none)'}; ${actor.id} has roles [${actor.roles.join(', ')}] and teams [${actor.teams.join(', ')}]`,
    [
      {
        path: 'actor',
        message: `expected ${assignee ?? 'an admin'} or one of the roles ${adminRoles.join(', ')}`,
      },
    ],
  );
}
