import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { errorTakesPage, staleError } from './query-state.ts';

const offline = new ApiError(0, 'NETWORK', '无法连接服务器');

describe('errorTakesPage', () => {
  it('keeps a page already shown when its refresh fails, with the error as a note', () => {
    const q = { isError: true, error: offline, data: { id: 'p1' } };
    expect(errorTakesPage(q)).toBe(false);
    expect(staleError(q)).toBe(offline);
  });
  it('shows the error when there is nothing to show, or the thing is gone for this reader', () => {
    expect(errorTakesPage({ isError: true, error: offline, data: undefined })).toBe(true);
    expect(errorTakesPage({ isError: true, error: new ApiError(404, 'NOT_FOUND', '问题不存在'), data: { id: 'p1' } })).toBe(true);
    expect(errorTakesPage({ isError: true, error: new ApiError(403, 'FORBIDDEN', '无权'), data: { id: 'p1' } })).toBe(true);
  });
  it('has nothing to say without an error', () => {
    const q = { isError: false, error: null, data: { id: 'p1' } };
    expect(errorTakesPage(q)).toBe(false);
    expect(staleError(q)).toBeNull();
  });
});
