import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Decision, TraceEntry } from '../src/kernel/index.js';
import { matchCompanyTask } from '../src/loops/qualify/agent.js';
import { QualifyOutput } from '../src/loops/qualify/contract.js';
import { Engine, replayAll } from '../src/runtime/index.js';
import { generateSampleData } from '../src/sample-data/index.js';
import {
  getDecisions,
  getRecord,
  listReviewItems,
  openStore,
  type Store,
  summarizeMetrics,
  writeRecord,
} from '../src/store/index.js';
import { loadWorkspace, type Workspace } from '../src/workspace/index.js';
import { cli, copyWorkspace } from './helpers/cli.js';

const NOW = new Date('2026-11-24T12:00:00.000Z');
const KEY_ENV = 'REVLOOPS_TEST_ENRICH_KEY';
const TIMEOUT_MS = 300;

/** The enrichment API on loopback: a company by domain, a 500, a slow answer, else 404; it wants the key. */
function enrichmentApi(): Promise<{ server: Server; port: number; calls: string[] }> {
  const calls: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const domain = url.searchParams.get('domain') ?? '';
    calls.push(domain);
    if (req.headers.authorization !== 'Bearer test-key') return void res.writeHead(401).end();
    if (domain === 'broken.io' || domain === 'granitebuild.com') return void res.writeHead(500).end('oops');
    if (domain === 'slow.io') return void setTimeout(() => res.writeHead(200).end('{}'), TIMEOUT_MS * 5);
    if (domain !== 'orbital.dev') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        company: {
          id: 'orb-1',
          name: 'Orbital Dev',
          domain: 'orbital.dev',
          metrics: { employees: 420 },
          category: { industry: 'Software' },
          tech: { stack: ['Salesforce', 'Gong'] },
        },
      }),
    );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as AddressInfo).port, calls }),
    ),
  );
}

/** A workspace with the acme scoring model and a three-provider waterfall: accounts, the API, the file. */
function workspaceDir(port: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'revloops-enrich-'));
  mkdirSync(join(dir, 'loops'));
  mkdirSync(join(dir, 'data'));
  copyFileSync('examples/acme/data/companies.csv', join(dir, 'data', 'companies.csv'));
  writeFileSync(join(dir, 'revloops.yaml'), 'name: enrich-test\nloops: [qualify]\n');
  const acme = parse(readFileSync('examples/acme/loops/qualify.yaml', 'utf8')) as Record<string, unknown>;
  acme.enrichment = {
    providers: [
      { name: 'crm-accounts', kind: 'accounts' },
      {
        name: 'firmographics-api',
        kind: 'http',
        url: `http://127.0.0.1:${port}/v1/companies?domain={domain}`,
        headers: { Authorization: { env: KEY_ENV, prefix: 'Bearer ' } },
        timeoutMs: TIMEOUT_MS,
        root: 'company',
        fields: {
          name: 'name',
          domain: 'domain',
          employees: 'metrics.employees',
          industry: 'category.industry',
          technologies: 'tech.stack',
        },
      },
      { name: 'company-file', kind: 'file', file: 'companies.csv' },
    ],
    fill: { employees: 'employees', industry: 'industry', technologies: 'technologies' },
    match: { autoAccept: 0.9, review: 0.35 },
  };
  writeFileSync(join(dir, 'loops', 'qualify.yaml'), stringify(acme));
  return dir;
}

const lead = (id: string, email: string, company: string) => ({
  id,
  email,
  company,
  title: 'VP of Sales',
  country: 'US',
  formType: 'demo_request',
});

const LEADS = [
  lead('exact', 'kim@acmecorp.com', 'Acme'),
  lead('ambiguous', 'jo.acme@gmail.com', 'Acme'),
  lead('unsure', 'pat.r@gmail.com', 'Acme Laboratories'),
  lead('nobody', 'max@zephyrwidgets.com', 'Zephyr Widgets'),
  lead('api', 'lee@orbital.dev', 'Orbital'),
  lead('down', 'sam@granitebuild.com', 'Granite Build'),
  lead('slow', 'ana@slow.io', 'Slowpoke'),
  lead('crm', 'rob@heliosfreight.com', 'Helios Freight'),
];

let api: Awaited<ReturnType<typeof enrichmentApi>>;
let dir: string;
let workspace: Workspace;
let store: Store;
let engine: Engine;
const decided = new Map<string, Decision>();

const steps = (d: Decision | undefined, name: string) =>
  (d?.trace ?? []).filter(
    (t): t is Extract<TraceEntry, { kind: 'step' }> => t.kind === 'step' && t.name === name,
  );
const output = (id: string) => QualifyOutput.parse(decided.get(id)?.output);

beforeAll(async () => {
  process.env[KEY_ENV] = 'test-key';
  api = await enrichmentApi();
  dir = workspaceDir(api.port);
  workspace = await loadWorkspace(dir);
  store = await openStore({ kind: 'sqlite', path: join(dir, '.revloops', 'revloops.db') });
  engine = new Engine({ workspace, store, clock: () => NOW });
  await engine.recordConfigVersions();
  await writeRecord(store.db, {
    kind: 'account',
    id: 'acct-helios',
    op: 'upsert',
    now: NOW.toISOString(),
    values: {
      name: 'Helios Freight',
      domain: 'heliosfreight.com',
      employees: 800,
      industry: 'Logistics',
      technologies: ['Salesforce'],
    },
  });
  await engine.emitMany(
    LEADS.map((payload) => ({ type: 'lead.created', payload, subject: `lead:${payload.id}` })),
  );
  const report = await engine.drain();
  expect(report).toMatchObject({ dead: 0, failed: 0 });
  for (const d of await getDecisions(store.db, report.decisionIds)) decided.set(d.subject?.slice(5) ?? '', d);
});

afterAll(async () => {
  api.server.closeAllConnections();
  await new Promise((resolve) => api.server.close(resolve));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  delete process.env[KEY_ENV];
});

describe('qualify enrichment: the waterfall on a real store, a loopback API and the companies file', () => {
  it('the heuristic confidences put the Acme cases where these tests expect them', () => {
    const ask = (name: string) =>
      matchCompanyTask.heuristic({
        query: { name },
        candidates: [
          { id: 'co-0001', name: 'Acme Corp', domain: 'acmecorp.com' },
          { id: 'co-0002', name: 'Acme Labs', domain: 'acmelabs.io' },
          { id: 'co-0003', name: 'Acme Co.', domain: 'acme.co' },
        ],
      }).confidence;
    expect(ask('Acme')).toBeGreaterThanOrEqual(0.35);
    expect(ask('Acme')).toBeLessThan(0.9);
    expect(ask('Acme Laboratories')).toBeLessThan(0.35);
  });

  it('an exact domain match on one candidate applies without an agent', () => {
    const d = decided.get('exact');
    expect(output('exact').enrichment).toEqual({
      status: 'enriched',
      reason: 'every needed field found',
      companyId: 'co-0001',
      provider: 'company-file',
      filled: ['employees', 'industry', 'technologies'],
    });
    expect(d?.trace.some((t) => t.kind === 'agent')).toBe(false);
    expect(steps(d, 'company-match')[0]?.detail).toMatchObject({ how: 'exact-domain', confidence: 1 });
    expect(d?.trace).toContainEqual(
      expect.objectContaining({ kind: 'factor', factor: 'company-size', value: 2400 }),
    );
  });

  it('an ambiguous name ("Acme" vs "Acme Corp" vs "Acme Co.") goes to the enrichment review queue', async () => {
    const d = decided.get('ambiguous');
    expect(output('ambiguous').enrichment).toMatchObject({ status: 'review', companyId: null, filled: [] });
    const agent = d?.trace.find((t) => t.kind === 'agent');
    expect(agent).toMatchObject({ task: 'qualify.match-company', route: 'review', provider: 'heuristic' });
    const items = await listReviewItems(store.db, { queue: 'enrichment' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ loop: 'qualify', subject: 'lead:ambiguous', status: 'open' });
    const action = JSON.parse(items[0]?.proposed_action ?? '{}');
    expect(action.candidates.map((c: { id: string }) => c.id).sort()).toEqual([
      'co-0001',
      'co-0002',
      'co-0003',
    ]);
    expect(d?.agentAnswers).toHaveLength(1);
  });

  it('below the review threshold the lead stays unenriched, with the reason', () => {
    const e = output('unsure').enrichment;
    expect(e?.status).toBe('unenriched');
    expect(e?.reason).toMatch(/confidence 0\.\d+ is below the review threshold 0\.35/);
    expect(output('nobody').enrichment).toMatchObject({ status: 'unenriched', companyId: null });
    expect(output('nobody').enrichment?.reason).toBe(
      'no provider found the company: crm-accounts: no candidate; firmographics-api: no candidate; company-file: no candidate',
    );
  });

  it('the HTTP provider maps JSON paths onto company fields, sends the key from the environment, and ends the waterfall', async () => {
    const d = decided.get('api');
    expect(output('api').enrichment).toEqual({
      status: 'enriched',
      reason: 'every needed field found',
      companyId: 'orb-1',
      provider: 'firmographics-api',
      filled: ['employees', 'industry', 'technologies'],
    });
    const detail = steps(d, 'enrichment')[0]?.detail;
    expect(detail?.fields).toMatchObject({
      employees: { value: 420, provider: 'firmographics-api' },
      industry: { value: 'Software', provider: 'firmographics-api' },
      technologies: { value: ['Salesforce', 'Gong'], provider: 'firmographics-api' },
    });
    expect(steps(d, 'filled').map((x) => x.detail)).toEqual([
      { field: 'employees', value: 420, provider: 'firmographics-api' },
      { field: 'industry', value: 'Software', provider: 'firmographics-api' },
      { field: 'technologies', value: ['Salesforce', 'Gong'], provider: 'firmographics-api' },
    ]);
    // Every needed field came from the API: the file was never asked.
    expect(steps(d, 'provider').map((s) => s.detail?.provider)).toEqual([
      'crm-accounts',
      'firmographics-api',
    ]);
    const record = await getRecord(store.db, 'lead', 'api');
    expect(record?.values).toMatchObject({
      employees: 420,
      industry: 'Software',
      technologies: ['Salesforce', 'Gong'],
    });
    expect(JSON.stringify(d?.reads)).not.toContain('test-key');
  });

  it('a 500 and a timeout are traced as provider unavailable, and the waterfall goes on', () => {
    const down = decided.get('down');
    expect(steps(down, 'provider-unavailable')[0]?.detail).toMatchObject({
      provider: 'firmographics-api',
      reason: 'HTTP 500 Internal Server Error',
    });
    expect(output('down').enrichment).toMatchObject({
      status: 'enriched',
      provider: 'company-file',
      companyId: 'co-0014',
    });
    const slow = steps(decided.get('slow'), 'provider-unavailable')[0]?.detail;
    expect(slow).toMatchObject({
      provider: 'firmographics-api',
      reason: `no answer within ${TIMEOUT_MS} ms`,
    });
    expect(output('slow').enrichment?.reason).toContain('firmographics-api unavailable (no answer within');
  });

  it("the workspace's own accounts come first", () => {
    expect(output('crm').enrichment).toMatchObject({
      status: 'enriched',
      companyId: 'acct-helios',
      provider: 'crm-accounts',
      filled: ['employees', 'industry', 'technologies'],
    });
  });

  it('replays every decision identically from the recorded lookups, with the API gone', async () => {
    api.server.closeAllConnections();
    await new Promise((resolve) => api.server.close(resolve));
    const report = await replayAll(store, workspace.registry, { loop: 'qualify' });
    expect(report).toMatchObject({ checked: LEADS.length, different: 0 });
  });

  it('observes outcomes against the grade given, and replays them too', async () => {
    const grade = output('api').grade;
    await engine.emit({ type: 'lead.converted', payload: { leadId: 'api', opportunityId: 'opp-9' } });
    const converted = await engine.drain();
    // The won opportunity names no lead: qualify finds the lead that converted to it.
    await engine.emit({ type: 'opportunity.won', payload: { id: 'opp-9', amount: 24000 } });
    const won = await engine.drain();
    const outcomes = await getDecisions(store.db, [...converted.decisionIds, ...won.decisionIds]);
    expect(outcomes.map((d) => d.output)).toEqual([
      {
        leadId: 'api',
        outcome: 'converted',
        grade,
        score: output('api').score,
        scoringVersion: expect.any(String),
      },
      {
        leadId: 'api',
        outcome: 'won',
        grade,
        score: output('api').score,
        scoringVersion: expect.any(String),
      },
    ]);
    expect((await getRecord(store.db, 'lead', 'api'))?.values).toMatchObject({
      converted: true,
      won: true,
      opportunityId: 'opp-9',
    });
    const metrics = await summarizeMetrics(store.db, 'qualify', '2026-11-01T00:00:00Z');
    const labels = metrics.filter((m) => m.metric === 'outcome').map((m) => m.label);
    expect(labels).toEqual([`${grade}:converted`, `${grade}:won`]);
    expect(metrics.filter((m) => m.metric === 'grade').reduce((s, m) => s + m.count, 0)).toBe(LEADS.length);
    expect((await replayAll(store, workspace.registry, { loop: 'qualify' })).different).toBe(0);
  });
});

describe('revloops qualify calibrate: on imported lead history', () => {
  const ws = copyWorkspace('examples/acme');
  afterAll(() => ws.cleanup());

  it('prints AUC and lift per grade before and after on held-back leads, and the proposed change', async () => {
    const history = join(ws.dir, 'history.jsonl');
    const data = generateSampleData({ leads: 1500, accounts: 400, reps: 10, seed: 21 });
    const lines = [...data.leads()].map(({ lead, outcome }) => {
      const { id, domain, ...fields } = lead;
      // The lead schema takes no null: a free-mail lead without a website has no domain field at all.
      return JSON.stringify({
        externalId: id,
        ...fields,
        ...(domain ? { domain } : {}),
        converted: outcome.converted,
      });
    });
    writeFileSync(history, `${lines.join('\n')}\n`);
    const imported = await cli(['import', 'lead', history, '-w', ws.dir, '--json']);
    expect(JSON.parse(imported.out)).toMatchObject({ read: 1500, created: 1500, rejected: [] });

    const args = ['qualify', 'calibrate', '--outcome', 'converted', '--holdout', '0.3', '-w', ws.dir];
    const json = await cli([...args, '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out);
    expect(report).toMatchObject({
      outcome: 'converted',
      holdout: 0.3,
      leftOut: { without: 0, unreadable: 0 },
    });
    expect(report.before.leads).toBe(450);
    expect(report.before.auc).toBeGreaterThan(0.6);
    expect(report.after.auc).toBeGreaterThan(0.6);
    expect(report.before.grades.map((g: { grade: string }) => g.grade)).toEqual(['A', 'B', 'C', 'D']);
    expect(report.proposed).toBe(report.patch.length > 0);

    const text = await cli(args);
    expect(text.code).toBe(0);
    expect(text.out).toContain('1050 to fit');
    expect(text.out).toMatch(/AUC on held-back leads: before 0\.\d{4}, after 0\.\d{4}/);
    expect(text.out).toMatch(/^A +\d+ +\d+\.\d% +\d+\.\d% +\d\.\d\d +\| +\d+/m);
    expect(text.out).toMatch(report.proposed ? /^proposed \(held-back AUC/m : /^no change proposed: /m);
  });

  it('says what is wrong with a bad flag or a field no lead has', async () => {
    const bad = await cli(['qualify', 'calibrate', '--outcome', 'converted', '--holdout', '2', '-w', ws.dir]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--holdout must be a number from 0.05 to 0.9, got 2');
    const none = await cli(['qualify', 'calibrate', '--outcome', 'renewed', '-w', ws.dir]);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/none of \d+ lead record\(s\) has renewed/);
  });
});
