import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, copyWorkspace } from './helpers/cli.js';
import { DIALECTS, storeEnv } from './helpers/dialects.js';

/**
 * Engage discovery on the acme workspace, through the CLI: call notes attached to three open
 * opportunities (examples/acme/data/call-notes) are qualified against MEDDPICC. Kestrel Robotics
 * and Sable Analytics meet the SQO criteria and go to pursue, which starts a deal play; Solace
 * Telehealth has no metrics, champion or decision process and an unclear economic buyer, so it goes
 * back to nurture. `explain` shows each dimension's evidence, the opportunity gets the coverage
 * written back, and replay agrees.
 */
const NOW = new Date('2026-11-24T15:00:00.000Z');
const clock = () => NOW;

interface Decision {
  id: string;
  loop: string;
  subject: string;
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
    type?: string;
    record?: string;
    payload?: Record<string, unknown>;
    values?: Record<string, unknown>;
  }[];
}

const CALLS = [
  ['opp-002', 'kestrel-robotics-discovery.md'],
  ['opp-008', 'solace-telehealth-intro.txt'],
  ['opp-004', 'sable-analytics-evaluation.md'],
] as const;

describe.each(DIALECTS)('engage discovery on the acme workspace, on %s', (dialect) => {
  const ws = copyWorkspace('examples/acme');
  const { env, drop } = storeEnv(dialect);
  afterAll(async () => {
    await drop();
    ws.cleanup();
  });
  const run = (argv: string[]) => cli([...argv, '--workspace', ws.dir], [], clock, env);
  const json = async (argv: string[]) => {
    const r = await run([...argv, '--json']);
    expect(r.code, r.err).toBe(0);
    return JSON.parse(r.out);
  };
  const explain = async (id: string) => (await json(['explain', id])).decision as Decision;
  const made = new Map<string, { id: string; loop: string; output: Record<string, unknown> }>();

  it('runs the call notes of three opportunities: two SQOs that pursue picks up, one nurture', async () => {
    const file = join(ws.dir, 'call-notes.jsonl');
    const notes = (f: string) => readFileSync(join(ws.dir, 'data', 'call-notes', f), 'utf8');
    writeFileSync(
      file,
      CALLS.map(([opportunityId, f]) =>
        JSON.stringify({ opportunityId, text: notes(f), source: 'call-recorder' }),
      ).join('\n'),
    );
    const body = await json(['run', '--input', file, '--type', 'opportunity.notes']);
    expect(body.intake).toMatchObject({ accepted: 3, rejected: [] });
    for (const d of body.decisions as {
      id: string;
      loop: string;
      subject: string;
      output: Record<string, unknown>;
    }[])
      made.set(`${d.loop} ${d.subject}`, d);
    const outcome = (opp: string) => made.get(`engage opportunity:${opp}`)?.output.outcome;
    expect([outcome('opp-002'), outcome('opp-008'), outcome('opp-004')]).toEqual(['sqo', 'nurture', 'sqo']);
    expect(made.get('pursue opportunity:opp-002')?.output).toMatchObject({ kind: 'play' });
    expect(made.get('pursue opportunity:opp-004')?.output).toMatchObject({ kind: 'play' });
    expect(made.has('pursue opportunity:opp-008')).toBe(false);
  });

  it('explains the SQO dimension by dimension and hands pursue the opportunity with its evidence', async () => {
    const id = made.get('engage opportunity:opp-002')?.id ?? '';
    const d = await explain(id);
    expect(d.output).toMatchObject({
      kind: 'discovery',
      outcome: 'sqo',
      coverage: {
        framework: 'meddpicc',
        covered: [
          'metrics',
          'economic-buyer',
          'decision-process',
          'identify-pain',
          'champion',
          'competition',
        ],
        missing: ['decision-criteria', 'paper-process'],
      },
    });
    const eb = d.trace.find((t) => t.kind === 'step' && t.name === 'dimension economic-buyer');
    expect(eb?.detail).toMatchObject({
      status: 'evidenced',
      evidence: ['Dana Reyes (CFO) signs off on anything above $50k and owns the budget'],
    });
    expect(d.effects.find((e) => e.kind === 'handoff')).toMatchObject({
      type: 'opportunity.sqo',
      payload: { opportunityId: 'opp-002', accountId: 'acc-009', ownerId: 'u-ana', amount: 62000 },
    });
    const text = (await run(['explain', id])).out;
    expect(text).toContain(
      'step    dimension paper-process  {"status":"missing","followUps":["Once you decide',
    );
    expect(text).toContain('rule    sqo economic-buyer: matched, Economic buyer evidenced, confidence 0.9');
  });

  it('disqualifies Solace Telehealth with the reason, writes the coverage back, and replays identically', async () => {
    const d = await explain(made.get('engage opportunity:opp-008')?.id ?? '');
    expect(d.output).toMatchObject({
      outcome: 'nurture',
      coverage: {
        covered: ['decision-criteria', 'identify-pain', 'competition'],
        contradicted: ['economic-buyer'],
      },
    });
    const nurture = d.effects.find((e) => e.kind === 'handoff');
    expect(nurture?.type).toBe('lead.nurture');
    expect(String(nurture?.payload?.reason)).toContain('Economic buyer is contradicted ("');
    expect(d.trace.find((t) => t.kind === 'rule' && t.rule === 'sqo metrics')).toMatchObject({
      matched: false,
      reason: 'Metrics has no evidence',
    });
    expect(
      d.effects.find((e) => e.kind === 'record_write' && e.record === 'opportunity')?.values,
    ).toMatchObject({
      qualification: 'disqualified',
      discovery: { missing: ['metrics', 'decision-process', 'paper-process', 'champion'] },
    });
    const replay = await json(['replay', '--all']);
    expect(replay).toMatchObject({ different: 0 });
    expect(replay.checked).toBeGreaterThanOrEqual(5);
  });
});
