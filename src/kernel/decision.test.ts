import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeptRead, type RecordedRead, recordedReadsJson } from './decision.js';

describe('kept reads', () => {
  it('keep the result as it was when read, and give each caller a copy of its own', () => {
    const record = { id: 'l1', values: { owner: 'u1', tags: ['a'] } };
    const kept = new KeptRead('get:lead:"l1"', record);
    record.values.owner = 'u2';
    record.values.tags.push('b');
    expect(kept.result).toEqual({ id: 'l1', values: { owner: 'u1', tags: ['a'] } });
    const first = kept.result as { values: { owner: string } };
    first.values.owner = 'changed by a caller';
    expect(kept.result).toEqual({ id: 'l1', values: { owner: 'u1', tags: ['a'] } });
    expect(new KeptRead('get:lead:"l9"', undefined).result).toBeNull();
  });

  it('write the same JSON as the reads themselves would, kept or not', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string(), fc.jsonValue(), fc.boolean()), { maxLength: 8 }),
        (items) => {
          const reads: RecordedRead[] = items.map(([key, result, kept]) =>
            kept ? new KeptRead(key, result) : { key, result: result as RecordedRead['result'] },
          );
          const plain = reads.map((r) => ({ key: r.key, result: r.result }));
          expect(recordedReadsJson(reads)).toBe(JSON.stringify(plain));
          expect(JSON.parse(recordedReadsJson(reads))).toEqual(JSON.parse(JSON.stringify(reads)));
        },
      ),
      { numRuns: 500 },
    );
  });
});
