import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, copyWorkspace } from './helpers/cli.js';

/**
 * `revloops simulate route`: a proposed routing config against historical qualified leads, with
 * the same engine and write-free surfaces: the diff per rule, per rep, per queue and the pools'
 * fairness, and nothing written to the store.
 */
const NOW = new Date('2026-11-02T17:05:00Z');
const clock = () => NOW;

describe('simulate a routing change against history', () => {
  const ws = copyWorkspace('examples/acme');
  afterAll(() => ws.cleanup());
  const W = ['--workspace', ws.dir];
  const run = (argv: string[]) => cli([...argv, ...W], [], clock);
  const history = join(ws.dir, 'data', 'qualified-history.jsonl');
  const proposal = join(ws.dir, 'route-proposal.yaml');

  it('prepares the team and 200 qualified leads of history', async () => {
    for (const [kind, file] of [
      ['user', 'users.csv'],
      ['account', 'accounts.csv'],
      ['opportunity', 'opportunities.csv'],
    ] as const) {
      expect((await run(['import', kind, join(ws.dir, 'data', file)])).code).toBe(0);
    }
    const grades = ['A', 'B', 'C', 'D'] as const;
    const regions = ['NA', 'NA', 'NA', 'EMEA'] as const;
    const lines: string[] = [];
    for (let i = 0; i < 200; i++) {
      const grade = grades[Math.floor(i / 4) % 4] as string;
      lines.push(
        JSON.stringify({
          leadId: `hist-${String(i).padStart(3, '0')}`,
          email: `p${i}@prospect${i}.com`,
          score: { A: 88, B: 70, C: 50, D: 20 }[grade],
          grade,
          employees: 60 + ((i * 37) % 900),
          region: regions[i % 4],
          country: regions[i % 4] === 'NA' ? 'US' : 'DE',
          createdAt: new Date(NOW.getTime() - (200 - i) * 60_000).toISOString(),
        }),
      );
    }
    writeFileSync(history, `${lines.join('\n')}\n`);
    // The proposal: rule 2 takes B grades too (so B leads get its 30-minute SLA).
    const { readFileSync } = await import('node:fs');
    const active = readFileSync(join(ws.dir, 'loops', 'route.yaml'), 'utf8');
    const changed = active.replace(
      '- { field: grade, op: eq, value: A }',
      '- { field: grade, op: in, value: [A, B] }',
    );
    expect(changed).not.toBe(active);
    writeFileSync(proposal, changed);
  });

  it('shows what the proposal changes, per rule, rep and queue, and writes nothing', async () => {
    const before = JSON.parse((await run(['decisions', 'list', '--json'])).out);
    const r = await run(['simulate', 'route', '--config', proposal, '--against', history, '--json']);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.inputs).toBe(200);
    expect(report.errors).toMatchObject({ before: 0, after: 0 });
    // The 50 B-grade leads: the North America ones (3 in 4) move from rule 4 to rule 2.
    const rules = report.outcomes.rule;
    expect(rules['na-commercial-b'].before).toBeGreaterThan(20);
    expect(rules['na-commercial-b'].after).toBe(0);
    expect(rules['na-commercial-a'].after - rules['na-commercial-a'].before).toBe(
      rules['na-commercial-b'].before,
    );
    expect(report.changed).toBeGreaterThanOrEqual(rules['na-commercial-b'].before);
    expect(report.changes[0].before.rule).toBe('na-commercial-b');
    expect(report.changes[0].after.rule).toBe('na-commercial-a');
    const fair = report.fairness['na-commercial'];
    expect(fair.before.picks).toBeGreaterThan(0);
    console.log(
      `simulated 200 leads: ${report.changed} changed; rule na-commercial-a ${rules['na-commercial-a'].before} -> ${rules['na-commercial-a'].after}, na-commercial-b ${rules['na-commercial-b'].before} -> 0`,
    );
    const text = (await run(['simulate', 'route', '--config', proposal, '--against', history])).out;
    expect(text).toMatch(/changed \(\d+(\.\d)?%\)/);
    expect(text).toContain('fairness of pool na-commercial');
    expect(JSON.parse((await run(['decisions', 'list', '--json'])).out)).toEqual(before);
  });

  it('makes validate warn about rules that matched nothing in the last simulation', async () => {
    const r = await run(['validate', '--json']);
    expect(r.code, r.err).toBe(0);
    const warnings: string[] = JSON.parse(r.out).warnings;
    // No lead of the history comes from an existing account, and none is enterprise-sized.
    expect(warnings).toContainEqual(
      expect.stringMatching(
        /^loops\/route\.yaml:\d+:\d+: rules\.0\.name: rule 'existing-customer' matched nothing in the last simulation \(200 inputs/,
      ),
    );
    expect(warnings.some((w) => w.includes("'na-commercial-a' matched nothing"))).toBe(false);
  });

  it('refuses a proposal that does not validate, with file and line', async () => {
    const bad = join(ws.dir, 'bad.yaml');
    writeFileSync(
      bad,
      'loop: route\nrules:\n  - name: x\n    when: { field: grade, op: equals, value: A }\n    action: { type: queue, queue: nurture }\n',
    );
    const r = await run(['simulate', 'route', '--config', bad, '--against', history]);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/bad\.yaml:4/);
  });
});
