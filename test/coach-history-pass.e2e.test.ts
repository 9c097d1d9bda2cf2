import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/index.js';
import { findRecords, listOutbox } from '../src/store/index.js';
import { cli, copyWorkspace } from './helpers/cli.js';
import { keepLoops } from './helpers/workspace-yaml.js';

const DAY = 86_400_000;
/** Monday 07:00 in New York: acme's weekly coaching review. */
const T1 = Date.parse('2026-11-30T12:00:00.000Z');
const before = (days: number, hours = 0) => new Date(T1 - days * DAY + hours * 3_600_000).toISOString();
const jsonl = (rows: readonly object[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;

interface Row {
  id: string;
  subject: string | null;
  output: Record<string, unknown>;
}

/** Deals closed 6 days before the review: Ana discovers well and closes poorly, her peers win. */
const deals = (['u-ana', 'u-ben', 'u-cara', 'u-dev'] as const).flatMap((rep) =>
  [0, 1, 2, 3].map((i) => {
    const won = rep === 'u-ana' ? i < 1 : i < 3;
    return {
      externalId: `c-${rep}-${i}`,
      name: `${rep} deal ${i}`,
      ownerId: rep,
      amount: 20000,
      stage: won ? 'Closed Won' : 'Closed Lost',
      status: won ? 'won' : 'lost',
      sqoAt: before(16),
      qualifiedAt: before(16),
      closedAt: before(6),
      discovery: { framework: 'meddpicc', share: rep === 'u-ana' ? 0.9 : 0.5 },
    };
  }),
);

/** Ben's leads wait 30 hours for a first touch, routed 10 days before the review; the others 2. */
const leads = (['u-ana', 'u-ben', 'u-cara', 'u-dev'] as const).flatMap((rep) =>
  [0, 1, 2].map((i) => ({
    externalId: `l-${rep}-${i}`,
    email: `lead${i}.${rep}@example.com`,
    ownerId: rep,
    routeStatus: 'assigned',
    assignedAt: before(10, i),
    firstTouchAt: before(10, i + (rep === 'u-ben' ? 30 : 2)),
    routeSlaStatus: rep === 'u-ben' ? 'breached' : 'met',
  })),
);

describe('coach as of a past date is a history pass', { timeout: 180_000 }, () => {
  const ws = copyWorkspace('examples/acme');
  keepLoops(ws.dir, ['coach']);
  afterAll(() => ws.cleanup());
  let now = new Date(T1 - 2 * DAY);
  const run = (...argv: string[]) => cli([...argv, '--workspace', ws.dir], [], () => now);
  const json = async (...argv: string[]) => {
    const r = await run(...argv, '--json');
    expect(r.err).toBe('');
    return JSON.parse(r.out);
  };
  const decisions = async (): Promise<Row[]> =>
    ((await json('decisions', 'list', '--loop', 'coach', '--limit', '1000')) as Row[]).sort((a, b) =>
      a.id < b.id ? -1 : 1,
    );
  /** What the reviews left behind: the outbox, the coaching tasks and the reps' coaching state. */
  const live = async () => {
    const store = await openStore({ kind: 'sqlite', path: join(ws.dir, '.revloops', 'revloops.db') });
    try {
      const outbox = (await listOutbox(store.db, { limit: 1000 })).map((o) => [o.channel, o.recipient]);
      const tasks = (await findRecords(store.db, 'sqlite', 'task', { loop: 'coach' })).map(
        (t) => t.values.title,
      );
      const users = (await findRecords(store.db, 'sqlite', 'user', {}))
        .map((u) => [u.id, u.values.coachPatterns ?? null, u.values.coachReviewedAt ?? null])
        .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
      return { outbox, tasks, users };
    } finally {
      await store.close();
    }
  };

  it('decides and explains, but tasks, alerts and digests no one and leaves the reps’ state alone', async () => {
    await json('run');
    writeFileSync(join(ws.dir, 'deals.jsonl'), jsonl(deals));
    writeFileSync(join(ws.dir, 'leads.jsonl'), jsonl(leads));
    expect((await json('import', 'opportunity', join(ws.dir, 'deals.jsonl'))).rejected).toEqual([]);
    expect((await json('import', 'lead', join(ws.dir, 'leads.jsonl'))).rejected).toEqual([]);

    now = new Date(T1 + 5 * 60_000);
    await json('run', 'coach');
    const afterLive = await live();
    expect(afterLive.tasks).toEqual([
      'Coach Ana Ortiz: review two recent lost deals from proposal to close',
      'Coach Ben Carter: go through the lead queue routine and block time for new leads',
    ]);
    expect(afterLive.outbox.filter(([channel]) => channel === 'email')).toHaveLength(2);

    // A week's backfill, run the next day: Ben's leads were already slow then.
    now = new Date(T1 + DAY);
    const pass = await json('run', 'coach', '--as-of', '2026-11-23');
    expect(pass.report.dead).toBe(0);
    expect(await live()).toEqual(afterLive);

    const made = (await decisions()).filter(
      (d) => d.output.scheduledFor === '2026-11-23T00:00:00.000Z' || d.output.history,
    );
    expect(made.length).toBeGreaterThan(0);
    expect(made.every((d) => d.output.history === true)).toBe(true);
    const ben = made.find((d) => d.subject === 'user:u-ben');
    // Ben's pattern was first found by the later review, so as of then it was new.
    expect(ben?.output).toMatchObject({
      patterns: ['slow-to-first-touch'],
      newPatterns: ['slow-to-first-touch'],
      tasks: [],
    });
    const explained = (await run('explain', String(ben?.id))).out;
    expect(explained).toContain('history pass as of 2026-11-23T00:00:00.000Z: no coaching task');
    expect(explained).not.toMatch(/notify|task for|patch user/);
    const digest = made.find((d) => d.subject === 'user:u-jon');
    expect(digest?.output).toMatchObject({ kind: 'digest', notification: null, history: true });

    // The next weekly review still knows what it raised: no second task, alert or digest for the same findings.
    now = new Date(T1 + 7 * DAY + 5 * 60_000);
    await json('run', 'coach');
    const afterNext = await live();
    expect(afterNext.tasks).toEqual(afterLive.tasks);
    expect(afterNext.outbox.filter(([channel]) => channel === 'in-app')).toEqual(
      afterLive.outbox.filter(([channel]) => channel === 'in-app'),
    );

    const replayed = await json('replay', '--all');
    expect(replayed).toMatchObject({ different: 0 });
    expect(replayed.identical).toBe(replayed.checked);
  });

  it('validate names a pattern field that is no rep metric, at its file and line', async () => {
    const file = join(ws.dir, 'loops', 'coach.yaml');
    const yaml = readFileSync(file, 'utf8');
    writeFileSync(file, yaml.replace('field: metrics.discoveryCoverage', 'field: metrics.discoverCoverage'));
    try {
      const r = await run('validate');
      expect(r.code).not.toBe(0);
      expect(r.err).toMatch(
        /loops\/coach\.yaml:\d+:\d+ patterns\.0\.when\.all\.0\.field: metrics\.discoverCoverage: discoverCoverage is not a rep metric/,
      );
    } finally {
      writeFileSync(file, yaml);
    }
  });
});
