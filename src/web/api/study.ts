import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DutyCoverage, DutySignin, ServiceHall, UpdateRosterBody, UpdateServiceHallBody } from '../../domain/contracts/duty.ts';
import type { CreateMeetingBody, Meeting, MeetingList, Rhythm, UpdateMeetingBody } from '../../domain/contracts/meetings.ts';
import type { CreateMemberBody, MemberList, PartyMember, UpdateMemberBody } from '../../domain/contracts/members.ts';
import type {
  CreateStudyPlanBody,
  CreateStudySessionBody,
  RecordAttendanceBody,
  StudyCoverage,
  StudyOverview,
  StudyPlan,
  StudyPlanList,
  StudySession,
  StudySessionList,
  UpdateStudyPlanBody,
  UpdateStudySessionBody,
} from '../../domain/contracts/study.ts';
import type { AddParticipantsBody, CreateTourBody, TakeawayBody, Tour, TourList, UpdateTourBody } from '../../domain/contracts/tours.ts';
import { ApiError, api, withQuery } from './client.ts';

/** 两学一做, 三会一课, 观摩学习 and 坐班值班: one key space, so every view follows a change. */
export const studyKeys = {
  all: ['study'] as const,
  overview: (organizationId: string | undefined) => ['study', 'overview', organizationId ?? 'scope'] as const,
  sessions: (f: object) => ['study', 'sessions', f] as const,
  session: (id: string) => ['study', 'session', id] as const,
  members: (organizationId: string | undefined) => ['study', 'members', organizationId ?? 'scope'] as const,
  plans: (organizationId: string | undefined, page = 1) => ['study', 'plans', organizationId ?? 'scope', page] as const,
  coverage: (f: object) => ['study', 'coverage', f] as const,
  rhythm: (organizationId: string | undefined) => ['study', 'rhythm', organizationId ?? 'scope'] as const,
  meetings: (f: object) => ['study', 'meetings', f] as const,
  meeting: (id: string) => ['study', 'meeting', id] as const,
  duty: (f: object) => ['study', 'duty', f] as const,
  hall: (organizationId: string) => ['study', 'hall', organizationId] as const,
  tours: ['study', 'tours'] as const,
};

export const studyFileUrl = (id: string, download = false) => `/api/study-files/${encodeURIComponent(id)}${download ? '?download=1' : ''}`;

export function useStudyOverview(organizationId?: string) {
  return useQuery({
    queryKey: studyKeys.overview(organizationId),
    queryFn: ({ signal }) => api.get<StudyOverview>(withQuery('/api/study/overview', { organizationId }), signal),
    placeholderData: keepPreviousData,
  });
}

export function useStudySessions(f: { organizationId?: string; page?: number; pageSize?: number }) {
  return useQuery({
    queryKey: studyKeys.sessions(f),
    queryFn: ({ signal }) =>
      api.get<StudySessionList>(
        withQuery('/api/study-sessions', { organizationId: f.organizationId, page: f.page, pageSize: f.pageSize }),
        signal,
      ),
    placeholderData: keepPreviousData,
  });
}

export function useStudySession(id: string | undefined) {
  return useQuery({
    queryKey: studyKeys.session(id ?? ''),
    queryFn: ({ signal }) => api.get<StudySession>(`/api/study-sessions/${encodeURIComponent(id!)}`, signal),
    enabled: Boolean(id),
  });
}

/** Every current member of a branch (one page of up to 200: a village branch is smaller). */
export function useBranchMembers(organizationId: string | undefined) {
  return useQuery({
    queryKey: studyKeys.members(organizationId),
    queryFn: ({ signal }) => api.get<MemberList>(withQuery('/api/party-members', { organizationId, pageSize: 200, page: 1 }), signal),
    enabled: Boolean(organizationId),
  });
}

export function useMembers(organizationId?: string) {
  return useQuery({
    queryKey: studyKeys.members(organizationId),
    queryFn: ({ signal }) => api.get<MemberList>(withQuery('/api/party-members', { organizationId, pageSize: 200, page: 1 }), signal),
  });
}

/** A branch's plans, newest period first (the largest page, 200: a branch keeps a plan or two a year). */
export function useStudyPlans(organizationId?: string) {
  return useQuery({
    queryKey: studyKeys.plans(organizationId),
    queryFn: ({ signal }) => api.get<StudyPlanList>(withQuery('/api/study-plans', { organizationId, pageSize: 200 }), signal),
    enabled: Boolean(organizationId),
  });
}

/** One page of the study plans in the reader's scope (the plans tab), newest period first. */
export function useAllStudyPlans(page: number, pageSize: number) {
  return useQuery({
    queryKey: studyKeys.plans(undefined, page),
    queryFn: ({ signal }) => api.get<StudyPlanList>(withQuery('/api/study-plans', { page, pageSize }), signal),
    placeholderData: keepPreviousData,
  });
}

/** Members of the register by name, for registering tour participants (the district reads every branch). */
export function useMemberSearch(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['study', 'members', 'search', q] as const,
    queryFn: ({ signal }) => api.get<MemberList>(withQuery('/api/party-members', { q: q || undefined, pageSize: 30, page: 1 }), signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useStudyCoverage(f: { organizationId?: string; month?: string }) {
  return useQuery({
    queryKey: studyKeys.coverage(f),
    queryFn: ({ signal }) => api.get<StudyCoverage>(withQuery('/api/study/coverage', f), signal),
    placeholderData: keepPreviousData,
  });
}

export function useRhythm(organizationId?: string) {
  return useQuery({
    queryKey: studyKeys.rhythm(organizationId),
    queryFn: ({ signal }) => api.get<Rhythm>(withQuery('/api/party-meetings/rhythm', { organizationId }), signal),
  });
}

/** One page of the meetings held in the reader's scope (or one branch), newest first. */
export function useMeetings(f: { organizationId?: string; page?: number; pageSize?: number }) {
  return useQuery({
    queryKey: studyKeys.meetings(f),
    queryFn: ({ signal }) =>
      api.get<MeetingList>(
        withQuery('/api/party-meetings', { organizationId: f.organizationId, page: f.page, pageSize: f.pageSize ?? 50 }),
        signal,
      ),
    placeholderData: keepPreviousData,
  });
}

/**
 * One meeting's record, found in its branch's list (the API has no read of a single meeting; a branch holds some
 * 30 a year, so the first page of 200 nearly always has it). Null when it is not there (gone, or not the reader's).
 */
/** One meeting with its record; null when it is not there or not the reader's to read (404). */
export function useMeeting(id: string | undefined) {
  return useQuery({
    queryKey: studyKeys.meeting(id ?? ''),
    queryFn: async ({ signal }) => {
      try {
        return await api.get<Meeting>(`/api/party-meetings/${encodeURIComponent(id!)}`, signal);
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
    enabled: Boolean(id),
  });
}

export function useDutyCoverage(f: { organizationId?: string; from?: string; to?: string }) {
  return useQuery({
    queryKey: studyKeys.duty(f),
    queryFn: ({ signal }) => api.get<DutyCoverage>(withQuery('/api/duty/coverage', f), signal),
    placeholderData: keepPreviousData,
  });
}

export function useServiceHall(organizationId: string | undefined) {
  return useQuery({
    queryKey: studyKeys.hall(organizationId ?? ''),
    queryFn: ({ signal }) => api.get<ServiceHall>(`/api/service-halls/${encodeURIComponent(organizationId!)}`, signal),
    enabled: Boolean(organizationId),
  });
}

export function useTours() {
  return useQuery({ queryKey: studyKeys.tours, queryFn: ({ signal }) => api.get<TourList>('/api/study-tours?pageSize=50', signal) });
}

function useStudyMutation<V, R>(fn: (v: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess() {
      void queryClient.invalidateQueries({ queryKey: studyKeys.all });
    },
    async onError(error) {
      // A stale version: the latest is loaded before the form shows the refusal, so that the next save carries it.
      if (error instanceof ApiError && error.isConflict) await queryClient.invalidateQueries({ queryKey: studyKeys.all });
    },
  });
}

const enc = encodeURIComponent;
export const useCreatePlan = () => useStudyMutation((body: CreateStudyPlanBody) => api.post<StudyPlan>('/api/study-plans', body));
export const useUpdatePlan = () =>
  useStudyMutation(({ id, body }: { id: string; body: UpdateStudyPlanBody }) => api.patch<StudyPlan>(`/api/study-plans/${enc(id)}`, body));
export const useUpdateSession = () =>
  useStudyMutation(({ id, body }: { id: string; body: UpdateStudySessionBody }) =>
    api.patch<StudySession>(`/api/study-sessions/${enc(id)}`, body),
  );
export const useRecordAttendance = () =>
  useStudyMutation(({ id, body }: { id: string; body: RecordAttendanceBody }) =>
    api.put<StudySession>(`/api/study-sessions/${enc(id)}/attendance`, body),
  );
export const useUpdateMember = () =>
  useStudyMutation(({ id, body }: { id: string; body: UpdateMemberBody }) => api.patch<PartyMember>(`/api/party-members/${enc(id)}`, body));
export const useCreateMember = () => useStudyMutation((body: CreateMemberBody) => api.post<PartyMember>('/api/party-members', body));
export const useUpdateMeeting = () =>
  useStudyMutation(({ id, body }: { id: string; body: UpdateMeetingBody }) => api.patch<Meeting>(`/api/party-meetings/${enc(id)}`, body));
export const useCreateTour = () => useStudyMutation((body: CreateTourBody) => api.post<Tour>('/api/study-tours', body));
export const useUpdateTour = () =>
  useStudyMutation(({ id, body }: { id: string; body: UpdateTourBody }) => api.patch<Tour>(`/api/study-tours/${enc(id)}`, body));
export const useAddParticipants = () =>
  useStudyMutation(({ id, body }: { id: string; body: AddParticipantsBody }) =>
    api.post<Tour>(`/api/study-tours/${enc(id)}/participants`, body),
  );
export const useRemoveParticipant = () =>
  useStudyMutation(({ id, participantId }: { id: string; participantId: string }) =>
    api.delete<Tour>(`/api/study-tours/${enc(id)}/participants/${enc(participantId)}`),
  );

/** `key`: the save's Idempotency-Key, so that a retry after a lost answer records the session once. */
export const useCreateSession = () =>
  useStudyMutation(({ key, ...body }: CreateStudySessionBody & { key?: string }) =>
    api.post<StudySession>('/api/study-sessions', body, { idempotencyKey: key }),
  );
export const useCreateMeeting = () =>
  useStudyMutation(({ key, ...body }: CreateMeetingBody & { key?: string }) =>
    api.post<Meeting>('/api/party-meetings', body, { idempotencyKey: key }),
  );
export const useDutySignIn = () =>
  useStudyMutation((organizationId: string) => api.post<DutySignin>('/api/duty-signins', { organizationId }));
export const useUpdateHall = () =>
  useStudyMutation(({ organizationId, body }: { organizationId: string; body: UpdateServiceHallBody }) =>
    api.put<ServiceHall>(`/api/service-halls/${encodeURIComponent(organizationId)}`, body),
  );
export const useUpdateRoster = () =>
  useStudyMutation(({ organizationId, body }: { organizationId: string; body: UpdateRosterBody }) =>
    api.put<ServiceHall>(`/api/service-halls/${encodeURIComponent(organizationId)}/roster`, body),
  );

export function useTour(id: string | undefined) {
  return useQuery({
    queryKey: ['study', 'tour', id ?? ''],
    queryFn: ({ signal }) => api.get<Tour>(`/api/study-tours/${encodeURIComponent(id!)}`, signal),
    enabled: Boolean(id),
  });
}
export const useRecordTakeaway = () =>
  useStudyMutation(({ tourId, organizationId, body }: { tourId: string; organizationId: string; body: TakeawayBody }) =>
    api.put<Tour>(`/api/study-tours/${encodeURIComponent(tourId)}/takeaways/${encodeURIComponent(organizationId)}`, body),
  );
