import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { fieldIssues } from './form-errors.ts';

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
