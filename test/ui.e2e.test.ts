import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtUiRoot } from '../src/server/ui.js';
import { apiServer } from './helpers/api-workspace.js';
import { chromiumFound, launchChromium, screenshot } from './helpers/chromium.js';
import { cli, copyWorkspace } from './helpers/cli.js';

/**
 * The web UI in Chromium over a real server on loopback: a fresh copy of examples/acme with the
 * worked example run (Maya Chen's lead qualified, routed to u-cara, drafted as three emails). The
 * rep signs in, edits a line of the draft and approves it, and sees the deployment decision; ops
 * reads a proposal's backtest and accepts it, then reads the loop, a lead's decisions and a
 * simulation. Each main page is saved as a screenshot under test-output/screenshots/.
 */
const T0 = Date.parse('2026-11-02T17:05:00Z'); // a Monday, when the North America reps are at work
const started = Date.now();
const clock = () => new Date(T0 + (Date.now() - started));
const LEAD = 'lead:lead-2026-11-0417';
const EDITED = 'As VP of Revenue Operations, you own the number the board reads every Monday.';

type Api = Awaited<ReturnType<typeof apiServer>>;

describe.skipIf(!chromiumFound)('the web UI in Chromium', () => {
  const ws = copyWorkspace('examples/acme');
  let api: Api;
  let base = '';
  let browser: Browser;
  const tokens: Record<'rep' | 'ops', string> = { rep: '', ops: '' };
  const errors: string[] = [];
  let worker: NodeJS.Timeout | undefined;
  let proposal = { id: '', title: '', proposedVersion: '' };

  const call = async <T>(method: 'GET' | 'POST', path: string, token: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await r.json()) as T;
    expect(r.ok, JSON.stringify(json)).toBe(true);
    return json;
  };

  /** A fresh tab (its own session storage) signed in with a token. */
  const signIn = async (token: string, shot?: string): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && errors.push(`${page.url()}: ${m.text()}`));
    await page.goto(base);
    await page.getByLabel('Token').fill(token);
    if (shot) await screenshot(page, shot);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('nav.side').waitFor();
    return { context, page };
  };

  beforeAll(async () => {
    const root = builtUiRoot();
    if (!root) throw new Error('the web UI is not built: run `npm run build` first (dist/ui)');
    // Maya Chen's lead first (u-cara has the fewest open opportunities then), then the week's other leads.
    const input = join(ws.dir, 'data/week.jsonl');
    writeFileSync(
      input,
      ['worked-example.jsonl', 'leads.jsonl']
        .map((f) => readFileSync(join(ws.dir, 'data', f), 'utf8').trim())
        .join('\n'),
    );
    const run = await cli(
      ['run', '--input', input, '--type', 'lead.created', '--json', '--workspace', ws.dir],
      [],
      clock,
    );
    expect(run.code, run.err).toBe(0);
    api = await apiServer(ws.dir, {}, clock);
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
    tokens.rep = await api.token('rep', 'u-cara');
    tokens.ops = await api.token('ops', 'u-jon');
    // The worker of `revloops serve`: what the rep's approval hands off gets processed.
    let busy = false;
    worker = setInterval(() => {
      if (busy) return;
      busy = true;
      api.ctx.engine
        .drain()
        .catch((e: Error) => errors.push(`worker: ${e.message}`))
        .finally(() => {
          busy = false;
        });
    }, 250);
    // A change ops proposes: A leads need 90 points; the backtest re-runs the week with it.
    proposal = await call('POST', '/v1/proposals', tokens.ops, {
      loop: 'qualify',
      title: 'Raise the A threshold to 90',
      changes: [{ path: 'grades.thresholds.0.min', value: 90 }],
      reason: 'A leads below 90 convert like B leads',
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    clearInterval(worker);
    await browser?.close();
    await api?.close();
    ws.cleanup();
  });

  it('serves the app at / with its assets, page paths, and JSON 404s under /v1', async () => {
    const index = await fetch(`${base}/inbox/dec_01ABC.1`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await index.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] as string;
    const js = await fetch(`${base}${asset}`);
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect(Number(js.headers.get('content-length') ?? (await js.arrayBuffer()).byteLength)).toBeGreaterThan(
      1000,
    );
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    const outside = await fetch(`${base}/..%2f..%2fpackage.json`);
    expect([outside.status, await outside.text()]).toEqual([404, 'not found']);
    const api404 = await fetch(`${base}/v1/nothing-here`);
    expect(api404.status).toBe(404);
    expect(((await api404.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    // Nothing the app loads comes from elsewhere.
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('the rep signs in, opens the drafted sequence, edits a line, approves, and the deployment decision appears', async () => {
    const { context, page } = await signIn(tokens.rep, 'sign-in');
    await page.waitForURL(/\/inbox$/);
    expect(await page.locator('nav.side a').allTextContents()).toEqual(['Review inbox']);
    const row = page.locator('tr', { hasText: LEAD });
    await row.waitFor();
    await screenshot(page, 'inbox');
    await row.getByRole('link').click();
    await page.getByText('all 7 criteria pass').waitFor();
    await expect(page.locator('[data-criterion]').count()).resolves.toBe(7);
    await screenshot(page, 'review');

    const line = page.getByLabel('email 1 line 3');
    const before = await line.inputValue();
    await line.fill(EDITED);
    await page.getByRole('button', { name: 'Approve with 1 edit' }).click();
    await page.getByRole('status').filter({ hasText: 'Approved' }).waitFor();
    const deployed = page.locator('[data-verdict="deployed"]');
    await deployed.waitFor({ timeout: 20_000 });
    expect(await deployed.textContent()).toContain('u-cara edited 1 line(s) and approved');
    await screenshot(page, 'review-approved');

    const itemId = decodeURIComponent(page.url().split('/inbox/')[1] as string);
    const detail = await call<{
      item: { status: string; resolution: { edits: { path: string; from: string; to: string }[] } };
    }>('GET', `/v1/review-items/${encodeURIComponent(itemId)}`, tokens.rep);
    expect(detail.item.status).toBe('approved');
    expect(detail.item.resolution.edits).toEqual([{ path: 'steps.0.lines.2', from: before, to: EDITED }]);
    const chain = await call<{ decisions: { loop: string; output: { kind?: string; edits?: number } }[] }>(
      'GET',
      `/v1/ui/review-items/${encodeURIComponent(itemId)}/chain`,
      tokens.rep,
    );
    expect(chain.decisions.find((d) => d.output.kind === 'deployed')?.output.edits).toBe(1);
    await context.close();
  });

  it('ops opens a proposal, reads the backtest, accepts it, and the loop runs the new version', async () => {
    const { context, page } = await signIn(tokens.ops);
    await page.waitForURL(/\/chains$/);
    for (const loop of ['qualify', 'route', 'engage'])
      await page.locator(`[data-loop="${loop}"]`).first().waitFor();
    expect(await page.locator('[data-loop="qualify"] dd').first().textContent()).toBe('42');
    expect(await page.locator('[data-loop="qualify"]').textContent()).toContain('1 proposal');
    await screenshot(page, 'chains');

    await page.locator('nav.side').getByRole('link', { name: 'Proposals' }).click();
    await page.getByRole('link', { name: proposal.title }).click();
    const backtest = page.getByLabel('backtest');
    await backtest.waitFor();
    const summary = (await backtest.locator('p').first().textContent()) ?? '';
    const [, reran, changed] =
      /(\d+) decision\(s\) re-run with the proposed config, (\d+) would change/.exec(summary) ?? [];
    expect(Number(reran)).toBe(42);
    expect(Number(changed)).toBeGreaterThan(0);
    const gradeA = backtest.locator('[data-metric="grade:A"] td.num');
    const [a0, a1] = (await gradeA.allTextContents()).map((t) => Number.parseFloat(t));
    expect(a1).toBeLessThan(a0 as number);
    expect(await page.locator('pre.diff .add').textContent()).toContain('min: 90');
    await screenshot(page, 'proposal');

    await page.getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('status').filter({ hasText: 'Accepted' }).waitFor();
    expect(readFileSync(join(ws.dir, 'loops/qualify.yaml'), 'utf8')).toContain(
      '- { grade: A, min: 90, minFit: 40 }',
    );
    const config = await call<{ version: string }>('GET', '/v1/loops/qualify/config', tokens.ops);
    expect(config.version).toBe(proposal.proposedVersion);

    await page.goto(`${base}/loops/qualify`);
    await page.locator('.compare-versions pre.diff .add', { hasText: 'min: 90' }).waitFor();
    await page.locator('figure.chart canvas').first().waitFor();
    await screenshot(page, 'loop');
    await context.close();
  });

  it("ops finds the lead's decisions across loops and simulates a routing change", async () => {
    const { context, page } = await signIn(tokens.ops);
    await page.locator('nav.side').getByRole('link', { name: 'Decisions' }).click();
    await page.getByLabel('Lead or account').fill('maya.chen@northwindanalytics.com');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('[data-verdict="deployed"]').waitFor();
    const loops = await page
      .locator('.timeline-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-loop')));
    expect(loops.slice(0, 3)).toEqual(['qualify', 'route', 'engage']);
    await page.locator('.timeline-row[data-loop="route"] .row-head').click();
    await page.getByText('Explanation').click();
    expect(await page.locator('pre.explain').textContent()).toContain('na-commercial-a');
    await screenshot(page, 'decisions');

    await page.goto(`${base}/simulate?loop=route`);
    const yaml = page.getByLabel('loops/route.yaml');
    await expect.poll(() => yaml.inputValue()).toContain('strategy: fewest-open-opportunities');
    await yaml.fill(
      (await yaml.inputValue()).replace('strategy: fewest-open-opportunities', 'strategy: round-robin'),
    );
    await page.getByRole('button', { name: 'Simulate' }).click();
    const result = page.getByLabel('simulation result');
    await result.waitFor({ timeout: 30_000 });
    const assignees = result.locator('[data-field="assignee"] tr.changed');
    expect(await assignees.count()).toBeGreaterThan(1);
    await screenshot(page, 'simulate');
    await context.close();
    expect(statSync(join('test-output/screenshots', 'simulate.png')).size).toBeGreaterThan(10_000);
    expect(existsSync(join('test-output/screenshots', 'sign-in.png'))).toBe(true);
    expect(errors).toEqual([]);
  });
});
