import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { segmentTask } from '../src/agents/test-tasks.js';
import { askAgent, baseMetrics, defineLoop, openStore } from '../src/index.js';
import { listApiTokens } from '../src/store/index.js';
import { unpackText } from '../src/store/ops/packed-text.js';
import { signatureHeader, verifySignature } from '../src/surfaces/webhook-signature.js';
import { API_LOOPS, apiServer, apiWorkspace } from './helpers/api-workspace.js';
import { type CliResult, cli } from './helpers/cli.js';
import { FakeLlm } from './helpers/failure-llm.js';
import { Endpoint } from './helpers/failure-outbox.js';

const T0 = new Date('2025-03-03T09:00:00.000Z');

// ---------------------------------------------------------------------------------------------
// API tokens: stored as a SHA-256 hash only, looked up by that hash (the index compares hashes,
// never the secret), and refused when wrong, revoked or expired.
// ---------------------------------------------------------------------------------------------

describe('API tokens', () => {
  const ws = apiWorkspace();
  let now = T0;
  const run = (...argv: string[]) => cli([...argv, '--workspace', ws.dir, '--json'], API_LOOPS, () => now);
  afterAll(() => ws.cleanup());

  it('are stored hashed, and a wrong, revoked or expired token is refused', async () => {
    const created = JSON.parse((await run('token', 'create', '--role', 'ops', '--user', 'u-ops')).out) as {
      id: string;
      token: string;
    };
    const revoked = JSON.parse((await run('token', 'create', '--role', 'ops', '--user', 'u-ops')).out) as {
      id: string;
      token: string;
    };
    const expiring = JSON.parse(
      (await run('token', 'create', '--role', 'ops', '--user', 'u-ops', '--expires', '1h')).out,
    ) as { id: string; token: string };
    expect(created.token).toMatch(/^rlt_[A-Za-z0-9_-]{43}$/);

    const store = await openStore({ kind: 'sqlite', path: join(ws.dir, '.revloops', 'revloops.db') });
    try {
      const rows = await listApiTokens(store.db);
      expect(rows).toHaveLength(3);
      const text = JSON.stringify(rows);
      for (const t of [created, revoked, expiring]) {
        expect(text).not.toContain(t.token);
        expect(text).not.toContain(t.token.slice(4));
        const row = rows.find((r) => r.id === t.id);
        expect(row?.hash).toBe(createHash('sha256').update(t.token).digest('hex'));
      }
    } finally {
      await store.close();
    }
    // `token list` never shows a secret either
    const listed = await run('token', 'list');
    expect(listed.out).not.toContain(created.token);

    expect((await run('token', 'revoke', revoked.id)).code).toBe(0);
    now = new Date(T0.getTime() + 2 * 3_600_000); // the expiring token is past its hour
    const api = await apiServer(ws.dir, {}, () => now);
    try {
      const me = (token: string) =>
        api.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${token}` } });
      expect((await me(created.token)).statusCode).toBe(200);
      // same length and prefix, one character different
      const last = created.token.at(-1) === 'A' ? 'B' : 'A';
      const wrong = `${created.token.slice(0, -1)}${last}`;
      expect(wrong).toHaveLength(created.token.length);
      for (const refused of [wrong, revoked.token, expiring.token, created.token.slice(0, -1), '']) {
        const r = await me(refused);
        expect(r.statusCode).toBe(401);
      }
      const r = await me(wrong);
      expect(r.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
      expect(r.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    } finally {
      await api.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Signed ingest: HMAC-SHA256 over `<timestamp>.<body>`, 5 minutes either way, and a replay of a
// signed request adds nothing (even with another Idempotency-Key header, which the signature
// does not cover).
// ---------------------------------------------------------------------------------------------

describe('signed ingest', () => {
  const ws = apiWorkspace();
  const secret = 'whsec-ingest-6b0f2e91d7';
  const now = T0;
  let api: Awaited<ReturnType<typeof apiServer>>;
  let url = '';
  let token = '';
  beforeAll(async () => {
    api = await apiServer(ws.dir, {}, () => now, { webhookSecret: secret });
    url = await api.app.listen({ host: '127.0.0.1', port: 0 });
    token = await api.token('ops', 'u-ops');
  });
  afterAll(async () => {
    await api.close();
    ws.cleanup();
  });

  const ts = (offsetSeconds = 0) => String(Math.floor(now.getTime() / 1000) + offsetSeconds);
  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body,
    });
  const signed = (body: string, at = ts(), key = secret) => ({
    'x-revloops-timestamp': at,
    'x-revloops-signature': signatureHeader(key, at, body),
  });
  const events = async () => {
    const r = await sql<{ n: number }>`select count(*) as n from events`.execute(api.ctx.engine.store.db);
    return Number(r.rows[0]?.n);
  };
  const body = (id: string) =>
    JSON.stringify({ type: 'signup.created', payload: { id, email: `${id}@x.io`, seats: 3 } });

  it('accepts a valid signature, refuses wrong, stale, future and missing ones, and changes nothing then', async () => {
    const b = body('sig1');
    const at = ts();
    const good = signed(b, at);
    const flipped = good['x-revloops-signature'].replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    const refused: [string, Record<string, string>, string][] = [
      ['no headers', {}, b],
      ['no timestamp', { 'x-revloops-signature': good['x-revloops-signature'] }, b],
      ['no signature', { 'x-revloops-timestamp': at }, b],
      ['a wrong signature', { ...good, 'x-revloops-signature': flipped }, b],
      ['another secret', signed(b, at, 'whsec-someone-else'), b],
      ['a tampered body', good, body('sig1-tampered')],
      ['a stale timestamp (301 s old)', signed(b, ts(-301)), b],
      ['a future timestamp (301 s ahead)', signed(b, ts(301)), b],
      ['a timestamp that is not a number', signed(b, `${at}.5`), b],
    ];
    const before = await events();
    for (const [what, headers, payload] of refused) {
      const r = await post('/v1/events', payload, headers);
      expect(r.status, what).toBe(403);
      expect(((await r.json()) as { error: { code: string } }).error.code, what).toBe('FORBIDDEN');
    }
    expect(await events()).toBe(before);
    // within tolerance either way is fine
    expect((await post('/v1/events', b, good)).status).toBe(202);
    const edge = body('sig-edge');
    expect((await post('/v1/events', edge, signed(edge, ts(-299)))).status).toBe(202);
    expect(await events()).toBe(before + 2);
  });

  it('a replayed signed request is a no-op, whatever unsigned header it changes', async () => {
    const b = body('replay1');
    const headers = { ...signed(b), 'idempotency-key': 'k-replay-1' };
    const first = await post('/v1/events', b, headers);
    expect(first.status).toBe(202);
    const accepted = (await first.json()) as { id: string; status: string };
    expect(accepted.status).toBe('accepted');
    const before = await events();
    for (const replay of [
      headers,
      { ...headers, 'idempotency-key': 'k-replay-2' },
      signed(b, headers['x-revloops-timestamp']),
    ]) {
      const r = await post('/v1/events', b, replay);
      expect(r.status).toBe(200);
      expect(await r.json()).toMatchObject({ id: accepted.id, status: 'duplicate' });
    }
    expect(await events()).toBe(before);

    // the batch route too: the replay answers every event as a duplicate and adds none
    const batch = JSON.stringify({
      events: [JSON.parse(body('replay-b1')), JSON.parse(body('replay-b2'))],
    });
    const bh = { ...signed(batch), 'idempotency-key': 'batch-1' };
    expect(await (await post('/v1/events/batch', batch, bh)).json()).toMatchObject({ accepted: 2 });
    const afterBatch = await events();
    const again = await post('/v1/events/batch', batch, { ...bh, 'idempotency-key': 'batch-2' });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 2, conflicts: 0 });
    expect(await events()).toBe(afterBatch);

    // the same body signed at another time is a new request: its idempotency key decides
    const later = await post('/v1/events', b, { ...signed(b, ts(1)), 'idempotency-key': 'k-replay-1' });
    expect(later.status).toBe(200);
    expect(await events()).toBe(afterBatch);
  });

  it('verifySignature accepts a rotated secret list and refuses malformed headers', () => {
    const b = '{"a":1}';
    const at = ts();
    const sig = signatureHeader(secret, at, b);
    expect(verifySignature(secret, at, b, `v1=${'0'.repeat(64)}, ${sig}`, 300, now)).toBe(true);
    for (const bad of ['', 'v1=', `v0=${sig.slice(3)}`, `v1=${sig.slice(3, 40)}`, `v1=${'z'.repeat(64)}`])
      expect(verifySignature(secret, at, b, bad, 300, now)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Source checks: every SQL statement is parameterized (Kysely, or a prepared statement whose only
// interpolations are reviewed identifiers), and nothing evaluates code from strings.
// ---------------------------------------------------------------------------------------------

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|js|mjs|cjs)$/.test(name)) out.push(path);
  }
  return out;
}

const SOURCES = sourceFiles('src').map((path) => ({
  path: relative('.', path),
  text: readFileSync(path, 'utf8'),
}));

/**
 * The reviewed call sites that build SQL text from something other than a literal. Each entry is
 * file → interpolated expressions; every one is an identifier or a fixed fragment, never a value.
 */
const STRING_SQL_ALLOWLIST: Record<string, string[]> = {
  // the fixed column list of the decisions table and one `?` per column
  'src/store/ops/decisions.ts': ["DECISION_COLUMNS.join(', ')", "DECISION_COLUMNS.map(() => '?').join(', ')"],
  // the fixed column list of the events table and one `?` per column
  'src/store/ops/events.ts': ["EVENT_COLUMNS.join(', ')", "EVENT_COLUMNS.map(() => '?').join(', ')"],
  // the fixed list of the columns a stored record is read from, a record kind's table name from the
  // fixed RECORD_TABLES map, a fixed `?` list, and a fixed column fragment
  'src/store/ops/records.ts': [
    'STORED_SQL',
    'table(kind)',
    'table(kind)',
    'table(kind)',
    'table(kind)',
    'ID_PLACEHOLDERS',
    't',
    't',
    't',
    "keep ? '' : 'external_id = excluded.external_id, '",
    't',
  ],
  // test support: drops the random schema a conformance run created
  'src/store/test-stores.ts': ['schema'],
};

/** Kysely identifier helpers: they quote an identifier; each argument is a column, table or schema name. */
const IDENTIFIER_ALLOWLIST: Record<string, string[]> = {
  'src/store/ops/events.ts': ['sql.ref(column)', 'sql.ref(column)'],
  'src/store/ops/records.ts': ['sql.ref(column)', 'sql.ref(column)'],
  'src/store/open-store.ts': [
    // sql.table(`${schema}.revloops_migrations`), spelled out so it is not a template here
    ['sql.table(`', '$', '{schema}.revloops_migrations`)'].join(''),
    'sql.id(location.schema)',
  ],
  'src/store/test-stores.ts': ['sql.table(table)'],
};

const SQL_START =
  /`\s*(select|insert\s+into|update|delete\s+from|create|drop|alter|pragma|with\s+\w+\s+as)\b/i;

describe('source checks', () => {
  it('builds no SQL from values: no sql.raw or sql.lit, and only reviewed identifier interpolations', () => {
    const raw = SOURCES.flatMap((f) =>
      f.text
        .split('\n')
        .flatMap((line, i) => (/sql\s*\.\s*(raw|lit)\s*\(/.test(line) ? [`${f.path}:${i + 1}`] : [])),
    );
    expect(raw).toEqual([]);

    const built: Record<string, string[]> = {};
    const identifiers: Record<string, string[]> = {};
    for (const f of SOURCES) {
      for (const line of f.text.split('\n')) {
        const start = SQL_START.exec(line);
        if (start) {
          const before = line.slice(0, start.index).trimEnd();
          // sql`...` and sql<T>`...` are Kysely's tagged templates: their interpolations are parameters
          const tagged = /(\bsql|>)$/.test(before);
          if (!tagged) {
            const parts = [...line.slice(start.index).matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1] as string);
            if (parts.length > 0) built[f.path] = [...(built[f.path] ?? []), ...parts];
          }
        }
        for (const m of line.matchAll(/sql\.(ref|id|table)\((?:[^()]|\([^()]*\))*\)/g))
          identifiers[f.path] = [...(identifiers[f.path] ?? []), m[0]];
        // SQL glued with +
        expect(line, f.path).not.toMatch(
          /['"`]\s*(select|insert into|update|delete from)\b[^'"`]*['"`]\s*\+/i,
        );
      }
    }
    expect(built).toEqual(STRING_SQL_ALLOWLIST);
    expect(identifiers).toEqual(IDENTIFIER_ALLOWLIST);
  });

  it('the record tables interpolated into prepared statements are fixed identifiers', async () => {
    const text = SOURCES.find((f) => f.path === 'src/store/ops/records.ts')?.text ?? '';
    expect(text).toMatch(/function table\(kind: RecordKind\) \{\n\s+return RECORD_TABLES\[kind\];/);
    const { RECORD_TABLES } = (await import('../src/store/schema.js')) as unknown as {
      RECORD_TABLES?: Record<string, string>;
    };
    const tables = RECORD_TABLES ?? {};
    expect(Object.keys(tables).length).toBeGreaterThan(0);
    for (const t of Object.values(tables)) expect(t).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it('evaluates no code from strings: no eval, new Function or vm anywhere in src/', () => {
    const found = SOURCES.flatMap((f) =>
      f.text
        .split('\n')
        .flatMap((line, i) =>
          /(^|[^\w.])eval\s*\(|new\s+Function\s*\(|\bFunction\s*\(\s*['"`]|\bvm\s*\.\s*run|runIn(New|This)Context|from\s+['"](node:)?vm['"]|require\(\s*['"](node:)?vm['"]\s*\)/.test(
            line,
          )
            ? [`${f.path}:${i + 1}: ${line.trim()}`]
            : [],
        ),
    );
    expect(found).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Secrets come from environment variables only and reach no table, no CLI output and no decision.
// ---------------------------------------------------------------------------------------------

const SECRETS = {
  LLM_KEY: 'sk-live-3f9a7c1e5b2d8046aa71',
  HOOK_SECRET: 'whsec-5e1b9d3f7a2c4608bb92',
  SMTP_PASS: 'smtp-pass-8c2e6a4f0d1b3957cc13',
  SLACK_PATH: 'services/T0SEC/B0SEC/slackpath7d4b2e9f',
};

/** Asks an agent, then tells the owner on every channel. */
const alertLoop = defineLoop({
  name: 'secret-alert',
  version: '1.0.0',
  description: 'Segments an account with an agent and tells its owner on every channel.',
  archetypes: ['event'],
  config: z.strictObject({}),
  triggers: [{ kind: 'event', on: 'account.created' }],
  input: z.object({ name: z.string(), employees: z.number().int(), owner: z.string() }),
  output: z.object({ segment: z.string().nullable(), why: z.string() }),
  outputs: ['decision', 'notification', 'review_item'],
  run: async (ctx, input) => {
    const out = await askAgent(
      ctx,
      segmentTask,
      { name: input.name, employees: input.employees },
      {
        autoAccept: 0.9,
        review: 0.5,
      },
    );
    const why = out.ok ? out.reasoning : out.reason;
    if (!out.ok) ctx.review('segment', { proposedAction: { segment: null }, reasoning: why });
    ctx.notify('slack', '#accounts', `New account ${input.name}`);
    ctx.notify('email', input.owner, `New account ${input.name}: ${why}`);
    ctx.notify('engagement', input.owner, `Welcome sequence for ${input.name}`);
    return ctx.decide(
      { segment: out.ok ? out.answer.segment : null, why },
      { confidence: out.ok ? out.confidence : 0, subject: `account:${input.name}` },
    );
  },
  metrics: baseMetrics,
  feedback: [
    { name: 'volume', description: 'Nothing to tune.', level: 1, reads: ['decisions'], evaluate: () => [] },
  ],
});

describe('secrets', () => {
  const llm = new FakeLlm();
  const slack = new Endpoint();
  const hook = new Endpoint();
  const logins: { user: string; pass: string }[] = [];
  const mails: string[] = [];
  const smtp = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _s, cb) {
      logins.push({ user: auth.username ?? '', pass: auth.password ?? '' });
      if (auth.username === 'mailer' && auth.password === SECRETS.SMTP_PASS) cb(null, { user: 'mailer' });
      else cb(new Error('bad credentials'));
    },
    onData(stream, _s, cb) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (c: string) => {
        raw += c;
      });
      stream.on('end', () => {
        mails.push(raw);
        cb();
      });
    },
  });
  let smtpPort = 0;
  let dir = '';
  const outputs: CliResult[] = [];
  let now = T0;
  const env = () => ({
    LLM_KEY: SECRETS.LLM_KEY,
    HOOK_SECRET: SECRETS.HOOK_SECRET,
    SMTP_USER: 'mailer',
    SMTP_PASS: SECRETS.SMTP_PASS,
    SLACK_WEBHOOK_URL: `http://127.0.0.1:${slack.port}/${SECRETS.SLACK_PATH}`,
    REVLOOPS_DATABASE_URL: '',
  });
  const run = async (ws: string, ...argv: string[]) => {
    const r = await cli([...argv, '--workspace', ws], [alertLoop], () => now, env());
    outputs.push(r);
    return r;
  };
  const yaml = (extra: { agents?: string[]; channels?: string[] } = {}) =>
    [
      'name: secrets',
      'loops: [secret-alert]',
      'plugins: []',
      'agents:',
      ...(extra.agents ?? [
        '  provider: openai-compatible',
        '  model: gpt-4o-mini',
        `  baseUrl: ${llm.base}/v1`,
        '  apiKeyEnv: LLM_KEY',
        '  timeoutMs: 3000',
        '  maxRetries: 0',
      ]),
      'channels:',
      ...(extra.channels ?? [
        '  slack: { webhookUrlEnv: SLACK_WEBHOOK_URL }',
        `  email: { host: 127.0.0.1, port: ${smtpPort}, from: "RevOps <revops@acme.test>", userEnv: SMTP_USER, passEnv: SMTP_PASS }`,
        `  webhook: { url: "http://127.0.0.1:${hook.port}/hook", secretEnv: HOOK_SECRET }`,
        '  routes: { engagement: webhook }',
      ]),
      '',
    ].join('\n');
  const workspace = (name: string, text: string) => {
    const ws = join(dir, name);
    mkdirSync(join(ws, 'loops'), { recursive: true });
    writeFileSync(join(ws, 'revloops.yaml'), text);
    return ws;
  };

  beforeAll(async () => {
    await llm.start();
    await slack.start();
    await hook.start();
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as { port: number }).port;
    dir = mkdtempSync(join(tmpdir(), 'rl-security-'));
  });
  afterAll(async () => {
    await llm.stop();
    await slack.stop();
    await hook.stop();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('are used from the environment, and appear in no table, no CLI output and no decision', async () => {
    const ws = workspace('ws', yaml());
    // an answered call, then a provider that refuses the key and echoes it in its error body
    llm.mode = 'ok';
    expect(
      (
        await run(
          ws,
          'emit',
          'account.created',
          '{"name":"Initech","employees":4200,"owner":"ana@acme.test"}',
        )
      ).code,
    ).toBe(0);
    expect((await run(ws, 'worker', '--once', '--json')).code).toBe(0);
    llm.mode = 'reject-key';
    now = new Date(T0.getTime() + 60_000);
    expect(
      (await run(ws, 'emit', 'account.created', '{"name":"Hooli","employees":40,"owner":"ana@acme.test"}'))
        .code,
    ).toBe(0);
    const second = await run(ws, 'worker', '--once', '--json');
    expect(second.code).toBe(0);
    for (const argv of [
      ['decisions', 'list', '--json'],
      ['events', 'list'],
      ['review', 'list', '--status', 'all'],
      ['decisions', 'list'],
      ['validate'],
      ['config', 'history', 'secret-alert'],
    ])
      await run(ws, ...argv);

    // the secrets were really used: the key authenticated the model calls, the password the SMTP
    // login, the secret path reached Slack, and the webhook signature verifies with the secret
    expect(llm.received.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${SECRETS.LLM_KEY}`,
      `Bearer ${SECRETS.LLM_KEY}`,
    ]);
    expect(logins.some((l) => l.pass === SECRETS.SMTP_PASS)).toBe(true);
    expect(mails).toHaveLength(2);
    expect(slack.hits.map((h) => h.path)).toEqual([`/${SECRETS.SLACK_PATH}`, `/${SECRETS.SLACK_PATH}`]);
    expect(hook.hits).toHaveLength(2);
    for (const h of hook.hits)
      expect(
        verifySignature(
          SECRETS.HOOK_SECRET,
          String(h.headers['x-revloops-timestamp']),
          h.body,
          String(h.headers['x-revloops-signature']),
          300,
          now,
        ),
      ).toBe(true);

    // the refused call's reason names the failure, with the echoed key masked
    const store = await openStore({ kind: 'sqlite', path: join(ws, '.revloops', 'revloops.db') });
    try {
      const tables = (
        await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(store.db)
      ).rows.map((r) => r.name);
      expect(tables).toEqual(
        expect.arrayContaining(['decisions', 'events', 'outbox', 'review_items', 'config_versions']),
      );
      let dump = '';
      for (const t of tables) {
        const rows = (await sql`select * from ${sql.table(t)}`.execute(store.db)).rows;
        // Long JSON columns are stored deflated: searched as the text they hold.
        dump += `${t}: ${JSON.stringify(rows, (_, v) => (typeof v === 'string' ? unpackText(v) : v))}\n`;
      }
      expect(dump).toContain('HTTP 401 from');
      expect(dump).toContain('Incorrect API key provided: ***');
      for (const [name, value] of Object.entries(SECRETS))
        expect(dump, `${name} in a table`).not.toContain(value);
    } finally {
      await store.close();
    }
    const printed = outputs.map((o) => `${o.out}\n${o.err}`).join('\n');
    expect(printed).toContain('Hooli');
    for (const [name, value] of Object.entries(SECRETS))
      expect(printed, `${name} in CLI output`).not.toContain(value);
  });

  it('a literal secret where an environment variable name belongs is refused with a clear error', async () => {
    const cases: [string, string, RegExp][] = [
      [
        'agents.apiKeyEnv',
        yaml({
          agents: [
            '  provider: openai-compatible',
            '  model: gpt-4o-mini',
            `  baseUrl: ${llm.base}/v1`,
            `  apiKeyEnv: ${SECRETS.LLM_KEY}`,
          ],
        }),
        /agents\.apiKeyEnv.*never the key itself/s,
      ],
      [
        'channels.slack.webhookUrlEnv',
        yaml({ channels: [`  slack: { webhookUrlEnv: "https://hooks.slack.com/${SECRETS.SLACK_PATH}" }`] }),
        /channels\.slack\.webhookUrlEnv.*environment variable name/s,
      ],
      [
        'channels.webhook.secretEnv',
        yaml({
          channels: [`  webhook: { url: "http://127.0.0.1:1/hook", secretEnv: "${SECRETS.HOOK_SECRET}" }`],
        }),
        /channels\.webhook\.secretEnv.*environment variable name/s,
      ],
      [
        'channels.email.passEnv',
        yaml({
          channels: [
            `  email: { host: 127.0.0.1, from: "a@b.co", userEnv: SMTP_USER, passEnv: "${SECRETS.SMTP_PASS}" }`,
          ],
        }),
        /channels\.email\.passEnv.*environment variable name/s,
      ],
    ];
    for (const [field, text, expected] of cases) {
      const ws = workspace(`literal-${field.replace(/\W/g, '-')}`, text);
      const r = await cli(['validate', '--workspace', ws], [alertLoop], () => now, env());
      expect(r.code, field).not.toBe(0);
      expect(`${r.out}\n${r.err}`, field).toMatch(expected);
      // the error names the field, never echoes the secret it found there
      for (const value of Object.values(SECRETS)) expect(`${r.out}\n${r.err}`, field).not.toContain(value);
    }
  });
});
