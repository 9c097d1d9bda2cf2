import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Decision, Json } from '../src/kernel/index.js';
import { buildServer } from '../src/server/app.js';
import { getDecision, insertDecision } from '../src/store/index.js';
import { signatureHeader } from '../src/surfaces/webhook-signature.js';
import { apiServer, apiWorkspace } from './helpers/api-workspace.js';
import { DIALECTS, storeEnv } from './helpers/dialects.js';

type Api = Awaited<ReturnType<typeof apiServer>>;

describe.each(DIALECTS)('the HTTP API on %s', (dialect) => {
  const ws = apiWorkspace();
  const { env, drop } = storeEnv(dialect);
  const now = new Date('2026-11-24T15:00:00.000Z');
  let api: Api;
  let app: FastifyInstance;
  const t: Record<string, string> = {};
  const call = async (
    method: 'GET' | 'POST',
    url: string,
    token?: string,
    payload?: unknown,
    headers = {},
  ) => {
    const r = await app.inject({
      method,
      url,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return {
      status: r.statusCode,
      body: String(r.headers['content-type'] ?? '').includes('json') ? r.json() : r.body,
      headers: r.headers,
    };
  };
  const signup = (id: string, seats: number) => ({
    type: 'signup.created',
    payload: { id, email: `${id}@x.io`, seats },
  });

  beforeAll(async () => {
    api = await apiServer(ws.dir, env, () => now);
    app = api.app;
    t.admin = await api.token('admin', 'u-root');
    t.ops = await api.token('ops', 'u-ops');
    t.manager = await api.token('manager', 'u-mia');
    t.ana = await api.token('rep', 'u-ana');
    t.ben = await api.token('rep', 'u-ben');
    t.cara = await api.token('rep', 'u-cara');
    t.agent = await api.token('agent', 'u-bot');
  });
  afterAll(async () => {
    await api?.close();
    ws.cleanup();
    await drop();
  });

  it('ingests events idempotently: 202 new, 200 known, 409 for a reused key, 422 for a bad payload', async () => {
    const first = await call('POST', '/v1/events', t.ops, signup('s1', 8), { 'idempotency-key': 'crm-1' });
    expect(first).toMatchObject({ status: 202, body: { status: 'accepted', key: 'crm-1' } });
    const again = await call('POST', '/v1/events', t.ops, signup('s1', 8), { 'idempotency-key': 'crm-1' });
    expect(again).toMatchObject({ status: 200, body: { status: 'duplicate', id: first.body.id } });
    const reused = await call('POST', '/v1/events', t.ops, signup('s1', 99), { 'idempotency-key': 'crm-1' });
    expect(reused.status).toBe(409);
    expect(reused.body.error).toMatchObject({ code: 'CONFLICT', path: 'headers.idempotency-key' });
    const bad = await call('POST', '/v1/events', t.ops, {
      type: 'signup.created',
      payload: { id: 's9', email: 'a@b.c', seats: 'many' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: 'CONTRACT_VIOLATION', path: 'body.payload.seats' });
    const shape = await call('POST', '/v1/events', t.ops, { type: '', payload: [] });
    expect(shape.status).toBe(400);
    expect(shape.body.error.issues.map((i: { path: string }) => i.path)).toEqual([
      'body.type',
      'body.payload',
    ]);
    const batch = await call(
      'POST',
      '/v1/events/batch',
      t.ops,
      { events: [signup('s2', 9), signup('s3', 20), signup('s4', 1)] },
      { 'idempotency-key': 'b1' },
    );
    expect(batch.body).toMatchObject({ accepted: 3, duplicates: 0, conflicts: 0 });
    expect(batch.body.results.map((r: { key: string }) => r.key)).toEqual(['b1:0', 'b1:1', 'b1:2']);
    const processed = await api.ctx.engine.drain();
    expect(processed.decisions).toBe(4);
  });

  it('explains a decision and shows a lead chain', async () => {
    const list = await call('GET', '/v1/decisions?loop=gov-signup&subject=lead:s3', t.ops);
    expect(list.body.decisions).toHaveLength(1);
    const id = list.body.decisions[0].id;
    const explained = await call('GET', `/v1/decisions/${id}`, t.manager);
    expect(explained.status).toBe(200);
    expect(explained.body.decision.output).toEqual({ id: 's3', score: 100, outcome: 'hot' });
    expect(explained.body.text).toContain('gov-signup');
    const chain = await call('GET', '/v1/leads/s3/chain', t.agent);
    expect(chain.body.decisions.map((d: { id: string }) => d.id)).toEqual([id]);
    expect((await call('GET', '/v1/decisions/dec_nope', t.ops)).status).toBe(404);
  });

  it('lists and explains a decision without its recorded reads and with its first effects; serves them whole', async () => {
    const [listed] = (await call('GET', '/v1/decisions?loop=gov-signup&subject=lead:s3', t.ops)).body
      .decisions;
    const stored = await getDecision(api.ctx.engine.store.db, listed.id);
    if (!stored) throw new Error('the listed decision is not stored');
    // A decision that read many records, as a scheduled run does: what it read is kept for replay.
    const leads = Array.from({ length: 2_000 }, (_, i) => ({
      id: `bulk-${i}`,
      externalId: null,
      values: { email: `bulk-${i}@x.io`, note: 'x'.repeat(100) },
      version: 1,
      updatedAt: now.toISOString(),
    }));
    const big: Decision = {
      ...stored,
      id: `${stored.id}-bulk`,
      rootId: `${stored.id}-bulk`,
      parentIds: [],
      eventId: null,
      subject: 'loop:gov-signup',
      reads: [{ key: 'find:lead:{}', result: leads as unknown as Json }],
      // …and wrote every one of them.
      effects: leads.map((l, i) => ({
        kind: 'record_write',
        id: `${stored.id}-bulk.${i}`,
        record: 'lead',
        recordId: l.id,
        op: 'patch',
        values: { checked: true },
      })),
    };
    await insertDecision(api.ctx.engine.store.db, big);
    const listedBig = (await call('GET', '/v1/decisions?subject=loop:gov-signup', t.ops)).body.decisions;
    expect(listedBig.map((d: { id: string }) => d.id)).toEqual([big.id]);
    expect(listedBig[0]).not.toHaveProperty('reads');
    expect(listedBig[0].effects).toEqual(big.effects.slice(0, 200));
    expect(listedBig[0].effectCount).toBe(2_000);
    const explained = await call('GET', `/v1/decisions/${big.id}`, t.ops);
    expect(explained.status).toBe(200);
    expect(explained.body.decision).not.toHaveProperty('reads');
    expect(explained.body.decision.output).toEqual(stored.output);
    expect(explained.body.decision.effectCount).toBe(2_000);
    expect(explained.body.text).toContain('… and 1950 more (1950 record writes)');
    expect(JSON.stringify(explained.body).length).toBeLessThan(60_000);
    const pages: unknown[] = [];
    for (let offset: number | null = 0; offset !== null; ) {
      const page = await call('GET', `/v1/decisions/${big.id}/effects?offset=${offset}&limit=750`, t.ops);
      expect(page.body.total).toBe(2_000);
      pages.push(...page.body.effects);
      offset = page.body.next;
    }
    expect(pages).toEqual(big.effects);
    expect((await call('GET', '/v1/decisions/dec_nope/effects', t.ops)).status).toBe(404);
    // It handed on 250 decisions: an explanation carries the links near the one explained.
    const children = Array.from({ length: 250 }, (_, i) => ({
      ...stored,
      id: `${big.id}-${String(i).padStart(3, '0')}`,
      eventId: null,
      subject: `lead:bulk-${i}`,
      parentIds: [big.id],
      rootId: big.id,
    }));
    for (const c of children) await insertDecision(api.ctx.engine.store.db, c);
    const middle = await call('GET', `/v1/decisions/${children[150]?.id}`, t.ops);
    expect(middle.body.chainLength).toBe(251);
    expect(middle.body.chain.map((l: { id: string }) => l.id)).toEqual(
      [big, ...children].slice(51, 251).map((d) => d.id),
    );
    expect(middle.body.text).toContain('    … 131 earlier');
    const reads = await call('GET', `/v1/decisions/${big.id}/reads`, t.ops);
    expect(reads.status).toBe(200);
    expect(reads.body).toEqual({ reads: big.reads });
    expect((await call('GET', '/v1/decisions/dec_nope/reads', t.ops)).status).toBe(404);
    expect((await call('GET', `/v1/decisions/${big.id}/reads`, t.ana)).status).toBe(403);
    // The later cases count this loop's decisions.
    await api.ctx.engine.store.db.deleteFrom('decisions').where('root_id', '=', big.id).execute();
    await api.ctx.engine.store.db.deleteFrom('decisions').where('id', '=', big.id).execute();
  });

  it('scopes review items: a rep sees their own, a manager their team, never another rep', async () => {
    const all = await call('GET', '/v1/review-items', t.admin);
    expect(all.body.items.map((i: { subject: string }) => i.subject).sort()).toEqual(['lead:s1', 'lead:s2']);
    const [one, two] = [...all.body.items].sort((a, b) => a.subject.localeCompare(b.subject));
    // Pages: `next` is the cursor while a page is full, and null after the last.
    const first = await call('GET', '/v1/review-items?limit=1', t.admin);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.next).toBe(first.body.items[0].id);
    const second = await call('GET', `/v1/review-items?limit=1&after=${first.body.next}`, t.admin);
    expect(second.body.items.map((i: { id: string }) => i.id)).toEqual(
      all.body.items.slice(1).map((i: { id: string }) => i.id),
    );
    const last = await call('GET', `/v1/review-items?limit=1&after=${second.body.next}`, t.admin);
    expect(last.body).toEqual({ items: [], next: null });
    expect(all.body.next).toBeNull();
    expect((await call('GET', '/v1/review-items', t.ana)).body.items).toHaveLength(2); // team:na
    expect((await call('GET', '/v1/review-items', t.cara)).body.items).toHaveLength(0); // emea
    expect((await call('POST', `/v1/review-items/${one.id}/reassign`, t.admin, { to: 'u-ana' })).status).toBe(
      200,
    );
    expect((await call('POST', `/v1/review-items/${two.id}/reassign`, t.admin, { to: 'u-ben' })).status).toBe(
      200,
    );
    const anas = await call('GET', '/v1/review-items', t.ana);
    expect(anas.body.items.map((i: { id: string }) => i.id)).toEqual([one.id]);
    const peek = await call('GET', `/v1/review-items/${two.id}`, t.ana);
    expect(peek.status).toBe(404);
    expect((await call('POST', `/v1/review-items/${two.id}/approve`, t.ana, {})).status).toBe(404);
    expect((await call('GET', '/v1/review-items', t.manager)).body.items).toHaveLength(2);
    const edited = await call('POST', `/v1/review-items/${one.id}/edit`, t.ana, {
      set: [{ path: 'values.seats', value: 12 }],
      reason: 'they have 12 seats',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      grant: 'assignee',
      item: { status: 'approved', resolvedBy: 'u-ana' },
    });
    const rejected = await call('POST', `/v1/review-items/${two.id}/reject`, t.manager, {
      reason: 'a student',
    });
    expect(rejected.body).toMatchObject({ grant: 'team', item: { status: 'rejected', resolvedBy: 'u-mia' } });
    const shown = await call('GET', `/v1/review-items/${one.id}`, t.ana);
    expect(shown.body.actions.map((a: { eventType: string }) => a.eventType)).toEqual([
      'review.reassign',
      'review.approve',
    ]);
  });

  it('proposes, simulates and accepts a config change; versions and diffs follow', async () => {
    const proposed = await call('POST', '/v1/proposals', t.ops, {
      loop: 'gov-signup',
      title: 'Raise the threshold to 60',
      changes: [{ path: 'threshold', value: 60 }],
    });
    expect(proposed.status).toBe(201);
    expect(proposed.body.diff).toContain('+threshold: 60 # hot at or above');
    const sim = await call('POST', '/v1/simulations', t.agent, {
      loop: 'gov-signup',
      proposal: proposed.body.id,
      since: '30d',
    });
    expect(sim.status).toBe(200);
    expect(sim.body).toMatchObject({ loop: 'gov-signup', inputs: 4 });
    expect(sim.body.outcomes.outcome).toMatchObject({ hot: { before: 1, after: 1 } });
    expect((await call('POST', `/v1/proposals/${proposed.body.id}/accept`, t.manager, {})).status).toBe(403);
    const accepted = await call('POST', `/v1/proposals/${proposed.body.id}/accept`, t.ops, {
      reason: 'fewer hot',
    });
    expect(accepted.status).toBe(200);
    const config = await call('GET', '/v1/loops/gov-signup/config', t.agent);
    expect(config.body).toMatchObject({ version: accepted.body.version, config: { threshold: 60 } });
    const versions = (await call('GET', '/v1/loops/gov-signup/versions', t.manager)).body.versions;
    const current = versions.find((v: { current: boolean }) => v.current);
    const before = versions.find((v: { config: { threshold: number } }) => v.config.threshold === 50);
    expect(current.version).toBe(accepted.body.version);
    const diff = await call(
      'GET',
      `/v1/loops/gov-signup/diff?from=${before.version}&to=${current.version}`,
      t.ops,
    );
    expect(diff.body.changes).toEqual([{ path: 'threshold', change: 'changed', from: 50, to: 60 }]);
  });

  it('runs and compares scenarios, and reports metrics', async () => {
    const base = await call('POST', '/v1/loops/capacity-model/scenarios/base/runs', t.ops);
    expect(base).toMatchObject({ status: 201, body: { artifact: { capacity: 4_800_000, coverage: 0.96 } } });
    await call('POST', '/v1/loops/capacity-model/scenarios/hire/runs', t.agent);
    const cmp = await call('GET', '/v1/loops/capacity-model/scenarios/base/compare/hire', t.manager);
    expect(cmp.body.rows.find((r: { path: string }) => r.path === 'capacity')).toMatchObject({
      a: 4_800_000,
      delta: 1_080_000,
    });
    const m = await call('GET', '/v1/loops/gov-signup/metrics?since=7d', t.ops);
    expect(m.body).toMatchObject({ loop: 'gov-signup', decisions: 4 });
    const prom = await call('GET', '/metrics', t.ops);
    expect(prom.body).toContain('revloops_decisions{loop="gov-signup",mode="live"} 4');
    expect(prom.body).toContain('revloops_review_queue_open');
    expect((await call('GET', '/metrics', t.ana)).status).toBe(403);
  });

  it('serves health, readiness, the OpenAPI document and its docs page without a token', async () => {
    expect((await call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await call('GET', '/readyz')).body).toMatchObject({ status: 'ready' });
    const doc = (await call('GET', '/v1/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/v1/review-items/{id}/edit'].post['x-roles']).toEqual([
      'admin',
      'manager',
      'rep',
      'agent',
    ]);
    expect(doc.paths['/v1/events'].post.requestBody.content['application/json'].schema.required).toEqual([
      'type',
      'payload',
    ]);
    const page = await call('GET', '/v1/docs');
    expect(page.body).toContain('/v1/openapi.json');
    expect(page.body).not.toMatch(/<script[^>]+src=/);
  });

  it('refuses unknown and revoked tokens, and the wrong role', async () => {
    expect((await call('GET', '/v1/me')).status).toBe(401);
    expect((await call('GET', '/v1/me', 'rlt_nope')).body.error.code).toBe('UNAUTHENTICATED');
    const late = await api.token('ops', 'u-ops');
    const { revokeApiToken, listApiTokens } = await import('../src/store/index.js');
    const row = (await listApiTokens(api.ctx.engine.store.db)).at(-1);
    await revokeApiToken(api.ctx.engine.store.db, row?.id ?? '', now.toISOString());
    expect((await call('GET', '/v1/me', late)).status).toBe(401);
    expect((await call('POST', '/v1/events', t.ana, signup('s5', 1))).body.error.code).toBe('FORBIDDEN');
  });

  it('over a real socket: signed ingest, body and rate limits, CORS only for allowed origins', async () => {
    const secret = 'shh-its-a-secret';
    const strict = buildServer({
      engine: api.ctx.engine,
      clock: () => now,
      webhookSecret: secret,
      bodyLimit: 2048,
      rateLimit: { perSecond: 1, burst: 3 },
      corsOrigins: ['https://ui.acme.io'],
    }).app;
    const url = await strict.listen({ host: '127.0.0.1', port: 0 });
    try {
      const body = JSON.stringify(signup('s7', 2));
      const ts = String(Math.floor(now.getTime() / 1000));
      const post = (headers: Record<string, string>, payload = body) =>
        fetch(`${url}/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${t.ops}`, 'content-type': 'application/json', ...headers },
          body: payload,
        });
      const unsigned = await post({});
      expect(unsigned.status).toBe(403);
      expect(((await unsigned.json()) as { error: { path: string } }).error.path).toBe(
        'headers.x-revloops-signature',
      );
      const stale = String(Number(ts) - 301);
      expect(
        (
          await post({
            'x-revloops-timestamp': stale,
            'x-revloops-signature': signatureHeader(secret, stale, body),
          })
        ).status,
      ).toBe(403);
      const signed = await post({
        'x-revloops-timestamp': ts,
        'x-revloops-signature': signatureHeader(secret, ts, body),
      });
      expect(signed.status).toBe(202);
      const big = await post(
        {},
        JSON.stringify({
          ...signup('s8', 1),
          payload: { id: 's8', email: 'x@y.z', seats: 1, pad: 'x'.repeat(4000) },
        }),
      );
      expect(big.status).toBe(413);
      expect(((await big.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
      const limited = await fetch(`${url}/v1/me`, { headers: { authorization: `Bearer ${t.ops}` } });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('1');
      const preflight = (origin: string) =>
        fetch(`${url}/v1/review-items`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'GET' },
        });
      const allowed = await preflight('https://ui.acme.io');
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://ui.acme.io');
      expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await strict.close();
    }
  });
});
