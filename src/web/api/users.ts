import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateUserBody, RoleGrant, UpdateUserBody, User } from '../../domain/contracts/users.ts';
import { ApiError, api, withQuery } from './client.ts';
import { userKeys } from './keys.ts';

export interface UserListParams {
  q?: string;
  includeDisabled?: boolean;
  page: number;
  pageSize: number;
}

export interface UserPage {
  items: User[];
  total: number;
  page: number;
  pageSize: number;
}

export function useUsers(params: UserListParams, enabled = true) {
  return useQuery({
    queryKey: userKeys.list(params),
    queryFn: ({ signal }) => api.get<UserPage>(withQuery('/api/users', { ...params }), signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useUser(id: string | undefined) {
  return useQuery({
    queryKey: userKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<User>(`/api/users/${encodeURIComponent(id ?? '')}`, signal),
    enabled: Boolean(id),
  });
}

function useUserMutation<TVars, TResult>(mutationFn: (vars: TVars) => Promise<TResult>) {
  const queryClient = useQueryClient();
  const invalidate = () => queryClient.invalidateQueries({ queryKey: userKeys.all });
  return useMutation({
    mutationFn,
    onSuccess: () => invalidate(),
    onError(error) {
      if (error instanceof ApiError && error.isConflict) void invalidate();
    },
  });
}

const userPath = (id: string) => `/api/users/${encodeURIComponent(id)}`;

export function useCreateUser() {
  return useUserMutation((body: CreateUserBody) => api.post<User>('/api/users', body));
}

export function useUpdateUser() {
  return useUserMutation(({ id, body }: { id: string; body: UpdateUserBody }) => api.patch<User>(userPath(id), body));
}

export function useGrantRole() {
  return useUserMutation(({ user, grant }: { user: User; grant: RoleGrant }) =>
    api.post<User>(`${userPath(user.id)}/roles`, { ...grant, version: user.version }),
  );
}

export function useRevokeRole() {
  return useUserMutation(({ user, assignmentId }: { user: User; assignmentId: string }) =>
    api.delete<User>(withQuery(`${userPath(user.id)}/roles/${encodeURIComponent(assignmentId)}`, { version: user.version })),
  );
}

export function useResetPassword() {
  return useUserMutation(({ user, newPassword }: { user: User; newPassword: string }) =>
    api.post<void>(`${userPath(user.id)}/password-reset`, { version: user.version, newPassword }),
  );
}
