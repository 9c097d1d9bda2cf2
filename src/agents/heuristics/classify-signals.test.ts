import { describe, expect, it } from 'vitest';
import { classifyBySignals } from './classify-signals.js';

describe('classifyBySignals', () => {
  it('picks the label with most weight; confidence is its share of all weight, abstentions included', () => {
    const r = classifyBySignals([
      { name: 'industry', label: 'enterprise', weight: 3, evidence: 'employees = 4200' },
      { name: 'title', label: 'enterprise', weight: 1, evidence: 'title = "VP Sales"' },
      { name: 'revenue', label: 'mid-market', weight: 1, evidence: 'revenue = 40M' },
      { name: 'tech', label: null, weight: 1, evidence: 'no technographics' },
    ]);
    expect(r.label).toBe('enterprise');
    expect(r.confidence).toBe(0.667);
    expect(r.reasoning).toBe(
      '2 of 4 signals (weight 4 of 6) say enterprise: industry says enterprise (weight 3): employees = 4200; ' +
        'title says enterprise (weight 1): title = "VP Sales"; revenue says mid-market (weight 1): revenue = 40M; ' +
        'tech abstains (weight 1): no technographics',
    );
  });

  it('gives unanimous signals full confidence', () => {
    const r = classifyBySignals([
      { name: 'a', label: 'emea', weight: 2, evidence: 'country = DE' },
      { name: 'b', label: 'emea', weight: 1, evidence: 'timezone = Europe/Berlin' },
    ]);
    expect(r).toMatchObject({ label: 'emea', confidence: 1 });
  });

  it('returns no label on a tie, on no votes and on no signals, never a guess', () => {
    const tie = classifyBySignals([
      { name: 'a', label: 'x', weight: 1, evidence: 'e1' },
      { name: 'b', label: 'y', weight: 1, evidence: 'e2' },
    ]);
    expect(tie).toMatchObject({ label: null, confidence: 0 });
    expect(tie.reasoning).toMatch(/^tie between x and y at weight 1 of 2/);
    expect(classifyBySignals([{ name: 'a', label: null, weight: 1, evidence: 'none' }])).toMatchObject({
      label: null,
      confidence: 0,
    });
    expect(classifyBySignals([])).toEqual({
      label: null,
      confidence: 0,
      reasoning: 'no signal votes with weight',
    });
  });

  it('rejects a negative or non-finite weight with the signal named', () => {
    expect(() => classifyBySignals([{ name: 'bad', label: 'x', weight: -1, evidence: '' }])).toThrow(
      'signal bad has weight -1; expected a number of 0 or more',
    );
    expect(() => classifyBySignals([{ name: 'nan', label: 'x', weight: Number.NaN, evidence: '' }])).toThrow(
      /signal nan/,
    );
  });
});
