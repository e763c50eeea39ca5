import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { MonthlyRanking, RagTable } from '../../domain/contracts/rankings.ts';
import { api, withQuery } from './client.ts';

export const rankingKeys = {
  all: ['rankings'] as const,
  monthly: (month: string | undefined, page = 1, subdistrictPage = 1) =>
    ['rankings', 'monthly', month ?? 'current', page, subdistrictPage] as const,
  rag: (period: 'week' | 'month', key: string | undefined, organizationId: string | undefined, page = 1) =>
    ['rankings', 'rag', period, key ?? 'current', organizationId ?? 'scope', page] as const,
};

/** One page of each list (the server's default page size, 200, holds a district's villages on one page). */
export function useMonthlyRanking(month: string | undefined, page = 1, subdistrictPage = 1) {
  return useQuery({
    queryKey: rankingKeys.monthly(month, page, subdistrictPage),
    queryFn: ({ signal }) =>
      api.get<MonthlyRanking>(
        withQuery('/api/rankings/monthly', {
          month,
          page: page > 1 ? page : undefined,
          subdistrictPage: subdistrictPage > 1 ? subdistrictPage : undefined,
        }),
        signal,
      ),
    placeholderData: keepPreviousData,
  });
}

/** One page of villages with the tally of all (the server's default page size, 200, holds a district's villages). */
export function useRagTable(period: 'week' | 'month', key: string | undefined, organizationId?: string, page = 1) {
  return useQuery({
    queryKey: rankingKeys.rag(period, key, organizationId, page),
    queryFn: ({ signal }) =>
      api.get<RagTable>(withQuery('/api/rag', { period, key, organizationId, page: page > 1 ? page : undefined }), signal),
    placeholderData: keepPreviousData,
  });
}
