import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateAllocationBody,
  CreateSpendingBody,
  ReverseFundEntryBody,
  CreateVenueBody,
  CreateVenueProjectBody,
  FundSummary,
  RecordMilestoneBody,
  UpdateVenueBody,
  UpdateVenueProjectBody,
  UpdateVenueSettingsBody,
  Venue,
  VenueBoard,
  VenueFile,
  VenueList,
  VenueProjectDetail,
  VenueProjectList,
  VenueProjectTransitionBody,
  VenueSettingsDto,
} from '../../domain/contracts/venues.ts';
import type { VenueProjectStatus } from '../../domain/venue-project-workflow.ts';
import { ApiError, api, withQuery } from './client.ts';
import { uploadMultipart } from './evidence.ts';
import { stepKey } from '../lib/idempotency-key.ts';

/** 清零行动: the board, the register, projects (一村一案) and the special fund. */
export const venueKeys = {
  all: ['venues'] as const,
  board: (organizationId: string | undefined) => ['venues', 'board', organizationId ?? 'scope'] as const,
  list: (f: object) => ['venues', 'list', f] as const,
  detail: (id: string) => ['venues', 'detail', id] as const,
  projects: (f: object) => ['venues', 'projects', f] as const,
  project: (id: string) => ['venues', 'project', id] as const,
  funds: ['venues', 'funds'] as const,
  settings: ['venues', 'settings'] as const,
};

export const venueFileUrl = (id: string, download = false) => `/api/venue-files/${encodeURIComponent(id)}${download ? '?download=1' : ''}`;
export const FUND_EXPORT_URL = '/api/funds/export.xlsx';

export function useVenueBoard(organizationId?: string) {
  return useQuery({
    queryKey: venueKeys.board(organizationId),
    queryFn: ({ signal }) => api.get<VenueBoard>(withQuery('/api/venues/board', { organizationId }), signal),
    placeholderData: keepPreviousData,
  });
}

export function useVenues(f: { onList?: boolean; page?: number; pageSize?: number }) {
  return useQuery({
    queryKey: venueKeys.list(f),
    queryFn: ({ signal }) => api.get<VenueList>(withQuery('/api/venues', { onList: f.onList, page: f.page, pageSize: f.pageSize }), signal),
    placeholderData: keepPreviousData,
  });
}

export function useVenueProjects(f: { status?: VenueProjectStatus; page?: number; pageSize?: number }) {
  return useQuery({
    queryKey: venueKeys.projects(f),
    queryFn: ({ signal }) =>
      api.get<VenueProjectList>(withQuery('/api/venue-projects', { status: f.status, page: f.page, pageSize: f.pageSize }), signal),
    placeholderData: keepPreviousData,
  });
}

export function useVenueProject(id: string | undefined) {
  return useQuery({
    queryKey: venueKeys.project(id ?? ''),
    queryFn: ({ signal }) => api.get<VenueProjectDetail>(`/api/venue-projects/${encodeURIComponent(id!)}`, signal),
    enabled: Boolean(id),
  });
}

export function useFundSummary() {
  return useQuery({ queryKey: venueKeys.funds, queryFn: ({ signal }) => api.get<FundSummary>('/api/funds', signal) });
}

export function useVenueSettings(enabled = true) {
  return useQuery({
    queryKey: venueKeys.settings,
    queryFn: ({ signal }) => api.get<VenueSettingsDto>('/api/venues/settings', signal),
    enabled,
  });
}

/** Every venue view refreshes after a change (the board, the lists and the fund all follow a project). */
function useVenueMutation<V, R>(fn: (v: V) => Promise<R>, onDone?: (r: R, qc: ReturnType<typeof useQueryClient>) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess(result) {
      onDone?.(result, queryClient);
      void queryClient.invalidateQueries({ queryKey: venueKeys.all });
    },
    onError(error) {
      if (error instanceof ApiError && error.isConflict) void queryClient.invalidateQueries({ queryKey: venueKeys.all });
    },
  });
}

const setProject = (p: VenueProjectDetail, qc: ReturnType<typeof useQueryClient>) => qc.setQueryData(venueKeys.project(p.id), p);
const projectUrl = (id: string, rest = '') => `/api/venue-projects/${encodeURIComponent(id)}${rest}`;

export const useCreateVenue = () => useVenueMutation((body: CreateVenueBody) => api.post<Venue>('/api/venues', body));
export const useUpdateVenue = () =>
  useVenueMutation(({ id, body }: { id: string; body: UpdateVenueBody }) =>
    api.patch<Venue>(`/api/venues/${encodeURIComponent(id)}`, body),
  );
export const useCreateProject = () =>
  useVenueMutation((body: CreateVenueProjectBody) => api.post<VenueProjectDetail>('/api/venue-projects', body), setProject);
export const useUpdateProject = () =>
  useVenueMutation(
    ({ id, body }: { id: string; body: UpdateVenueProjectBody }) => api.patch<VenueProjectDetail>(projectUrl(id), body),
    setProject,
  );
export const useTransitionProject = () =>
  useVenueMutation(
    ({ id, body }: { id: string; body: VenueProjectTransitionBody }) => api.post<VenueProjectDetail>(projectUrl(id, '/transitions'), body),
    setProject,
  );
export const useRecordMilestone = () =>
  useVenueMutation(
    ({ id, body }: { id: string; body: RecordMilestoneBody }) => api.post<VenueProjectDetail>(projectUrl(id, '/milestones'), body),
    setProject,
  );
export const useAllocate = () =>
  useVenueMutation(
    ({ id, body }: { id: string; body: CreateAllocationBody }) => api.post<VenueProjectDetail>(projectUrl(id, '/allocations'), body),
    setProject,
  );
export const useSpend = () =>
  useVenueMutation(
    ({ id, body }: { id: string; body: CreateSpendingBody }) => api.post<VenueProjectDetail>(projectUrl(id, '/spendings'), body),
    setProject,
  );
/**
 * 冲销 of an allocation or a spend. An entry is reversed once, so the request names itself entirely (stepKey): sent
 * again after its answer was lost, it gets the first answer instead of 409 "already reversed".
 */
export const useReverseFundEntry = () =>
  useVenueMutation(
    ({ id, kind, entryId, body }: { id: string; kind: 'allocations' | 'spendings'; entryId: string; body: ReverseFundEntryBody }) => {
      const url = projectUrl(id, `/${kind}/${encodeURIComponent(entryId)}/reversal`);
      return api.post<VenueProjectDetail>(url, body, { idempotencyKey: stepKey(url, body) });
    },
    setProject,
  );
export const useUpdateVenueSettings = () =>
  useVenueMutation((body: UpdateVenueSettingsBody) => api.put<VenueSettingsDto>('/api/venues/settings', body));

export function uploadVenueFile(
  target: { venueId?: string; projectId?: string; milestoneId?: string; spendingId?: string },
  file: File,
  onProgress?: (percent: number) => void,
): Promise<VenueFile> {
  return uploadMultipart<VenueFile>('/api/venue-files', target, file, onProgress);
}
