import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

/**
 * `revloops simulate route --since`: the decision log replayed from the instant of its first
 * decision, so each lead sees the records as they were when it came in; a rep's later
 * assignments do not count against a proposed cap on her first pick.
 */
const START = Date.parse('2026-11-02T16:00:00Z');

describe('simulate a routing change against the decision log', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rl-simhist-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const ws = join(dir, 'W');
  // Each reading of the clock is a second later, so every decision has an instant of its own.
  let tick = 0;
  const clock = () => new Date(START + 1000 * tick++);
  const run = (argv: string[]) => cli([...argv, '--workspace', ws], [], clock);
  const withCap = (cap: number) => {
    const file = join(dir, `cap${cap}.yaml`);
    const active = readFileSync(join(ws, 'loops', 'route.yaml'), 'utf8');
    const changed = active.replace('capPerDay: 12', `capPerDay: ${cap}`);
    expect(changed).not.toBe(active);
    writeFileSync(file, changed);
    return file;
  };
  /** The leads the commercial pool gave each rep, in the order it gave them. */
  const picks = new Map<string, string[]>();

  it('routes the example leads', async () => {
    expect((await cli(['init', ws], [], clock)).code).toBe(0);
    const r = await run(['run', '--input', join(ws, 'data', 'leads.jsonl'), '--type', 'lead.created']);
    expect(r.code, r.err).toBe(0);
    const decisions: { loop: string; output: { pool?: string; assignee?: string; leadId?: string } }[] =
      JSON.parse((await run(['decisions', 'list', '--loop', 'route', '--json', '--limit', '1000'])).out);
    for (const { output } of decisions)
      if (output.pool === 'na-commercial' && output.assignee && output.leadId)
        picks.set(output.assignee, [...(picks.get(output.assignee) ?? []), output.leadId]);
    expect(Math.max(...[...picks.values()].map((p) => p.length))).toBeGreaterThan(3);
  });

  it('changes nothing under a cap no rep reached', async () => {
    const most = Math.max(...[...picks.values()].map((p) => p.length));
    const r = await run(['simulate', 'route', '--config', withCap(most), '--since', '30d', '--json']);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.inputs).toBeGreaterThan(0);
    expect(report.changes).toEqual([]);
    expect(report.changed).toBe(0);
  });

  it('moves only the leads past the cap, counting the assignments made before each', async () => {
    const r = await run([
      'simulate',
      'route',
      '--config',
      withCap(3),
      '--since',
      '30d',
      '--show',
      '100',
      '--json',
    ]);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out);
    const changed = new Map<string, string>(
      report.changes.map((c: { id: string; before: { assignee: string } }) => [c.id, c.before.assignee]),
    );
    for (const [rep, leads] of picks) {
      // A rep's first three leads stay hers; the fourth no longer fits under a cap of 3.
      for (const lead of leads.slice(0, 3)) expect(changed.has(`lead:${lead}`), lead).toBe(false);
      if (leads.length > 3) expect(changed.get(`lead:${leads[3]}`)).toBe(rep);
    }
  });
});
