import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { MonthlyRanking, RagTable } from '../../domain/contracts/rankings.ts';
import { api, withQuery } from './client.ts';

export const rankingKeys = {
  all: ['rankings'] as const,
  monthly: (month: string | undefined) => ['rankings', 'monthly', month ?? 'current'] as const,
  rag: (period: 'week' | 'month', key: string | undefined, organizationId: string | undefined) =>
    ['rankings', 'rag', period, key ?? 'current', organizationId ?? 'scope'] as const,
};

export function useMonthlyRanking(month: string | undefined) {
  return useQuery({
    queryKey: rankingKeys.monthly(month),
    queryFn: ({ signal }) => api.get<MonthlyRanking>(withQuery('/api/rankings/monthly', { month }), signal),
    placeholderData: keepPreviousData,
  });
}

export function useRagTable(period: 'week' | 'month', key: string | undefined, organizationId?: string) {
  return useQuery({
    queryKey: rankingKeys.rag(period, key, organizationId),
    queryFn: ({ signal }) => api.get<RagTable>(withQuery('/api/rag', { period, key, organizationId }), signal),
    placeholderData: keepPreviousData,
  });
}
