import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash, StreamedHash, sortedCopy, streamedContentHash } from './canonical.js';

/** The definition: JSON.stringify of a copy with every object's keys sorted. */
const reference = (value: unknown) => JSON.stringify(sortedCopy(value));

describe('canonicalJson', () => {
  it('writes what JSON.stringify writes of the value with sorted keys, for any JSON-like value', () => {
    const odd = fc.oneof(
      fc.constant(undefined),
      fc.constant(Number.NaN),
      fc.constant(Number.POSITIVE_INFINITY),
      fc.constant(-0),
      fc.constant(() => 1),
      fc.constant(new Date(0)),
      fc.constant(JSON.parse('{"__proto__":{"x":1},"a":1}')),
      fc.constant(JSON.parse('{"__proto__":5}')),
      fc.constant({ b: 2, toJSON: () => ({ z: 1, a: 2 }) }),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue(),
        odd,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('sorts keys at every level and leaves undefined out of objects and as null in arrays', () => {
    expect(canonicalJson({ b: 1, a: { d: [undefined, 2], c: undefined } })).toBe(
      '{"a":{"d":[null,2]},"b":1}',
    );
    expect(canonicalJson(undefined)).toBeUndefined();
  });

  it('hashes a long list in pieces to the same hash as at once', () => {
    const list = Array.from({ length: 5000 }, (_, i) => [`account:${i}`, { ownerId: `u${i % 7}`, at: i }]);
    expect(streamedContentHash(list)).toBe(contentHash(list));
    // Written by hand, piece by piece, the same text hashes the same.
    const byHand = new StreamedHash().write('[');
    for (const [i, entry] of list.entries()) byHand.write(i === 0 ? '' : ',').value(entry);
    expect(byHand.write(']').digest()).toBe(contentHash(list));
  });
});
