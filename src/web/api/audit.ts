import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditEvent } from '../../domain/contracts/audit.ts';
import { api, withQuery } from './client.ts';
import { auditKeys } from './keys.ts';

export interface AuditFilters {
  actorId?: string;
  organizationId?: string;
  entityType?: string;
  entityId?: string;
  type?: string;
  from?: string;
  to?: string;
}

export interface AuditPage {
  items: AuditEvent[];
  total: number;
  page: number;
  pageSize: number;
}

export function useAuditEvents(params: AuditFilters & { page: number; pageSize: number }) {
  return useQuery({
    queryKey: auditKeys.list(params),
    queryFn: ({ signal }) => api.get<AuditPage>(withQuery('/api/audit', { ...params }), signal),
    placeholderData: keepPreviousData,
  });
}
