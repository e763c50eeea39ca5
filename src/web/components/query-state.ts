import { ApiError } from '../api/client.ts';

/**
 * Whether a query's error should take the page's place: when there is nothing to show, or the thing is gone for
 * this reader (404/403). A page already shown stays when a refresh fails (offline, a weak link): the village
 * secretary keeps what she was reading and what she typed, with a note above it (StaleNotice).
 */
export function errorTakesPage(q: { isError: boolean; error: unknown; data: unknown }): boolean {
  if (!q.isError) return false;
  if (q.data === undefined) return true;
  return q.error instanceof ApiError && (q.error.status === 404 || q.error.status === 403);
}

/** The error of a refresh that failed while the page still shows what it had (see errorTakesPage). */
export const staleError = (q: { isError: boolean; error: unknown; data: unknown }): unknown =>
  q.isError && !errorTakesPage(q) ? q.error : null;
