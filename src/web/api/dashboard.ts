import { queryOptions, useQuery } from '@tanstack/react-query';
import type { DashboardOverview, VillageDashboard } from '../../domain/contracts/dashboard.ts';
import { api, withQuery } from './client.ts';

export const dashboardKeys = {
  all: ['dashboard'] as const,
  overview: (organizationId: string | undefined) => ['dashboard', 'overview', organizationId ?? null] as const,
  village: (organizationId: string | undefined) => ['dashboard', 'village', organizationId ?? null] as const,
};

export const overviewQuery = (organizationId: string | undefined) =>
  queryOptions({
    queryKey: dashboardKeys.overview(organizationId),
    queryFn: ({ signal }) => api.get<DashboardOverview>(withQuery('/api/dashboard/overview', { organizationId }), signal),
    staleTime: 60_000,
  });

export const villageQuery = (organizationId: string | undefined) =>
  queryOptions({
    queryKey: dashboardKeys.village(organizationId),
    queryFn: ({ signal }) => api.get<VillageDashboard>(withQuery('/api/dashboard/village', { organizationId }), signal),
    staleTime: 60_000,
  });

/** 区级总览 of an organization (omitted: the reader's scope root). */
export function useDashboardOverview(organizationId: string | undefined, enabled = true) {
  return useQuery({ ...overviewQuery(organizationId), enabled });
}

/** 村级工作台 (omitted: the reader's own village). */
export function useVillageDashboard(organizationId: string | undefined, enabled = true) {
  return useQuery({ ...villageQuery(organizationId), enabled });
}
