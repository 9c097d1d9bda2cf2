import { createContext, useContext } from 'react';
import type { Me, Role } from './types.js';

/** The signed-in token's identity and how to sign out. */
export interface Session {
  me: Me;
  signOut: () => void;
}

/** The session of the signed-in user (set by the app once the token is checked). */
export const SessionContext = createContext<Session | null>(null);

/** The session; only used below the signed-in app. */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in app');
  return s;
}

/** The pages of the app, and which roles see them (the API enforces the same per route). */
export const PAGES: readonly { path: string; title: string; roles: readonly Role[] }[] = [
  { path: '/chains', title: 'Chains', roles: ['admin', 'ops', 'manager'] },
  { path: '/inbox', title: 'Review inbox', roles: ['admin', 'manager', 'rep'] },
  { path: '/decisions', title: 'Decisions', roles: ['admin', 'ops', 'manager'] },
  { path: '/proposals', title: 'Proposals', roles: ['admin', 'ops', 'manager'] },
  { path: '/simulate', title: 'Simulation', roles: ['admin', 'ops'] },
];

/** The first page a role lands on. */
export function homeOf(role: Role): string {
  return PAGES.find((p) => p.roles.includes(role))?.path ?? '/decisions';
}
