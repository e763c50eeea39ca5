import { Flex, Input, InputNumber, Radio } from 'antd';
import type { CreateMeetingBody, Meeting } from '../../../domain/contracts/meetings.ts';
import { MEETING_KIND_LABELS, MEETING_KINDS, type MeetingKind } from '../../../domain/meeting-rhythm.ts';
import { useI18n } from '../../i18n/index.ts';
import { Required } from './RequiredFields.tsx';
import { shanghaiDateTime } from './SessionEdit.tsx';

/** What the 三会一课 form holds, as typed (also what is kept on the phone as a draft). */
export interface MeetingValues {
  kind: MeetingKind;
  date: string;
  time: string;
  place: string;
  attendees: string;
  expected: number | null;
  present: number | null;
  agenda: string;
  minutes: string;
  decisions: string;
}

/** The record's fields as the API takes them (the branch aside: it is chosen once, when recording). */
export const meetingFields = (v: MeetingValues): Omit<CreateMeetingBody, 'organizationId'> => ({
  kind: v.kind,
  heldAt: `${v.date}T${v.time}:00+08:00`,
  place: v.place.trim(),
  attendees: v.attendees.trim(),
  expectedCount: v.expected,
  presentCount: v.present,
  agenda: v.agenda.trim(),
  minutes: v.minutes.trim() || null,
  decisions: v.decisions.trim() || null,
});

/** A recorded meeting as the form opens it for a correction. */
export function meetingValuesOf(m: Meeting): MeetingValues {
  const when = shanghaiDateTime(m.heldAt);
  return {
    kind: m.kind,
    date: when.date,
    time: when.time,
    place: m.place,
    attendees: m.attendees,
    expected: m.expectedCount,
    present: m.presentCount,
    agenda: m.agenda,
    minutes: m.minutes ?? '',
    decisions: m.decisions ?? '',
  };
}

/** The required fields still empty, by name (the save button says what it waits for). */
export function useMissingMeetingFields(v: MeetingValues): string[] {
  const { t } = useI18n();
  return [
    !v.place.trim() && t('study.record.place'),
    !v.attendees.trim() && t('study.meeting.attendees'),
    !v.agenda.trim() && t('study.meeting.agenda'),
  ].filter((x): x is string => Boolean(x));
}

/**
 * The fields of a 三会一课 record: the kind, when and where, who came, the agenda, minutes and decisions. One form
 * for recording a meeting and for correcting it afterwards.
 */
export function MeetingFormFields({ value, onChange }: { value: MeetingValues; onChange: (next: MeetingValues) => void }) {
  const { t, pick } = useI18n();
  const set = <K extends keyof MeetingValues>(key: K, v: MeetingValues[K]) => onChange({ ...value, [key]: v });
  return (
    <>
      <Radio.Group
        value={value.kind}
        onChange={(e) => set('kind', e.target.value as MeetingKind)}
        optionType="button"
        buttonStyle="solid"
        size="large"
        data-testid="study-meeting-kind"
        options={MEETING_KINDS.map((k) => ({ value: k, label: pick(MEETING_KIND_LABELS[k]) }))}
      />
      <Flex gap={8}>
        <label style={{ flex: 1, minWidth: 0 }}>
          <div>{t('study.record.date')}</div>
          <Input
            type="date"
            size="large"
            value={value.date}
            onChange={(e) => set('date', e.target.value)}
            data-testid="study-meeting-date"
          />
        </label>
        <label style={{ flex: 1, minWidth: 0 }}>
          <div>{t('study.record.time')}</div>
          <Input
            type="time"
            size="large"
            value={value.time}
            onChange={(e) => set('time', e.target.value)}
            data-testid="study-meeting-time"
          />
        </label>
      </Flex>
      <label>
        <Required>{t('study.record.place')}</Required>
        <Input
          size="large"
          value={value.place}
          onChange={(e) => set('place', e.target.value)}
          maxLength={60}
          data-testid="study-meeting-place"
        />
      </label>
      <label>
        <Required>{t('study.meeting.attendees')}</Required>
        <Input.TextArea
          value={value.attendees}
          onChange={(e) => set('attendees', e.target.value)}
          autoSize={{ minRows: 2 }}
          data-testid="study-meeting-attendees"
        />
      </label>
      <Flex gap={8}>
        <label style={{ flex: 1, minWidth: 0 }}>
          <div>{t('study.meeting.expected')}</div>
          <InputNumber
            size="large"
            min={0}
            value={value.expected}
            onChange={(v) => set('expected', v)}
            style={{ width: '100%' }}
            data-testid="study-meeting-expected"
          />
        </label>
        <label style={{ flex: 1, minWidth: 0 }}>
          <div>{t('study.meeting.present')}</div>
          <InputNumber
            size="large"
            min={0}
            value={value.present}
            onChange={(v) => set('present', v)}
            style={{ width: '100%' }}
            data-testid="study-meeting-present"
          />
        </label>
      </Flex>
      <label>
        <Required>{t('study.meeting.agenda')}</Required>
        <Input.TextArea
          value={value.agenda}
          onChange={(e) => set('agenda', e.target.value)}
          autoSize={{ minRows: 2 }}
          data-testid="study-meeting-agenda"
        />
      </label>
      <label>
        <div>{t('study.meeting.minutes')}</div>
        <Input.TextArea
          value={value.minutes}
          onChange={(e) => set('minutes', e.target.value)}
          autoSize={{ minRows: 3 }}
          data-testid="study-meeting-minutes"
        />
      </label>
      <label>
        <div>{t('study.meeting.decisions')}</div>
        <Input.TextArea
          value={value.decisions}
          onChange={(e) => set('decisions', e.target.value)}
          autoSize={{ minRows: 2 }}
          data-testid="study-meeting-decisions"
        />
      </label>
    </>
  );
}
