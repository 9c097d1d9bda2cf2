import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiServer, apiWorkspace } from '../helpers/api-workspace.js';
import { bounded, CaseCounter, fuzzParams, fuzzRuns, rowCounts } from '../helpers/fuzz-harness.js';
import { mutateTree, oddValue, treeMutation } from '../helpers/fuzz-yaml.js';

const RUNS = fuzzRuns(150);
const BODY_LIMIT = 64 * 1024;

/** Every API route, with `:param`s filled from the case. */
const ROUTES: ['GET' | 'POST', string][] = [
  ['POST', '/v1/events'],
  ['POST', '/v1/events'],
  ['POST', '/v1/events'],
  ['POST', '/v1/events/batch'],
  ['POST', '/v1/events/batch'],
  ['GET', '/v1/decisions'],
  ['GET', '/v1/decisions/:id'],
  ['GET', '/v1/leads/:id/chain'],
  ['GET', '/v1/me'],
  ['GET', '/v1/loops'],
  ['GET', '/v1/loops/:id/config'],
  ['GET', '/v1/loops/:id/schema'],
  ['GET', '/v1/loops/:id/versions'],
  ['GET', '/v1/loops/:id/diff'],
  ['GET', '/v1/loops/:id/metrics'],
  ['GET', '/v1/loops/:id/recent-decisions'],
  ['POST', '/v1/proposals'],
  ['GET', '/v1/proposals'],
  ['GET', '/v1/proposals/:id'],
  ['POST', '/v1/proposals/:id/accept'],
  ['POST', '/v1/proposals/:id/reject'],
  ['GET', '/v1/review-items'],
  ['GET', '/v1/review-items/:id'],
  ['POST', '/v1/review-items/:id/approve'],
  ['POST', '/v1/review-items/:id/edit'],
  ['POST', '/v1/review-items/:id/reject'],
  ['POST', '/v1/review-items/:id/reassign'],
  ['GET', '/v1/ui/search'],
  ['GET', '/v1/ui/chain'],
  ['GET', '/v1/ui/review-items/:id/chain'],
  ['GET', '/v1/ui/overview'],
  ['POST', '/v1/simulations'],
  ['GET', '/v1/loops/:id/scenarios/:id/runs'],
  ['GET', '/v1/loops/:id/scenarios/:id'],
  ['GET', '/v1/loops/:id/scenarios/:id/compare/:id'],
  ['POST', '/v1/loops/:id/scenarios/:id/runs'],
  ['GET', '/v1/nowhere'],
  ['POST', '/mcp'],
];

const param = fc.oneof(
  fc.constantFrom(
    'gov-signup',
    'capacity-model',
    'base',
    'hire',
    'qualify',
    'rvw_1',
    'dec_1',
    'l1',
    '..',
    '%00',
    '%2F',
    'ü',
  ),
  fc.string({ minLength: 1, maxLength: 12 }).map(encodeURIComponent),
);
const query = fc.oneof(
  fc.constant(''),
  fc
    .dictionary(
      fc.constantFrom(
        'limit',
        'loop',
        'subject',
        'q',
        'status',
        'from',
        'to',
        'cursor',
        'x',
        'since',
        'assignee',
      ),
      fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('-1', '0', '1e9', 'NaN', '2026-13-45', 'open')),
      { maxKeys: 3 },
    )
    .map((q) => `?${new URLSearchParams(q).toString()}`),
);

const signup = fc.record({
  type: fc.constantFrom('signup.created', 'lead.created', 'x', '', 'signup.created'),
  payload: fc.record({
    id: fc.string({ maxLength: 6 }),
    email: fc.constantFrom('a@b.io', 'nope', ''),
    seats: fc.integer({ min: -5, max: 200 }),
  }),
});

/** What is sent: JSON of any shape, a mutated event, text that is not JSON, or more than the limit. */
const body = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant('json' as const), value: fc.jsonValue({ maxDepth: 3 }) }),
    weight: 4,
  },
  {
    arbitrary: fc
      .record({
        kind: fc.constant('event' as const),
        base: signup,
        mutations: fc.array(treeMutation, { maxLength: 3 }),
        batch: fc.boolean(),
      })
      .map(({ base, mutations, batch }) => {
        const event = mutateTree(base, mutations);
        return { kind: 'json' as const, value: batch ? { events: [event] } : event };
      }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('json' as const), value: oddValue }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('text' as const),
      value: fc.string({ maxLength: 60 }),
      type: fc.constantFrom(
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/octet-stream',
        'application/json; charset=latin1',
      ),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('none' as const) }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('huge' as const),
      size: fc.integer({ min: BODY_LIMIT + 1, max: BODY_LIMIT * 3 }),
    }),
    weight: 1,
  },
);

type Body = typeof body extends fc.Arbitrary<infer T> ? T : never;

describe('fuzz: HTTP API bodies', () => {
  const ws = apiWorkspace();
  const now = new Date('2026-11-24T15:00:00.000Z');
  let api: Awaited<ReturnType<typeof apiServer>>;
  let app: FastifyInstance;
  const tokens: string[] = [];
  beforeAll(async () => {
    api = await apiServer(ws.dir, {}, () => now, { bodyLimit: BODY_LIMIT });
    app = api.app;
    tokens.push(
      await api.token('admin', 'u-root'),
      await api.token('ops', 'u-ops'),
      await api.token('rep', 'u-ana'),
    );
    tokens.push(await api.token('manager', 'u-mia'), 'rl_not-a-token', '');
  });
  afterAll(async () => {
    await api?.close();
    ws.cleanup();
  });

  const send = (method: 'GET' | 'POST', url: string, token: string, b: Body, key?: string) => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (key !== undefined) headers['idempotency-key'] = key;
    let payload: string | undefined;
    if (b.kind === 'json') {
      payload = JSON.stringify(b.value) ?? 'null';
      headers['content-type'] = 'application/json';
    } else if (b.kind === 'text') {
      payload = b.value;
      headers['content-type'] = b.type;
    } else if (b.kind === 'huge') {
      payload = JSON.stringify({ type: 'signup.created', payload: { id: 'big', note: 'x'.repeat(b.size) } });
      headers['content-type'] = 'application/json';
    }
    return app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
  };

  it(`answers 2xx or a 4xx naming the problem, never 5xx, and a refused request writes nothing: ${RUNS} requests`, async () => {
    const counter = new CaseCounter('api bodies');
    const request = fc.record({
      route: fc.nat({ max: ROUTES.length - 1 }),
      params: fc.array(param, { minLength: 3, maxLength: 3 }),
      query,
      token: fc.nat({ max: 5 }),
      body,
      key: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
      asGet: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(request, async (q) => {
        const [method, pattern] = ROUTES[q.route] as ['GET' | 'POST', string];
        let i = 0;
        const url = pattern.replace(/:id/g, () => q.params[i++] as string) + q.query;
        const before = await rowCounts(api.ctx.engine.store.db);
        const r = await bounded(10_000, `${method} ${url}`, () =>
          send(method, url, tokens[q.token] as string, q.body, q.key),
        );
        expect(r.error).toBeUndefined();
        const res = r.value as Awaited<ReturnType<typeof send>>;
        const what = `${method} ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`;
        expect(res.statusCode, what).toBeLessThan(500);
        if (q.body.kind === 'huge' && method === 'POST' && res.statusCode !== 404 && res.statusCode !== 401)
          expect(res.statusCode, what).toBe(413);
        if (res.statusCode >= 400) {
          if (pattern !== '/mcp') {
            const json = res.json() as { error?: { code?: string; message?: string } };
            expect(json.error?.message, what).toBeTruthy();
            expect(json.error?.code, what).toBeTruthy();
          }
          expect(await rowCounts(api.ctx.engine.store.db), `${what}: a refused request wrote rows`).toEqual(
            before,
          );
        }
        counter.count(`${Math.floor(res.statusCode / 100)}xx`);
      }),
      fuzzParams(RUNS),
    );
    counter.print();
    expect(counter.cases).toBe(RUNS);
  }, 3_600_000);

  it('refuses a body over the limit with 413 and stores nothing', async () => {
    const before = await rowCounts(api.ctx.engine.store.db);
    const res = await send('POST', '/v1/events', tokens[0] as string, { kind: 'huge', size: BODY_LIMIT * 4 });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toBeTruthy();
    expect(await rowCounts(api.ctx.engine.store.db)).toEqual(before);
  });
});
