import { App, Button, Empty, Flex, Skeleton, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Meeting } from '../../../domain/contracts/meetings.ts';
import { MEETING_KIND_LABELS } from '../../../domain/meeting-rhythm.ts';
import { ApiError } from '../../api/client.ts';
import { useMeeting, useUpdateMeeting } from '../../api/study.ts';
import { paths } from '../../app/paths.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { SaveError } from './SaveError.tsx';
import { useConfirmDiscard } from '../../components/use-confirm-discard.ts';
import { useUnsavedGuard } from '../../components/use-unsaved-guard.ts';
import { useI18n } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { changedFields } from './changed-fields.ts';
import { meetingFields, MeetingFormFields, meetingValuesOf, useMissingMeetingFields, type MeetingValues } from './MeetingForm.tsx';
import { MissingFields } from './RequiredFields.tsx';

/** How many came, of how many due: "实到 5 / 应到 7 人", either figure left out when not recorded. */
export function useMeetingAttendance() {
  const { t } = useI18n();
  return (m: Pick<Meeting, 'expectedCount' | 'presentCount'>) =>
    m.presentCount === null && m.expectedCount === null
      ? '—'
      : t('study.meeting.counts', { present: m.presentCount ?? '—', expected: m.expectedCount ?? '—' });
}

/** 三会一课·会议记录: one meeting held, as recorded (who came, the agenda, minutes, decisions), and its correction. */
export function MeetingDetailPage() {
  const { t, pick } = useI18n();
  const { id } = useParams();
  const q = useMeeting(id);
  const [editing, setEditing] = useState(false);
  const attendance = useMeetingAttendance();
  const back = (
    <Link to={`${paths.study}?tab=meetings`} className="tap-target" data-testid="study-meeting-back">
      {t('study.meeting.backToList')}
    </Link>
  );
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data === undefined) return <Skeleton active />;
  if (q.data === null)
    return (
      <Flex vertical gap={8}>
        <Empty description={t('study.meeting.notFound')} />
        {back}
      </Flex>
    );
  const m = q.data;
  const section = (label: string, text: string | null, testId: string) =>
    text ? (
      <section data-testid={testId}>
        <strong>{label}</strong>
        <p style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', margin: '4px 0 0' }}>{text}</p>
      </section>
    ) : null;
  return (
    <div data-testid="study-meeting" style={{ maxWidth: 720 }}>
      <PageTitle
        title={`${editing ? `${t('study.meeting.editTitle')} · ` : ''}${pick(MEETING_KIND_LABELS[m.kind])} · ${formatDateTime(m.heldAt).slice(0, 10)}`}
      />
      {editing ? (
        <MeetingEditor meeting={m} onDone={() => setEditing(false)} />
      ) : (
        <Flex vertical gap={10}>
          <span data-testid="study-meeting-when">
            <Tag>{pick(MEETING_KIND_LABELS[m.kind])}</Tag>
            {formatDateTime(m.heldAt).slice(0, 16)} · {m.place}
          </span>
          <span className="text-secondary">{m.organizationName}</span>
          <span data-testid="study-meeting-counts">{attendance(m)}</span>
          {section(t('study.meeting.attendees'), m.attendees, 'study-meeting-attendees-text')}
          {section(t('study.meeting.agenda'), m.agenda, 'study-meeting-agenda-text')}
          {section(t('study.meeting.minutes'), m.minutes, 'study-meeting-minutes-text')}
          {section(t('study.meeting.decisions'), m.decisions, 'study-meeting-decisions-text')}
          {m.allowedActions.includes('edit') && (
            <Button style={{ alignSelf: 'flex-start' }} onClick={() => setEditing(true)} data-testid="study-meeting-edit">
              {t('study.meeting.editTitle')}
            </Button>
          )}
          {back}
        </Flex>
      )}
    </div>
  );
}

/**
 * 修改会议记录: the recording form, filled with the record. Only the fields changed are sent, with the version shown;
 * a save by someone else in between is answered 409 and said so, the latest loaded and what was typed kept.
 */
function MeetingEditor({ meeting, onDone }: { meeting: Meeting; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const update = useUpdateMeeting();
  const confirmDiscard = useConfirmDiscard('study-meeting-edit');
  // The record as the form opened it (a refetch after a 409 brings a newer `meeting`, the form keeps what was typed).
  const [opened] = useState(() => meetingValuesOf(meeting));
  const [values, setValues] = useState<MeetingValues>(opened);
  const changes = changedFields(meetingFields(opened), meetingFields(values));
  const dirty = Object.keys(changes).length > 0;
  const allowLeave = useUnsavedGuard(dirty, 'study-meeting-edit-leave');
  const missing = useMissingMeetingFields(values);
  const stale = update.error instanceof ApiError && update.error.isStale;
  const save = () => {
    if (!dirty) return onDone();
    update.mutate(
      { id: meeting.id, body: { version: meeting.version, ...changes } },
      {
        onSuccess: () => {
          allowLeave();
          void message.success(t('common.saved'));
          onDone();
        },
      },
    );
  };
  return (
    <Flex vertical gap={14} data-testid="study-meeting-editor">
      <MeetingFormFields value={values} onChange={setValues} />
      <SaveError error={update.error} stale={stale} staleHint={t('common.conflict')} testId="study-meeting-edit-error" />
      <Flex gap={8}>
        <Button
          type="primary"
          size="large"
          disabled={missing.length > 0}
          loading={update.isPending}
          onClick={save}
          data-testid="study-meeting-edit-ok"
        >
          {t('common.save')}
        </Button>
        <Button
          size="large"
          disabled={update.isPending}
          onClick={() => confirmDiscard(dirty, onDone)}
          data-testid="study-meeting-edit-cancel"
        >
          {t('common.cancel')}
        </Button>
      </Flex>
      <MissingFields fields={missing} testId="study-meeting-edit-missing" />
    </Flex>
  );
}
