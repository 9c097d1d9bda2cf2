import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, copyWorkspace } from './helpers/cli.js';
import { DIALECTS, storeEnv } from './helpers/dialects.js';

/**
 * The first half of the worked example (examples/acme, data/worked-example.jsonl): an inbound
 * demo request from a webinar campaign is enriched from the companies file and scored 91, grade A;
 * route skips rule 1 (no existing account has the domain), matches rule 2 (A grade, commercial,
 * North America) and assigns the North America commercial pool, whose rep with the fewest open
 * opportunities gets the lead. Every step is checked through `explain`, and replay agrees.
 */
const NOW = new Date('2026-11-02T17:05:00Z'); // a Monday, when every North America rep is at work
const clock = () => NOW;

interface Explained {
  decision: {
    loop: string;
    output: Record<string, unknown>;
    trace: {
      kind: string;
      name?: string;
      rule?: string;
      matched?: boolean;
      detail?: Record<string, unknown>;
    }[];
    effects: {
      kind: string;
      record?: string;
      recordId?: string;
      values?: Record<string, unknown>;
      assignee?: string;
      type?: string;
    }[];
  };
}

describe.each(DIALECTS)('the worked example, first half, on %s', (dialect) => {
  const ws = copyWorkspace('examples/acme');
  const { env, drop } = storeEnv(dialect);
  afterAll(async () => {
    await drop();
    ws.cleanup();
  });
  const W = ['--workspace', ws.dir];
  const run = (argv: string[]) => cli([...argv, ...W], [], clock, env);
  const explain = async (id: string) => JSON.parse((await run(['explain', id, '--json'])).out) as Explained;
  let qualifyId = '';
  let routeId = '';

  it('imports the team, the accounts and the opportunities', async () => {
    for (const [kind, file] of [
      ['user', 'users.csv'],
      ['account', 'accounts.csv'],
      ['opportunity', 'opportunities.csv'],
    ]) {
      const r = await run(['import', kind as string, join(ws.dir, 'data', file as string), '--json']);
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out).rejected).toEqual([]);
    }
  });

  it('takes the inbound lead through qualify and route', async () => {
    const r = await run([
      'run',
      '--input',
      join(ws.dir, 'data/worked-example.jsonl'),
      '--type',
      'lead.created',
      '--json',
    ]);
    expect(r.code, r.err).toBe(0);
    const body = JSON.parse(r.out) as {
      report: { decisions: number; dead: number };
      decisions: { id: string; loop: string }[];
    };
    expect(body.report).toMatchObject({ decisions: 3, dead: 0 }); // qualify, route, and engage's draft (test/engage.e2e.test.ts goes on from there)
    qualifyId = body.decisions.find((d) => d.loop === 'qualify')?.id ?? '';
    routeId = body.decisions.find((d) => d.loop === 'route')?.id ?? '';
    expect(qualifyId).toMatch(/^dec_/);
    expect(routeId).toMatch(/^dec_/);
  });

  it('enriches the lead from the companies file and scores it 91, grade A', async () => {
    const { decision } = await explain(qualifyId);
    expect(decision.output).toMatchObject({ score: 91, grade: 'A', fit: 60, engagement: 31 });
    expect(decision.output.enrichment).toMatchObject({
      status: 'enriched',
      companyId: 'co-0004',
      provider: 'company-file',
    });
    const factors = decision.trace.filter((t) => t.kind === 'factor');
    expect(factors.length).toBeGreaterThan(5);
    const lead = decision.effects.find((e) => e.kind === 'record_write' && e.record === 'lead');
    expect(lead?.values).toMatchObject({
      score: 91,
      grade: 'A',
      employees: 450,
      industry: 'Software',
      region: 'NA',
    });
    expect(decision.effects.some((e) => e.kind === 'handoff' && e.type === 'lead.qualified')).toBe(true);
    const text = (await run(['explain', qualifyId])).out;
    expect(text).toContain('91');
  });

  it('skips rule 1, matches rule 2 and gives the lead to the commercial rep with the fewest open opportunities', async () => {
    const { decision } = await explain(routeId);
    const rules = decision.trace.filter((t) => t.kind === 'rule');
    expect(rules[0]).toMatchObject({ rule: '1. existing-customer', matched: false });
    expect(rules[1]).toMatchObject({ rule: '2. na-commercial-a', matched: true });
    expect(rules).toHaveLength(2);
    const pick = decision.trace.find((t) => t.kind === 'step' && t.name === 'pool-pick');
    expect(pick?.detail).toMatchObject({
      pool: 'na-commercial',
      strategy: 'fewest-open-opportunities',
      chosen: 'u-cara',
    });
    expect(decision.output).toMatchObject({
      outcome: 'assigned',
      rule: 'na-commercial-a',
      pool: 'na-commercial',
      assignee: 'u-cara',
    });
    const write = decision.effects.find((e) => e.kind === 'record_write' && e.record === 'lead');
    expect(write?.values).toMatchObject({ ownerId: 'u-cara' });
    expect(decision.effects.some((e) => e.kind === 'task' && e.assignee === 'u-cara')).toBe(true);
    expect(decision.effects.some((e) => e.kind === 'handoff' && e.type === 'lead.routed')).toBe(true);
  });

  it('replays every decision identically', async () => {
    const r = await run(['replay', '--all', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ different: 0 });
    expect(JSON.parse(r.out).checked).toBeGreaterThanOrEqual(2);
  });
});
