import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeptRead, recordedReadsJson } from '../../kernel/index.js';
import { DEFLATED, PACK_FROM, packText, unpackText } from './packed-text.js';

describe('packed text', () => {
  it('keeps short texts as they are', () => {
    const json = JSON.stringify([{ key: 'get:lead:"l1"', result: null }]);
    expect(packText(json)).toBe(json);
    expect(unpackText(json)).toBe(json);
  });

  it('packs long texts much smaller and gives them back exactly', () => {
    const records = Array.from({ length: 5_000 }, (_, i) => ({
      id: `opp-${i}`,
      values: { name: `Deal ${i} — Zürich 日本`, stage: ['Discovery', 'Proposal'][i % 2], amount: i * 7 },
    }));
    const json = JSON.stringify([{ key: 'find:opportunity:{}', result: records }]);
    expect(json.length).toBeGreaterThan(PACK_FROM);
    const stored = packText(json);
    expect(stored.startsWith('z1:')).toBe(true);
    expect(stored.length).toBeLessThan(json.length / 4);
    expect(unpackText(stored)).toBe(json);
  });

  it('round-trips any JSON text, short or long', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 3 }), (value, copies) => {
        // Some cases repeat the value until it is past the packing threshold.
        const one = JSON.stringify(value) ?? 'null';
        const json =
          copies === 0
            ? one
            : `[${Array(Math.ceil(PACK_FROM / one.length) * copies)
                .fill(one)
                .join(',')}]`;
        expect(unpackText(packText(json))).toBe(json);
      }),
      { numRuns: 60 },
    );
  });
});

describe('deflated kept reads', () => {
  it('give back exactly the text kept, whatever its characters, in much less room', () => {
    const page = Array.from({ length: 2_000 }, (_, i) => ({
      id: `account_${i}`,
      externalId: `acc-${i}`,
      values: { name: `Société ${i} — 東京 \u{1F600}`, lone: i === 7 ? '\uD800' : 'ok', employees: i },
    }));
    const text = JSON.stringify(page);
    const packed = DEFLATED.pack(text);
    expect(packed.byteLength * 5).toBeLessThan(text.length);
    expect(DEFLATED.unpack(packed)).toBe(text);
    const kept = new KeptRead('find:account:{"filter":{},"limit":2000}', page, DEFLATED);
    expect(kept.text).toBe(text);
    expect(kept.result).toEqual(JSON.parse(text));
    expect(recordedReadsJson([kept])).toBe(JSON.stringify([{ key: kept.key, result: page }]));
  });
});
