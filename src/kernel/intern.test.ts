import { describe, expect, it } from 'vitest';
import { Interner } from './intern.js';

describe('Interner', () => {
  it('gives one copy of equal strings and leaves other values as they are', () => {
    const strings = new Interner(3);
    const a = strings.of(JSON.parse('"rep-1"') as string);
    expect(strings.of(JSON.parse('"rep-1"') as string)).toBe(a);
    const o = { x: 1 };
    expect(strings.of(o)).toBe(o);
    expect(strings.of(null)).toBeNull();
    expect(strings.of(7)).toBe(7);
    // Past its limit it starts afresh, and still gives back equal strings.
    for (const s of ['b', 'c', 'd', 'e']) expect(strings.of(s)).toBe(s);
    expect(strings.of('rep-1')).toBe('rep-1');
  });
});
