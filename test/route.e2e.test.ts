import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, copyWorkspace } from './helpers/cli.js';
import { DIALECTS, storeEnv } from './helpers/dialects.js';
import { keepLoops } from './helpers/workspace-yaml.js';

const leads = readFileSync('examples/acme/data/leads.jsonl', 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const leadById = (id: string) => JSON.stringify(leads.find((l) => l.id === id));

describe.each(DIALECTS)('qualify → route on the acme workspace, end to end on %s', (dialect) => {
  const ws = copyWorkspace('examples/acme');
  keepLoops(ws.dir, ['qualify', 'route']);
  const { env, drop } = storeEnv(dialect);
  afterAll(async () => {
    ws.cleanup();
    await drop();
  });
  let now = new Date('2026-11-24T15:00:00.000Z'); // a Tuesday: 10:00 in New York, 16:00 in Berlin
  const clock = () => now;
  const run = (...argv: string[]) => cli([...argv, '--workspace', ws.dir], [], clock, env);
  const json = async (...argv: string[]) => {
    const r = await run(...argv, '--json');
    expect(r.err).toBe('');
    return JSON.parse(r.out);
  };
  const routed = async () =>
    (await json('decisions', 'list', '--loop', 'route')) as {
      id: string;
      subject: string;
      output: Record<string, unknown>;
    }[];

  it('validates: route is enabled and the demand chain qualify → route holds its contract', async () => {
    const body = await json('validate');
    const enabled = body.loops.filter((l: { enabled: boolean }) => l.enabled);
    expect(enabled.map((l: { loop: string }) => l.loop)).toEqual(['qualify', 'route']);
    expect(body.chains).toEqual([{ name: 'demand', loops: ['qualify', 'route'] }]);
  });

  it('imports the users, their open opportunities and one existing account', async () => {
    writeFileSync(
      join(ws.dir, 'opportunities.csv'),
      [
        'externalId,name,ownerId,status,amount',
        ...[
          ['u-ana', 3],
          ['u-ben', 1],
          ['u-cara', 2],
          ['u-dev', 4],
        ].flatMap(([owner, n]) =>
          Array.from({ length: Number(n) }, (_, i) => `opp-${owner}-${i},Renewal ${i},${owner},open,12000`),
        ),
        'opp-won,Closed deal,u-ben,won,50000',
      ].join('\n'),
    );
    writeFileSync(
      join(ws.dir, 'accounts.csv'),
      'externalId,name,domain,ownerId\nacc-atlas,AtlasGrid,atlasgrid.com,u-eli\n',
    );
    expect((await json('import', 'user', join(ws.dir, 'data/users.csv'))).created).toBe(10);
    expect((await json('import', 'opportunity', join(ws.dir, 'opportunities.csv'))).created).toBe(11);
    expect((await json('import', 'account', join(ws.dir, 'accounts.csv'))).created).toBe(1);
  });

  it('the worked example: lead-001 skips rule 1, matches rule 2, and goes to the rep with the fewest open opportunities', async () => {
    const body = await json(
      'emit',
      'lead.created',
      leadById('lead-001'),
      '--subject',
      'lead:lead-001',
      '--process',
    );
    expect(body.processed.decisions).toBe(2); // qualify, then route on the lead.qualified handoff
    const [d] = await routed();
    expect(d?.output).toMatchObject({
      outcome: 'assigned',
      rule: 'na-commercial-a',
      via: 'pool',
      pool: 'na-commercial',
      assignee: 'u-ben',
    });
    const explain = (await run('explain', String(d?.id))).out;
    expect(explain).toContain("rule    1. existing-customer: did not match, accountMatch is 'none'");
    expect(explain).toContain("rule    2. na-commercial-a: matched, grade is 'A'");
    expect(explain).toMatch(
      /pool-pick +\{"pool":"na-commercial","strategy":"fewest-open-opportunities","chosen":"u-ben"/,
    );
    expect(explain).toContain('handoff lead.routed');
  });

  it('an existing customer’s lead goes to the account owner; an EMEA lead to the EMEA pool', async () => {
    await json('emit', 'lead.created', leadById('lead-019'), '--subject', 'lead:lead-019', '--process');
    await json('emit', 'lead.created', leadById('lead-002'), '--subject', 'lead:lead-002', '--process');
    const out = (await routed()).map((d) => [d.subject, d.output.rule, d.output.assignee]);
    expect(out.slice(1)).toEqual([
      ['lead:lead-019', 'existing-customer', 'u-eli'],
      ['lead:lead-002', 'emea', 'u-gus'],
    ]);
  });

  it('a missed SLA is escalated by the schedule as its own decision: reassigned, and the manager told', async () => {
    await json('worker', '--once'); // first sight of the schedule
    now = new Date('2026-11-24T15:31:00.000Z');
    const pass = await json('worker', '--once');
    expect(pass.ticks).toBe(1);
    const all = await routed();
    const escalation = all.find((d) => d.output.kind === 'escalation' && d.subject === 'lead:lead-001');
    expect(escalation?.output).toMatchObject({
      outcome: 'reassigned',
      from: 'u-ben',
      to: 'u-cara',
      notified: 'u-jon',
    });
    expect(all.find((d) => d.output.kind === 'sla-scan')?.output).toMatchObject({ breached: 1 });
  });

  it('route fairness shows each member’s assignments, the deviation and why members were skipped', async () => {
    const ledger = await json('route', 'fairness', 'na-commercial', '--since', '7d');
    expect(ledger).toMatchObject({
      pool: 'na-commercial',
      strategy: 'fewest-open-opportunities',
      picks: 2,
      assigned: 2,
    });
    const ben = ledger.rows.find((r: { user: string }) => r.user === 'u-ben');
    expect(ben).toMatchObject({ assigned: 1, reassignedAway: 1, net: 0, skips: { excluded: 1 } });
    const text = (await run('route', 'fairness', 'na-commercial')).out;
    expect(text).toContain('pool na-commercial (fewest-open-opportunities)');
    expect(text).toMatch(/u-ben +25\.0% +1 +50\.0%/);
    expect(text).toContain('u-ben excluded ×1: missed the SLA on this lead');
    const bad = await run('route', 'fairness', 'nowhere');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(
      'no pool named nowhere in loops/route.yaml (pools: na-commercial, na-enterprise, emea)',
    );
  });

  it('every route decision replays identically', async () => {
    const r = await json('replay', '--all', '--loop', 'route');
    expect(r.checked).toBe(5); // three leads, one scheduled check, one escalation
    expect(r.different).toBe(0);
  });

  it('validate: a broken route.yaml fails with file:line and the field; a shadowed rule is a warning', async () => {
    const file = join(ws.dir, 'loops', 'route.yaml');
    const text = readFileSync(file, 'utf8');
    const broken = text
      .replace('members: [u-gus, u-hana]', 'members: []')
      .replace('action: { type: queue, queue: nurture }', 'action: { type: queue, queue: nurtur }');
    writeFileSync(file, broken);
    const r = await run('validate');
    expect(r.code).toBe(1);
    const lineOf = (needle: string) => broken.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(r.err).toMatch(
      new RegExp(
        `loops/route\\.yaml:${lineOf('members: []')}:\\d+ pools\\.emea\\.members: a pool needs at least one member`,
      ),
    );
    writeFileSync(
      file,
      text.replace('action: { type: queue, queue: nurture }', 'action: { type: queue, queue: nurtur }'),
    );
    const missing = await run('validate');
    expect(missing.err).toMatch(
      new RegExp(
        `loops/route\\.yaml:${lineOf('queue: nurtur }')}:\\d+ rules\\.6\\.action\\.queue: no queue named nurtur \\(queues: review, triage, nurture\\)`,
      ),
    );
    const shadowed = text.replace(
      'rules:\n',
      'rules:\n  - name: all-a\n    when: { field: grade, op: eq, value: A }\n    action: { type: queue, queue: review }\n',
    );
    writeFileSync(file, shadowed);
    const warned = await run('validate');
    expect(warned.code).toBe(0);
    expect(warned.out).toMatch(
      /warning: loops\/route\.yaml:\d+:\d+: rules\.2\.when: rule 'na-commercial-a' can never fire/,
    );
    writeFileSync(file, text);
  });
});
