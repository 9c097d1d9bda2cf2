import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash, streamedContentHash } from '../workspace/index.js';
import { sameJson } from './materialize.js';

/** Values a record field can hold, and what slips past JSON (undefined, NaN, infinities, -0). */
const value = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(undefined, null, Number.NaN, Number.POSITIVE_INFINITY, -0, 0, '', 'null', true, 1, '1'),
);

describe('plan diffs and hashes', () => {
  it('sameJson says what comparing canonical JSON says', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(sameJson(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
        expect(sameJson(a, structuredClone(a))).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });

  it('the streamed content hash is the content hash', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(value, fc.array(value, { maxLength: 4 })), { maxLength: 30 }), (list) => {
        expect(streamedContentHash(list)).toBe(contentHash(list));
        expect(streamedContentHash(['head', list])).toBe(contentHash(['head', list]));
      }),
      { numRuns: 2_000 },
    );
    // Past the size at which the streamed hash hands its text over in parts.
    const long = Array.from({ length: 20_000 }, (_, i) => [`account:a-${i}`, { owner: `u-${i % 7}`, t: i }]);
    expect(streamedContentHash(['base', long])).toBe(contentHash(['base', long]));
  });
});
