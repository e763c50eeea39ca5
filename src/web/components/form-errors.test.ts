import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { fieldIssues, localizedFieldIssues } from './form-errors.ts';

describe('fieldIssues', () => {
  it('reads the server validation details, body fields only', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', '输入有误', {
      fields: [
        { in: 'body', path: 'roles.0.organizationId', message: '不是有效的编号' },
        { in: 'query', path: 'page', message: 'bad' },
      ],
    });
    expect(fieldIssues(error)).toEqual([{ path: ['roles', '0', 'organizationId'], message: '不是有效的编号' }]);
  });

  it('ignores other errors', () => {
    expect(fieldIssues(new ApiError(409, 'CONFLICT', 'x'))).toEqual([]);
  });
});

describe('localizedFieldIssues', () => {
  it("gives a lone English field note the error's Chinese message in the Chinese app", () => {
    const wrong = new ApiError(400, 'VALIDATION_FAILED', '当前密码不正确，还可尝试 4 次 (the current password is wrong)', {
      fields: [{ in: 'body', path: 'currentPassword', message: 'wrong password' }],
    });
    expect(localizedFieldIssues(wrong)).toEqual([{ path: ['currentPassword'], message: '当前密码不正确，还可尝试 4 次' }]);
    // A Chinese note, or several notes, stay as they are.
    const chinese = new ApiError(400, 'VALIDATION_FAILED', '输入有误', { fields: [{ in: 'body', path: 'name', message: '不能为空' }] });
    expect(localizedFieldIssues(chinese)).toEqual([{ path: ['name'], message: '不能为空' }]);
    const several = new ApiError(400, 'VALIDATION_FAILED', '输入有误', {
      fields: [
        { in: 'body', path: 'a', message: 'bad' },
        { in: 'body', path: 'b', message: 'worse' },
      ],
    });
    expect(localizedFieldIssues(several).map((i) => i.message)).toEqual(['bad', 'worse']);
    // A Chinese note loses its gloss; a schema summary with English in it does not replace a note.
    const glossed = new ApiError(400, 'VALIDATION_FAILED', '输入有误 (invalid input)', {
      fields: [{ in: 'body', path: 'organizationId', message: '不是有效的编号 (expected a UUID)' }],
    });
    expect(localizedFieldIssues(glossed)).toEqual([{ path: ['organizationId'], message: '不是有效的编号' }]);
    const schema = new ApiError(
      400,
      'VALIDATION_FAILED',
      '输入有误 (invalid input) — tags.0: Too big: expected string to have <=20 characters',
      {
        fields: [{ in: 'body', path: 'tags.0', message: 'Too big: expected string to have <=20 characters' }],
      },
    );
    expect(localizedFieldIssues(schema)).toEqual([{ path: ['tags', '0'], message: 'Too big: expected string to have <=20 characters' }]);
  });
});
