import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.ts';
import { fieldIssues } from '../../components/form-errors.ts';
import { onSeatFields } from './lg-shared.ts';

describe('onSeatFields', () => {
  const seats = ['party_office', 'department', 'subdistrict'] as const;

  it('puts a refused member on the seat field it came from, keeping the full message and other issues', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', '“周平”持有“只读用户”角色，不能担任包联组成员', {
      fields: [
        { in: 'body', path: 'members.2.userId', message: 'holds the Read-only viewer role' },
        { in: 'body', path: 'name', message: '包联组名称不能为空' },
      ],
    });
    const mapped = onSeatFields(error, seats, '此账号不能担任该席位');
    expect(mapped).toBeInstanceOf(ApiError);
    expect((mapped as ApiError).message).toBe(error.message);
    expect(fieldIssues(mapped)).toEqual([
      { path: ['subdistrict'], message: '此账号不能担任该席位' },
      { path: ['name'], message: '包联组名称不能为空' },
    ]);
  });

  it('leaves other errors as they are', () => {
    const conflict = new ApiError(409, 'CONFLICT', '已被修改');
    expect(onSeatFields(conflict, seats, 'x')).toBe(conflict);
    const plain = new Error('三名成员须是三个不同的人');
    expect(onSeatFields(plain, seats, 'x')).toBe(plain);
  });
});
