import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { compilePattern, patternProblem } from './condition-pattern.js';
import { requiredLiterals } from './condition-prefilter.js';
import { seededRandom } from './determinism.js';

describe('requiredLiterals', () => {
  it('finds the strings every match must contain, lower-cased', () => {
    expect(requiredLiterals('\\.(gov|edu|mil)(\\.[a-z]{2})?$')).toEqual(['.gov', '.edu', '.mil']);
    expect(requiredLiterals('@(Gmail|yahoo)\\.com$')).toEqual(['@gmail.com', '@yahoo.com']);
    expect(requiredLiterals('^(vp|vice president)\\b')).toEqual(['vp', 'vice president']);
    expect(requiredLiterals('x(a|)y')).toEqual(['xay', 'xy']);
    expect(requiredLiterals('[abc]def')).toEqual(['def']);
    expect(requiredLiterals('(ab)+cd')).toEqual(['ab']);
  });

  it('gives none when a match can be empty or the syntax is beyond the plain subset', () => {
    for (const p of ['a*', 'foo|.*', '\\d+', '(?i)abc', '(?P<n>abc)', 'ü', '[[:alpha:]]x', '\\pLx', 'a{'])
      expect([p, requiredLiterals(p)]).toEqual([p, undefined]);
  });
});

describe('compilePattern: the prefilter never changes an answer', () => {
  it('agrees with RE2 alone on random patterns and texts, case folding included', () => {
    const random = seededRandom(11);
    const atoms = [
      'a',
      'b',
      'K',
      's',
      '\\.',
      '.',
      '[a-c]',
      '[^x]',
      '\\d',
      '\\bv',
      '(ab|c)',
      '(?:s|k)',
      'x',
      '@',
    ];
    const pattern = (): string => {
      const parts = Array.from({ length: 1 + random.int(5) }, () => {
        const atom = random.pick(atoms);
        return atom + random.pick(['', '', '', '*', '+', '?', '{2}', '{1,3}']);
      });
      const body = parts.join('');
      return random.pick([body, `^${body}`, `${body}$`, `${body}|${random.pick(atoms)}b`]);
    };
    const chars = [
      'a',
      'A',
      'b',
      'B',
      'c',
      'k',
      'K',
      '\u212a',
      's',
      'S',
      '\u017f',
      '.',
      '@',
      'v',
      'x',
      '1',
      ' ',
      'é',
    ];
    const text = () => Array.from({ length: random.int(9) }, () => random.pick(chars)).join('');
    let prefiltered = 0;
    for (let i = 0; i < 400; i++) {
      const p = pattern();
      if (patternProblem(p) !== undefined) continue;
      const compiled = compilePattern(p);
      if (compiled.prefilter) prefiltered++;
      const re = RE2JS.compile(p, RE2JS.CASE_INSENSITIVE);
      for (let j = 0; j < 60; j++) {
        const t = text();
        expect([p, t, compiled.test(t)]).toEqual([p, t, re.test(t)]);
      }
    }
    expect(prefiltered).toBeGreaterThan(100);
  });

  it('folds case as RE2 does: the Kelvin sign is k, the long s is s', () => {
    expect(compilePattern('kelvin').test('\u212aELVIN')).toBe(true);
    expect(compilePattern('sales').test('\u017fALES')).toBe(true);
    expect(compilePattern('\\.gov$').test('agency.GOV')).toBe(true);
    expect(compilePattern('\\.gov$').test('agency.gov.com')).toBe(false);
  });
});
