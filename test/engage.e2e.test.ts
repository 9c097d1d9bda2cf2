import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../src/surfaces/index.js';
import { cli, copyWorkspace } from './helpers/cli.js';
import { DIALECTS, storeEnv } from './helpers/dialects.js';

/**
 * The worked example end to end through the CLI, inbound and outbound: Maya Chen's webinar lead is
 * qualified, routed to u-cara, researched (the Series B from the signals file, news from an HTTP
 * signals API on loopback), drafted as three emails that pass the seven criteria, edited by u-cara
 * on one line and approved, then deployed as a signed webhook to a loopback engagement platform.
 * An account signal at Helio Fintech goes to its owner u-ben the same way. Enrolment safety,
 * replies and out-of-office answers follow, and every decision replays identically.
 */
const SECRET = 'whsec_engage_e2e';
let now = new Date('2026-11-02T17:05:00Z');
const clock = () => now;
const later = (minutes: number) => {
  now = new Date(now.getTime() + minutes * 60_000);
};

interface Platform {
  server: Server;
  port: number;
  posts: { headers: IncomingHttpHeaders; body: string }[];
  gets: string[];
}

/** The engagement platform (POST /hook) and a signals API (GET /signals/<domain>) on loopback. */
async function startPlatform(): Promise<Platform> {
  const p: Platform = { server: createServer(), port: 0, posts: [], gets: [] };
  p.server.on('request', (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      if (req.method === 'GET') {
        p.gets.push(req.url ?? '');
        if (req.url === '/signals/northwindanalytics.com')
          res.writeHead(200, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              signals: [{ kind: 'news', title: 'opened a Denver office', date: '2026-10-30' }],
            }),
          );
        else res.writeHead(404).end();
        return;
      }
      p.posts.push({ headers: req.headers, body });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((ok) => p.server.listen(0, '127.0.0.1', ok));
  p.port = (p.server.address() as AddressInfo).port;
  return p;
}

// biome-ignore lint/suspicious/noExplicitAny: JSON the CLI printed, read field by field by the assertions
type Json = Record<string, any>;

describe.each(DIALECTS)('engage: the worked example, inbound and outbound, on %s', (dialect) => {
  const ws = copyWorkspace('examples/acme');
  const store = storeEnv(dialect);
  const env = { ...store.env, ENGAGE_HOOK_SECRET: SECRET };
  let platform: Platform;
  const run = (argv: string[]) => cli([...argv, '--workspace', ws.dir], [], clock, env);
  const json = async (argv: string[]) => {
    const r = await run([...argv, '--json']);
    expect(r.code, `${argv.join(' ')}: ${r.err}`).toBe(0);
    return JSON.parse(r.out) as Json;
  };
  const explain = async (id: string) => (await json(['explain', id])).decision as Json;
  const enrolments = () =>
    platform.posts.map((p) => JSON.parse(p.body) as Json).filter((b) => b.payload.data?.action === 'enrol');
  let draftId = '';
  let deployId = '';
  let itemId = '';

  beforeAll(async () => {
    now = new Date('2026-11-02T17:05:00Z');
    platform = await startPlatform();
    const main = join(ws.dir, 'revloops.yaml');
    writeFileSync(
      main,
      `${readFileSync(main, 'utf8')}\nchannels:\n  webhook: { url: "http://127.0.0.1:${platform.port}/hook", secretEnv: ENGAGE_HOOK_SECRET }\n  routes: { engagement: webhook }\n`,
    );
    const engage = join(ws.dir, 'loops', 'engage.yaml');
    const api = `    - { name: news-api, kind: http, url: "http://127.0.0.1:${platform.port}/signals/{domain}", root: signals }\n`;
    writeFileSync(engage, readFileSync(engage, 'utf8').replace('  headline: [', `${api}  headline: [`));
  });
  afterAll(async () => {
    await new Promise((ok) => platform.server.close(ok));
    await store.drop();
    ws.cleanup();
  });

  it('researches the routed lead and drafts three emails that pass all seven criteria, into the owner’s queue', async () => {
    const r = await json([
      'run',
      '--input',
      join(ws.dir, 'data/worked-example.jsonl'),
      '--type',
      'lead.created',
    ]);
    expect(r.report).toMatchObject({ decisions: 3, dead: 0 });
    draftId = (r.decisions as Json[]).find((d) => d.loop === 'engage')?.id;
    const d = await explain(draftId);
    expect(d.output).toMatchObject({
      kind: 'drafted',
      ownerId: 'u-cara',
      steps: 3,
      passed: true,
      failing: [],
      revisions: 0,
    });
    expect(d.output.headline).toContain('Series B');
    for (const score of Object.values(d.output.rubric as Record<string, number>))
      expect(score).toBeGreaterThanOrEqual(0.7);
    expect(Object.keys(d.output.rubric)).toHaveLength(7);
    const research = (d.trace as Json[]).find((t) => t.name === 'research')?.detail;
    expect(research.sources).toEqual([
      { source: 'company-signals', status: 'ok', signals: 2 },
      { source: 'news-api', status: 'ok', signals: 1 },
    ]);
    const facts = research.facts as Json[];
    expect(facts.find((f) => f.key === 'signal.round')).toMatchObject({
      value: 'Series B',
      source: expect.stringContaining('company-signals.csv'),
    });
    expect(facts.find((f) => f.key === 'news.title')).toMatchObject({
      value: 'opened a Denver office',
      source: expect.stringContaining('news-api'),
    });
    expect(facts.find((f) => f.key === 'company.employees')).toMatchObject({
      value: 450,
      source: 'enrichment:company-file',
    });
    const rubric = (d.trace as Json[]).find((t) => t.name === 'rubric')?.detail;
    expect(rubric.evidence.relevance).toContain('email 1 cites the signal');
    const queue = await json(['review', 'list', '--mine', '--as', 'u-cara']);
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({
      queue: 'sequences',
      assignee: 'u-cara',
      subject: 'lead:lead-2026-11-0417',
    });
    expect(queue[0].proposedAction.steps).toHaveLength(3);
    expect(queue[0].proposedAction.steps[0].lines[1]).toContain('$40M Series B');
    itemId = queue[0].id;
  });

  it('keeps the rep’s one-line edit as a diff and deploys through the signed webhook', async () => {
    later(65);
    const refused = await run(['review', 'edit', itemId, '--as', 'u-ben', '--set', 'steps.0.lines.5=Hi']);
    expect(refused.code).not.toBe(0);
    const line = 'Would a 20-minute look at your Q1 forecast next Tuesday be useful?';
    await json(['review', 'edit', itemId, '--as', 'u-cara', '--set', `steps.0.lines.5=${line}`]);
    later(1);
    const w = await json(['worker', '--once']);
    expect(w).toMatchObject({ dead: 0 }); // pursue's schedule may tick and notify too
    expect(w.delivered).toBeGreaterThanOrEqual(1);
    const post = platform.posts.find((p) => p.body.includes('"action":"enrol"')) as Platform['posts'][number];
    const ts = String(post.headers['x-revloops-timestamp']);
    expect(
      verifySignature(SECRET, ts, post.body, String(post.headers['x-revloops-signature']), 300, now),
    ).toBe(true);
    const sent = JSON.parse(post.body).payload.data;
    expect(sent).toMatchObject({
      action: 'enrol',
      to: { email: 'maya.chen@northwindanalytics.com' },
      from: { userId: 'u-cara' },
    });
    expect(sent.steps).toHaveLength(3);
    expect(sent.steps[0].body).toContain(line);
    expect(sent.steps.map((s: Json) => s.sendAt)).toEqual([
      '2026-11-03T16:00:00.000Z',
      '2026-11-06T16:00:00.000Z',
      '2026-11-12T16:00:00.000Z',
    ]);
    deployId = (await json(['decisions', 'list'])).find((d: Json) => d.output?.kind === 'deployed')?.id;
    const explained = await json(['explain', deployId]);
    const d = explained.decision;
    expect(d.input.edits).toEqual([
      expect.objectContaining({ path: 'steps.0.lines.5', role: 'cta', criterion: 'callToAction', to: line }),
    ]);
    expect(d.output).toMatchObject({ kind: 'deployed', ownerId: 'u-cara', edits: 1, startOn: '2026-11-03' });
    const chain = explained.chain.map((c: Json) => c.loop);
    expect(chain).toEqual(['qualify', 'route', 'engage', 'engage', 'engage']);
  });

  it('takes an account signal to the account owner, the same way from research on', async () => {
    later(10);
    const signal = readFileSync(join(ws.dir, 'data/account-signals.jsonl'), 'utf8').trim();
    await json(['emit', 'account.signal', signal, '--process']);
    const item = (await json(['review', 'list', '--mine', '--as', 'u-ben']))[0];
    expect(item).toMatchObject({ subject: 'contact:ct-001', assignee: 'u-ben' });
    const draft = await explain(item.decisionId);
    expect(draft.output).toMatchObject({ kind: 'drafted', passed: true, ownerId: 'u-ben' });
    expect(draft.output.headline).toContain('Series A');
    later(5);
    await json(['review', 'approve', item.id, '--as', 'u-ben']);
    const w = await json(['worker', '--once']);
    expect(w).toMatchObject({ dead: 0 });
    expect(w.delivered).toBeGreaterThanOrEqual(1);
    expect(enrolments().at(-1)?.payload.data.to.email).toBe('priya.raman@heliofintech.com');
  });

  it('never enrols a prospect twice, stops on a reply and pauses on an out-of-office', async () => {
    later(5);
    await json([
      'emit',
      'account.signal',
      '{"domain":"heliofintech.com","kind":"news","title":"opened a Chicago office"}',
      '--process',
    ]);
    later(1);
    await json(['emit', 'engagement.reply', '{"from":"Priya.Raman@heliofintech.com"}', '--process']);
    later(1);
    await json([
      'emit',
      'engagement.ooo',
      '{"leadId":"lead-2026-11-0417","returnDate":"2026-11-16"}',
      '--process',
    ]);
    const [skipped, stop, pause] = ((await json(['decisions', 'list'])) as Json[]).slice(-3);
    expect(skipped?.output).toMatchObject({
      kind: 'skipped',
      code: 'active-sequence',
      prospect: 'contact:ct-001',
    });
    expect(stop?.output).toMatchObject({ kind: 'stopped', cause: 'reply' });
    expect(pause?.output).toMatchObject({ kind: 'paused', until: '2026-11-16' });
    await json(['worker', '--once']);
    const actions = platform.posts.map((p) => JSON.parse(p.body).payload.data?.action);
    expect(actions.filter((a) => a === 'stop' || a === 'pause').sort()).toEqual(['pause', 'stop']);
  });

  it('replays every decision identically', async () => {
    const r = await json(['replay', '--all']);
    expect(r).toMatchObject({ different: 0 });
    expect(r.checked).toBeGreaterThanOrEqual(11);
  });
});
