import { Button, Flex, Form, Input, InputNumber, Radio, Select } from 'antd';
import { useMemo, useState } from 'react';
import type { AttendanceEntry, AttendanceRow, StudySession } from '../../../domain/contracts/study.ts';
import {
  ABSENCE_REASON_LABELS,
  ABSENCE_REASONS,
  STUDY_SESSION_KIND_LABELS,
  STUDY_SESSION_KINDS,
  type AbsenceReason,
  type StudySessionKind,
} from '../../../domain/study-coverage.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import { ApiError } from '../../api/client.ts';
import { useRecordAttendance, useUpdateSession } from '../../api/study.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { useConfirmDiscard } from '../../components/use-confirm-discard.ts';
import { useI18n } from '../../i18n/index.ts';
import { changedFields } from './changed-fields.ts';
import { SaveError } from './SaveError.tsx';

/** The Shanghai wall-clock date and time (HH:mm) of an instant. */
export function shanghaiDateTime(iso: string): { date: string; time: string } {
  const local = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

interface SessionValues {
  kind: StudySessionKind;
  date: string;
  time: string;
  place: string;
  speaker?: string;
  topic: string;
  summary?: string;
  playsCount?: number | null;
}

/** 修改学习活动: kind, date and time, place, speaker, topic, summary, a broadcast's plays; 409 on a stale version. */
const sessionFields = (v: SessionValues) => ({
  kind: v.kind,
  startsAt: `${v.date}T${v.time}:00+08:00`,
  place: v.place.trim(),
  speaker: v.speaker?.trim() || null,
  topic: v.topic.trim(),
  summary: v.summary?.trim() || null,
  playsCount: v.kind === 'broadcast' ? (v.playsCount ?? null) : null,
});

export function SessionEditModal({ session, onClose }: { session: StudySession; onClose: () => void }) {
  const { t, pick } = useI18n();
  const update = useUpdateSession();
  const today = shanghaiDate(new Date());
  const required = (field: string) => ({ required: true, whitespace: true, message: t('common.required', { field }) });
  // What the form opened with: only the fields changed from it are sent.
  const [initial] = useState<SessionValues>(() => {
    const when = shanghaiDateTime(session.startsAt);
    return {
      kind: session.kind,
      date: when.date,
      time: when.time,
      place: session.place,
      speaker: session.speaker ?? '',
      topic: session.topic,
      summary: session.summary ?? '',
      playsCount: session.playsCount,
    };
  });
  return (
    <FormModal<SessionValues>
      open
      title={t('study.session.editTitle')}
      onClose={onClose}
      testIdPrefix="study-session-edit"
      initialValues={initial}
      onSubmit={async (v) => {
        const changes = changedFields(sessionFields(initial), sessionFields(v));
        if (Object.keys(changes).length === 0) return;
        // The version of the latest load: a save by someone else since answers 409.
        await update.mutateAsync({ id: session.id, body: { version: session.version, ...changes } });
      }}
    >
      <Form.Item name="kind" label={t('study.record.kind')} rules={[{ required: true }]}>
        <Select
          options={STUDY_SESSION_KINDS.map((k) => ({ value: k, label: pick(STUDY_SESSION_KIND_LABELS[k]) }))}
          data-testid="study-session-edit-kind"
        />
      </Form.Item>
      <Flex gap={8}>
        <Form.Item name="date" label={t('study.record.date')} rules={[required(t('study.record.date'))]} style={{ flex: 1 }}>
          <Input type="date" max={today} data-testid="study-session-edit-date" />
        </Form.Item>
        <Form.Item name="time" label={t('study.record.time')} rules={[required(t('study.record.time'))]} style={{ flex: 1 }}>
          <Input type="time" data-testid="study-session-edit-time" />
        </Form.Item>
      </Flex>
      <Form.Item name="topic" label={t('study.record.topic')} rules={[required(t('study.record.topic')), { max: 100 }]}>
        <Input maxLength={100} data-testid="study-session-edit-topic" />
      </Form.Item>
      <Flex gap={8}>
        <Form.Item
          name="place"
          label={t('study.record.place')}
          rules={[required(t('study.record.place')), { max: 60 }]}
          style={{ flex: 1 }}
        >
          <Input maxLength={60} data-testid="study-session-edit-place" />
        </Form.Item>
        <Form.Item name="speaker" label={t('study.record.speaker')} rules={[{ max: 40 }]} style={{ flex: 1 }}>
          <Input maxLength={40} data-testid="study-session-edit-speaker" />
        </Form.Item>
      </Flex>
      <Form.Item noStyle shouldUpdate={(a: SessionValues, b: SessionValues) => a.kind !== b.kind}>
        {({ getFieldValue }) =>
          getFieldValue('kind') === 'broadcast' && (
            <Form.Item name="playsCount" label={t('study.session.plays')}>
              <InputNumber min={0} max={10_000} precision={0} />
            </Form.Item>
          )
        }
      </Form.Item>
      <Form.Item name="summary" label={t('study.session.summary')} rules={[{ max: 2000 }]}>
        <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
      </Form.Item>
    </FormModal>
  );
}

type Mark = { status: AttendanceRow['status']; reason: AbsenceReason | null; madeUpOn: string | null };
const markOf = (a: AttendanceRow): Mark => ({ status: a.status, reason: a.reason, madeUpOn: a.madeUpOn });
const sameMark = (a: Mark, b: Mark) => a.status === b.status && a.reason === b.reason && a.madeUpOn === b.madeUpOn;

/**
 * 修改参学记录 after the session was saved: every member's present / absent (with the reason) / reached by the
 * broadcast, and for an absence the day it was made up (补学). Only the changed members are sent, with the
 * session's version; a save by someone else in between is answered 409 and said so, with the latest loaded.
 */
export function AttendanceEditor({ session, onDone }: { session: StudySession; onDone: () => void }) {
  const { t, pick } = useI18n();
  const save = useRecordAttendance();
  const confirmDiscard = useConfirmDiscard('study-attendance');
  const [marks, setMarks] = useState<Record<string, Mark>>(() =>
    Object.fromEntries(session.attendance.map((a) => [a.memberId, markOf(a)])),
  );
  const today = shanghaiDate(new Date());
  const day = shanghaiDateTime(session.startsAt).date;
  const original = useMemo(() => new Map(session.attendance.map((a) => [a.memberId, markOf(a)])), [session.attendance]);
  const changed: AttendanceEntry[] = Object.entries(marks)
    .filter(([id, m]) => !original.has(id) || !sameMark(original.get(id)!, m))
    .map(([memberId, m]) => ({ memberId, status: m.status, reason: m.reason, madeUpOn: m.madeUpOn }));
  const missingReason = Object.values(marks).some((m) => m.status === 'absent' && !m.reason);
  const absent = Object.values(marks).filter((m) => m.status === 'absent').length;
  const conflict = save.error instanceof ApiError && save.error.isConflict;
  const setMark = (id: string, m: Partial<Mark>) => setMarks((prev) => ({ ...prev, [id]: { ...prev[id]!, ...m } }));

  return (
    <Flex vertical gap={10} data-testid="study-attendance-editor">
      <strong>{t('study.record.attendance', { total: session.attendance.length, absent })}</strong>
      <ul className="village-list">
        {session.attendance.map((a) => {
          const m = marks[a.memberId] ?? markOf(a);
          return (
            <li
              key={a.memberId}
              className="village-list-item"
              data-testid="attendance-edit-row"
              data-member={a.memberName}
              data-status={m.status}
            >
              <Flex justify="space-between" align="center" gap={8} wrap style={{ width: '100%' }}>
                <span style={{ fontSize: 16 }}>
                  {a.memberName}
                  {a.worksAway && <span className="text-secondary"> · {t('study.record.away')}</span>}
                </span>
                <Radio.Group
                  value={m.status}
                  optionType="button"
                  size="large"
                  onChange={(e) => {
                    const status = e.target.value as Mark['status'];
                    setMark(a.memberId, {
                      status,
                      reason: status === 'absent' ? (a.worksAway ? 'away_work' : null) : null,
                      madeUpOn: null,
                    });
                  }}
                  options={[
                    { value: 'present', label: t('study.att.present') },
                    { value: 'absent', label: t('study.att.absent') },
                    ...(session.kind === 'broadcast' || m.status === 'reached'
                      ? [{ value: 'reached', label: t('study.att.reached') }]
                      : []),
                  ]}
                  data-testid="attendance-status"
                />
              </Flex>
              {m.status === 'absent' && (
                <Flex vertical gap={6} style={{ marginTop: 8 }}>
                  <Radio.Group
                    value={m.reason ?? undefined}
                    optionType="button"
                    buttonStyle="solid"
                    onChange={(e) => setMark(a.memberId, { reason: e.target.value as AbsenceReason })}
                    options={ABSENCE_REASONS.map((r) => ({ value: r, label: pick(ABSENCE_REASON_LABELS[r]) }))}
                    data-testid="attendance-reason"
                  />
                  <label>
                    <span className="text-secondary">{t('study.att.madeUpOn')}</span>{' '}
                    <Input
                      type="date"
                      min={day}
                      max={today}
                      value={m.madeUpOn ?? ''}
                      onChange={(e) => setMark(a.memberId, { madeUpOn: e.target.value || null })}
                      style={{ width: 170 }}
                      data-testid="attendance-made-up"
                    />
                  </label>
                </Flex>
              )}
            </li>
          );
        })}
      </ul>
      {missingReason && <span className="text-danger">{t('study.record.reasonNeeded')}</span>}
      <SaveError error={save.error} stale={conflict} staleHint={t('study.att.conflict')} testId="study-attendance-conflict" />
      <Flex gap={8}>
        <Button
          type="primary"
          size="large"
          disabled={changed.length === 0 || missingReason}
          loading={save.isPending}
          onClick={() => save.mutate({ id: session.id, body: { version: session.version, entries: changed } }, { onSuccess: onDone })}
          data-testid="study-attendance-save"
        >
          {changed.length ? t('study.att.saveN', { n: changed.length }) : t('study.record.save')}
        </Button>
        <Button
          size="large"
          onClick={() => confirmDiscard(changed.length > 0, onDone)}
          disabled={save.isPending}
          data-testid="study-attendance-cancel"
        >
          {t('common.cancel')}
        </Button>
      </Flex>
    </Flex>
  );
}
