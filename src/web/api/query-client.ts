import { QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './client.ts';
import { sessionKey } from './keys.ts';

/**
 * One client for the app. A 401 from any query means the session ended
 * (expired, or signed out elsewhere): clearing the cached session sends the
 * access guard back to the login page, which keeps the intended URL.
 */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError(error, query) {
        if (error instanceof ApiError && error.isUnauthenticated && query.queryKey[0] !== sessionKey[0]) {
          client.setQueryData(sessionKey, null);
        }
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry(failureCount, error) {
          if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
          return failureCount < 2;
        },
      },
      mutations: { retry: false },
    },
  });
  return client;
}
