import type { QueryValue } from '../../api/client.ts';

export const LEDGER_DEFAULT_PAGE_SIZE = 20;
export const LEDGER_SORTS = ['dueOn', '-dueOn', 'foundOn', '-foundOn', 'updatedAt', '-updatedAt', 'code', '-code'] as const;
export type LedgerSort = (typeof LEDGER_SORTS)[number];

export interface LedgerFilters {
  organizationId?: string;
  area?: string;
  status?: string;
  overdue: boolean;
  dueSoon: boolean;
  dueFrom?: string;
  dueTo?: string;
  roundId?: string;
  q?: string;
  sort: LedgerSort;
  page: number;
  pageSize: number;
}

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the ledger filters from the URL, so dashboard links like /ledger?organizationId=…&status=… work. */
export function parseLedgerParams(params: URLSearchParams): LedgerFilters {
  const str = (key: string) => params.get(key)?.trim() || undefined;
  const date = (key: string) => {
    const v = str(key);
    return v && DATE.test(v) ? v : undefined;
  };
  const sort = params.get('sort');
  return {
    organizationId: str('organizationId'),
    area: str('area'),
    status: str('status'),
    overdue: params.get('overdue') === '1' || params.get('overdue') === 'true',
    dueSoon: params.get('dueSoon') === '1' || params.get('dueSoon') === 'true',
    dueFrom: date('dueFrom'),
    dueTo: date('dueTo'),
    roundId: str('roundId'),
    q: str('q'),
    sort: (LEDGER_SORTS as readonly string[]).includes(sort ?? '') ? (sort as LedgerSort) : 'dueOn',
    page: positiveInt(params.get('page'), 1),
    pageSize: Math.min(positiveInt(params.get('pageSize'), LEDGER_DEFAULT_PAGE_SIZE), 200),
  };
}

/** The filter part (no paging) as API query values: shared by the list and the Excel export. */
export function filterQuery(f: LedgerFilters): Record<string, QueryValue> {
  return {
    organizationId: f.organizationId,
    area: f.area,
    status: f.status,
    overdue: f.overdue,
    dueSoon: f.dueSoon,
    dueFrom: f.dueFrom,
    dueTo: f.dueTo,
    roundId: f.roundId,
    q: f.q,
  };
}

export function listQuery(f: LedgerFilters): Record<string, QueryValue> {
  return { ...filterQuery(f), sort: f.sort, page: f.page, pageSize: f.pageSize };
}
