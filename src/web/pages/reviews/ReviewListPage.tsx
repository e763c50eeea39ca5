import { Button, DatePicker, Empty, Flex, Form, Input, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { ReviewWorkItem } from '../../../domain/contracts/reviews.ts';
import { PLAN_STATUS_LABELS, type PlanStatus } from '../../../domain/village-plan.ts';
import { useCreateReview, useReviews } from '../../api/reviews.ts';
import { paths } from '../../app/paths.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';

interface MeetingForm {
  heldOn: Dayjs;
  place: string;
  attendees: string;
  minutes: string;
}

/** The meeting's fields: date, place, attendees (free text), minutes. */
export function MeetingFields() {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name="heldOn" label={t('review.heldOn')} rules={[{ required: true, message: t('review.heldOnRequired') }]}>
        <DatePicker style={{ width: '100%' }} data-testid="review-held-on" />
      </Form.Item>
      <Form.Item name="place" label={t('review.place')} rules={[{ required: true, whitespace: true, message: t('review.placeRequired') }]}>
        <Input maxLength={100} data-testid="review-place" />
      </Form.Item>
      <Form.Item
        name="attendees"
        label={t('review.attendees')}
        rules={[{ required: true, whitespace: true, message: t('review.attendeesRequired') }]}
      >
        <Input.TextArea rows={2} maxLength={1000} placeholder={t('review.attendeesPlaceholder')} data-testid="review-attendees" />
      </Form.Item>
      <Form.Item
        name="minutes"
        label={t('review.minutes')}
        rules={[{ required: true, whitespace: true, message: t('review.minutesRequired') }]}
      >
        <Input.TextArea rows={5} maxLength={4000} data-testid="review-minutes" />
      </Form.Item>
    </>
  );
}

export const meetingBody = (v: MeetingForm) => ({
  heldOn: v.heldOn.format('YYYY-MM-DD'),
  place: v.place,
  attendees: v.attendees,
  minutes: v.minutes,
});

function PlanCell({ item }: { item: ReviewWorkItem }) {
  const { t, pick } = useI18n();
  if (!item.plan) return <Typography.Text type="secondary">{t('review.noPlan')}</Typography.Text>;
  const latest = item.plan.latestStatus as PlanStatus;
  return (
    <Flex gap={4} wrap>
      {item.plan.approvedId && (
        <Link to={paths.plan(item.plan.approvedId)}>
          <Tag color="green">{t('review.planApproved', { no: item.plan.approvedVersionNo ?? '' })}</Tag>
        </Link>
      )}
      {item.plan.latestId !== item.plan.approvedId && (
        <Link to={paths.plan(item.plan.latestId)}>
          <Tag color={latest === 'draft' ? 'blue' : 'default'}>
            {t('review.planVersion', { no: item.plan.latestVersionNo })} · {pick(PLAN_STATUS_LABELS[latest])}
          </Tag>
        </Link>
      )}
    </Flex>
  );
}

/** 两委会核实: the villages whose inspection checklist is finished; record the meeting, open the review or the plan. */
export function ReviewListPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const list = useReviews({ page, pageSize: 50 });
  const create = useCreateReview();
  const [recording, setRecording] = useState<ReviewWorkItem | null>(null);

  const columns: ColumnsType<ReviewWorkItem> = [
    { title: t('review.village'), dataIndex: 'organizationName', key: 'village' },
    { title: t('review.round'), dataIndex: 'roundName', key: 'round', responsive: ['md'] },
    { title: t('review.problems'), dataIndex: 'problems', key: 'problems', width: 90 },
    {
      title: t('review.meeting'),
      key: 'meeting',
      render: (_, item) =>
        item.review ? (
          <Flex gap={4} wrap>
            <Link to={paths.review(item.review.id)} data-testid={`review-open-${item.organizationName}`}>
              {item.review.heldOn}
            </Link>
            <Tag color="green">{t('review.countConfirmed', { n: item.review.counts.confirmed })}</Tag>
            {item.review.counts.disputed > 0 && <Tag color="orange">{t('review.countDisputed', { n: item.review.counts.disputed })}</Tag>}
            {item.review.counts.withdrawn > 0 && <Tag>{t('review.countWithdrawn', { n: item.review.counts.withdrawn })}</Tag>}
            {item.review.counts.unreviewed > 0 && (
              <Tag color="red">{t('review.countUnreviewed', { n: item.review.counts.unreviewed })}</Tag>
            )}
          </Flex>
        ) : item.canRecord ? (
          <Button size="small" type="primary" onClick={() => setRecording(item)} data-testid={`review-record-${item.organizationName}`}>
            {t('review.record')}
          </Button>
        ) : (
          <Typography.Text type="secondary">{t('review.notRecorded')}</Typography.Text>
        ),
    },
    { title: t('review.plan'), key: 'plan', render: (_, item) => <PlanCell item={item} /> },
  ];

  return (
    <div className="page-panel">
      <PageTitle title={t('review.pageTitle')} />
      <Typography.Paragraph type="secondary">{t('review.intro')}</Typography.Paragraph>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<ReviewWorkItem>
          rowKey="checklistId"
          size="middle"
          loading={list.isLoading}
          columns={columns}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('review.empty')} /> }}
          pagination={{ current: page, pageSize: 50, total: list.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
          scroll={{ x: true }}
        />
      )}
      <FormModal<MeetingForm>
        open={recording !== null}
        title={t('review.recordTitle', { village: recording?.organizationName ?? '' })}
        okText={t('review.recordOk')}
        onClose={() => setRecording(null)}
        testIdPrefix="review-create"
        initialValues={{ heldOn: dayjs(), attendees: t('review.attendeesDefault', { group: recording?.liaisonGroupName ?? '' }) }}
        onSubmit={async (v) => {
          const r = await create.mutateAsync({ checklistId: recording!.checklistId, ...meetingBody(v) });
          void navigate(paths.review(r.id));
        }}
      >
        <MeetingFields />
      </FormModal>
    </div>
  );
}
