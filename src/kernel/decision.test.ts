import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeptRead, type RecordedRead, recordedReadsJson, type TextPacking } from './decision.js';

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

  it('keep a long result packed and give back exactly its text, whatever its characters', () => {
    let packed = 0;
    const utf8: TextPacking = {
      from: 1 << 16,
      pack: (text) => {
        packed++;
        return new TextEncoder().encode(text);
      },
      unpack: (bytes) => new TextDecoder().decode(bytes),
    };
    const page = Array.from({ length: 2_000 }, (_, i) => ({
      id: `account_${i}`,
      values: { name: `Société ${i} — 東京 \u{1F600}`, lone: i === 7 ? '\uD800' : 'ok', employees: i },
    }));
    const kept = new KeptRead('find:account:{"filter":{},"limit":2000}', page, utf8);
    const text = JSON.stringify(page);
    expect(text.length).toBeGreaterThan(1 << 16);
    expect(kept.text).toBe(text);
    expect(kept.result).toEqual(JSON.parse(text));
    expect(recordedReadsJson([kept])).toBe(JSON.stringify([{ key: kept.key, result: page }]));
    expect(packed).toBe(1);
    // A short result is kept as text, packing or not.
    expect(new KeptRead('get:lead:"l1"', { id: 'l1' }, utf8).text).toBe('{"id":"l1"}');
    expect(packed).toBe(1);
  });
});
