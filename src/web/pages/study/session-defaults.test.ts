import { describe, expect, it } from 'vitest';
import { lastHeldOn, marksForKind } from './session-defaults.ts';

describe('the day a session of the usual time was last held', () => {
  it('is today once the time has come in Shanghai, else yesterday', () => {
    // 2026-12-06 02:00 in Shanghai is 2026-12-05 18:00 UTC: last night's evening school.
    expect(lastHeldOn(new Date('2026-12-05T18:00:00Z'), '19:30')).toBe('2026-12-05');
    // Noon: the evening school meant is still last night's; the morning's 07:00 broadcast is today's.
    expect(lastHeldOn(new Date('2026-12-06T04:00:00Z'), '19:30')).toBe('2026-12-05');
    expect(lastHeldOn(new Date('2026-12-06T04:00:00Z'), '07:00')).toBe('2026-12-06');
    // 19:30 itself and after: tonight's.
    expect(lastHeldOn(new Date('2026-12-06T11:30:00Z'), '19:30')).toBe('2026-12-06');
    expect(lastHeldOn(new Date('2026-12-06T14:00:00Z'), '19:30')).toBe('2026-12-06');
    // Across a month's end.
    expect(lastHeldOn(new Date('2026-11-30T17:00:00Z'), '19:30')).toBe('2026-11-30');
    expect(lastHeldOn(new Date('2026-11-30T16:30:00Z'), '08:00')).toBe('2026-11-30');
    expect(lastHeldOn(new Date('2026-11-30T15:30:00Z'), '08:00')).toBe('2026-11-30');
  });
});

describe('the attendance marks kept when the kind changes', () => {
  const marks = {
    a: { status: 'reached' as const, reason: null },
    b: { status: 'absent' as const, reason: 'sick' },
    c: { status: 'present' as const, reason: null },
  };

  it('turns 已收听 into present (no mark) for any kind but a broadcast, and keeps the absences', () => {
    const kept = marksForKind(marks, 'discussion');
    expect(kept).toEqual({ b: marks.b, c: marks.c });
    expect(Object.values(kept).some((m) => m.status === 'reached')).toBe(false);
  });

  it('keeps every mark for a broadcast', () => {
    expect(marksForKind(marks, 'broadcast')).toBe(marks);
  });
});
