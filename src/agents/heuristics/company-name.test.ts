import { describe, expect, it } from 'vitest';
import { companyNameSimilarity, compareCompanyNames, normalizeCompanyName } from './company-name.js';

describe('normalizeCompanyName', () => {
  it.each([
    ['Acme, Inc.', 'acme'],
    ['The Acme Corporation', 'acme'],
    ['Acme L.L.C.', 'acme'],
    ['Siemens AG', 'siemens'],
    ['Bosch GmbH & Co. KG', 'bosch'],
    ['Tata Consultancy Services Private Limited', 'tata consultancy services'],
    ['Société Générale S.A.', 'societe generale'],
    ["McDonald's Corp", 'mcdonalds'],
    ['The Company', 'company'],
    ['Ben & Jerry’s', 'ben and jerrys'],
  ])('%s -> %s', (name, expected) => {
    expect(normalizeCompanyName(name)).toBe(expected);
  });
});

describe('compareCompanyNames', () => {
  it('scores names that differ only in legal form, case and "The" as the same', () => {
    expect(compareCompanyNames('The Acme Corporation', 'ACME, Inc.')).toEqual({
      score: 1,
      a: 'acme',
      b: 'acme',
      basis: 'same name',
    });
    expect(companyNameSimilarity('Data Dog', 'Datadog, Inc.')).toBe(1);
  });

  it('ranks a typo above a different company sharing a word', () => {
    const typo = companyNameSimilarity('Acme Widgets GmbH', 'Acmee Widgets');
    const other = companyNameSimilarity('Acme Widgets', 'Acme Rockets');
    expect(typo).toBeGreaterThan(0.9);
    expect(other).toBeLessThan(typo);
  });

  it('knows an acronym of the other name', () => {
    expect(compareCompanyNames('IBM', 'International Business Machines Corp')).toMatchObject({
      score: 0.9,
      basis: 'acronym',
    });
  });

  it('keeps a subset name below an exact match and unrelated names low', () => {
    expect(companyNameSimilarity('Acme', 'Acme Labs')).toBe(0.778);
    expect(companyNameSimilarity('Globex', 'Initech')).toBeLessThan(0.3);
    expect(companyNameSimilarity('', 'Acme')).toBe(0);
  });
});
