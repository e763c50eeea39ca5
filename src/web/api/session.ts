import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChangePasswordBody, LoginBody, Session, SessionState, SessionUser } from '../../domain/contracts/session.ts';
import { PAGE_SESSION_ELEMENT_ID } from '../../domain/page-session.ts';
import type { Permission } from '../../domain/roles.ts';
import { api } from './client.ts';
import { sessionKey } from './keys.ts';

async function fetchSession(signal: AbortSignal): Promise<Session | null> {
  const state = await api.get<SessionState>('/api/session', signal);
  return state.user ? state : null;
}

/**
 * The session the server wrote into this page (a first load behind the sign-in; registerWeb in src/server/app.ts):
 * GET /api/session's answer without its round trip. Undefined when the page carries none (the login page, a
 * development server) or one that does not read as a session: then the app asks as before. Read once: the block is
 * taken out of the page.
 */
export function sessionFromPage(doc: Document = document): Session | null | undefined {
  const block = doc.getElementById(PAGE_SESSION_ELEMENT_ID);
  if (!block) return undefined;
  block.remove();
  try {
    // Trusted as the API's answer is (the same server wrote it); only its outline is checked.
    const state = JSON.parse(block.textContent ?? '') as Partial<SessionState> | null;
    if (!state || typeof state !== 'object' || !('user' in state)) return undefined;
    if (state.user === null) return null;
    return typeof state.user === 'object' && typeof state.expiresAt === 'string' ? (state as Session) : undefined;
  } catch {
    return undefined;
  }
}

/** The current session, or null when signed out; main.tsx asks for it at once, while the page's code loads. */
export const sessionQuery = queryOptions({
  queryKey: sessionKey,
  queryFn: ({ signal }) => fetchSession(signal),
  staleTime: 5 * 60_000,
});

/** The current session, or null when signed out. */
export function useSession() {
  return useQuery(sessionQuery);
}

/** The signed-in user; only call below the access guard. */
export function useCurrentUser(): SessionUser {
  const { data } = useSession();
  if (!data) throw new Error('useCurrentUser called without a session');
  return data.user;
}

export function useHasPermission(permission: Permission): boolean {
  const { data } = useSession();
  return data?.user.permissions.includes(permission) ?? false;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => api.post<Session>('/api/session', body),
    onSuccess(session) {
      // Nothing cached for the previous user may leak into this one's screens.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
      queryClient.setQueryData(sessionKey, session);
    },
  });
}

/** Ends the session on the server; the caller then leaves the app (see useSignOut). */
export function useLogout() {
  return useMutation({ mutationFn: () => api.delete<void>('/api/session') });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => api.post<void>('/api/account/password', body),
  });
}
