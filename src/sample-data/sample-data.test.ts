import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { RevloopsError } from '../kernel/index.js';
import { companyName } from './accounts.js';
import { COMPANY_WORDS } from './firmographics.js';
import { generateSampleData } from './generate.js';
import { isoTime } from './iso-time.js';
import { leadEngagement, leadFit, titlePersona } from './scoring.js';
import type { LeadCreatedPayload, SampleAccount, SampleUser } from './types.js';
import { OUTCOME_COLUMNS, writeSampleData } from './write-sample-data.js';
import { csvCell } from './writers.js';

const root = mkdtempSync(join(tmpdir(), 'revloops-sample-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** An account or user as its file holds it: the id is the external id `revloops import` keys on. */
type FileRow<T extends { id: string }> = Omit<T, 'id'> & { externalId: string };

const FILES = ['accounts.jsonl', 'users.jsonl', 'leads.jsonl', 'outcomes.csv'] as const;
const digest = (dir: string, file: string) =>
  createHash('sha256')
    .update(readFileSync(join(dir, file)))
    .digest('hex');
const jsonl = <T>(dir: string, file: string): T[] =>
  readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as T);
const outcomes = (dir: string) =>
  parse(readFileSync(join(dir, 'outcomes.csv')), { columns: true }) as Record<
    (typeof OUTCOME_COLUMNS)[number],
    string
  >[];

const OPTIONS = { leads: 4000, accounts: 600, reps: 40, seed: 11 };

describe('writeSampleData', () => {
  it('is deterministic: the same seed gives identical bytes, another seed differs', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((n) => join(root, `det-${n}`)) as [string, string, string];
    await writeSampleData(a, OPTIONS);
    await writeSampleData(b, OPTIONS);
    await writeSampleData(c, { ...OPTIONS, seed: 12 });
    for (const file of FILES) {
      expect(digest(a, file), file).toBe(digest(b, file));
      expect(digest(a, file), file).not.toBe(digest(c, file));
    }
  });

  it('writes the asked counts, one record per line, and a header row in outcomes.csv', async () => {
    const dir = join(root, 'counts');
    const counts = await writeSampleData(dir, { leads: 2500, accounts: 300, reps: 25, seed: 3 });
    expect(counts).toEqual({ accounts: 300, users: 25, leads: 2500, outcomes: 2500 });
    expect(jsonl(dir, 'accounts.jsonl')).toHaveLength(300);
    expect(jsonl(dir, 'users.jsonl')).toHaveLength(25);
    expect(jsonl(dir, 'leads.jsonl')).toHaveLength(2500);
    const rows = outcomes(dir);
    expect(rows).toHaveLength(2500);
    expect(Object.keys(rows[0] ?? {})).toEqual([...OUTCOME_COLUMNS]);
    expect(await writeSampleData(join(root, 'empty'), { leads: 0, accounts: 0, reps: 0, seed: 1 })).toEqual({
      accounts: 0,
      users: 0,
      leads: 0,
      outcomes: 0,
    });
  });

  it('writes leads that are valid lead.created payloads, consistent with accounts, users and outcomes', async () => {
    const dir = join(root, 'det-a');
    const accounts = new Map(
      jsonl<FileRow<SampleAccount>>(dir, 'accounts.jsonl').map((a) => [a.externalId, a]),
    );
    const users = new Map(jsonl<FileRow<SampleUser>>(dir, 'users.jsonl').map((u) => [u.externalId, u]));
    const leads = jsonl<LeadCreatedPayload>(dir, 'leads.jsonl');
    const rows = outcomes(dir);
    expect(new Set([...accounts.values()].map((a) => a.domain)).size).toBe(accounts.size);
    for (const a of accounts.values()) if (a.ownerId) expect(users.has(a.ownerId), a.externalId).toBe(true);
    for (const u of users.values()) if (u.managerId) expect(users.get(u.managerId)?.role).toBe('manager');
    expect(new Set([...users.values()].map((u) => u.email)).size).toBe(users.size);
    // 365 days before asOf (2025-01-01), give or take a time zone.
    const windowStart = Date.parse('2024-01-01T00:00:00.000Z');
    leads.forEach((lead, i) => {
      const row = rows[i];
      const account = accounts.get(row?.account_id ?? '');
      expect(row?.lead_id).toBe(lead.id);
      expect(account, lead.id).toBeDefined();
      expect(Object.keys(lead)).toEqual([
        'id',
        'email',
        'firstName',
        'lastName',
        'title',
        'company',
        'domain',
        'country',
        'region',
        'source',
        'formType',
        'employees',
        'industry',
        'technologies',
        'createdAt',
        'activities',
      ]);
      expect(lead.email).toMatch(/^[a-z0-9._]+@[a-z0-9.]+\.[a-z]+$/);
      expect(
        lead.email.endsWith(`@${account?.domain}`) ||
          /@(gmail|outlook|yahoo|hotmail|icloud|proton|aol)\./.test(lead.email),
      ).toBe(true);
      expect(lead.domain === null || lead.domain === account?.domain).toBe(true);
      expect(lead.employees).toBe(account?.employees);
      expect(['NA', 'EMEA', 'APAC', 'LATAM']).toContain(lead.region);
      expect(titlePersona(lead.title), lead.title).toBeDefined();
      const created = Date.parse(lead.createdAt);
      expect(created).toBeGreaterThan(windowStart);
      expect(created).toBeLessThan(Date.parse('2025-01-02T00:00:00.000Z'));
      const times = lead.activities.map((a) => Date.parse(a.at));
      expect([...times].sort((x, y) => x - y)).toEqual(times);
      expect(lead.activities.at(-1)).toEqual({
        type: 'form_submit',
        at: lead.createdAt,
        detail: lead.formType,
      });
      if (row?.converted === 'true') {
        expect(Date.parse(row.converted_at)).toBeGreaterThanOrEqual(created);
        expect(Date.parse(row.closed_at)).toBeGreaterThanOrEqual(Date.parse(row.converted_at));
        expect(Number(row.amount)).toBeGreaterThan(0);
      } else {
        expect([row?.won, row?.converted_at, row?.opportunity_id, row?.amount]).toEqual([
          'false',
          '',
          '',
          '',
        ]);
      }
    });
  });

  it('rejects impossible options with the option name', async () => {
    const bad = [
      { ...OPTIONS, leads: -1 },
      { ...OPTIONS, accounts: 0 },
      { ...OPTIONS, seed: 1.5 },
      { ...OPTIONS, asOf: 'yesterday' },
    ];
    for (const options of bad) {
      expect(() => generateSampleData(options)).toThrow(RevloopsError);
    }
    expect(() => generateSampleData({ ...OPTIONS, accounts: 0 })).toThrow(/at least one account/);
  });
});

describe('distributions', () => {
  const data = generateSampleData({ leads: 20_000, accounts: 3000, reps: 60, seed: 2024 });

  it('skews company sizes log-normally and spreads companies over four regions', () => {
    const accounts = [...data.accounts()];
    const sizes = accounts.map((a) => a.employees).sort((x, y) => x - y);
    const median = sizes[Math.floor(sizes.length / 2)] ?? 0;
    expect(median).toBeGreaterThan(80);
    expect(median).toBeLessThan(180);
    const enterprise = accounts.filter((a) => a.segment === 'Enterprise').length / accounts.length;
    expect(enterprise).toBeGreaterThan(0.02);
    expect(enterprise).toBeLessThan(0.1);
    const na = accounts.filter((a) => a.region === 'NA').length / accounts.length;
    expect(na).toBeGreaterThan(0.38);
    expect(na).toBeLessThan(0.52);
    expect(new Set(accounts.map((a) => a.region))).toEqual(new Set(['NA', 'EMEA', 'APAC', 'LATAM']));
  });

  it('makes conversion follow fit and engagement, so scoring and calibration have signal to find', () => {
    const rows = [...data.leads()].map(({ lead, outcome }) => ({
      fit: leadFit(lead),
      engagement: leadEngagement(lead),
      senior: ['vp', 'director', 'c-level'].includes(titlePersona(lead.title)?.seniority ?? ''),
      converted: outcome.converted,
      won: outcome.won,
    }));
    const rate = (xs: typeof rows) => xs.filter((r) => r.converted).length / xs.length;
    const quartiles = (key: 'fit' | 'engagement') => {
      const sorted = [...rows].sort((a, b) => a[key] - b[key]);
      const q = Math.floor(sorted.length / 4);
      return { bottom: rate(sorted.slice(0, q)), top: rate(sorted.slice(-q)) };
    };
    const overall = rate(rows);
    expect(overall).toBeGreaterThan(0.05);
    expect(overall).toBeLessThan(0.2);
    const fit = quartiles('fit');
    expect(fit.top).toBeGreaterThan(fit.bottom * 3);
    const engagement = quartiles('engagement');
    expect(engagement.top).toBeGreaterThan(engagement.bottom * 2);
    expect(rate(rows.filter((r) => r.senior))).toBeGreaterThan(rate(rows.filter((r) => !r.senior)));
    const wins = rows.filter((r) => r.won).length / rows.filter((r) => r.converted).length;
    expect(wins).toBeGreaterThan(0.1);
    expect(wins).toBeLessThan(0.5);
  });
});

describe('building blocks', () => {
  it('names companies uniquely across every word combination and beyond', () => {
    const total =
      COMPANY_WORDS.first.length * COMPANY_WORDS.second.length * (COMPANY_WORDS.qualifier.length + 1);
    const slugs = new Set<string>();
    for (let i = 0; i < total + 500; i++)
      slugs.add(
        companyName(5, i)
          .toLowerCase()
          .replace(/[^a-z0-9]/g, ''),
      );
    expect(slugs.size).toBe(total + 500);
  });

  it('formats instants exactly like Date#toISOString', () => {
    const instants = [
      0,
      951_782_400_000,
      1_704_067_199_999,
      1_709_164_800_000,
      Date.parse('2024-12-31T23:59:59.999Z'),
    ];
    for (let i = 0; i < 2000; i++)
      instants.push(Math.floor(((i * 2654435761) % 4_102_444_800) * 1000 + (i % 1000)));
    for (const ms of instants) expect(isoTime(ms), String(ms)).toBe(new Date(ms).toISOString());
  });

  it('quotes CSV cells only when needed', () => {
    expect([csvCell('plain'), csvCell(3), csvCell(true), csvCell(null)]).toEqual(['plain', '3', 'true', '']);
    expect(csvCell('Acme, Inc. "West"')).toBe('"Acme, Inc. ""West"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });
});
