import { describe, expect, it } from 'vitest';
import { isPlaceholderCompanyName } from './placeholder-names.js';

describe('isPlaceholderCompanyName', () => {
  it.each([
    ['N/A', true],
    ['n.a.', true],
    ['Self-employed', true],
    [' Freelance ', true],
    ['-', true],
    ['Student', true],
    ['Freelancer Ltd', true],
    ['Freelance Solutions GmbH', false],
    ['Acme', false],
    ['Self Financial, Inc.', false],
  ])('%s -> %s', (name, expected) => {
    expect(isPlaceholderCompanyName(name)).toBe(expected);
  });
});
