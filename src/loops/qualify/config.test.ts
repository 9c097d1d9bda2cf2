import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { QualifyConfig } from './config.js';
import { LeadQualified } from './contract.js';
import { size } from './test-factors.js';

describe('config validation', () => {
  const issues = (input: unknown) => {
    const r = QualifyConfig.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('fills defaults: caps, total, grades, free email list', () => {
    const c = QualifyConfig.parse({ factors: [size] });
    expect(c.groups).toEqual({ fit: { cap: 60 }, engagement: { cap: 60 }, negative: { cap: 100 } });
    expect(c.total).toEqual({ cap: 100, floor: 0 });
    expect(c.grades.thresholds.map((t) => [t.grade, t.min])).toEqual([
      ['A', 80],
      ['B', 60],
      ['C', 40],
    ]);
    expect(c.grades.otherwise).toBe('D');
    expect(c.freeEmail.domains).toContain('gmail.com');
    expect(c.monitors.gradeDrift.maxShareA).toBe(0.3);
  });

  it('rejects malformed models at the field that is wrong', () => {
    expect(issues({ factors: [{ ...size, values: { a: 1 } }] })).toEqual([
      'factors.0: expected exactly one of bands, values, condition, curve, keywords, decay (found bands, values)',
    ]);
    expect(issues({ factors: [{ ...size, group: 'negative' }] })).toEqual([
      'factors.0.group: factors in the negative group can only give zero or negative points',
    ]);
    expect(
      issues({
        factors: [
          {
            name: 'c',
            group: 'fit',
            field: 'x',
            curve: [
              { x: 5, points: 1 },
              { x: 5, points: 2 },
            ],
          },
        ],
      }),
    ).toEqual(['factors.0.curve.1.x: curve x values must increase']);
    expect(issues({ factors: [{ name: 'v', group: 'fit', field: 'x', values: { US: 1, us: 2 } }] })).toEqual([
      "factors.0.values.us: 'us' is listed twice (values ignore case)",
    ]);
    expect(
      issues({ factors: [{ name: 'c', group: 'fit', condition: { field: 'x', op: 'exists' } }] }),
    ).toEqual(['factors.0.points: a condition factor needs points']);
    expect(issues({ factors: [size, { ...size }] })).toEqual([
      'factors.1.name: factor name size is already used',
    ]);
    expect(
      issues({
        factors: [size],
        grades: {
          thresholds: [
            { grade: 'A', min: 60 },
            { grade: 'B', min: 70 },
          ],
        },
      }),
    ).toEqual(['grades.thresholds.1.min: expected less than 60 (highest grade first)']);
    expect(issues({ factors: [size], freeEmail: { points: 5 } })[0]).toMatch(/^freeEmail\.points: /);
    expect(issues({ factors: [] })[0]).toMatch(/^factors: /);
  });

  it('the handoff schema and config export to JSON Schema for validate and editors', () => {
    expect(() => z.toJSONSchema(LeadQualified, { io: 'output', unrepresentable: 'any' })).not.toThrow();
    const schema = JSON.stringify(z.toJSONSchema(QualifyConfig, { io: 'input', unrepresentable: 'any' }));
    expect(schema).toContain('halfLifeDays');
    expect(schema).toContain('maxShareA');
  });
});

describe('enrichment config', () => {
  const issues = (enrichment: unknown) => {
    const r = QualifyConfig.safeParse({ factors: [size], enrichment });
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('defaults to no enrichment, and fills every provider default', () => {
    const c = QualifyConfig.parse({ factors: [size] });
    expect(c.enrichment).toEqual({
      providers: [],
      fill: {
        employees: 'employees',
        industry: 'industry',
        country: 'country',
        technologies: 'technologies',
      },
      skipWhenComplete: true,
      match: { autoAccept: 0.85, review: 0.4 },
    });
    const http = QualifyConfig.parse({
      factors: [size],
      enrichment: { providers: [{ name: 'api', kind: 'http', url: 'https://x.io/c?d={domain}' }] },
    }).enrichment.providers[0];
    expect(http).toMatchObject({
      timeoutMs: 3000,
      headers: {},
      maxCandidates: 5,
      fields: { employees: 'employees' },
    });
  });

  it('rejects a bad provider at the field that is wrong', () => {
    expect(
      issues({
        providers: [
          {
            name: 'api',
            kind: 'http',
            url: 'https://x.io/companies',
            headers: { Authorization: { env: 'my key' } },
          },
          { name: 'file', kind: 'file', file: '../secrets.csv' },
          { name: 'api', kind: 'accounts' },
          { name: 'ftp', kind: 'ftp' },
        ],
        match: { autoAccept: 0.5, review: 0.7 },
      }),
    ).toEqual([
      'enrichment.providers.0.url: expected {domain} or {name} in the URL, e.g. https://api.example.com/companies?domain={domain}',
      'enrichment.providers.0.headers.Authorization.env: expected an environment variable name such as ENRICH_API_KEY',
      'enrichment.providers.1.file: expected a .csv or .jsonl file inside data/, e.g. companies.csv',
      "enrichment.providers.3.kind: Invalid discriminator value. Expected 'accounts' | 'file' | 'http'",
      'enrichment.match.review: expected review <= autoAccept',
    ]);
    expect(
      issues({
        providers: [
          { name: 'a', kind: 'accounts' },
          { name: 'a', kind: 'accounts' },
        ],
      }),
    ).toEqual(['enrichment.providers.1.name: provider a is already named']);
  });
});
