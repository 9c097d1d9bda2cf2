import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openStore } from '../src/index.js';
import { getRecord, getSchedule, listOutbox } from '../src/store/index.js';
import { governanceLoop } from './fixtures/governance-loop.js';
import { cli, copyWorkspace } from './helpers/cli.js';
import { DIALECTS, storeEnv, storeLocation } from './helpers/dialects.js';
import { keepLoops } from './helpers/workspace-yaml.js';

// Each step drives the CLI in-process over a real store; under a loaded machine some take a minute.
vi.setConfig({ testTimeout: 300_000 });

/** Runs git in a workspace with a fixed identity (tests must not depend on the machine's git config). */
function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {
    cwd: dir,
    encoding: 'utf8',
  }).trim();
}

function gitInit(dir: string): void {
  git(dir, 'init', '-q');
  writeFileSync(join(dir, '.gitignore'), '.revloops/\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'the workspace');
}

const acmeLeads = readFileSync('examples/acme/data/leads.jsonl', 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Record<string, unknown>);

const jsonl = (rows: readonly unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n');

describe.each(DIALECTS)(
  'qualify drift: monitor, proposal with backtest, accept, rollback, through the CLI on %s',
  (dialect) => {
    const ws = copyWorkspace('examples/acme');
    const { env, drop } = storeEnv(dialect);
    afterAll(async () => {
      ws.cleanup();
      await drop();
    });
    const qualifyFile = join(ws.dir, 'loops/qualify.yaml');
    const original = readFileSync(qualifyFile, 'utf8');
    keepLoops(
      ws.dir,
      ['qualify'],
      'governance:\n  owners:\n    qualify: { owner: u-jon, channel: inApp } # Jon runs scoring\n',
    );
    gitInit(ws.dir);
    let now = new Date('2026-11-24T15:00:00.000Z');
    const run = (...argv: string[]) => cli([...argv, '--workspace', ws.dir], [], () => now, env);
    const json = async (...argv: string[]) => {
      const r = await run(...argv, '--json');
      expect({ argv, err: r.err, code: r.code }).toEqual({ argv, err: '', code: 0 });
      return JSON.parse(r.out);
    };
    let proposalId = '';
    let oldVersion = '';
    let newVersion = '';

    it('scores the usual mix, then a shift towards leads like the A ones: the monitor fires and a proposal appears', async () => {
      expect((await json('import', 'user', join(ws.dir, 'data/users.csv'))).created).toBe(10);
      writeFileSync(join(ws.dir, 'usual.jsonl'), jsonl(acmeLeads));
      await json('ingest', join(ws.dir, 'usual.jsonl'), '--type', 'lead.created', '--process');
      const usual = (await json('decisions', 'list', '--loop', 'qualify', '--limit', '1000')) as {
        output: { leadId: string; grade: string };
        configVersion: string;
      }[];
      oldVersion = usual[0]?.configVersion ?? '';
      const aLeads = usual.filter((d) => d.output.grade === 'A').map((d) => d.output.leadId);
      expect(aLeads.length).toBeGreaterThan(2);
      // The mix shifts: 110 more leads, each like one of the A leads (another person at the company).
      const shifted = Array.from({ length: 110 }, (_, i) => {
        const like = acmeLeads.find((l) => l.id === aLeads[i % aLeads.length]) as Record<string, unknown>;
        const [user, domain] = String(like.email).split('@');
        return { ...like, id: `shift-${i}`, email: `${user}.${i}@${domain}` };
      });
      writeFileSync(join(ws.dir, 'shift.jsonl'), jsonl(shifted));
      await json('ingest', join(ws.dir, 'shift.jsonl'), '--type', 'lead.created', '--process');

      now = new Date('2026-11-24T16:00:00.000Z');
      const report = await json('feedback', 'run', 'qualify');
      const drift = report.findings.find((f: { feedback: string }) => f.feedback === 'grade-drift');
      expect(drift).toMatchObject({ level: 2, severity: 'warning', outcome: 'alerted' });
      expect(drift.message).toMatch(/of 151 leads were graded A, above the 25% limit/);
      const raise = report.findings.find((f: { feedback: string }) => f.feedback === 'raise-a-threshold');
      expect(raise).toMatchObject({ level: 3, outcome: 'proposed' });
      proposalId = raise.proposalId;

      // The alert is a decision that notified the owner through the outbox.
      const explained = (await run('explain', drift.decisionId)).out;
      expect(explained).toContain('(feedback)');
      expect(explained).toMatch(/notify inApp u-jon: \[qualify\/grade-drift\] .* above the 25% limit/);
      const store = await openStore(storeLocation(ws.dir, env));
      try {
        const outbox = await listOutbox(store.db, { limit: 100 });
        expect(outbox.filter((o) => o.recipient === 'u-jon').map((o) => o.decision_id)).toEqual([
          drift.decisionId,
          raise.decisionId,
        ]);
      } finally {
        await store.close();
      }
      // Running again within the quiet period neither alerts twice nor duplicates the proposal.
      const again = await json('feedback', 'run', 'qualify');
      expect(again.findings.map((f: { outcome: string }) => f.outcome).sort()).toEqual([
        'duplicate',
        'quiet',
      ]);
    });

    it('shows the proposal: evidence, the YAML diff, the backtest side by side and rollback criteria', async () => {
      const p = await json('proposals', 'show', proposalId);
      expect(p).toMatchObject({
        status: 'open',
        loop: 'qualify',
        kind: 'raise-a-threshold',
        baseVersion: oldVersion,
      });
      expect(p.patch).toEqual([{ path: 'grades.thresholds.0.min', from: 80, to: expect.any(Number) }]);
      const to = p.patch[0].to as number;
      expect(p.diff).toContain(
        `-    - { grade: A, min: 80, minFit: 40 }\n+    - { grade: A, min: ${to}, minFit: 40 }`,
      );
      expect(p.backtest).toMatchObject({ decisions: 151, failed: 0, stillFires: false });
      expect(p.backtest.changed).toBeGreaterThan(0);
      expect(p.backtest.fields[0]).toMatchObject({ path: 'grade' });
      const a = p.backtest.metrics.find(
        (m: { metric: string; label: string }) => m.metric === 'grade' && m.label === 'A',
      );
      expect(a.before.value).toBeGreaterThan(0.35);
      expect(a.after.value).toBeLessThan(a.before.value);
      expect(p.rollback).toMatchObject({ metric: 'grade', label: 'A', stat: 'share', minDecisions: 50 });
      expect(p.evidence.finding).toMatchObject({ grade: 'A', currentMin: 80, proposedMin: to });
      const text = (await run('proposals', 'show', proposalId)).out;
      expect(text).toContain(
        'backtest 2026-11-17T16:00 → 2026-11-24T16:00: 151 decision(s) re-run with the proposed config',
      );
      expect(text).toMatch(/grade +A +\d+ \(\d+\.\d%\) +\d+ \(\d+\.\d%\)/);
      expect(text).toContain('the finding would no longer fire on the re-run decisions');
      expect(text).toMatch(/rollback if grade\[A\] share leaves \[/);
    });

    it('refuses the accept from someone who does not own qualify, and changes nothing', async () => {
      const r = await run('proposals', 'accept', proposalId, '--as', 'u-ben');
      expect(r.code).toBe(1);
      expect(r.err).toContain('error [FORBIDDEN]: u-ben may not accept proposal');
      expect(readFileSync(qualifyFile, 'utf8')).toBe(original);
      expect(git(ws.dir, 'rev-list', '--count', 'HEAD')).toBe('1');
    });

    it('accepts through the CLI: the YAML changes with comments intact, one commit links the evidence, a new version is recorded', async () => {
      const r = await json(
        'proposals',
        'accept',
        proposalId,
        '--as',
        'u-jon',
        '--reason',
        'the new campaign brings better leads',
      );
      newVersion = r.version;
      expect(newVersion).not.toBe(oldVersion);
      const to = r.proposal.patch[0].to;
      const text = readFileSync(qualifyFile, 'utf8');
      expect(text).toBe(
        original.replace('- { grade: A, min: 80, minFit: 40 }', `- { grade: A, min: ${to}, minFit: 40 }`),
      );
      expect(text).toContain("# Acme's lead scoring model.");
      expect(text).toContain(
        '# Acme expects 2% to 25% of new leads to be A; outside that, someone should look.',
      );
      expect(git(ws.dir, 'rev-list', '--count', 'HEAD')).toBe('2');
      expect(git(ws.dir, 'rev-parse', 'HEAD')).toBe(r.commit);
      expect(git(ws.dir, 'show', '--name-only', '--format=', 'HEAD')).toBe('loops/qualify.yaml');
      const message = git(ws.dir, 'log', '-1', '--format=%B');
      expect(message).toContain(`revloops: accept qualify proposal ${proposalId}`);
      expect(message).toContain(`Evidence: revloops proposals show ${proposalId}`);
      expect(message).toContain(`Decision: revloops explain ${r.decision.id}`);
      expect(message).toContain('Accepted-by: u-jon');
      expect(git(ws.dir, 'status', '--porcelain', '--', 'loops', 'revloops.yaml')).toBe('');
      const history = (await json('config', 'history', 'qualify')) as {
        version: string;
        gitSha: string;
        current: boolean;
      }[];
      expect(history.find((h) => h.current)).toMatchObject({ version: newVersion, gitSha: r.commit });
      expect((await json('proposals', 'show', proposalId)).status).toBe('accepted');
      const explained = (await run('explain', r.decision.id)).out;
      expect(explained).toContain('accepted by u-jon (assignee)');
    });

    it('decisions after the accept cite the new version and its commit', async () => {
      now = new Date('2026-11-24T17:00:00.000Z');
      const lead = { ...acmeLeads[0], id: 'after-accept', email: 'pat@northwindanalytics.com' };
      const body = await json(
        'emit',
        'lead.created',
        JSON.stringify(lead),
        '--subject',
        'lead:after-accept',
        '--process',
      );
      const [id] = body.processed.decisionIds;
      const d = (await json('explain', id)).decision;
      expect(d).toMatchObject({
        configVersion: newVersion,
        gitSha: git(ws.dir, 'rev-parse', 'HEAD'),
        mode: 'live',
      });
      // Conversions are measured against the grade each lead had: conversion by grade.
      const outcome = await json(
        'emit',
        'lead.converted',
        JSON.stringify({ leadId: 'lead-001' }),
        '--process',
      );
      expect(outcome.processed.decisions).toBe(1);
      const metrics = await json('metrics', 'qualify', '--since', '1d');
      expect(metrics.ratios).toContainEqual({
        metric: 'outcome',
        label: 'A:converted',
        of: 'grade',
        base: 'A',
        count: 1,
        baseCount: expect.any(Number),
        rate: expect.any(Number),
      });
      expect(metrics.latency.p95).toBeGreaterThanOrEqual(metrics.latency.p50);
      expect(metrics.decisions).toBe(153);
    });

    it('rollback restores the old config: the same text, the old version, one more commit; and every decision replays', async () => {
      expect((await run('proposals', 'rollback', proposalId, '--as', 'u-ben')).code).toBe(1);
      const r = await json(
        'proposals',
        'rollback',
        proposalId,
        '--as',
        'u-jon',
        '--reason',
        'A leads stopped converting',
      );
      expect(readFileSync(qualifyFile, 'utf8')).toBe(original);
      expect(r.version).toBe(oldVersion);
      expect(git(ws.dir, 'rev-list', '--count', 'HEAD')).toBe('3');
      expect(git(ws.dir, 'log', '-1', '--format=%s')).toContain(
        `revloops: roll back qualify proposal ${proposalId}`,
      );
      expect(await json('proposals', 'show', proposalId)).toMatchObject({
        status: 'rolled-back',
        resolution: { rollback: { by: 'u-jon', version: oldVersion } },
      });
      const lead = { ...acmeLeads[0], id: 'after-rollback', email: 'sam@northwindanalytics.com' };
      const body = await json(
        'emit',
        'lead.created',
        JSON.stringify(lead),
        '--subject',
        'lead:after-rollback',
        '--process',
      );
      expect((await json('explain', body.processed.decisionIds[0])).decision.configVersion).toBe(oldVersion);
      const replay = await json('replay', '--all');
      expect(replay).toMatchObject({ different: 0 });
      expect(replay.checked).toBeGreaterThan(155);
    });
  },
);

/** A workspace running the governance fixture loop, in git, with users and governance configured. */
function fixtureWorkspace(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'revloops-gov-'));
  mkdirSync(join(dir, 'loops'));
  writeFileSync(
    join(dir, 'revloops.yaml'),
    [
      'name: governance-test',
      'loops: [gov-signup]',
      'plugins: []',
      'governance:',
      '  owners:',
      '    gov-signup: { owner: u-jon }',
      '  queues:',
      '    signups:',
      '      description: Borderline signups a person accepts or turns down',
      '      assignee: team:na-commercial',
      '      slaHours: 4',
      '      escalation:',
      '        - { to: u-jon }',
      '        - { afterHours: 24, to: role:admin, reassign: true }',
      '  autonomy:',
      '    - { kind: raise-threshold, minApproved: 2, minRate: 0.6 }',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'loops/gov-signup.yaml'),
    [
      'loop: gov-signup',
      '# Signups worth a call: seats × pointsPerSeat against the threshold.',
      'threshold: 50 # hot at or above',
      'reviewBand: 10 # this far below the threshold, a person decides',
      'tuning:',
      '  reviewBand: { min: 5, max: 20 } # the band tunes itself within these',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'users.csv'),
    `${readFileSync('examples/acme/data/users.csv', 'utf8').trim()}\nu-root,root@acme.io,Root,admin,ops,NA,UTC,true,,,\n`,
  );
  gitInit(dir);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

describe.each(DIALECTS)('review queues, bounded tuning and earned autonomy on %s', (dialect) => {
  const ws = fixtureWorkspace();
  const { env, drop } = storeEnv(dialect);
  afterAll(async () => {
    ws.cleanup();
    await drop();
  });
  let now = new Date('2026-11-24T15:00:00.000Z');
  const run = (...argv: string[]) => cli([...argv, '--workspace', ws.dir], [governanceLoop], () => now, env);
  const json = async (...argv: string[]) => {
    const r = await run(...argv, '--json');
    expect({ argv, err: r.err, code: r.code }).toEqual({ argv, err: '', code: 0 });
    return JSON.parse(r.out);
  };
  const signup = (id: string, seats: number) =>
    json('emit', 'signup.created', JSON.stringify({ id, email: `${id}@example.com`, seats }), '--process');
  const record = async (id: string) => {
    const store = await openStore(storeLocation(ws.dir, env));
    try {
      return (await getRecord(store.db, 'lead', id))?.values ?? null;
    } finally {
      await store.close();
    }
  };
  type Item = {
    id: string;
    subject: string;
    assignee: string;
    dueAt: string;
    status: string;
    escalations: number;
  };
  const items: Record<string, Item> = {};

  it('borderline signups wait in the signups queue for the team, due by the queue SLA', async () => {
    await json('import', 'user', join(ws.dir, 'users.csv'));
    for (const [id, seats] of [
      ['s1', 9],
      ['s2', 8],
      ['s3', 9],
      ['s4', 9],
      ['s5', 20],
    ] as const)
      await signup(id, seats);
    const open = (await json('review', 'list')) as Item[];
    expect(open.map((i) => [i.subject, i.assignee, i.dueAt, i.status])).toEqual(
      ['s1', 's2', 's3', 's4'].map((s) => [
        `lead:${s}`,
        'team:na-commercial',
        '2026-11-24T19:00:00.000Z',
        'open',
      ]),
    );
    for (const i of open) items[i.subject.slice(5)] = i;
    expect((await json('review', 'list', '--mine', '--as', 'u-ana')).length).toBe(4);
    expect((await json('review', 'list', '--mine', '--as', 'u-gus')).length).toBe(0);
    const show = await run('review', 'show', items.s1?.id ?? '');
    const shown = show.out;
    expect(shown, show.err).toContain('score 45 is just below the threshold 50');
    expect(shown).toContain('"action": "create-lead"');
  });

  it('refuses an action by someone who is not the assignee, in its team or role, or an admin', async () => {
    const r = await run('review', 'approve', items.s1?.id ?? '', '--as', 'u-gus');
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `error [FORBIDDEN]: u-gus may not approve review item ${items.s1?.id}: it is for team:na-commercial or roles admin, ops`,
    );
    expect((await run('review', 'approve', items.s1?.id ?? '')).err).toContain('who is acting? pass --as');
    expect(await record('s1')).toBeNull();
  });

  it('approve, edit then approve (diff kept), reject with a reason: each a decision that writes in the same transaction', async () => {
    const approved = await json('review', 'approve', items.s1?.id ?? '', '--as', 'u-ana');
    expect(approved).toMatchObject({
      grant: 'team',
      item: { status: 'approved', resolvedBy: 'u-ana' },
      decision: { mode: 'review', eventType: 'review.approve' },
    });
    expect(await record('s1')).toMatchObject({
      email: 's1@example.com',
      seats: 9,
      owner: 'u-ana',
      status: 'accepted',
      approvedBy: 'u-ana',
    });
    expect((await run('review', 'approve', items.s1?.id ?? '', '--as', 'u-ana')).err).toContain(
      'is already approved',
    );

    const edited = await json(
      'review',
      'edit',
      items.s2?.id ?? '',
      '--as',
      'u-ana',
      '--set',
      'values.owner=u-ben',
      '--set',
      'values.seats=12',
    );
    expect(edited.item.resolution.edits).toEqual([
      { path: 'values.owner', from: 'u-ana', to: 'u-ben' },
      { path: 'values.seats', from: 8, to: 12 },
    ]);
    expect(await record('s2')).toMatchObject({ owner: 'u-ben', seats: 12, status: 'accepted' });

    expect((await run('review', 'reject', items.s3?.id ?? '', '--as', 'u-ana')).err).toContain(
      'a rejection needs a reason',
    );
    await json('review', 'reject', items.s3?.id ?? '', '--as', 'u-ana', '--reason', 'a student project');
    expect(await record('s3')).toMatchObject({ status: 'rejected', reason: 'a student project' });

    const explained = (await run('explain', edited.decision.id)).out;
    expect(explained).toContain(`decision ${edited.decision.id} (review)`);
    expect(explained).toContain('approved by u-ana (team)');
    expect(explained).toContain('handoff signup.accepted');
  });

  it('reassigns; overdue items escalate level by level; the new assignee (an admin) acts', async () => {
    const s4 = items.s4?.id ?? '';
    // A mistyped person or team is refused: the item would be in no one's queue.
    for (const ghost of ['u-gsu', 'team:nowhere']) {
      const refused = await run('review', 'reassign', s4, ghost, '--as', 'u-ana');
      expect(refused.code).not.toBe(0);
      expect(refused.err).toContain(`cannot reassign to ${ghost}: no`);
    }
    await json('review', 'reassign', s4, 'u-gus', '--as', 'u-ana', '--reason', 'Gus knows them');
    expect((await run('review', 'approve', s4, '--as', 'u-ana')).code).toBe(1);
    now = new Date('2026-11-24T19:30:00.000Z');
    expect((await json('review', 'escalate')).escalated).toMatchObject([
      { itemId: s4, level: 1, to: 'u-jon' },
    ]);
    expect((await json('review', 'escalate')).escalated).toEqual([]);
    now = new Date('2026-11-25T19:30:00.000Z');
    expect((await json('review', 'escalate')).escalated).toMatchObject([
      { itemId: s4, level: 2, to: 'role:admin' },
    ]);
    const [item] = (await json('review', 'list', '--overdue')) as Item[];
    expect(item).toMatchObject({ id: s4, assignee: 'role:admin', escalations: 2 });
    expect((await run('review', 'approve', s4, '--as', 'u-gus')).code).toBe(1);
    await json('review', 'approve', s4, '--as', 'u-root');
    const store = await openStore(storeLocation(ws.dir, env));
    try {
      const outbox = await listOutbox(store.db, { limit: 100 });
      expect(outbox.map((o) => [o.channel, o.recipient])).toEqual([
        ['inApp', 'u-gus'],
        ['escalation', 'u-jon'],
        ['escalation', 'role:admin'],
      ]);
    } finally {
      await store.close();
    }
    const metrics = await json('metrics', 'gov-signup', '--since', '30d');
    expect(metrics.quality).toMatchObject({
      reviewActions: 7,
      approvalRate: 0.75,
      editRate: 0.3333,
      slaBreaches: 1,
    });
    const shown = (await run('review', 'show', s4)).out;
    expect(shown).toMatch(/review\.reassign .* reassigned from team:na-commercial to u-gus by u-ana/);
    expect(shown).toMatch(/review\.escalate/);
  });

  it('level 1: the review band narrows itself within its bounds, as a committed, reversible config version', async () => {
    const r = await json('feedback', 'run', 'gov-signup');
    const tuned = r.findings.find((f: { feedback: string }) => f.feedback === 'narrow-review-band');
    expect(tuned).toMatchObject({ level: 1, outcome: 'tuned' });
    const text = readFileSync(join(ws.dir, 'loops/gov-signup.yaml'), 'utf8');
    expect(text).toContain('reviewBand: 5 # this far below the threshold, a person decides');
    expect(text).toContain('# Signups worth a call');
    expect(git(ws.dir, 'log', '-1', '--format=%s')).toContain('revloops: accept gov-signup proposal');
    const p = await json('proposals', 'show', tuned.proposalId);
    expect(p).toMatchObject({
      status: 'accepted',
      level: 1,
      resolution: {
        by: 'revloops:autonomy',
        auto: { rule: 'level-1 tuning within the bounds its config sets' },
      },
    });
    const history = (await json('config', 'history', 'gov-signup')) as {
      version: string;
      current: boolean;
    }[];
    expect(history).toHaveLength(2);
    expect(history[1]).toMatchObject({ version: p.resolution.toVersion, current: true });
  });

  it('earned autonomy: after people accepted two raise-threshold proposals, the third accepts itself, logged like any other', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 3; round++) {
      mkdirSync(join(ws.dir, '.revloops'), { recursive: true });
      const file = join(ws.dir, '.revloops', `hot-${round}.jsonl`);
      const hot = Array.from({ length: 6 }, (_, i) => ({
        id: `hot-${round}-${i}`,
        email: `h${round}${i}@example.com`,
        seats: 40,
      }));
      writeFileSync(file, jsonl(hot));
      await json('ingest', file, '--type', 'signup.created', '--process');
      now = new Date(now.getTime() + 3_600_000);
      const r = await json('feedback', 'run', 'gov-signup');
      const f = r.findings.find((x: { feedback: string }) => x.feedback === 'raise-threshold');
      outcomes.push(f.outcome);
      if (f.outcome === 'proposed') await json('proposals', 'accept', f.proposalId, '--as', 'u-jon');
    }
    expect(outcomes).toEqual(['proposed', 'proposed', 'auto-accepted']);
    const accepted = (await json('proposals', 'list', '--status', 'accepted')) as {
      kind: string;
      resolution: { by: string; auto?: { accepted: number } };
    }[];
    const raises = accepted.filter((p) => p.kind === 'raise-threshold');
    expect(raises.map((p) => p.resolution.by)).toEqual(['revloops:autonomy', 'u-jon', 'u-jon']);
    expect(raises[0]?.resolution.auto).toMatchObject({ accepted: 2, rejected: 0, rate: 1 });
    expect(readFileSync(join(ws.dir, 'loops/gov-signup.yaml'), 'utf8')).toContain(
      'threshold: 80 # hot at or above',
    );
    const replay = JSON.parse((await run('replay', '--all', '--json')).out);
    expect(replay.differences).toEqual([]);
  }, 240_000);

  it('a worker pass escalates and, once per period across workers, runs the monitors', async () => {
    now = new Date(now.getTime() + 3_600_000);
    const accepted = async () =>
      ((await json('proposals', 'list', '--status', 'accepted')) as unknown[]).length;
    const before = await accepted();
    const pass = await json('worker', '--once');
    expect(pass.feedback).toMatchObject([{ feedback: 'raise-threshold', outcome: 'auto-accepted' }]);
    expect(await accepted()).toBe(before + 1); // raise-threshold again, accepted by earned autonomy
    now = new Date(now.getTime() + 60_000);
    await json('worker', '--once');
    expect(await accepted()).toBe(before + 1); // within governance.feedback.every (1h): not run again
    const store = await openStore(storeLocation(ws.dir, env));
    try {
      expect((await getSchedule(store.db, '@feedback'))?.last_tick_at).toBe(
        new Date(now.getTime() - 60_000).toISOString(),
      );
    } finally {
      await store.close();
    }
  }, 120_000);
});

describe('a route proposal in shadow mode over 1,000 live events', () => {
  const ws = copyWorkspace('examples/acme');
  afterAll(() => ws.cleanup());
  keepLoops(ws.dir, ['route'], 'governance:\n  owners:\n    route: { owner: u-jon }\n');
  gitInit(ws.dir);
  // A Tuesday, 13:00 in New York and 10:00 in Los Angeles: every North America rep is working.
  const now = new Date('2026-11-24T18:00:00.000Z');
  const run = (...argv: string[]) => cli([...argv, '--workspace', ws.dir], [], () => now);
  const json = async (...argv: string[]) => {
    const r = await run(...argv, '--json');
    expect({ argv, err: r.err, code: r.code }).toEqual({ argv, err: '', code: 0 });
    return JSON.parse(r.out);
  };
  const leads = (from: number, n: number) =>
    jsonl(
      Array.from({ length: n }, (_, k) => {
        const i = from + k;
        return {
          leadId: `l-${i}`,
          email: `buyer${i}@company${i}.com`,
          domain: `company${i}.com`,
          name: `Buyer ${i}`,
          country: 'US',
          region: 'NA',
          employees: 200 + (i % 500),
          grade: 'A',
          score: 90,
          topReasons: ['Company size (+16)'],
        };
      }),
    );
  let proposalId = '';

  it('a day of A leads fills the commercial pool to its daily cap; the proposer suggests a higher cap', async () => {
    await json('import', 'user', join(ws.dir, 'data/users.csv'));
    writeFileSync(join(ws.dir, '.revloops', 'day.jsonl'), leads(0, 80));
    await json('ingest', join(ws.dir, '.revloops', 'day.jsonl'), '--type', 'lead.qualified', '--process');
    const report = await json('feedback', 'run', 'route');
    const cap = report.findings.find((f: { feedback: string }) => f.feedback === 'raise-daily-cap');
    expect(cap).toMatchObject({ level: 3, outcome: 'proposed' });
    proposalId = cap.proposalId;
    const p = await json('proposals', 'show', proposalId);
    expect(p.patch).toEqual([{ path: 'pools.na-commercial.capPerDay', from: 12, to: 14 }]);
    expect(p.diff).toContain('-    capPerDay: 12\n+    capPerDay: 14');
  }, 240_000);

  it('in shadow, the proposed config runs beside the active one on 1,000 events and reports what it would have done', async () => {
    expect((await run('proposals', 'shadow', proposalId, '--as', 'u-ana')).code).toBe(1);
    await json('proposals', 'shadow', proposalId, '--as', 'u-jon');
    writeFileSync(join(ws.dir, '.revloops', 'more.jsonl'), leads(1000, 1000));
    const ingested = await json(
      'ingest',
      join(ws.dir, '.revloops', 'more.jsonl'),
      '--type',
      'lead.qualified',
      '--process',
    );
    expect(ingested.processed.decisions).toBe(1000);
    const p = await json('proposals', 'show', proposalId);
    expect(p.shadow).toMatchObject({ compared: 1000 });
    expect(p.shadow.different).toBeGreaterThan(0);
    expect(p.shadow.same + p.shadow.different).toBe(1000);
    expect(p.shadow.transitions).toContainEqual({
      path: 'outcome',
      from: 'waiting',
      to: 'assigned',
      count: p.shadow.different,
    });
    const text = (await run('proposals', 'show', proposalId)).out;
    expect(text).toContain(
      `shadow since 2026-11-24T18:00: 1000 live decision(s) compared, ${p.shadow.same} the same, ${p.shadow.different} different`,
    );
    expect(text).toMatch(/outcome: "waiting" → "assigned" +×\d+/);
    // Shadow decisions acted on nothing: the live records still say waiting; they explain and replay.
    const example = p.shadow.examples[0];
    const shadowed = (await json('explain', example.shadowId)).decision;
    expect(shadowed).toMatchObject({ mode: 'shadow', parentIds: [example.liveId], eventId: null });
    expect(shadowed.output).toMatchObject({ outcome: 'assigned' });
    const store = await openStore({ kind: 'sqlite', path: join(ws.dir, '.revloops/revloops.db') });
    try {
      const lead = await getRecord(store.db, 'lead', String(example.subject).replace('lead:', ''));
      expect(lead?.values).toMatchObject({ routeStatus: 'waiting' });
    } finally {
      await store.close();
    }
    expect(await json('replay', example.shadowId)).toMatchObject({ checked: 1, identical: 1 });
    const metrics = await json('metrics', 'route', '--since', '1d');
    expect(metrics.decisions).toBe(1080);
  }, 600_000);
});
