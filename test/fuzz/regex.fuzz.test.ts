import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Condition, compileCondition, MAX_PATTERN_LENGTH } from '../../src/kernel/index.js';
import { bounded, CaseCounter, expectRevloopsError, FUZZ_RUNS, fuzzParams } from '../helpers/fuzz-harness.js';

/** Patterns a backtracking engine (JS RegExp) takes exponential or polynomial time on. */
const CATASTROPHIC = [
  '(a+)+$',
  '(a|aa)+$',
  '(a|a?)+$',
  '(a*)*b',
  '^(a+)+b',
  '(x+x+)+y',
  '(.*a){12}',
  '(\\w+\\s?)+$',
  '^(\\d+)*$',
  '(a|b|ab)*c',
  '((a+)+)+!x',
  '^([a-z0-9]+\\.?)+@',
];

/** Syntax RE2 refuses: backreferences and lookaround, the usual ways into backtracking. */
const REFUSED = ['(a)\\1', '(?=a)a+', '(?!b)a', '(?<=a)b', '(?<!a)b', '(a+)\\1+$', '\\k<n>'];

const atom = fc.constantFrom(
  'a',
  'b',
  '.',
  '\\w',
  '\\d',
  '\\s',
  '[a-c]',
  '[^!]',
  'x',
  '!',
  '\\b',
  '(a|aa)',
  '(a|a?)',
);
const quant = fc.constantFrom('', '', '*', '+', '?', '{2,}', '{1,40}', '*?', '+?');

/** Random nested groups of quantified atoms: the shape of a pattern that backtracks. */
const nested: fc.Arbitrary<string> = fc.letrec<{ p: string }>((tie) => ({
  p: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(atom, quant).map(([a, q]) => a + q),
    fc
      .tuple(fc.array(tie('p'), { minLength: 1, maxLength: 3 }), quant, fc.constantFrom('(', '(?:'))
      .map(([parts, q, open]) => `${open}${parts.join('')})${q}`),
    fc.tuple(tie('p'), tie('p')).map(([a, b]) => `${a}|${b}`),
  ),
})).p;

const pattern = fc.oneof(
  { arbitrary: fc.constantFrom(...CATASTROPHIC), weight: 2 },
  { arbitrary: fc.constantFrom(...REFUSED), weight: 1 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom('', '^'), nested, fc.constantFrom('', '$', '!$', 'b$'))
      .map((p) => p.join('')),
    weight: 6,
  },
  { arbitrary: fc.string({ maxLength: 30 }), weight: 2 },
  {
    arbitrary: fc.string({ minLength: MAX_PATTERN_LENGTH - 5, maxLength: MAX_PATTERN_LENGTH + 50 }),
    weight: 1,
  },
);

/** Texts that make a backtracking engine try every split: a long run of one character and a mismatch. */
const text = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('a', 'ab', 'x', '1', 'a ', 'aa.'),
      fc.integer({ min: 0, max: 8_000 }),
      fc.constantFrom('!', '', '#', 'b'),
    )
    .map(([unit, n, end]) => unit.repeat(n) + end),
  fc.string({ maxLength: 200 }),
);

const leaf = (value: unknown): Condition =>
  ({ field: 'title', op: 'matches', value }) as unknown as Condition;

describe('fuzz: regular expressions in config', () => {
  it(`compiles to a linear-time RE2 test or refuses the pattern: ${FUZZ_RUNS} patterns`, async () => {
    const counter = new CaseCounter('regexes');
    await fc.assert(
      fc.asyncProperty(pattern, text, async (p, t) => {
        const compiled = await bounded(2_000, `compiling ${JSON.stringify(p)}`, () =>
          compileCondition(leaf(p)),
        );
        if (compiled.error !== undefined) {
          const e = expectRevloopsError(compiled.error, `compiling ${JSON.stringify(p)}`);
          expect(e.code).toBe('CONFIG_INVALID');
          expect(e.issues.length).toBeGreaterThan(0);
          expect(e.issues.map((i) => i.message).join(' ')).toMatch(/pattern|regular expression/);
          counter.count('refused');
          return;
        }
        const cond = compiled.value as ReturnType<typeof compileCondition>;
        // 8,000 characters through RE2 take a few milliseconds; a backtracking engine takes ages.
        const run = await bounded(2_000, `matching ${JSON.stringify(p)} on ${t.length} characters`, () =>
          cond({ title: t }),
        );
        expect(run.error).toBeUndefined();
        expect(typeof run.value?.matched).toBe('boolean');
        counter.count('evaluated');
      }),
      fuzzParams(),
    );
    counter.print();
    expect(counter.cases).toBe(FUZZ_RUNS);
  }, 1_800_000);

  it('refuses backreferences and lookaround by name, and runs the classic catastrophic patterns in linear time', () => {
    for (const p of REFUSED) {
      let thrown: unknown;
      try {
        compileCondition(leaf(p));
      } catch (err) {
        thrown = err;
      }
      const e = expectRevloopsError(thrown, p);
      expect(e.issues[0]?.message).toMatch(/not a valid RE2 regular expression/);
    }
    for (const p of CATASTROPHIC) {
      const cond = compileCondition(leaf(p));
      // A backtracking engine needs longer than the age of the universe on 40,000 characters of
      // these; RE2 reads them once. The bound is loose: it holds on a busy machine.
      const subject = { title: `${'a'.repeat(40_000)}!` };
      const started = performance.now();
      const answer = cond.test(subject);
      const ms = performance.now() - started;
      expect(typeof answer).toBe('boolean');
      expect(ms, `${p} on 40,000 characters took ${ms.toFixed(1)} ms`).toBeLessThan(2_000);
    }
  });
});
