import { describe, expect, it } from 'vitest';
import type { DecisionView, Effect } from '../../kernel/index.js';
import { explainText } from './explain-format.js';

const decision = (id: string, effects: Effect[] = []): DecisionView => ({
  id,
  loop: 'pursue',
  loopVersion: '1.0.0',
  configVersion: 'a'.repeat(64),
  gitSha: null,
  mode: 'live',
  subject: `opportunity:${id}`,
  eventId: null,
  eventType: null,
  parentIds: [],
  rootId: 'dec-000',
  input: {},
  output: { level: 'high' },
  effects,
  trace: [],
  reasons: [],
  confidence: 1,
  agentAnswers: [],
  now: '2026-11-27T00:00:00.000Z',
  seed: 1,
  latencyMs: 1,
  createdAt: '2026-11-27T00:00:00.000Z',
});

const write = (i: number): Effect => ({
  kind: 'record_write',
  id: `w${i}`,
  record: 'opportunity',
  recordId: `opp-${i}`,
  op: 'patch',
  values: { risk: 'high' },
});
const handoff = (i: number): Effect => ({
  kind: 'handoff',
  id: `h${i}`,
  type: 'pursue.deal-risk',
  payload: { opportunityId: `opp-${i}` },
});

describe('explainText', () => {
  it('lists every effect and chain link of a small decision', () => {
    const d = decision('dec-001', [write(1), handoff(1)]);
    const text = explainText(d, [decision('dec-000'), d, decision('dec-002')]);
    expect(text).toContain('patch opportunity opp-1');
    expect(text).toContain('handoff pursue.deal-risk');
    expect(text).not.toContain('more (');
    expect(text.split('\n').filter((l) => /^ {2}[ >] dec-/.test(l))).toHaveLength(3);
  });

  it('counts what it does not list of a run that wrote thousands of records and handed on thousands', () => {
    const effects = Array.from({ length: 3_000 }, (_, i) => (i % 3 === 0 ? handoff(i) : write(i)));
    const chain = Array.from({ length: 1_001 }, (_, i) => decision(`dec-${String(i).padStart(4, '0')}`));
    const d = chain[500] as DecisionView;
    const text = explainText({ ...d, effects }, chain);
    const lines = text.split('\n');
    expect(lines.filter((l) => l.startsWith('  - '))).toHaveLength(50);
    expect(text).toContain(
      '… and 2950 more (1967 record writes, 983 handoffs); every one: revloops explain dec-0500 --json',
    );
    // The decision and twenty links either side of it, and where the others are.
    const links = lines.filter((l) => /^ {2}[ >] dec-/.test(l));
    expect(links).toHaveLength(41);
    expect(links[20]).toMatch(/^ {2}> dec-0500/);
    expect(text).toContain('    … 480 earlier');
    expect(text).toContain('    … 480 later; the whole chain: revloops decisions chain dec-0500');
    expect(lines.length).toBeLessThan(150);
  });
});
