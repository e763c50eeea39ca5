import { App, DatePicker, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { Interview } from '../../../domain/contracts/interviews.ts';
import type { InterviewReason } from '../../../domain/interview-triggers.ts';
import {
  useCancelInterview,
  useCloseInterview,
  useRecordInterview,
  useRescheduleInterview,
  useScheduleInterview,
} from '../../api/interviews.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useI18n } from '../../i18n/index.ts';

const INTERVIEWABLE = ['subdistrict', 'village', 'community'];
/** The picked wall-clock time, sent with the Shanghai offset whatever the browser's zone. */
const shanghaiInstant = (d: Dayjs) => `${d.format('YYYY-MM-DDTHH:mm')}:00+08:00`;
/** An instant shown as Shanghai wall-clock time in the picker. */
const fromInstant = (iso: string) => dayjs(new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16));

interface ScheduleValues {
  organizationId: string;
  scheduledAt: Dayjs;
  location: string;
  interviewer: string;
  attendees: string;
  notice: string;
}

function ScheduleFields({ withOrg }: { withOrg: boolean }) {
  const { t } = useI18n();
  const req = (key: Parameters<typeof t>[0]) => [{ required: true, whitespace: true, message: t('common.required', { field: t(key) }) }];
  return (
    <>
      {withOrg ? (
        <Form.Item
          name="organizationId"
          label={t('interviews.field.organization')}
          rules={[{ required: true, message: t('common.required', { field: t('interviews.field.organization') }) }]}
        >
          <OrgTreeSelect isDisabled={(n) => !INTERVIEWABLE.includes(n.kind)} data-testid="interview-org" />
        </Form.Item>
      ) : null}
      <Form.Item
        name="scheduledAt"
        label={t('interviews.field.scheduledAt')}
        rules={[{ required: true, message: t('common.required', { field: t('interviews.field.scheduledAt') }) }]}
      >
        <DatePicker showTime={{ format: 'HH:mm', minuteStep: 5 }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="location" label={t('interviews.field.location')} rules={req('interviews.field.location')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="interviewer" label={t('interviews.field.interviewer')} rules={req('interviews.field.interviewer')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="attendees" label={t('interviews.field.attendees')} rules={req('interviews.field.attendees')}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Form.Item
        name="notice"
        label={t('interviews.field.notice')}
        extra={t('interviews.field.noticeHelp')}
        rules={req('interviews.field.notice')}
      >
        <Input.TextArea rows={4} maxLength={4000} />
      </Form.Item>
    </>
  );
}

/** 安排约谈: from a candidate (organization, month and reasons carried along) or from scratch. */
export function ScheduleModal({
  open,
  onClose,
  onDone,
  candidate,
}: {
  open: boolean;
  onClose: () => void;
  onDone: (iv: Interview) => void;
  candidate: { organizationId: string; organizationName: string; month: string; reasons: InterviewReason[] } | null;
}) {
  const { t } = useI18n();
  const schedule = useScheduleInterview();
  return (
    <FormModal<ScheduleValues>
      open={open}
      onClose={onClose}
      title={candidate ? t('interviews.scheduleTitle', { org: candidate.organizationName }) : t('interviews.scheduleNew')}
      okText={t('interviews.schedule')}
      testIdPrefix="interview-schedule"
      initialValues={{ organizationId: candidate?.organizationId }}
      width={600}
      onSubmit={async (v) => {
        const iv = await schedule.mutateAsync({
          organizationId: candidate?.organizationId ?? v.organizationId,
          month: candidate?.month,
          reasons: candidate?.reasons ?? [],
          scheduledAt: shanghaiInstant(v.scheduledAt),
          location: v.location,
          interviewer: v.interviewer,
          attendees: v.attendees,
          notice: v.notice,
        });
        onDone(iv);
      }}
    >
      <ScheduleFields withOrg={!candidate} />
    </FormModal>
  );
}

export type InterviewDialog = 'reschedule' | 'record' | 'close' | 'cancel' | null;

/** The forms of the interview's next steps; each sends the version read. */
export function InterviewActionModals({ iv, dialog, onClose }: { iv: Interview; dialog: InterviewDialog; onClose: () => void }) {
  const { t } = useI18n();
  const reschedule = useRescheduleInterview();
  const record = useRecordInterview();
  const close = useCloseInterview();
  const cancel = useCancelInterview();
  const { message } = App.useApp();
  const done = (p: Promise<unknown>) => p.then(() => void message.success(t('interviews.done')));
  const required = (key: Parameters<typeof t>[0]) => [
    { required: true, whitespace: true, message: t('common.required', { field: t(key) }) },
  ];
  return (
    <>
      <FormModal<Omit<ScheduleValues, 'organizationId'>>
        open={dialog === 'reschedule'}
        onClose={onClose}
        title={t('interviews.action.reschedule')}
        testIdPrefix="interview-reschedule"
        width={600}
        initialValues={{
          scheduledAt: fromInstant(iv.scheduledAt),
          location: iv.location,
          interviewer: iv.interviewer,
          attendees: iv.attendees,
          notice: iv.notice,
        }}
        onSubmit={(v) =>
          done(
            reschedule.mutateAsync({
              id: iv.id,
              body: {
                version: iv.version,
                scheduledAt: shanghaiInstant(v.scheduledAt),
                location: v.location,
                interviewer: v.interviewer,
                attendees: v.attendees,
                notice: v.notice,
              },
            }),
          )
        }
      >
        <ScheduleFields withOrg={false} />
      </FormModal>
      <FormModal<{ talkingPoints: string; commitments: string; commitmentDueOn: Dayjs }>
        open={dialog === 'record'}
        onClose={onClose}
        title={t('interviews.action.record')}
        testIdPrefix="interview-record"
        width={600}
        onSubmit={(v) =>
          done(
            record.mutateAsync({
              id: iv.id,
              body: {
                version: iv.version,
                talkingPoints: v.talkingPoints,
                commitments: v.commitments,
                commitmentDueOn: v.commitmentDueOn.format('YYYY-MM-DD'),
              },
            }),
          )
        }
      >
        <Form.Item name="talkingPoints" label={t('interviews.field.talkingPoints')} rules={required('interviews.field.talkingPoints')}>
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
        <Form.Item name="commitments" label={t('interviews.field.commitments')} rules={required('interviews.field.commitments')}>
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
        <Form.Item
          name="commitmentDueOn"
          label={t('interviews.field.commitmentDueOn')}
          rules={[{ required: true, message: t('common.required', { field: t('interviews.field.commitmentDueOn') }) }]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </FormModal>
      <FormModal<{ followUp: string }>
        open={dialog === 'close'}
        onClose={onClose}
        title={t('interviews.action.close')}
        okText={t('interviews.action.close')}
        testIdPrefix="interview-close"
        onSubmit={(v) => done(close.mutateAsync({ id: iv.id, body: { version: iv.version, followUp: v.followUp } }))}
      >
        <Form.Item name="followUp" label={t('interviews.field.followUp')} rules={required('interviews.field.followUp')}>
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
      </FormModal>
      <FormModal<{ reason: string }>
        open={dialog === 'cancel'}
        onClose={onClose}
        title={t('interviews.action.cancel')}
        okText={t('interviews.action.cancel')}
        okDanger
        testIdPrefix="interview-cancel"
        onSubmit={(v) => done(cancel.mutateAsync({ id: iv.id, body: { version: iv.version, reason: v.reason } }))}
      >
        <p>{t('interviews.cancelConfirm')}</p>
        <Form.Item name="reason" label={t('interviews.field.cancelReason')} rules={required('interviews.field.cancelReason')}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </FormModal>
    </>
  );
}
