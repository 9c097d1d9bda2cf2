import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { copyWorkspace } from './helpers/cli.js';
import { DIALECTS, storeEnv } from './helpers/dialects.js';

/**
 * The product-qualified plug-in loop (examples/plugins/product-qualified), loaded from outside
 * src/ by the built binary: in the example workspace, which enables it the way its README says,
 * and in a small workspace of its own, where usage events become a PQL, the PQL a `lead.qualified`
 * handoff and the handoff a route decision with an owner. A broken copy of the plug-in whose
 * payload route cannot take makes `validate` fail.
 */

// Every step spawns the built binary, which loads the plug-in through tsx.
vi.setConfig({ testTimeout: 300_000 });

// A copy of examples/ (acme and the plug-ins folder side by side), inside the repository so the
// plug-in's `import ... from 'revloops'` resolves.
const examples = copyWorkspace('examples', true);
afterAll(() => examples.cleanup());

type Decision = { id: string; loop: string; subject: string; output: Record<string, unknown> };

function revloops(dir: string, env: NodeJS.ProcessEnv, ...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/revloops.js', ...args, '--workspace', dir], {
    encoding: 'utf8',
    env: { ...process.env, REVLOOPS_DATABASE_URL: '', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function json<T>(dir: string, env: NodeJS.ProcessEnv, ...args: string[]): T {
  const r = revloops(dir, env, ...args, '--json');
  expect(r.err).toBe('');
  expect(r.code, r.out).toBe(0);
  return JSON.parse(r.out) as T;
}

describe('the plug-in in the example workspace', () => {
  // examples/acme enables the plug-in: its plug-ins folder, the loop, its config and the product-led chain.
  const acme = join(examples.dir, 'acme');
  const env = {};

  it('a copy of the workspace elsewhere keeps loading the plug-in from where it is installed', () => {
    const elsewhere = copyWorkspace('examples/acme');
    try {
      expect(readFileSync(join(elsewhere.dir, 'revloops.yaml'), 'utf8')).toMatch(
        /^plugins: \[ ?\/.*\/examples\/plugins ?\]/m,
      );
      const body = json<{ loops: { loop: string; origin: string }[] }>(elsewhere.dir, env, 'validate');
      expect(body.loops).toContainEqual(
        expect.objectContaining({ loop: 'product-qualified', origin: 'plug-in' }),
      );
    } finally {
      elsewhere.cleanup();
    }
  });

  it('validates, with the plug-in enabled and the product-led chain checked', () => {
    const body = json<{ loops: { loop: string; origin: string; enabled: boolean }[] }>(acme, env, 'validate');
    expect(body.loops).toContainEqual(
      expect.objectContaining({ loop: 'product-qualified', origin: 'plug-in', enabled: true }),
    );
  });

  it('runs the sample usage file end to end: PQLs handed to route, which places each', () => {
    const body = json<{ intake: unknown; decisions: Decision[] }>(
      acme,
      env,
      'run',
      '--input',
      join(acme, 'data', 'product-usage.jsonl'),
      '--type',
      'product.usage',
    );
    expect(body.intake).toEqual({ accepted: 29, duplicates: 0, rejected: [] });
    const pqls = body.decisions.filter((d) => d.loop === 'product-qualified' && d.output.handedOff === true);
    expect(pqls.map((d) => [d.output.account, d.output.grade]).sort()).toEqual([
      ['brandhaus-analytics.de', 'B'],
      ['northwindfreight.com', 'B'],
      ['tellersystems.io', 'B'],
    ]);
    const below = body.decisions.filter((d) => d.loop === 'product-qualified' && d.output.status === 'below');
    expect(new Set(below.map((d) => d.output.account))).toEqual(
      new Set([
        'lumendental.com',
        'workspace-ws-8841',
        'northwindfreight.com',
        'tellersystems.io',
        'brandhaus-analytics.de',
      ]),
    );
    const routed = new Map(
      body.decisions.filter((d) => d.loop === 'route').map((d) => [d.output.leadId, d.output] as const),
    );
    expect(routed.size).toBe(3);
    // An existing customer's new workspace goes to the account's owner; the others to their region's pool.
    expect(routed.get('pql-tellersystems.io')).toMatchObject({
      outcome: 'assigned',
      rule: 'existing-customer',
      via: 'account-owner',
      assignee: 'u-dev',
    });
    expect(routed.get('pql-brandhaus-analytics.de')).toMatchObject({ rule: 'emea', via: 'pool' });
    expect(routed.get('pql-northwindfreight.com')).toMatchObject({ rule: 'na-commercial-b', via: 'pool' });
    const replay = json<{ checked: number; different: number }>(acme, env, 'replay', '--all');
    expect(replay).toMatchObject({ checked: body.decisions.length, different: 0 });
  });
});

const MINIMAL_CONFIG = `loop: product-qualified
features:
  - { feature: report_run, points: 5, maxPoints: 40 }
milestones:
  - { name: integrated, feature: api_connected, atLeast: 1, points: 20 }
activeUsers: { pointsPerUser: 10, maxPoints: 30, windowDays: 7 }
plans: { free: 0, pro: 10 }
recency: { halfLifeDays: 7 }
threshold: 60
rearmBelow: 50
grades:
  - { grade: A, min: 80 }
  - { grade: B, min: 60 }
monitors:
  conversion: { minPqls: 2, minRate: 0.75 }
`;

const MINIMAL_ROUTE = `loop: route
rules:
  - name: product-led
    when: { field: source, op: eq, value: product }
    action: { type: pool, pool: self-serve }
otherwise: { type: queue, queue: triage }
pools:
  self-serve: { strategy: round-robin, members: [u-lee, u-max] }
`;

const usage = (email: string, feature: string, at: string, count = 1, plan = 'pro') =>
  JSON.stringify({
    workspaceId: email.endsWith('gmail.com') ? 'w-77' : 'w-1',
    email,
    feature,
    count,
    occurredAt: at,
    plan,
  });

// acme-labs.io crosses on its second event, stays above, decays below rearmBelow two months on,
// and crosses again; a gmail signup is its own account and stays below.
const EVENTS = [
  usage('ann@acme-labs.io', 'api_connected', '2026-09-01T10:00:00Z'),
  usage('bob@acme-labs.io', 'report_run', '2026-09-01T11:00:00Z', 4),
  usage('bob@acme-labs.io', 'report_run', '2026-09-02T11:00:00Z', 2),
  usage('ann@acme-labs.io', 'report_run', '2026-11-01T10:00:00Z'),
  usage('cy@acme-labs.io', 'report_run', '2026-11-01T11:00:00Z', 3),
  usage('dee@gmail.com', 'report_run', '2026-11-01T12:00:00Z', 2, 'free'),
];

/** A workspace of its own: the plug-in (or a copy of it) and route, chained. */
function minimalWorkspace(name: string, plugins: string): string {
  const dir = join(examples.dir, name);
  mkdirSync(join(dir, 'loops'), { recursive: true });
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(
    join(dir, 'revloops.yaml'),
    `name: ${name}\nplugins: [${plugins}]\nloops: [product-qualified, route]\nchains:\n  - name: product-led\n    loops: [product-qualified, route]\nrecords:\n  - { kind: user, file: data/users.csv }\n`,
  );
  writeFileSync(join(dir, 'loops', 'product-qualified.yaml'), MINIMAL_CONFIG);
  writeFileSync(join(dir, 'loops', 'route.yaml'), MINIMAL_ROUTE);
  writeFileSync(
    join(dir, 'data', 'users.csv'),
    'externalId,email,name,role,timezone,active\nu-lee,lee@seller.io,Lee Park,ae,UTC,true\nu-max,max@seller.io,Max Roy,ae,UTC,true\n',
  );
  writeFileSync(join(dir, 'data', 'usage.jsonl'), `${EVENTS.join('\n')}\n`);
  return dir;
}

describe.each(DIALECTS)('the plug-in in a workspace of its own, on %s', (dialect) => {
  const dir = minimalWorkspace(`minimal-${dialect}`, '../plugins');
  const { env, drop } = storeEnv(dialect);
  afterAll(() => drop());

  it('usage → PQL → lead.qualified → route assigns an owner; no second handoff until the score drops and re-crosses', () => {
    const body = json<{ decisions: Decision[] }>(
      dir,
      env,
      'run',
      '--input',
      join(dir, 'data', 'usage.jsonl'),
      '--type',
      'product.usage',
    );
    // One decision per usage event; an account's decisions come in the order its events happened.
    const scored = body.decisions.filter((d) => d.loop === 'product-qualified');
    const of = (account: string) =>
      scored.filter((d) => d.output.account === account).map((d) => [d.output.status, d.output.score]);
    expect(scored).toHaveLength(6);
    expect(of('acme-labs.io')).toEqual([
      ['below', 40],
      ['pql', 70],
      ['already-pql', 78.1],
      ['rearmed', 45.1],
      ['pql', 70.1],
    ]);
    expect(of('workspace-w-77')).toEqual([['below', 20]]);
    const acmeLabs = scored.filter((d) => d.output.account === 'acme-labs.io');
    const pql = acmeLabs[1] as Decision;
    expect(pql.output).toMatchObject({ handedOff: true, leadId: 'pql-acme-labs.io', grade: 'B' });
    const routes = body.decisions.filter((d) => d.loop === 'route');
    expect(routes.map((d) => d.output.outcome)).toEqual(['assigned', 'kept']);
    const owner = routes[0]?.output.assignee;
    expect(['u-lee', 'u-max']).toContain(owner);
    expect(routes[0]?.output).toMatchObject({ leadId: 'pql-acme-labs.io', rule: 'product-led', via: 'pool' });
    expect(routes[1]?.output).toMatchObject({ assignee: owner, via: 'existing-owner' });

    const explain = revloops(dir, env, 'explain', pql.id);
    expect(explain.code).toBe(0);
    expect(explain.out).toContain('loop      product-qualified 1.0.0');
    expect(explain.out).toContain('factor  engagement/milestone:integrated = 1  +20');
    expect(explain.out).toContain('factor  fit/active-users = 2  +20');
    expect(explain.out).toContain('rule    threshold: matched, 70 >= threshold 60');
    expect(explain.out).toMatch(/handoff lead\.qualified: \{"leadId":"pql-acme-labs\.io"/);
    expect(explain.out).toMatch(/route\s+lead:pql-acme-labs\.io/);
    const already = revloops(dir, env, 'explain', (acmeLabs[2] as Decision).id).out;
    expect(already).toContain('but handed off at');
    expect(already).not.toContain('handoff lead.qualified');
    const replay = json<{ checked: number; different: number }>(dir, env, 'replay', '--all');
    expect(replay).toMatchObject({ checked: body.decisions.length, different: 0 });
  });

  it('measures PQL conversion and warns when it is below the floor', () => {
    const converted = json<{ processed: { decisions: number } }>(
      dir,
      env,
      'emit',
      'lead.converted',
      JSON.stringify({ leadId: 'pql-acme-labs.io', at: '2026-11-20T10:00:00Z' }),
      '--process',
    );
    expect(converted.processed.decisions).toBe(1);
    const outcomes = json<Decision[]>(dir, env, 'decisions', 'list', '--loop', 'product-qualified').filter(
      (d) => d.output.kind === 'outcome',
    );
    expect(outcomes.map((d) => d.output)).toEqual([
      {
        kind: 'outcome',
        leadId: 'pql-acme-labs.io',
        pql: true,
        account: 'acme-labs.io',
        score: 70.1,
        daysToConvert: 19,
      },
    ]);
    const metrics = revloops(dir, env, 'metrics', 'product-qualified', '--since', '2w');
    expect(metrics.code).toBe(0);
    expect(metrics.out).toMatch(/pqls\s+-\s+2\s/);
    expect(metrics.out).toMatch(/conversions\s+-\s+1\s/);
    const feedback = revloops(dir, env, 'feedback', 'run', 'product-qualified');
    expect(feedback.out).toContain('1 of 2 product-qualified leads converted (50%), below the 75% floor');
  });
});

describe('validate checks the plug-in’s contracts', () => {
  it('fails when a broken copy hands route a payload it cannot take, naming the field', () => {
    const broken = join(examples.dir, 'plugins-broken', 'product-qualified');
    cpSync(join(examples.dir, 'plugins', 'product-qualified'), broken, { recursive: true });
    const contract = join(broken, 'contract.ts');
    const source = readFileSync(contract, 'utf8');
    const edited = source.replace(
      "leadId: z.string().min(1).describe('The lead id in the records of work.'),",
      "leadId: z.number().describe('The lead id in the records of work.'),",
    );
    expect(edited).not.toBe(source);
    writeFileSync(contract, edited);
    const dir = minimalWorkspace('minimal-broken', '../plugins-broken');
    const r = revloops(dir, {}, 'validate');
    expect(r.code).toBe(1);
    // Route's input is a union (a lead, a tick, a breach, a retry, a capacity plan); when no branch
    // accepts the payload, validate names the field of the first branch it tried.
    expect(r.err).toMatch(
      /incompatible handoff: lead\.qualified from product-qualified to route: field \S+ /,
    );
    // The intact plug-in in the same workspace validates.
    const intact = minimalWorkspace('minimal-intact', '../plugins');
    expect(revloops(intact, {}, 'validate').code).toBe(0);
  });

  it('reports a bad config with its file, line and field', () => {
    const dir = minimalWorkspace('minimal-bad-config', '../plugins');
    const bad = MINIMAL_CONFIG.replace('rearmBelow: 50', 'rearmBelow: 65');
    writeFileSync(join(dir, 'loops', 'product-qualified.yaml'), bad);
    const r = revloops(dir, {}, 'validate');
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      'loops/product-qualified.yaml:10:13 rearmBelow: expected at most the threshold (60): an account must drop below it before it can re-cross',
    );
  });
});
