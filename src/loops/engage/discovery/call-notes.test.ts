import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { activeFramework, requiredDimensions } from './config.js';
import { DEFAULT_HEDGES, DEFAULT_NEGATIONS } from './cues.js';
import { DiscoveryConfig, extractEvidence } from './index.js';
import { coverageOf, evaluateSqo } from './sqo.js';

const notes = (file: string) =>
  readFileSync(new URL(`../../../../test/fixtures/call-notes/${file}`, import.meta.url), 'utf8');

function qualify(file: string, framework: string) {
  const config = DiscoveryConfig.parse({ framework });
  const fw = activeFramework(config);
  const x = extractEvidence({
    dimensions: fw.dimensions,
    negations: DEFAULT_NEGATIONS,
    hedges: DEFAULT_HEDGES,
    amountFrom: config.amountFrom,
    text: notes(file),
  });
  const coverage = coverageOf(framework, x.dimensions);
  const verdict = evaluateSqo(x.dimensions, requiredDimensions(config, fw), config.sqo, coverage);
  return { coverage, qualified: verdict.qualified, amount: x.amount, dims: x.dimensions };
}

/** Each shipped call note, with the dimensions a careful reader finds covered, contradicted and missing. */
const EXPECTED = [
  {
    file: 'kestrel-robotics-discovery.md',
    bant: { covered: ['budget', 'authority', 'need', 'timeline'], contradicted: [], missing: [], sqo: true },
    meddpicc: {
      covered: ['metrics', 'economic-buyer', 'decision-process', 'identify-pain', 'champion', 'competition'],
      contradicted: [],
      missing: ['decision-criteria', 'paper-process'],
      sqo: true,
    },
  },
  {
    file: 'solace-telehealth-intro.txt',
    bant: { covered: ['need'], contradicted: ['budget', 'authority'], missing: ['timeline'], sqo: false },
    meddpicc: {
      covered: ['decision-criteria', 'identify-pain', 'competition'],
      contradicted: ['economic-buyer'],
      missing: ['metrics', 'decision-process', 'paper-process', 'champion'],
      sqo: false,
    },
  },
  {
    file: 'sable-analytics-evaluation.md',
    bant: { covered: ['authority', 'need', 'timeline'], contradicted: [], missing: ['budget'], sqo: false },
    meddpicc: {
      covered: [
        'metrics',
        'economic-buyer',
        'decision-criteria',
        'decision-process',
        'paper-process',
        'identify-pain',
        'champion',
        'competition',
      ],
      contradicted: [],
      missing: [],
      sqo: true,
    },
  },
] as const;

describe('discovery on the shipped sample call notes', () => {
  for (const e of EXPECTED)
    for (const fw of ['bant', 'meddpicc'] as const)
      it(`${e.file} against ${fw.toUpperCase()}`, () => {
        const r = qualify(e.file, fw);
        const want = e[fw];
        expect({
          covered: r.coverage.covered,
          contradicted: r.coverage.contradicted,
          missing: r.coverage.missing,
        }).toEqual({ covered: want.covered, contradicted: want.contradicted, missing: want.missing });
        expect(r.qualified).toBe(want.sqo);
        for (const d of r.dims) {
          if (d.status === 'evidenced') {
            expect(d.evidence.length).toBeGreaterThan(0);
            expect(d.followUps).toEqual([]);
          } else expect(d.followUps.length).toBeGreaterThan(0);
        }
      });

  it('reads the budget amount and quotes the sentences verbatim', () => {
    const r = qualify('kestrel-robotics-discovery.md', 'bant');
    expect(r.amount).toBe(120000);
    const text = notes('kestrel-robotics-discovery.md');
    for (const d of r.dims) for (const q of d.evidence) expect(text).toContain(q);
    expect(r.dims.find((d) => d.key === 'authority')?.evidence[0]).toBe(
      'Dana Reyes (CFO) signs off on anything above $50k and owns the budget',
    );
  });
});
