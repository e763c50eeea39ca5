import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ArticleDetail,
  ArticleList,
  ArticleTransitionBody,
  CreateArticleBody,
  UpdateArticleBody,
} from '../../domain/contracts/articles.ts';
import type {
  ConvertFeedbackBody,
  FeedbackItem,
  FeedbackList,
  FeedbackStatus,
  ModerateFeedbackBody,
} from '../../domain/contracts/feedback.ts';
import type { PortalSettings, UpdatePortalSettingsBody } from '../../domain/contracts/portal.ts';
import { ApiError, api, withQuery } from './client.ts';

/** Work news (工作动态) and the moderation of villagers' feedback (群众监督): query keys and hooks. */
export const portalKeys = {
  articles: ['articles'] as const,
  articleList: (page: number) => ['articles', 'list', page] as const,
  article: (id: string) => ['articles', 'detail', id] as const,
  feedback: ['feedback'] as const,
  feedbackList: (status: FeedbackStatus, page: number) => ['feedback', 'list', status, page] as const,
  settings: ['portal', 'settings'] as const,
};

/** 公示设置: what public problems show on the portal by default (the program's defaults). */
export function usePortalSettings() {
  return useQuery({
    queryKey: portalKeys.settings,
    queryFn: ({ signal }) => api.get<PortalSettings>('/api/portal/settings', signal),
  });
}

/** Saves the defaults with the version read (district-wide admins; audited). A conflict reloads the current ones. */
export function useSavePortalSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdatePortalSettingsBody) => api.put<PortalSettings>('/api/portal/settings', body),
    onSuccess: (saved) => client.setQueryData(portalKeys.settings, saved),
    onError: (error) => {
      if (error instanceof ApiError && error.isConflict) void client.invalidateQueries({ queryKey: portalKeys.settings });
    },
  });
}

export function useArticles(page: number) {
  return useQuery({
    queryKey: portalKeys.articleList(page),
    queryFn: ({ signal }) => api.get<ArticleList>(withQuery('/api/articles', { page, pageSize: 20 }), signal),
    placeholderData: keepPreviousData,
  });
}

export function useArticle(id: string | null) {
  return useQuery({
    queryKey: portalKeys.article(id ?? ''),
    queryFn: ({ signal }) => api.get<ArticleDetail>(`/api/articles/${encodeURIComponent(id!)}`, signal),
    enabled: Boolean(id),
  });
}

export function useSaveArticle() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string | null; body: CreateArticleBody | UpdateArticleBody }) =>
      v.id
        ? api.patch<ArticleDetail>(`/api/articles/${encodeURIComponent(v.id)}`, v.body)
        : api.post<ArticleDetail>('/api/articles', v.body),
    onSuccess: (a) => {
      client.setQueryData(portalKeys.article(a.id), a);
      void client.invalidateQueries({ queryKey: portalKeys.articles });
    },
  });
}

export function useTransitionArticle() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; body: ArticleTransitionBody }) =>
      api.post<ArticleDetail>(`/api/articles/${encodeURIComponent(v.id)}/transitions`, v.body),
    onSuccess: (a) => {
      client.setQueryData(portalKeys.article(a.id), a);
      void client.invalidateQueries({ queryKey: portalKeys.articles });
    },
  });
}

export function usePreviewArticle() {
  return useMutation({ mutationFn: (body: string) => api.post<{ html: string }>('/api/articles/preview', { body }) });
}

export function useFeedbackQueue(status: FeedbackStatus, page: number) {
  return useQuery({
    queryKey: portalKeys.feedbackList(status, page),
    queryFn: ({ signal }) => api.get<FeedbackList>(withQuery('/api/feedback', { status, page, pageSize: 20 }), signal),
    placeholderData: keepPreviousData,
  });
}

export function useModerateFeedback() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; body: ModerateFeedbackBody }) =>
      api.post<FeedbackItem>(`/api/feedback/${encodeURIComponent(v.id)}/moderation`, v.body),
    onSuccess: () => void client.invalidateQueries({ queryKey: portalKeys.feedback }),
  });
}

/** Records a ledger problem from a feedback (linked both ways). */
export function useConvertFeedback() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; body: ConvertFeedbackBody }) =>
      api.post<FeedbackItem>(`/api/feedback/${encodeURIComponent(v.id)}/problem`, v.body),
    onSuccess: () => void client.invalidateQueries({ queryKey: portalKeys.feedback }),
  });
}
