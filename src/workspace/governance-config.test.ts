import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseMetrics, defineLoop, type RevloopsError } from '../kernel/index.js';
import { GovernanceConfig, governanceOf, spanMs } from './governance-config.js';
import { loadWorkspace } from './load.js';

const scorer = defineLoop({
  name: 'scorer',
  version: '1.0.0',
  description: 'scorer test loop',
  archetypes: ['event'],
  config: z.strictObject({}),
  triggers: [{ kind: 'event', on: 'lead.created' }],
  input: z.unknown(),
  output: z.object({}),
  outputs: ['decision'],
  run: (ctx) => ctx.decide({}),
  metrics: baseMetrics,
  feedback: [{ name: 'noop', description: 'noop', level: 2, reads: ['decisions'], evaluate: () => [] }],
});

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function load(governance: string): Promise<RevloopsError | undefined> {
  dir = mkdtempSync(join(tmpdir(), 'revloops-gov-config-'));
  mkdirSync(join(dir, 'loops'));
  writeFileSync(
    join(dir, 'revloops.yaml'),
    `name: t\nloops: [scorer]\nplugins: []\ngovernance:\n${governance}`,
  );
  try {
    await loadWorkspace(dir, { loops: [scorer] });
    return undefined;
  } catch (err) {
    return err as RevloopsError;
  }
}

describe('the governance block of revloops.yaml', () => {
  it('has defaults for everything', () => {
    expect(governanceOf({})).toMatchObject({
      adminRoles: ['admin', 'ops'],
      owners: {},
      queues: {},
      feedback: { window: '7d', every: '1h', quietHours: 24, backtestLimit: 500, autoRollback: false },
      autonomy: [],
      git: { commit: true },
    });
    expect(
      GovernanceConfig.parse({ queues: { triage: { escalation: [{ to: 'role:manager' }] } } }).queues.triage,
    ).toEqual({
      escalation: [{ to: 'role:manager', afterHours: 0, reassign: false, channel: 'escalation' }],
    });
    expect([spanMs('90m'), spanMs('24h'), spanMs('7d'), spanMs('2w'), spanMs('soon')]).toEqual([
      5_400_000,
      86_400_000,
      604_800_000,
      1_209_600_000,
      undefined,
    ]);
  });

  it('points at the line of a bad assignee, span or autonomy rule', async () => {
    const err = await load(
      '  queues:\n    triage:\n      assignee: "team lead"\n  feedback: { window: soon }\n',
    );
    expect(err?.code).toBe('CONFIG_INVALID');
    expect(err?.issues.map((i) => [i.path, i.line])).toEqual([
      ['governance.queues.triage.assignee', 7],
      ['governance.feedback.window', 8],
    ]);
    expect(err?.issues[0]?.message).toContain('expected a user id (u-jon), team:<id> or role:<name>');
  });

  it('refuses owners and autonomy rules for loops the workspace does not run', async () => {
    const err = await load(
      '  owners:\n    scorr: { owner: u-jon }\n  autonomy:\n    - { kind: x, loop: scorer, minApproved: 1, minRate: 0.5 }\n    - { kind: y, loop: routr, minApproved: 1, minRate: 0.5 }\n',
    );
    expect(err?.issues.map((i) => [i.path, i.line, i.message])).toEqual([
      ['governance.owners.scorr', 6, 'no loop named scorr in this workspace (loops: scorer)'],
      ['governance.autonomy.1.loop', 9, 'no loop named routr in this workspace (loops: scorer)'],
    ]);
    expect(await load('  owners:\n    scorer: { owner: role:ops, channel: inApp }\n')).toBeUndefined();
  });
});
