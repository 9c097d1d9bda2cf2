import { z } from 'zod';
import { type AnyRoute, defineRoute } from '../route.js';
import { ROLES } from '../tokens.js';
import { decisionRoutes } from './decisions.js';
import { eventRoutes } from './events.js';
import { loopRoutes } from './loops.js';
import { proposalRoutes } from './proposals.js';
import { reviewRoutes } from './review.js';
import { uiRoutes } from './ui-routes.js';
import { workRoutes } from './work.js';

const me = defineRoute({
  method: 'GET',
  url: '/v1/me',
  tag: 'auth',
  summary: 'Who the token acts as: user, role, roles and teams',
  roles: ROLES,
  response: z.object({
    user: z.string(),
    role: z.enum(ROLES),
    tokenId: z.string(),
    roles: z.array(z.string()),
    teams: z.array(z.string()),
    manages: z.array(z.string()).describe('Users whose items a manager acts on.'),
  }),
  handler: async (_ctx, { principal: p }) => ({
    user: p.user,
    role: p.role,
    tokenId: p.tokenId,
    roles: [...p.actor.roles],
    teams: [...p.actor.teams],
    manages: [...(p.actor.manages ?? [])],
  }),
});

/** Every API route under /v1, in the order the document lists them. */
export const API_ROUTES: readonly AnyRoute[] = [
  me,
  ...eventRoutes,
  ...decisionRoutes,
  ...reviewRoutes,
  ...proposalRoutes,
  ...loopRoutes,
  ...workRoutes,
  ...uiRoutes,
];
