import { MutationObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { ApiError } from './client.ts';
import { sessionKey } from './keys.ts';
import { createQueryClient } from './query-client.ts';

async function failSave(error: ApiError) {
  const client = createQueryClient();
  client.setQueryData(['problems', 'detail', 'p1'], { id: 'p1', version: 3 });
  client.setQueryData(sessionKey, null);
  const save = new MutationObserver(client, {
    mutationFn: () => Promise.reject(error),
  });
  await save.mutate().catch(() => undefined);
  return {
    problem: client.getQueryState(['problems', 'detail', 'p1'])!.isInvalidated,
    session: client.getQueryState(sessionKey)!.isInvalidated,
  };
}

describe('a save that got no answer', () => {
  it('has what is on screen read again (it may have been saved), the session aside', async () => {
    expect(await failSave(new ApiError(0, 'NETWORK', '网络中断'))).toEqual({ problem: true, session: false });
    expect(await failSave(new ApiError(0, 'TIMEOUT', '超时'))).toEqual({ problem: true, session: false });
  });
  it('leaves the page alone on a refusal the server answered', async () => {
    expect(await failSave(new ApiError(400, 'VALIDATION_FAILED', '输入有误'))).toEqual({ problem: false, session: false });
  });
});
