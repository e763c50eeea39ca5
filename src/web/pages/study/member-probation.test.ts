import { describe, expect, it } from 'vitest';
import { probationDateRefused } from './member-probation.ts';

const today = '2026-11-27';

describe('probationDateRefused (the member form, as the server)', () => {
  it('refuses a 预备党员 who joined over two years ago when adding, and takes the edge day', () => {
    expect(probationDateRefused({ status: 'probationary', joinedOn: '1990-07-01' }, null, today)).toBe(true);
    expect(probationDateRefused({ status: 'probationary', joinedOn: '2024-11-26' }, null, today)).toBe(true);
    expect(probationDateRefused({ status: 'probationary', joinedOn: '2024-11-27' }, null, today)).toBe(false);
    expect(probationDateRefused({ status: 'probationary', joinedOn: '' }, null, today)).toBe(false);
    expect(probationDateRefused({ status: 'full', joinedOn: '1990-07-01' }, null, today)).toBe(false);
  });

  it('checks an edit only when it changes the status or the date', () => {
    const stale = { status: 'probationary' as const, joinedOn: '2019-07-01' };
    // The phone or the note changed: the form lets it through, as the server does.
    expect(probationDateRefused({ ...stale }, stale, today)).toBe(false);
    expect(probationDateRefused({ status: 'probationary', joinedOn: '2019-07-02' }, stale, today)).toBe(true);
    const full = { status: 'full' as const, joinedOn: '2003-07-01' };
    expect(probationDateRefused({ status: 'probationary', joinedOn: '2003-07-01' }, full, today)).toBe(true);
    expect(probationDateRefused({ status: 'probationary', joinedOn: '2026-07-01' }, full, today)).toBe(false);
  });
});
