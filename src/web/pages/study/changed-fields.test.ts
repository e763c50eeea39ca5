import { describe, expect, it } from 'vitest';
import { changedFields } from './changed-fields.ts';

describe('changedFields', () => {
  it('keeps only what differs, arrays by content, null and undefined alike', () => {
    const before = {
      place: '村党员活动室',
      speaker: null as string | null,
      topics: ['学党章党规'],
      plays: undefined as number | undefined,
    };
    expect(changedFields(before, { place: '村党员活动室', speaker: null, topics: ['学党章党规'], plays: undefined })).toEqual({});
    expect(
      changedFields(before, { place: '村委会会议室', speaker: '王老师', topics: ['学党章党规', '学系列讲话'], plays: undefined }),
    ).toEqual({
      place: '村委会会议室',
      speaker: '王老师',
      topics: ['学党章党规', '学系列讲话'],
    });
  });
});
