import { describe, expect, it } from 'vitest';
import { addDays, isCalendarDate, shanghaiDate, shanghaiDayEnd, shanghaiDayStart } from './time.ts';

describe('shanghaiDate', () => {
  it('turns to the next day at 16:00 UTC (midnight in Shanghai)', () => {
    expect(shanghaiDate(new Date('2026-11-27T15:59:59.999Z'))).toBe('2026-11-27');
    expect(shanghaiDate(new Date('2026-11-27T16:00:00.000Z'))).toBe('2026-11-28');
    expect(shanghaiDate(new Date('2026-11-27T16:30:00.000Z'))).toBe('2026-11-28');
  });

  it('answers each instant afresh when instants alternate (it keeps only the last answer)', () => {
    const before = new Date('2026-11-27T15:59:59.999Z');
    const after = new Date('2026-11-27T16:00:00.000Z');
    for (let i = 0; i < 3; i++) {
      expect(shanghaiDate(before)).toBe('2026-11-27');
      expect(shanghaiDate(after)).toBe('2026-11-28');
    }
    // A Date changed in place is read again, not taken from the last answer.
    const moving = new Date(before.getTime());
    expect(shanghaiDate(moving)).toBe('2026-11-27');
    moving.setTime(after.getTime());
    expect(shanghaiDate(moving)).toBe('2026-11-28');
    expect(() => shanghaiDate(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('is ahead of UTC in the early morning, across month and year ends', () => {
    expect(shanghaiDate(new Date('2026-12-31T20:00:00.000Z'))).toBe('2027-01-01');
    expect(shanghaiDate(new Date('2026-02-28T16:00:00.000Z'))).toBe('2026-03-01');
    expect(shanghaiDate(new Date('2028-02-28T16:00:00.000Z'))).toBe('2028-02-29');
  });

  it('does not depend on the server time zone', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['America/Los_Angeles', 'Asia/Shanghai', 'UTC', 'Pacific/Kiritimati']) {
        process.env.TZ = tz;
        expect(shanghaiDate(new Date('2026-11-27T16:30:00.000Z'))).toBe('2026-11-28');
        expect(shanghaiDayStart('2026-11-28').toISOString()).toBe('2026-11-27T16:00:00.000Z');
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('shanghaiDayStart', () => {
  it('is 16:00 UTC on the day before', () => {
    expect(shanghaiDayStart('2026-11-28').toISOString()).toBe('2026-11-27T16:00:00.000Z');
    expect(shanghaiDayStart('2027-01-01').toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('round-trips with shanghaiDate at both ends of the day', () => {
    for (const day of ['2026-01-01', '2026-06-30', '2026-11-28', '2028-02-29']) {
      const start = shanghaiDayStart(day);
      expect(shanghaiDate(start)).toBe(day);
      expect(shanghaiDate(new Date(start.getTime() - 1))).toBe(addDays(day, -1));
      expect(shanghaiDate(new Date(shanghaiDayStart(addDays(day, 1)).getTime() - 1))).toBe(day);
    }
  });
});

describe('addDays', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-11-28', 0)).toBe('2026-11-28');
  });
});

describe('shanghaiDayEnd', () => {
  it('is the next day’s start, even for the last representable day', () => {
    expect(shanghaiDayEnd('2026-11-28').toISOString()).toBe('2026-11-28T16:00:00.000Z');
    expect(shanghaiDayEnd('2026-12-31').toISOString()).toBe(shanghaiDayStart('2027-01-01').toISOString());
    expect(shanghaiDayEnd('9999-12-31').toISOString()).toBe('9999-12-31T16:00:00.000Z');
  });
});

describe('isCalendarDate', () => {
  it('accepts real dates only', () => {
    for (const d of ['2026-11-28', '2028-02-29', '2026-12-31', '9999-12-31']) expect(isCalendarDate(d), d).toBe(true);
    for (const d of [
      '2026-02-29',
      '2026-02-30',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-1-5',
      '26-11-28',
      '2026-11-28T00:00',
      '',
      '0001-01-01',
      '1899-12-31',
    ]) {
      expect(isCalendarDate(d), d).toBe(false);
    }
  });
});
