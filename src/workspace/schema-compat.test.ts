import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { firstIncompatibility, type JsonSchemaNode } from './schema-compat.js';

const js = (s: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(s, { io, unrepresentable: 'any' }) as JsonSchemaNode;
const check = (producer: z.ZodType, consumer: z.ZodType) =>
  firstIncompatibility(js(producer, 'output'), js(consumer, 'input'));

describe('firstIncompatibility', () => {
  it('accepts a producer that sends more than the consumer needs', () => {
    expect(check(z.object({ a: z.string(), b: z.number() }), z.object({ a: z.string() }))).toBeUndefined();
  });
  it('accepts integers where numbers are expected, and defaults for missing fields', () => {
    expect(
      check(z.object({ n: z.number().int() }), z.object({ n: z.number(), m: z.string().default('x') })),
    ).toBeUndefined();
  });
  it('names a missing or optional required field', () => {
    expect(check(z.object({ a: z.string() }), z.object({ a: z.string(), b: z.string() }))).toEqual({
      path: 'b',
      reason: 'is required by the receiver but the sender does not send it',
    });
    expect(check(z.object({ b: z.string().optional() }), z.object({ b: z.string() }))?.reason).toBe(
      'is required by the receiver but optional in the sender',
    );
  });
  it('names a nested type mismatch', () => {
    expect(
      check(z.object({ o: z.object({ n: z.string() }) }), z.object({ o: z.object({ n: z.number() }) })),
    ).toEqual({ path: 'o.n', reason: 'is string; the receiver expects number' });
  });
  it('checks enums and array items', () => {
    expect(
      check(z.object({ g: z.enum(['A', 'B', 'E']) }), z.object({ g: z.enum(['A', 'B', 'C']) }))?.reason,
    ).toBe('may be "E", which the receiver does not accept');
    expect(check(z.object({ xs: z.array(z.string()) }), z.object({ xs: z.array(z.number()) }))?.path).toBe(
      'xs[]',
    );
  });
  it('handles unions on both sides', () => {
    expect(check(z.object({ v: z.union([z.string(), z.number()]) }), z.object({ v: z.string() }))?.path).toBe(
      'v',
    );
    expect(
      check(z.object({ v: z.string() }), z.object({ v: z.union([z.string(), z.number()]) })),
    ).toBeUndefined();
  });
  it('respects a strict consumer', () => {
    expect(check(z.object({ a: z.string(), x: z.string() }), z.strictObject({ a: z.string() }))?.path).toBe(
      'x',
    );
  });
});
