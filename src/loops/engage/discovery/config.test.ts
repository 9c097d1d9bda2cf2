import { describe, expect, it } from 'vitest';
import { activeFramework, DiscoveryConfig, requiredDimensions } from './config.js';

const issues = (input: unknown) => {
  const r = DiscoveryConfig.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('DiscoveryConfig', () => {
  it('defaults to BANT, SQO on budget and authority, nurture otherwise', () => {
    const c = DiscoveryConfig.parse({});
    expect(c).toMatchObject({ enabled: true, framework: 'bant', whenNotQualified: 'nurture' });
    expect(requiredDimensions(c, activeFramework(c))).toEqual(['budget', 'authority']);
    const m = DiscoveryConfig.parse({ framework: 'meddpicc' });
    expect(activeFramework(m).dimensions).toHaveLength(8);
    expect(requiredDimensions(m, activeFramework(m))).toEqual(['metrics', 'economic-buyer', 'identify-pain']);
  });

  it('says precisely what is wrong', () => {
    expect(issues({ framework: 'spiced' })).toEqual([
      'framework: unknown framework spiced; expected one of bant, meddic, meddpicc',
    ]);
    expect(issues({ framework: 'meddic', sqo: { require: ['budget'] } })).toEqual([
      'sqo.require.0: framework meddic has no dimension budget; expected one of metrics, economic-buyer, decision-criteria, decision-process, identify-pain, champion',
    ]);
    expect(
      issues({
        framework: 'x',
        frameworks: {
          x: {
            dimensions: [
              { key: 'pain', label: 'Pain', questions: ['Why?'], evidence: { cues: [] } },
              { key: 'pain', label: 'Pain', questions: ['Why?'], evidence: { cues: ['pain'] } },
            ],
          },
        },
      }),
    ).toEqual([
      'frameworks.x.dimensions.0.evidence: expected at least one cue',
      'frameworks.x.dimensions.1.key: pain is already used',
    ]);
    expect(issues({ agent: { autoAccept: 0.3, review: 0.5 } })).toEqual([
      'agent.review: expected review <= autoAccept',
    ]);
  });
});
