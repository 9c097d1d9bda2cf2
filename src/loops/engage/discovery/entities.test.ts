import { describe, expect, it } from 'vitest';
import { findEntities } from './entities.js';

const kinds = (s: string, roles: string[] = []) =>
  findEntities(s, roles).map((e) => [e.kind, e.text, e.amount]);

describe('findEntities', () => {
  it('reads money with its amount in the common forms', () => {
    expect(kinds('About $120k now and $1.5M next year')).toEqual([
      ['money', '$120k', 120000],
      ['money', '$1.5M', 1500000],
      ['date', 'next year', undefined],
    ]);
    expect(kinds('50,000 EUR or €40 thousand, maybe 2mm')).toEqual([
      ['money', '50,000 EUR', 50000],
      ['money', '€40 thousand', 40000],
      ['money', '2mm', 2000000],
    ]);
  });

  it('reads percentages, dates and timelines, and leaves "may" the verb alone', () => {
    expect(kinds('Cut churn by 15% by the end of the quarter')).toEqual([
      ['percent', '15%', undefined],
      ['date', 'by the end of the quarter', undefined],
    ]);
    expect(kinds('Go live in Q3 2027, within 6 weeks of signing')).toEqual([
      ['date', 'Q3 2027', undefined],
      ['date', 'within 6 weeks', undefined],
    ]);
    expect(kinds('We may start on May 4')).toEqual([['date', 'May 4', undefined]]);
  });

  it('reads roles, built in and configured, and numbers not already taken', () => {
    expect(kinds('The VP of Sales and the head of IT; 40 seats', ['procurement lead'])).toEqual([
      ['role', 'VP', undefined],
      ['role', 'head of IT', undefined],
      ['number', '40', undefined],
    ]);
    expect(kinds('Ask the procurement lead', ['procurement lead'])).toEqual([
      ['role', 'procurement lead', undefined],
    ]);
  });
});
