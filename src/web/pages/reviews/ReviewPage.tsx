import { ArrowLeftOutlined, EditOutlined, FileAddOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Descriptions, Empty, Flex, Form, Input, List, Radio, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { Review, ReviewProblem } from '../../../domain/contracts/reviews.ts';
import { PROBLEM_STATUS_LABELS } from '../../../domain/problem-workflow.ts';
import { PLAN_STATUS_LABELS } from '../../../domain/village-plan.ts';
import { REVIEW_OUTCOME_LABELS, type ReviewOutcome } from '../../../domain/village-review.ts';
import { useCreateMeasure } from '../../api/measures.ts';
import { useCreatePlan, usePlans } from '../../api/plans.ts';
import { reviewKeys, useRecordOutcomes, useReview, useUpdateReview, useWithdrawProblem } from '../../api/reviews.ts';
import { paths } from '../../app/paths.ts';
import { detailFallback } from '../../components/DetailFallback.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { useI18n } from '../../i18n/index.ts';
import { MeetingFields, meetingBody } from './ReviewListPage.tsx';
import { useIdempotencyKey } from '../../lib/idempotency-key.ts';

type Draft = Record<string, { outcome: ReviewOutcome | null; reason: string }>;

const draftOf = (r: Review): Draft => Object.fromEntries(r.problems.map((p) => [p.id, { outcome: p.outcome, reason: p.reason ?? '' }]));

/** 两委会核实: the meeting's record, each problem's outcome, the measures drafted there, and the plan that follows. */
export function ReviewPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const query = useReview(id);
  const fallback = detailFallback(query, { title: t('review.notFound'), backTo: paths.reviews, backLabel: t('review.back') });
  if (fallback || !query.data) return fallback;
  return <ReviewView review={query.data} key={`${query.data.id}:${query.data.version}`} />;
}

function ReviewView({ review }: { review: Review }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [draft, setDraft] = useState<Draft>(() => draftOf(review));
  const [editing, setEditing] = useState(false);
  const [measureFor, setMeasureFor] = useState<ReviewProblem | null>(null);
  const [withdrawing, setWithdrawing] = useState<ReviewProblem | null>(null);
  const update = useUpdateReview();
  const record = useRecordOutcomes();
  const withdraw = useWithdrawProblem();
  const createMeasure = useCreateMeasure();
  const idempotency = useIdempotencyKey();
  const queryClient = useQueryClient();
  const can = (a: Review['allowedActions'][number]) => review.allowedActions.includes(a);

  const changed = useMemo(
    () =>
      review.problems.filter((p) => {
        const d = draft[p.id];
        return d?.outcome && (d.outcome !== p.outcome || (d.outcome === 'disputed' && d.reason.trim() !== (p.reason ?? '')));
      }),
    [draft, review.problems],
  );

  const saveOutcomes = () =>
    record
      .mutateAsync({
        id: review.id,
        body: {
          version: review.version,
          outcomes: changed.map((p) => ({
            problemId: p.id,
            outcome: draft[p.id]!.outcome!,
            reason: draft[p.id]!.reason.trim() || undefined,
          })),
        },
      })
      .then(() => void message.success(t('review.outcomesSaved')), notifyError);

  return (
    <div className="page-panel">
      <Link to={paths.reviews}>
        <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingLeft: 0 }}>
          {t('review.back')}
        </Button>
      </Link>
      <PageTitle
        title={t('review.detailTitle', { village: review.organizationName })}
        extra={
          can('edit') ? (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="review-edit">
              {t('review.editMeeting')}
            </Button>
          ) : undefined
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('review.round')}>{review.roundName}</Descriptions.Item>
          <Descriptions.Item label={t('review.group')}>{review.liaisonGroupName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('review.heldOn')}>{review.heldOn}</Descriptions.Item>
          <Descriptions.Item label={t('review.place')}>{review.place}</Descriptions.Item>
          <Descriptions.Item label={t('review.attendees')} span={2}>
            {review.attendees}
          </Descriptions.Item>
          <Descriptions.Item label={t('review.minutes')} span={2}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{review.minutes}</span>
          </Descriptions.Item>
        </Descriptions>
        <Flex gap={4} wrap>
          <Tag color="green">{t('review.countConfirmed', { n: review.counts.confirmed })}</Tag>
          <Tag color="orange">{t('review.countDisputed', { n: review.counts.disputed })}</Tag>
          <Tag>{t('review.countWithdrawn', { n: review.counts.withdrawn })}</Tag>
          {review.counts.unreviewed > 0 && <Tag color="red">{t('review.countUnreviewed', { n: review.counts.unreviewed })}</Tag>}
        </Flex>
      </Card>

      <Card
        size="small"
        title={t('review.outcomesTitle')}
        style={{ marginBottom: 16 }}
        extra={
          can('recordOutcomes') ? (
            <Button
              type="primary"
              icon={<SaveOutlined />}
              disabled={changed.length === 0}
              loading={record.isPending}
              onClick={() => void saveOutcomes()}
              data-testid="review-save-outcomes"
            >
              {t('review.saveOutcomes', { n: changed.length })}
            </Button>
          ) : undefined
        }
      >
        <List<ReviewProblem>
          dataSource={review.problems}
          locale={{ emptyText: <Empty description={t('review.noProblems')} /> }}
          renderItem={(p) => {
            const d = draft[p.id] ?? { outcome: null, reason: '' };
            const withdrawn = p.status === 'withdrawn';
            return (
              <List.Item data-testid={`review-problem-${p.code}`}>
                <Flex vertical gap={6} style={{ width: '100%' }}>
                  <Flex gap={8} wrap align="center">
                    <Link to={paths.problem(p.id)}>{p.code}</Link>
                    <Tag color={withdrawn ? 'default' : undefined}>{pick(PROBLEM_STATUS_LABELS[p.status])}</Tag>
                    {p.checkItem && <Typography.Text type="secondary">{p.checkItem}</Typography.Text>}
                  </Flex>
                  <Typography.Text delete={withdrawn}>{p.description}</Typography.Text>
                  <Flex gap={8} wrap align="center">
                    <Radio.Group
                      value={d.outcome}
                      disabled={withdrawn || !can('recordOutcomes')}
                      onChange={(e) => setDraft({ ...draft, [p.id]: { ...d, outcome: e.target.value as ReviewOutcome } })}
                    >
                      <Radio.Button value="confirmed" data-testid={`outcome-${p.code}-confirmed`}>
                        {pick(REVIEW_OUTCOME_LABELS.confirmed)}
                      </Radio.Button>
                      <Radio.Button value="disputed" data-testid={`outcome-${p.code}-disputed`}>
                        {pick(REVIEW_OUTCOME_LABELS.disputed)}
                      </Radio.Button>
                    </Radio.Group>
                    {d.outcome === 'disputed' && (
                      <Input
                        style={{ flex: '1 1 240px' }}
                        value={d.reason}
                        disabled={withdrawn || !can('recordOutcomes')}
                        placeholder={t('review.reasonPlaceholder')}
                        maxLength={1000}
                        onChange={(e) => setDraft({ ...draft, [p.id]: { ...d, reason: e.target.value } })}
                        data-testid={`outcome-${p.code}-reason`}
                      />
                    )}
                    {p.outcome === 'disputed' && p.allowedActions.includes('withdraw') && (
                      <Button danger size="small" onClick={() => setWithdrawing(p)} data-testid={`review-withdraw-${p.code}`}>
                        {t('review.withdraw')}
                      </Button>
                    )}
                  </Flex>
                  {p.measures.length > 0 && (
                    <ul className="review-measures">
                      {p.measures.map((m) => (
                        <li key={m.id}>
                          {m.description}
                          <Typography.Text type="secondary"> {[m.ownerName, m.dueOn].filter(Boolean).join(' · ')}</Typography.Text>
                          {m.fromReview && (
                            <Tag color="blue" style={{ marginInlineStart: 6 }}>
                              {t('review.fromMeeting')}
                            </Tag>
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                  {can('draftMeasure') && !withdrawn && (
                    <div>
                      <Button
                        size="small"
                        icon={<PlusOutlined />}
                        onClick={() => setMeasureFor(p)}
                        data-testid={`review-add-measure-${p.code}`}
                      >
                        {t('review.addMeasure')}
                      </Button>
                    </div>
                  )}
                </Flex>
              </List.Item>
            );
          }}
        />
      </Card>

      <PlanCard review={review} />

      <FormModal<{ heldOn: Dayjs; place: string; attendees: string; minutes: string }>
        open={editing}
        title={t('review.editMeeting')}
        onClose={() => setEditing(false)}
        testIdPrefix="review-update"
        initialValues={{ heldOn: dayjs(review.heldOn), place: review.place, attendees: review.attendees, minutes: review.minutes }}
        onSubmit={(v) => update.mutateAsync({ id: review.id, body: { version: review.version, ...meetingBody(v) } })}
      >
        <MeetingFields />
      </FormModal>

      <FormModal<{ description: string; ownerName?: string; dueOn?: Dayjs }>
        open={measureFor !== null}
        title={t('review.addMeasureTitle', { code: measureFor?.code ?? '' })}
        onClose={() => setMeasureFor(null)}
        testIdPrefix="review-measure"
        onSubmit={async (v) => {
          const body = {
            organizationId: review.organizationId,
            description: v.description,
            ownerName: v.ownerName?.trim() || undefined,
            dueOn: v.dueOn ? v.dueOn.format('YYYY-MM-DD') : undefined,
            progress: 0,
            problemIds: [measureFor!.id],
            reviewId: review.id,
          };
          await createMeasure.mutateAsync({ ...body, key: idempotency.keyFor(body) });
          idempotency.done();
          await queryClient.invalidateQueries({ queryKey: reviewKeys.detail(review.id) });
          void message.success(t('review.measureAdded'));
        }}
      >
        <Form.Item
          name="description"
          label={t('review.measureDescription')}
          rules={[{ required: true, whitespace: true, message: t('review.measureRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="review-measure-description" />
        </Form.Item>
        <Form.Item name="ownerName" label={t('review.measureOwner')}>
          <Input maxLength={50} data-testid="review-measure-owner" />
        </Form.Item>
        <Form.Item name="dueOn" label={t('review.measureDue')}>
          <DatePicker style={{ width: '100%' }} data-testid="review-measure-due" />
        </Form.Item>
      </FormModal>

      <FormModal<{ reason: string }>
        open={withdrawing !== null}
        title={t('review.withdrawTitle', { code: withdrawing?.code ?? '' })}
        okText={t('review.withdraw')}
        okDanger
        onClose={() => setWithdrawing(null)}
        testIdPrefix="review-withdraw"
        initialValues={{ reason: withdrawing ? t('review.withdrawReasonDefault', { reason: withdrawing.reason ?? '' }) : '' }}
        onSubmit={(v) =>
          withdraw.mutateAsync({ id: review.id, body: { problemId: withdrawing!.id, version: withdrawing!.version, reason: v.reason } })
        }
      >
        <Typography.Paragraph type="secondary">{t('review.withdrawHint')}</Typography.Paragraph>
        <Form.Item
          name="reason"
          label={t('review.withdrawReason')}
          rules={[{ required: true, whitespace: true, message: t('review.withdrawReasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={1000} data-testid="review-withdraw-reason" />
        </Form.Item>
      </FormModal>
    </div>
  );
}

/** The 一村一策 plan of this review: its versions, and a new draft once every problem has its outcome. */
function PlanCard({ review }: { review: Review }) {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const notifyError = useNotifyError();
  const plans = usePlans({ reviewId: review.id, pageSize: 50 });
  const create = useCreatePlan();
  const versions = plans.data?.items ?? [];
  const hasDraft = versions.some((p) => p.status === 'draft');
  const canDraft = review.allowedActions.includes('draftPlan') && !hasDraft;
  return (
    <Card
      size="small"
      title={t('review.planTitle')}
      extra={
        canDraft ? (
          <Button
            type="primary"
            icon={<FileAddOutlined />}
            disabled={review.counts.unreviewed > 0}
            loading={create.isPending}
            onClick={() => void create.mutateAsync({ reviewId: review.id }).then((p) => navigate(paths.plan(p.id)), notifyError)}
            data-testid="review-draft-plan"
          >
            {versions.length ? t('review.planNewVersion') : t('review.planGenerate')}
          </Button>
        ) : undefined
      }
    >
      {review.counts.unreviewed > 0 && <Typography.Paragraph type="secondary">{t('review.planWaits')}</Typography.Paragraph>}
      {versions.length === 0 ? (
        <Typography.Text type="secondary">{t('review.noPlan')}</Typography.Text>
      ) : (
        <Flex gap={8} wrap>
          {versions.map((p) => (
            <Link key={p.id} to={paths.plan(p.id)} data-testid={`review-plan-v${p.versionNo}`}>
              <Tag color={p.status === 'approved' ? 'green' : p.status === 'draft' ? 'blue' : 'default'}>
                {t('review.planVersion', { no: p.versionNo })} · {pick(PLAN_STATUS_LABELS[p.status])}
              </Tag>
            </Link>
          ))}
        </Flex>
      )}
    </Card>
  );
}
