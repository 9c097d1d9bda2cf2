import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/index.js';
import { findRecords, listDecisionViews, listOutbox } from '../src/store/index.js';
import { cli, copyWorkspace } from './helpers/cli.js';
import { keepLoops } from './helpers/workspace-yaml.js';

const DAY = 86_400_000;
const T = Date.parse('2026-11-24T12:00:00.000Z');
const OWNERS = ['u-ana', 'u-ben', 'u-cara'];
/** More than two pages of a pass (a page is 1,000 deals), so it runs as three decisions. */
const DEALS = 2_300;

interface Row {
  id: string;
  subject: string | null;
  parentIds: string[];
  output: Record<string, unknown>;
}

/** Open deals, owners and stages taking turns; every other one has been quiet for a month. */
const deals = Array.from({ length: DEALS }, (_, i) => ({
  externalId: `pg-${String(i).padStart(5, '0')}`,
  name: `Paged deal ${i}`,
  ownerId: OWNERS[i % OWNERS.length],
  accountId: `acc-pg-${i % 40}`,
  amount: 20_000 + (i % 7) * 5_000,
  stage: ['Discovery', 'Proposal', 'Negotiation'][i % 3],
  status: 'open',
  sqoAt: new Date(T - (30 + (i % 20)) * DAY).toISOString(),
  closeDate: new Date(T + (20 + (i % 60)) * DAY).toISOString().slice(0, 10),
  lastActivityAt: new Date(T - (i % 2 === 0 ? 30 : 1) * DAY).toISOString(),
  stageEnteredAt: new Date(T - 10 * DAY).toISOString(),
  contactCount: 3,
}));

const jsonl = (rows: readonly object[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;

/** acme with one loop kept, run by the CLI at T; `decisions` reads the loop's from the store. */
function workspace(loop: string) {
  const ws = copyWorkspace('examples/acme');
  keepLoops(ws.dir, [loop]);
  const json = async (...argv: string[]) => {
    const r = await cli([...argv, '--workspace', ws.dir, '--json'], [], () => new Date(T));
    expect(r.err).toBe('');
    return JSON.parse(r.out);
  };
  const path = join(ws.dir, '.revloops', 'revloops.db');
  const decisions = async (): Promise<Row[]> => {
    const store = await openStore({ kind: 'sqlite', path });
    return (await listDecisionViews(store.db, { loop, limit: 100_000 }).finally(() =>
      store.close(),
    )) as unknown as Row[];
  };
  /** Imports records of a kind from rows, none rejected. */
  const load = async (kind: string, rows: readonly object[]) => {
    writeFileSync(join(ws.dir, `${kind}.jsonl`), jsonl(rows));
    expect((await json('import', kind, join(ws.dir, `${kind}.jsonl`))).rejected).toEqual([]);
  };
  return { ws, json, path, decisions, load };
}

/** A pass's decisions of one output kind: numbered pages, each continued but the last. */
function expectPages(pages: readonly Row[], subject: string): void {
  expect(pages.map((d) => d.output.page)).toEqual(pages.map((_, i) => i + 1));
  expect(pages.map((d) => d.output.continued ?? false)).toEqual(pages.map((_, i) => i < pages.length - 1));
  expect(pages.every((d) => d.subject === subject)).toBe(true);
}

describe('a daily pass over more deals than a page', { timeout: 300_000 }, () => {
  const { ws, json, path, decisions, load } = workspace('pursue');
  const config = join(ws.dir, 'loops', 'pursue.yaml');
  writeFileSync(
    config,
    readFileSync(config, 'utf8')
      .replace('channels: [in-app, slack]', 'channels: [in-app]')
      .replace('mode: immediate', 'mode: digest'),
  );
  afterAll(() => ws.cleanup());

  it('runs page by page, each page a decision, with the totals and one digest per owner at the end', async () => {
    await json('run');
    await load('opportunity', deals);
    await json('run', 'pursue');

    const made = await decisions();
    const pages = made.filter((d) => d.output.kind === 'evaluation');
    const open = pages.at(-1)?.output.open as number;
    // acme's own open deals come first in id order, so the pass holds more than DEALS deals.
    expect(open).toBeGreaterThan(DEALS);
    expect(pages).toHaveLength(Math.ceil(open / 1_000));
    expectPages(pages, 'loop:pursue');

    // The last page's totals are the pass's: every risk change handed on, whatever its page.
    const risks = made.filter((d) => d.output.kind === 'risk');
    const last = pages.at(-1)?.output ?? {};
    expect(last.changed).toBe(risks.length);
    expect(Object.values(last.byLevel as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(open);
    expect(pages.slice(0, -1).every((d) => d.output.digests === 0)).toBe(true);

    // One digest per owner, listing that owner's nudged deals from every page, each once.
    const nudged = risks
      .filter((r) => (r.output.nudged as string[]).includes('digest'))
      .map((r) => String(r.output.opportunityId))
      .sort();
    const pageOf = new Map(pages.map((d, i) => [d.id, i + 1]));
    const fromPages = new Set(risks.map((r) => pageOf.get(String(r.parentIds[0]))));
    expect(fromPages).toEqual(new Set(pages.map((_, i) => i + 1)));
    const outboxStore = await openStore({ kind: 'sqlite', path });
    try {
      const digests = (await listOutbox(outboxStore.db, { limit: 10_000 })).filter(
        (o) => o.channel === 'in-app',
      );
      const owners = digests.map((o) => o.recipient).sort();
      expect(owners).toEqual([...new Set(owners)]);
      expect(owners.length).toBeGreaterThanOrEqual(OWNERS.length);
      expect(last.digests).toBe(digests.length);
      const listed = digests.flatMap((o) => JSON.parse(o.payload).data.opportunities as string[]).sort();
      expect(listed).toEqual(nudged);
      // Every deal of the import that went quiet for a month is among them.
      expect(nudged.length).toBeGreaterThanOrEqual(DEALS / 2);
    } finally {
      await outboxStore.close();
    }

    const replay = await json('replay', '--all');
    expect(replay.different).toBe(0);
  });
});

/** Live customers (every 25th churned), renewals spread over a year, usage kept for three of them. */
const customers = Array.from({ length: 2_300 }, (_, i) => ({
  externalId: `pc-${String(i).padStart(5, '0')}`,
  accountId: `acc-pc-${i}`,
  ownerId: OWNERS[i % OWNERS.length],
  status: i % 25 === 0 ? 'churned' : 'active',
  arr: 24_000 + (i % 9) * 6_000,
  seatsBought: 20 + (i % 9) * 5,
  seatsUsed: 5 + (i % 30),
  renewalDate: new Date(T + (i % 365) * DAY).toISOString().slice(0, 10),
  nps: i % 11,
  openTickets: i % 5,
  daysSinceMeeting: i % 80,
  daysPastDue: i % 17 === 0 ? 20 : 0,
}));
const WITH_USAGE = ['pc-00001', 'pc-01501', 'pc-02201'];
const usage = WITH_USAGE.flatMap((id, n) =>
  ['2026-09', '2026-10'].map((period, k) => ({
    externalId: `${id}:active-users:${period}`,
    customerId: id,
    metric: 'active-users',
    period,
    value: 40 + k * (n - 1) * 20,
  })),
);

describe('a scoring pass over more customers than a page', { timeout: 300_000 }, () => {
  const { ws, json, path, decisions, load } = workspace('expand');
  afterAll(() => ws.cleanup());

  it('scores page by page, each page a decision, every live customer once, usage read per customer', async () => {
    await json('run');
    await load('customer', customers);
    await load('usage', usage);
    await json('run', 'expand');

    const made = await decisions();
    const pages = made.filter((d) => d.output.kind === 'scoring');
    const last = pages.at(-1)?.output ?? {};
    const scored = last.scored as number;
    expect(scored + (last.excluded as number)).toBeGreaterThanOrEqual(customers.length);
    expect(pages).toHaveLength(Math.ceil((scored + (last.excluded as number)) / 1_000));
    expectPages(pages, 'loop:expand');
    expect(Object.values(last.byBand as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(scored);
    const changes = made.filter((d) => d.output.kind === 'customer');
    expect(last.changed).toBe(changes.length);

    const store = await openStore({ kind: 'sqlite', path });
    try {
      const live = await findRecords(store.db, 'sqlite', 'customer', {});
      const imported = live.filter(
        (c) => String(c.id).startsWith('pc-') || String(c.externalId).startsWith('pc-'),
      );
      expect(imported).toHaveLength(customers.length);
      for (const c of imported) {
        const health = c.values.health as
          | { scoredAt?: string; measures?: Record<string, { value: number | null }> }
          | undefined;
        if (c.values.status === 'churned') expect(health).toBeUndefined();
        else expect(health?.scoredAt).toBe(new Date(T).toISOString());
      }
      // Usage counts for the customers it belongs to, whichever page they were scored on.
      const trend = (id: string) => {
        const health = imported.find((c) => c.externalId === id)?.values.health as
          | { measures: Record<string, { value: number | null }> }
          | undefined;
        return health?.measures['usage-trend']?.value;
      };
      expect(WITH_USAGE.map(trend)).toEqual([-0.5, 0, 0.5]);
      expect(trend('pc-00002')).toBeNull();
    } finally {
      await store.close();
    }

    expect((await json('replay', '--all')).different).toBe(0);
  });
});
