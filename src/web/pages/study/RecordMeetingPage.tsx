import { App, Button, Empty, Flex, Select, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { MEETING_KINDS, type MeetingKind } from '../../../domain/meeting-rhythm.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import { useCurrentUser } from '../../api/session.ts';
import { useCreateMeeting, useStudyOverview } from '../../api/study.ts';
import { paths } from '../../app/paths.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { RestoredDraftNotice } from '../../components/RestoredDraftNotice.tsx';
import { useUnsavedGuard } from '../../components/use-unsaved-guard.ts';
import { useI18n } from '../../i18n/index.ts';
import { useIdempotencyKey } from '../../lib/idempotency-key.ts';
import { clearDraft, draftKey, readDraft, writeDraft } from '../../lib/local-draft.ts';
import { meetingFields, MeetingFormFields, useMissingMeetingFields, type MeetingValues } from './MeetingForm.tsx';
import { MissingFields, Required } from './RequiredFields.tsx';

/** What is kept on the phone while a meeting is being recorded (lib/local-draft.ts). */
interface MeetingDraft {
  branchId: string | null;
  values: MeetingValues;
}

/** 09:00 by default, or now when that is still to come today (a meeting is recorded once held). */
function defaultTime(): string {
  const now = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(11, 16);
  return now < '09:00' ? now : '09:00';
}

/** Something typed beyond the defaults: leaving then asks first, and it is kept on the phone until saved. */
const typedIn = (v: MeetingValues) =>
  [v.attendees, v.agenda, v.minutes, v.decisions].some((x) => x.trim() !== '') || v.expected !== null || v.present !== null;

/**
 * 记录三会一课: the kind (from the link of a meeting due, or chosen), when and where, who came, the agenda, minutes
 * and decisions. What is typed is kept on the phone until saved (a reload or Back no longer loses the minutes), as
 * 记录学习活动 keeps its draft; once saved, the meeting's record opens.
 */
export function RecordMeetingPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const overview = useStudyOverview();
  const branches = (overview.data?.branches ?? []).filter((b) => b.canRecord);
  const user = useCurrentUser();
  const key = draftKey(user.id, 'study-meeting', 'new');
  const [stored] = useState(() => readDraft<MeetingDraft>(key)?.value ?? null);
  const [restored, setRestored] = useState(stored !== null);
  const [branchId, setBranchId] = useState<string | undefined>(stored?.branchId ?? params.get('organizationId') ?? undefined);
  // A kept branch the person may no longer record for is not used.
  const branch =
    (branchId && branches.some((b) => b.id === branchId) ? branchId : undefined) ?? (branches.length === 1 ? branches[0]!.id : undefined);
  const fresh = (): MeetingValues => {
    const kind = params.get('kind');
    return {
      kind: MEETING_KINDS.includes(kind as MeetingKind) ? (kind as MeetingKind) : 'branch_committee',
      date: shanghaiDate(new Date()),
      time: defaultTime(),
      place: t('study.record.defaultPlace'),
      attendees: '',
      expected: null,
      present: null,
      agenda: '',
      minutes: '',
      decisions: '',
    };
  };
  const [values, setValues] = useState<MeetingValues>(() => stored?.values ?? fresh());
  const create = useCreateMeeting();
  const idempotency = useIdempotencyKey();
  const missing = [!branch && t('study.record.branch'), ...useMissingMeetingFields(values)].filter((x): x is string => Boolean(x));
  const ready = missing.length === 0;

  const typed = typedIn(values);
  const allowLeave = useUnsavedGuard(typed, 'study-meeting-leave', () => clearDraft(key));
  useEffect(() => {
    if (typed) writeDraft<MeetingDraft>(key, { branchId: branchId ?? null, values }, 0);
    else clearDraft(key);
  }, [typed, key, branchId, values]);
  const discardDraft = () => {
    setValues(fresh());
    setRestored(false);
    clearDraft(key);
  };

  const save = () => {
    if (!branch || !ready) return;
    const body = { organizationId: branch, ...meetingFields(values) };
    create.mutate(
      { ...body, key: idempotency.keyFor(body) },
      {
        onSuccess: (m) => {
          allowLeave();
          clearDraft(key);
          void message.success(t('study.meeting.saved'));
          void navigate(paths.studyMeeting(m.id), { replace: true });
        },
      },
    );
  };

  return (
    <div data-testid="study-meeting-page" style={{ maxWidth: 640 }}>
      <PageTitle title={t('study.meeting.title')} />
      {overview.error && <ErrorAlert error={overview.error} />}
      {!overview.data ? (
        <Skeleton active />
      ) : branches.length === 0 ? (
        <Empty description={t('study.record.noBranch')} />
      ) : (
        <Flex vertical gap={14}>
          {restored && typed ? (
            <RestoredDraftNotice
              message={t('study.meeting.restored')}
              discardLabel={t('study.record.restored.discard')}
              onDiscard={discardDraft}
              onClose={() => setRestored(false)}
              testId="study-meeting-restored"
              discardTestId="study-meeting-discard-draft"
            />
          ) : null}
          {branches.length > 1 && (
            <label>
              <Required>{t('study.record.branch')}</Required>
              <Select
                style={{ width: '100%' }}
                size="large"
                value={branch}
                onChange={setBranchId}
                options={branches.map((b) => ({ value: b.id, label: b.parentName ? `${b.parentName} · ${b.name}` : b.name }))}
                data-testid="study-meeting-branch"
              />
            </label>
          )}
          <MeetingFormFields value={values} onChange={setValues} />
          {create.error && <ErrorAlert error={create.error} title={t('study.record.failed')} />}
          <Button
            type="primary"
            size="large"
            block
            disabled={!ready}
            loading={create.isPending}
            onClick={save}
            data-testid="study-meeting-save"
          >
            {t('study.record.save')}
          </Button>
          <MissingFields fields={missing} testId="study-meeting-missing" />
        </Flex>
      )}
    </div>
  );
}
