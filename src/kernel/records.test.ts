import { describe, expect, it } from 'vitest';
import { RECORD_KINDS, recordKindNamed } from './records.js';

describe('recordKindNamed', () => {
  it('knows every kind by its singular and its plural', () => {
    for (const kind of RECORD_KINDS) expect(recordKindNamed(kind)).toBe(kind);
    expect(recordKindNamed('opportunities')).toBe('opportunity');
    expect(recordKindNamed('activities')).toBe('activity');
    expect(recordKindNamed('territories')).toBe('territory');
    expect(recordKindNamed('touches')).toBe('touch');
    expect(recordKindNamed('usage')).toBe('usage');
  });

  it('knows nothing else', () => {
    for (const name of ['opportunitys', 'Opportunity', 'deal', '', 'accountss', 'leads '])
      expect(recordKindNamed(name)).toBeNull();
  });
});
