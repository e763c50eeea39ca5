import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MarkReadBody, MarkReadResult, NotificationList, UnreadCount } from '../../domain/contracts/notifications.ts';
import { api, apiRequest, withQuery } from './client.ts';

/** Query keys of the notification centre (kept here, beside their hooks). */
export const notificationKeys = {
  all: ['notifications'] as const,
  list: (params: { unreadOnly: boolean; page: number; pageSize: number }) => ['notifications', 'list', params] as const,
  unreadCount: ['notifications', 'unread-count'] as const,
};

/** How often the header bell asks for the unread count. */
export const UNREAD_POLL_MS = 60_000;

export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unreadCount,
    // The poll is not the reader's doing: it must not keep an idle session alive.
    queryFn: ({ signal }) => apiRequest<UnreadCount>('/api/notifications/unread-count', { signal, background: true }),
    refetchInterval: UNREAD_POLL_MS,
  });
}

export function useNotifications(params: { unreadOnly: boolean; page: number; pageSize: number }) {
  return useQuery({
    queryKey: notificationKeys.list(params),
    queryFn: ({ signal }) => api.get<NotificationList>(withQuery('/api/notifications', params), signal),
    placeholderData: keepPreviousData,
  });
}

/** Marks some or all of my notifications read; the list and the bell refresh. */
export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: MarkReadBody) => api.post<MarkReadResult>('/api/notifications/read', body),
    onSuccess: (result) => {
      client.setQueryData(notificationKeys.unreadCount, { count: result.unread });
      void client.invalidateQueries({ queryKey: notificationKeys.all });
    },
  });
}
