import { Button, Empty, Flex, Input, InputNumber, Radio, Select, Skeleton } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { MEETING_KIND_LABELS, MEETING_KINDS, type MeetingKind } from '../../../domain/meeting-rhythm.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import { useCreateMeeting, useStudyOverview } from '../../api/study.ts';
import { paths } from '../../app/paths.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { MissingFields, Required } from './RequiredFields.tsx';
import { useI18n } from '../../i18n/index.ts';

/** 记录三会一课: the kind (from the link of a meeting due, or chosen), when and where, who came, the agenda, minutes and decisions. */
export function RecordMeetingPage() {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const overview = useStudyOverview();
  const branches = (overview.data?.branches ?? []).filter((b) => b.canRecord);
  const [branchId, setBranchId] = useState<string | undefined>(params.get('organizationId') ?? undefined);
  const branch = branchId ?? (branches.length === 1 ? branches[0]!.id : undefined);
  const initialKind = params.get('kind');
  const [kind, setKind] = useState<MeetingKind>(
    MEETING_KINDS.includes(initialKind as MeetingKind) ? (initialKind as MeetingKind) : 'branch_committee',
  );
  const [date, setDate] = useState(shanghaiDate(new Date()));
  // 09:00 by default, or now when that is still to come today (a meeting is recorded once held).
  const [time, setTime] = useState(() => {
    const now = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(11, 16);
    return now < '09:00' ? now : '09:00';
  });
  const [place, setPlace] = useState(() => t('study.record.defaultPlace'));
  const [attendees, setAttendees] = useState('');
  const [expected, setExpected] = useState<number | null>(null);
  const [present, setPresent] = useState<number | null>(null);
  const [agenda, setAgenda] = useState('');
  const [minutes, setMinutes] = useState('');
  const [decisions, setDecisions] = useState('');
  const create = useCreateMeeting();
  // What is still to fill in, by name: the button says it rather than sitting greyed out with no reason.
  const missing = [
    !branch && t('study.record.branch'),
    !place.trim() && t('study.record.place'),
    !attendees.trim() && t('study.meeting.attendees'),
    !agenda.trim() && t('study.meeting.agenda'),
  ].filter((x): x is string => Boolean(x));
  const ready = missing.length === 0;

  const save = () => {
    if (!branch || !ready) return;
    create.mutate(
      {
        organizationId: branch,
        kind,
        heldAt: `${date}T${time}:00+08:00`,
        place: place.trim(),
        attendees: attendees.trim(),
        expectedCount: expected,
        presentCount: present,
        agenda: agenda.trim(),
        minutes: minutes.trim() || null,
        decisions: decisions.trim() || null,
      },
      { onSuccess: () => void navigate(paths.study, { replace: true }) },
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
          {branches.length > 1 && (
            <label>
              <Required>{t('study.record.branch')}</Required>
              <Select
                style={{ width: '100%' }}
                size="large"
                value={branch}
                onChange={setBranchId}
                options={branches.map((b) => ({ value: b.id, label: b.parentName ? `${b.parentName} · ${b.name}` : b.name }))}
              />
            </label>
          )}
          <Radio.Group
            value={kind}
            onChange={(e) => setKind(e.target.value as MeetingKind)}
            optionType="button"
            buttonStyle="solid"
            size="large"
            data-testid="study-meeting-kind"
            options={MEETING_KINDS.map((k) => ({ value: k, label: pick(MEETING_KIND_LABELS[k]) }))}
          />
          <Flex gap={8}>
            <label style={{ flex: 1 }}>
              <div>{t('study.record.date')}</div>
              <Input type="date" size="large" value={date} onChange={(e) => setDate(e.target.value)} data-testid="study-meeting-date" />
            </label>
            <label style={{ flex: 1 }}>
              <div>{t('study.record.time')}</div>
              <Input type="time" size="large" value={time} onChange={(e) => setTime(e.target.value)} />
            </label>
          </Flex>
          <label>
            <Required>{t('study.record.place')}</Required>
            <Input size="large" value={place} onChange={(e) => setPlace(e.target.value)} maxLength={60} />
          </label>
          <label>
            <Required>{t('study.meeting.attendees')}</Required>
            <Input.TextArea
              value={attendees}
              onChange={(e) => setAttendees(e.target.value)}
              autoSize={{ minRows: 2 }}
              data-testid="study-meeting-attendees"
            />
          </label>
          <Flex gap={8}>
            <label style={{ flex: 1 }}>
              <div>{t('study.meeting.expected')}</div>
              <InputNumber size="large" min={0} value={expected} onChange={setExpected} style={{ width: '100%' }} />
            </label>
            <label style={{ flex: 1 }}>
              <div>{t('study.meeting.present')}</div>
              <InputNumber size="large" min={0} value={present} onChange={setPresent} style={{ width: '100%' }} />
            </label>
          </Flex>
          <label>
            <Required>{t('study.meeting.agenda')}</Required>
            <Input.TextArea
              value={agenda}
              onChange={(e) => setAgenda(e.target.value)}
              autoSize={{ minRows: 2 }}
              data-testid="study-meeting-agenda"
            />
          </label>
          <label>
            <div>{t('study.meeting.minutes')}</div>
            <Input.TextArea value={minutes} onChange={(e) => setMinutes(e.target.value)} autoSize={{ minRows: 3 }} />
          </label>
          <label>
            <div>{t('study.meeting.decisions')}</div>
            <Input.TextArea value={decisions} onChange={(e) => setDecisions(e.target.value)} autoSize={{ minRows: 2 }} />
          </label>
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
