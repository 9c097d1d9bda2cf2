import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../src/server/routes/index.js';
import { ROLES, type Role } from '../src/server/tokens.js';
import { apiServer, apiWorkspace } from './helpers/api-workspace.js';

const USERS: Record<Role, string> = {
  admin: 'u-root',
  ops: 'u-ops',
  manager: 'u-mia',
  rep: 'u-ana',
  agent: 'u-bot',
};

/** A concrete URL for a route: each parameter gets a value of the right shape. */
const urlOf = (url: string) =>
  url.replace(/:([A-Za-z]+)/g, (_m, name: string) =>
    name === 'loop' ? 'gov-signup' : name === 'scenario' || name === 'other' ? 'base' : 'x-unknown-id',
  );

describe('the authorization matrix: every route, every role', () => {
  const ws = apiWorkspace();
  const now = new Date('2026-11-24T15:00:00.000Z');
  let api: Awaited<ReturnType<typeof apiServer>>;
  const tokens = {} as Record<Role, string>;
  beforeAll(async () => {
    api = await apiServer(ws.dir, {}, () => now);
    for (const role of ROLES) tokens[role] = await api.token(role, USERS[role]);
  });
  afterAll(async () => {
    await api?.close();
    ws.cleanup();
  });

  const cases = API_ROUTES.flatMap((r) => ROLES.map((role) => [`${r.method} ${r.url}`, role, r] as const));
  it.each(cases)('%s as %s', async (_name, role, route) => {
    const url = urlOf(route.url);
    const call = (token?: string) =>
      api.app.inject({
        method: route.method,
        url,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        ...(route.method === 'POST' ? { payload: {} } : {}),
      });
    const anonymous = await call();
    expect(anonymous.statusCode).toBe(401);
    const r = await call(tokens[role]);
    const body = r.json();
    if (route.roles.includes(role)) {
      // Allowed: whatever the dummy request leads to (400, 404...), never a refusal of the role.
      expect(r.statusCode, JSON.stringify(body)).not.toBe(401);
      expect(body.error?.message ?? '').not.toMatch(/token may not/);
    } else {
      expect(r.statusCode).toBe(403);
      expect(body.error).toMatchObject({ code: 'FORBIDDEN', path: 'authorization' });
    }
  });

  it('a rep cannot read or act on another rep’s item, a manager can act on their team’s', async () => {
    const ops = tokens.ops;
    const post = (url: string, token: string, payload: object) =>
      api.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload });
    await post('/v1/events', ops, {
      type: 'signup.created',
      payload: { id: 'b1', email: 'b1@x.io', seats: 8 },
    });
    await api.ctx.engine.drain();
    const list = await api.app.inject({
      method: 'GET',
      url: '/v1/review-items',
      headers: { authorization: `Bearer ${tokens.admin}` },
    });
    const item = list.json().items[0];
    expect(
      (await post(`/v1/review-items/${item.id}/reassign`, tokens.admin, { to: 'u-ben' })).statusCode,
    ).toBe(200);
    const anaRead = await api.app.inject({
      method: 'GET',
      url: `/v1/review-items/${item.id}`,
      headers: { authorization: `Bearer ${tokens.rep}` },
    });
    expect(anaRead.statusCode).toBe(404);
    expect((await post(`/v1/review-items/${item.id}/approve`, tokens.rep, {})).statusCode).toBe(404);
    const cara = await api.token('rep', 'u-cara');
    expect((await post(`/v1/review-items/${item.id}/reject`, cara, { reason: 'no' })).statusCode).toBe(404);
    const mia = await post(`/v1/review-items/${item.id}/approve`, tokens.manager, {});
    expect(mia.json()).toMatchObject({ grant: 'team', item: { status: 'approved' } });
  });
});
