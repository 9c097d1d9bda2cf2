import { describe, expect, it } from 'vitest';
import { firstBadSequence } from './utf8-check.js';

const at = (...bytes: number[]) => firstBadSequence(Uint8Array.from(bytes));

describe('firstBadSequence', () => {
  it('accepts ASCII and every length of valid sequence', () => {
    expect(at(...Buffer.from('aé€😀'))).toBe(-1);
  });

  it('points at the start of the first sequence that is not UTF-8', () => {
    expect(at(0x61, 0xe9, 0x20)).toBe(1); // Latin-1 é before a space
    expect(at(0x61, 0xc0, 0x80)).toBe(1); // overlong NUL
    expect(at(0xed, 0xa0, 0x80)).toBe(0); // UTF-16 surrogate
    expect(at(0xf4, 0x90, 0x80, 0x80)).toBe(0); // above U+10FFFF
    expect(at(0x80)).toBe(0); // a continuation byte alone
  });

  it('points at an unfinished sequence at the end', () => {
    expect(at(0x61, 0xe2, 0x82)).toBe(1);
  });
});
