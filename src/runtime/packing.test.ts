import { describe, expect, it } from 'vitest';
import { KeptRead, recordedReadsJson } from '../kernel/index.js';
import { DEFLATED } from './packing.js';

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
