import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './client.ts';
import { sessionKey } from './keys.ts';

/**
 * One client for the app. A 401 from any query may mean the session ended
 * (expired, or signed out elsewhere): the session is asked for again, and when
 * it is gone the access guard goes back to the login page, which keeps the
 * intended URL. Asked, not assumed: a request sent with the cookie a password
 * change has just replaced answers 401 while the browser already holds the new
 * one, and the person must not be sent to the login page for that.
 */
export function createQueryClient(): QueryClient {
  const dropSessionOn401 = (error: unknown) => {
    if (error instanceof ApiError && error.isUnauthenticated) void client.refetchQueries({ queryKey: sessionKey, exact: true });
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError(error, query) {
        if (query.queryKey[0] !== sessionKey[0]) dropSessionOn401(error);
      },
    }),
    // A save attempted after the session ended (e.g. a form left open overnight) also leads to the login page. A
    // save that got no answer may have been saved: what is on screen is read again (the session aside), so that the
    // village secretary sees what the server holds before she tries again (client.ts writeNetworkMessage). A read
    // that fails then keeps the page as it was (the pages show an error only when they have nothing to show).
    mutationCache: new MutationCache({
      onError(error) {
        dropSessionOn401(error);
        if (error instanceof ApiError && (error.code === 'NETWORK' || error.code === 'TIMEOUT')) {
          void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
        }
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry(failureCount, error) {
          if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
          // A read that already waited the whole timeout is not tried again behind the reader's back.
          if (error instanceof ApiError && error.code === 'TIMEOUT') return false;
          return failureCount < 2;
        },
        // TanStack's default ('online') pauses a query while the browser says it is offline: the page spins with
        // no word. Trying anyway fails at once with the network message, and the query is fetched again on
        // reconnect (refetchOnReconnect).
        networkMode: 'always',
      },
      // The same for saves: a paused mutation left its button spinning for ever. Now it fails and says why.
      mutations: { retry: false, networkMode: 'always' },
    },
  });
  return client;
}
