import type { AuditFilters } from '../../api/audit.ts';

export const AUDIT_FILTER_KEYS = ['actorId', 'organizationId', 'entityType', 'entityId', 'type', 'from', 'to'] as const;
export type AuditFilterKey = (typeof AUDIT_FILTER_KEYS)[number];

export const DEFAULT_AUDIT_PAGE_SIZE = 50;

/** Reads the filters from the URL query, e.g. a link from an organization's page. */
export function readAuditParams(params: URLSearchParams): AuditFilters & { page: number; pageSize: number } {
  const filters: AuditFilters = {};
  for (const key of AUDIT_FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  const page = Number(params.get('page'));
  const pageSize = Number(params.get('pageSize'));
  return {
    ...filters,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: Number.isInteger(pageSize) && pageSize > 0 && pageSize <= 200 ? pageSize : DEFAULT_AUDIT_PAGE_SIZE,
  };
}

export function hasAnyFilter(params: URLSearchParams): boolean {
  return AUDIT_FILTER_KEYS.some((k) => Boolean(params.get(k)));
}
