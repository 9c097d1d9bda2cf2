import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/index.js';
import { listDecisionViews, listOutbox } from '../src/store/index.js';
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

describe('a daily pass over more deals than a page', { timeout: 300_000 }, () => {
  const ws = copyWorkspace('examples/acme');
  keepLoops(ws.dir, ['pursue']);
  const config = join(ws.dir, 'loops', 'pursue.yaml');
  writeFileSync(
    config,
    readFileSync(config, 'utf8')
      .replace('channels: [in-app, slack]', 'channels: [in-app]')
      .replace('mode: immediate', 'mode: digest'),
  );
  afterAll(() => ws.cleanup());
  const now = new Date(T);
  const run = (...argv: string[]) => cli([...argv, '--workspace', ws.dir], [], () => now);
  const json = async (...argv: string[]) => {
    const r = await run(...argv, '--json');
    expect(r.err).toBe('');
    return JSON.parse(r.out);
  };

  it('runs page by page, each page a decision, with the totals and one digest per owner at the end', async () => {
    await json('run');
    writeFileSync(join(ws.dir, 'deals.jsonl'), `${deals.map((d) => JSON.stringify(d)).join('\n')}\n`);
    expect((await json('import', 'opportunity', join(ws.dir, 'deals.jsonl'))).rejected).toEqual([]);
    await json('run', 'pursue');

    const store = await openStore({ kind: 'sqlite', path: join(ws.dir, '.revloops', 'revloops.db') });
    const made = (await listDecisionViews(store.db, { loop: 'pursue', limit: 100_000 }).finally(() =>
      store.close(),
    )) as unknown as Row[];
    const pages = made.filter((d) => d.output.kind === 'evaluation');
    const open = pages.at(-1)?.output.open as number;
    // acme's own open deals come first in id order, so the pass holds more than DEALS deals.
    expect(open).toBeGreaterThan(DEALS);
    expect(pages.map((d) => d.output.page)).toEqual(
      Array.from({ length: Math.ceil(open / 1_000) }, (_, i) => i + 1),
    );
    expect(pages.map((d) => d.output.continued ?? false)).toEqual(pages.map((_, i) => i < pages.length - 1));
    expect(pages.every((d) => d.subject === 'loop:pursue')).toBe(true);

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
    const outboxStore = await openStore({ kind: 'sqlite', path: join(ws.dir, '.revloops', 'revloops.db') });
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
