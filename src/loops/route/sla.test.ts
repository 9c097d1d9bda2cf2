import { describe, expect, it } from 'vitest';
import { addWorkingMinutes, localTime, workingWindow } from './local-time.js';
import { oldestFirst, runningSlaOf, slaDueAt, touchedLead } from './sla.js';

const ny = { timezone: 'America/New_York', workingHours: { start: '09:00', end: '17:00' } };

describe('local time and working minutes', () => {
  it('reads an instant in a person’s zone', () => {
    expect(localTime(new Date('2026-11-24T15:05:00Z'), 'America/New_York')).toEqual({
      date: '2026-11-24',
      weekday: 'tue',
      minutes: 10 * 60 + 5,
    });
    expect(localTime(new Date('2026-11-24T23:30:00Z'), 'Europe/Berlin').date).toBe('2026-11-25');
  });

  it('counts only working time: the rest of today, then from tomorrow’s start; weekends are skipped', () => {
    const w = workingWindow({ start: '09:00', end: '17:00' });
    const friday1630 = new Date('2026-11-27T21:30:00Z'); // 16:30 New York
    expect(addWorkingMinutes(friday1630, 60, w, 'America/New_York')?.toISOString()).toBe(
      '2026-11-30T14:30:00.000Z',
    );
    const night = new Date('2026-11-25T03:00:00Z'); // 22:00 Tuesday
    expect(addWorkingMinutes(night, 30, w, 'America/New_York')?.toISOString()).toBe(
      '2026-11-25T14:30:00.000Z',
    );
    expect(
      addWorkingMinutes(night, 30, workingWindow({ start: '09:00', end: '17:00', days: [] }), 'UTC'),
    ).toBeUndefined();
  });

  it('meets a daylight-saving change where it happens', () => {
    const w = workingWindow({ start: '09:00', end: '17:00', days: ['sat', 'sun', 'mon'] });
    const saturday = new Date('2026-03-07T21:30:00Z'); // 16:30 EST, the night before clocks go forward
    expect(addWorkingMinutes(saturday, 60, w, 'America/New_York')?.toISOString()).toBe(
      '2026-03-08T13:30:00.000Z',
    ); // 09:30 EDT
  });
});

describe('SLA due times and checks', () => {
  const at = new Date('2026-11-24T21:45:00Z'); // 16:45 New York

  it('plain minutes, or working minutes in the assignee’s hours', () => {
    expect(slaDueAt(at, { minutes: 30, workingHoursOnly: false }, ny, 'UTC').dueAt.toISOString()).toBe(
      '2026-11-24T22:15:00.000Z',
    );
    const working = slaDueAt(at, { minutes: 30, workingHoursOnly: true }, ny, 'UTC');
    expect(working).toEqual({
      dueAt: new Date('2026-11-25T14:15:00.000Z'),
      basis: '30 working minutes (09:00-17:00 America/New_York) after assignment',
    });
    expect(
      slaDueAt(at, { minutes: 30, workingHoursOnly: true }, { timezone: 'America/New_York' }, 'UTC').basis,
    ).toBe('30 minutes after assignment (no working hours on record)');
  });

  it('reads a running SLA off the lead, and a touch field means the rep acted', () => {
    const lead = {
      ownerId: 'u-ben',
      assignedAt: '2026-11-24T15:00:00Z',
      routeSlaDueAt: '2026-11-24T15:30:00Z',
      routedBy: 'r2',
      routedPool: 'p',
      routeTaskId: 't1',
    };
    expect(runningSlaOf('l1', lead)).toEqual({
      leadId: 'l1',
      assignee: 'u-ben',
      assignedAt: '2026-11-24T15:00:00Z',
      dueAt: '2026-11-24T15:30:00Z',
      rule: 'r2',
      pool: 'p',
      taskId: 't1',
      escalations: 0,
    });
    expect(runningSlaOf('l1', { ownerId: 'u-ben' })).toBeUndefined();
    expect(touchedLead({ firstTouchAt: '2026-11-24T15:10:00Z' }, ['firstTouchAt'])).toBe('firstTouchAt');
    expect(touchedLead({ firstTouchAt: '' }, ['firstTouchAt'])).toBeUndefined();
  });

  it('waiting leads go oldest first, then by id', () => {
    const order = oldestFirst([
      { id: 'c', since: '2026-11-24T10:00:00Z' },
      { id: 'b', since: '2026-11-24T09:00:00Z' },
      { id: 'a', since: '2026-11-24T10:00:00Z' },
    ]).map((l) => l.id);
    expect(order).toEqual(['b', 'a', 'c']);
  });
});
