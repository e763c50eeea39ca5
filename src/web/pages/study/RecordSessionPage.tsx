import { Button, Empty, Flex, Input, Radio, Select, Skeleton } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import type { AttendanceEntry } from '../../../domain/contracts/study.ts';
import {
  ABSENCE_REASON_LABELS,
  ABSENCE_REASONS,
  STUDY_SESSION_KIND_LABELS,
  type AbsenceReason,
  type StudySessionKind,
} from '../../../domain/study-coverage.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import { useBranchMembers, useCreateSession, useStudyOverview, useStudyPlans } from '../../api/study.ts';
import { paths } from '../../app/paths.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { MissingFields, Required } from './RequiredFields.tsx';
import { useI18n } from '../../i18n/index.ts';
import { lastHeldOn, marksForKind } from './session-defaults.ts';
import { useUnsavedGuard } from '../../components/use-unsaved-guard.ts';
import { RestoredDraftNotice } from '../../components/RestoredDraftNotice.tsx';
import { useIdempotencyKey } from '../../lib/idempotency-key.ts';
import { clearDraft, draftKey, readDraft, writeDraft } from '../../lib/local-draft.ts';
import { useCurrentUser } from '../../api/session.ts';

/** The kinds a village records most, first; the rest follow. */
const KINDS: StudySessionKind[] = ['evening_school', 'group_study', 'broadcast', 'self_study', 'party_lecture', 'discussion', 'tour'];
const DEFAULT_TIME: Record<StudySessionKind, string> = {
  evening_school: '19:30',
  group_study: '09:00',
  broadcast: '07:00',
  self_study: '09:00',
  party_lecture: '14:30',
  discussion: '15:00',
  tour: '08:00',
};

type Mark = { status: 'present' | 'absent' | 'reached'; reason: AbsenceReason | null };

/** What is kept on the phone while a session is being recorded (lib/local-draft.ts). */
interface SessionDraft {
  branchId: string | null;
  kind: StudySessionKind;
  time: string | null;
  date: string | null;
  place: string;
  topic: string;
  speaker: string;
  marks: Record<string, Mark>;
}

/**
 * 记录学习活动, phone-first: the kind (the last evening school by default), time and place, the topic, then every
 * member present unless tapped absent (with the reason) or, for a broadcast, reached by it. One save.
 */
export function RecordSessionPage() {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const overview = useStudyOverview();
  const branches = (overview.data?.branches ?? []).filter((b) => b.canRecord);
  const today = shanghaiDate(new Date());
  // A session typed and not saved (a reload, Back, a dropped link, a session that ended) comes back: one per user.
  const user = useCurrentUser();
  const key = draftKey(user.id, 'study-session', 'new');
  const [stored] = useState(() => readDraft<SessionDraft>(key)?.value ?? null);
  const [restored, setRestored] = useState(stored !== null);
  const [kind, setKind] = useState<StudySessionKind>(stored?.kind ?? 'evening_school');
  // Untouched, the day and time are the kind's usual time when it was last held (last night's evening school at 02:00).
  const [time, setTime] = useState<string | null>(stored?.time ?? null);
  const [pickedDate, setDate] = useState<string | null>(stored?.date ?? null);
  const date = pickedDate ?? lastHeldOn(new Date(), time ?? DEFAULT_TIME[kind]);
  const [place, setPlace] = useState(() => stored?.place ?? t('study.record.defaultPlace'));
  const [topic, setTopic] = useState(stored?.topic ?? '');
  const [speaker, setSpeaker] = useState(stored?.speaker ?? '');
  const [marks, setMarks] = useState<Record<string, Mark>>(() => marksForKind(stored?.marks ?? {}, stored?.kind ?? 'evening_school'));
  const [branchId, setBranchId] = useState<string | undefined>(stored?.branchId ?? undefined);
  // A kept branch the person may no longer record for is not used.
  const branch =
    (branchId && branches.some((b) => b.id === branchId) ? branchId : undefined) ?? (branches.length === 1 ? branches[0]!.id : undefined);
  const members = useBranchMembers(branch);
  const plans = useStudyPlans(branch);
  const create = useCreateSession();
  const idempotency = useIdempotencyKey();
  const current = (members.data?.items ?? []).filter((m) => !m.leftOn);
  const plan = useMemo(() => (plans.data?.items ?? []).find((p) => p.startsOn <= date && p.endsOn >= date), [plans.data, date]);
  // Marks of members no longer on the branch's list (a draft kept from before) neither count nor block the save.
  const onList = new Set(current.map((m) => m.id));
  const listed = Object.entries(marks).filter(([memberId]) => onList.has(memberId));
  const absent = listed.filter(([, m]) => m.status === 'absent').length;
  // A topic, a speaker or a mark typed in: leaving asks first (Back had cleared them without a word), and it is kept
  // on the phone until saved, or left on purpose.
  const typed = topic.trim() !== '' || speaker.trim() !== '' || Object.keys(marks).length > 0;
  const allowLeave = useUnsavedGuard(typed, 'study-record-leave', () => clearDraft(key));
  useEffect(() => {
    if (typed) writeDraft<SessionDraft>(key, { branchId: branchId ?? null, kind, time, date: pickedDate, place, topic, speaker, marks }, 0);
    else clearDraft(key);
  }, [typed, key, branchId, kind, time, pickedDate, place, topic, speaker, marks]);
  const discardDraft = () => {
    setKind('evening_school');
    setTime(null);
    setDate(null);
    setPlace(t('study.record.defaultPlace'));
    setTopic('');
    setSpeaker('');
    setMarks({});
    setRestored(false);
    clearDraft(key);
  };
  const missingReason = listed.some(([, m]) => m.status === 'absent' && !m.reason);

  const setMark = (id: string, m: Mark | null) =>
    setMarks((prev) => {
      const next = { ...prev };
      if (m) next[id] = m;
      else delete next[id];
      return next;
    });

  const save = () => {
    if (!branch || !topic.trim() || missingReason) return;
    const attendance: AttendanceEntry[] = listed.map(([memberId, m]) => ({
      memberId,
      status: m.status,
      reason: m.status === 'absent' ? m.reason : null,
    }));
    const body = {
      organizationId: branch,
      planId: plan?.id ?? null,
      kind,
      startsAt: `${date}T${time ?? DEFAULT_TIME[kind]}:00+08:00`,
      place: place.trim(),
      topic: topic.trim(),
      speaker: speaker.trim() || null,
      attendance,
    };
    create.mutate(
      { ...body, key: idempotency.keyFor(body) },
      {
        onSuccess: (s) => {
          allowLeave();
          clearDraft(key);
          void navigate(paths.studySession(s.id), { replace: true });
        },
      },
    );
  };

  return (
    <div data-testid="study-record-page" style={{ maxWidth: 640 }}>
      <PageTitle title={t('study.record.title')} />
      {overview.error && <ErrorAlert error={overview.error} />}
      {!overview.data ? (
        <Skeleton active />
      ) : branches.length === 0 ? (
        <Empty description={t('study.record.noBranch')} />
      ) : (
        <Flex vertical gap={14}>
          {restored && typed ? (
            <RestoredDraftNotice
              message={t('study.record.restored')}
              discardLabel={t('study.record.restored.discard')}
              onDiscard={discardDraft}
              onClose={() => setRestored(false)}
              testId="study-record-restored"
              discardTestId="study-record-discard-draft"
            />
          ) : null}
          {branches.length > 1 && (
            <label>
              <Required>{t('study.record.branch')}</Required>
              <Select
                style={{ width: '100%' }}
                size="large"
                value={branch}
                onChange={(v) => {
                  setBranchId(v);
                  setMarks({});
                }}
                options={branches.map((b) => ({ value: b.id, label: b.parentName ? `${b.parentName} · ${b.name}` : b.name }))}
                data-testid="study-record-branch"
              />
            </label>
          )}
          <div>
            <div style={{ marginBottom: 6 }}>{t('study.record.kind')}</div>
            <Radio.Group
              value={kind}
              onChange={(e) => {
                const next = e.target.value as StudySessionKind;
                setKind(next);
                setTime(null);
                setMarks((prev) => marksForKind(prev, next));
              }}
              optionType="button"
              buttonStyle="solid"
              size="large"
              data-testid="study-record-kind"
              options={KINDS.map((k) => ({ value: k, label: pick(STUDY_SESSION_KIND_LABELS[k]) }))}
            />
          </div>
          <Flex gap={8}>
            <label style={{ flex: 1 }}>
              <div>{t('study.record.date')}</div>
              <Input
                type="date"
                size="large"
                value={date}
                max={today}
                onChange={(e) => setDate(e.target.value)}
                data-testid="study-record-date"
              />
            </label>
            <label style={{ flex: 1 }}>
              <div>{t('study.record.time')}</div>
              <Input
                type="time"
                size="large"
                value={time ?? DEFAULT_TIME[kind]}
                onChange={(e) => setTime(e.target.value)}
                data-testid="study-record-time"
              />
            </label>
          </Flex>
          <label>
            <Required>{t('study.record.topic')}</Required>
            <Input
              size="large"
              value={topic}
              onChange={(e) => setTopic(e.target.value)}
              placeholder={t('study.record.topicHint')}
              maxLength={100}
              data-testid="study-record-topic"
            />
          </label>
          <Flex gap={8}>
            <label style={{ flex: 1 }}>
              <div>{t('study.record.place')}</div>
              <Input
                size="large"
                value={place}
                onChange={(e) => setPlace(e.target.value)}
                maxLength={60}
                data-testid="study-record-place"
              />
            </label>
            <label style={{ flex: 1 }}>
              <div>{t('study.record.speaker')}</div>
              <Input
                size="large"
                value={speaker}
                onChange={(e) => setSpeaker(e.target.value)}
                maxLength={40}
                data-testid="study-record-speaker"
              />
            </label>
          </Flex>
          {plan && <span className="text-secondary">{t('study.record.plan', { title: plan.title })}</span>}

          <div>
            <strong>{t('study.record.attendance', { total: current.length, absent })}</strong>
            <div className="text-secondary" style={{ fontSize: 13 }}>
              {t('study.record.attendanceHint')}
            </div>
          </div>
          {members.error && <ErrorAlert error={members.error} />}
          <ul className="village-list" data-testid="study-attendance">
            {current.map((m) => {
              const mark = marks[m.id];
              const status = mark?.status ?? 'present';
              return (
                <li key={m.id} className="village-list-item" data-testid="attendance-row" data-member={m.name} data-status={status}>
                  <Flex justify="space-between" align="center" gap={8} wrap style={{ width: '100%' }}>
                    <span style={{ fontSize: 16 }}>
                      {m.name}
                      {m.worksAway && <span className="text-secondary"> · {t('study.record.away')}</span>}
                    </span>
                    <Radio.Group
                      value={status}
                      optionType="button"
                      size="large"
                      onChange={(e) => {
                        const s = e.target.value as Mark['status'];
                        setMark(
                          m.id,
                          s === 'present' ? null : { status: s, reason: s === 'absent' ? (m.worksAway ? 'away_work' : null) : null },
                        );
                      }}
                      options={[
                        { value: 'present', label: t('study.att.present') },
                        { value: 'absent', label: t('study.att.absent') },
                        ...(kind === 'broadcast' ? [{ value: 'reached', label: t('study.att.reached') }] : []),
                      ]}
                      data-testid="attendance-status"
                    />
                  </Flex>
                  {status === 'absent' && (
                    <Radio.Group
                      value={mark?.reason ?? undefined}
                      optionType="button"
                      buttonStyle="solid"
                      onChange={(e) => setMark(m.id, { status: 'absent', reason: e.target.value as AbsenceReason })}
                      options={ABSENCE_REASONS.map((r) => ({ value: r, label: pick(ABSENCE_REASON_LABELS[r]) }))}
                      data-testid="attendance-reason"
                      style={{ marginTop: 8 }}
                    />
                  )}
                </li>
              );
            })}
          </ul>
          {missingReason && <span className="text-danger">{t('study.record.reasonNeeded')}</span>}
          {create.error && <ErrorAlert error={create.error} title={t('study.record.failed')} />}
          <Button
            type="primary"
            size="large"
            block
            disabled={!branch || !topic.trim() || missingReason || !members.data}
            loading={create.isPending}
            onClick={save}
            data-testid="study-record-save"
          >
            {t('study.record.save')}
          </Button>
          <MissingFields
            fields={[!branch && t('study.record.branch'), !topic.trim() && t('study.record.topic')].filter((x): x is string => Boolean(x))}
            testId="study-record-missing"
          />
        </Flex>
      )}
    </div>
  );
}
