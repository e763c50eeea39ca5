import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Descriptions, Empty, Flex, List, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { Interview, InterviewCandidate } from '../../../domain/contracts/interviews.ts';
import {
  INTERVIEW_ACTION_LABELS,
  INTERVIEW_STATUS_LABELS,
  INTERVIEW_STATUSES,
  type InterviewAction,
  type InterviewStatus,
} from '../../../domain/interview-workflow.ts';
import { ApiError } from '../../api/client.ts';
import { CANDIDATES_PAGE_SIZE, useInterview, useInterviewCandidates, useInterviews } from '../../api/interviews.ts';
import { useHasPermission } from '../../api/session.ts';
import { paths } from '../../app/paths.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useIsMobile } from '../../lib/use-is-mobile.ts';
import { InterviewActionModals, type InterviewDialog, ScheduleModal } from './InterviewForms.tsx';

const STATUS_COLOURS: Record<InterviewStatus, string> = { scheduled: 'blue', held: 'orange', closed: 'green', cancelled: 'default' };
const interviewPath = (id: string) => `${paths.interviews}/${encodeURIComponent(id)}`;
const minutes = (iso: string) => formatDateTime(iso).slice(0, 16);

function StatusTag({ status }: { status: InterviewStatus }) {
  const { pick } = useI18n();
  return <Tag color={STATUS_COLOURS[status]}>{pick(INTERVIEW_STATUS_LABELS[status])}</Tag>;
}

function Reasons({ reasons }: { reasons: Array<{ zh: string; en: string }> }) {
  const { t, lang } = useI18n();
  if (reasons.length === 0) return <Typography.Text type="secondary">{t('interviews.noReasons')}</Typography.Text>;
  return (
    <Flex vertical gap={2}>
      {reasons.map((r) => (
        <Typography.Text key={r.zh}>• {lang === 'zh' ? r.zh : r.en}</Typography.Text>
      ))}
    </Flex>
  );
}

/** 约谈对象: this month's candidates with their reasons; only district-wide interview managers get them. */
function Candidates({ onSchedule }: { onSchedule: (c: InterviewCandidate, month: string) => void }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [month, setMonth] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const candidates = useInterviewCandidates(month, page, true);
  // Managers within a subdistrict (not district-wide) are refused the district's list: show nothing.
  if (candidates.error instanceof ApiError && candidates.error.status === 403) return null;
  const data = candidates.data;
  return (
    <Card
      size="small"
      title={t('interviews.candidates')}
      extra={
        <DatePicker
          picker="month"
          size="small"
          allowClear={false}
          value={data ? dayjs(`${month ?? data.month}-01`) : null}
          onChange={(d) => {
            setMonth(d ? d.format('YYYY-MM') : undefined);
            setPage(1);
          }}
          disabledDate={(d) => d.isAfter(dayjs(), 'month')}
        />
      }
    >
      {candidates.error ? <ErrorAlert error={candidates.error} onRetry={() => void candidates.refetch()} /> : null}
      {data ? (
        <Typography.Paragraph type="secondary">
          {t('interviews.candidatesHint', { rules: lang === 'zh' ? data.rulesZh : data.rulesEn })}
        </Typography.Paragraph>
      ) : null}
      <List
        data-testid="interview-candidates"
        loading={candidates.isLoading || (candidates.isPlaceholderData && candidates.isFetching)}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('interviews.candidatesEmpty') }}
        pagination={
          data && data.total > CANDIDATES_PAGE_SIZE
            ? {
                current: page,
                pageSize: CANDIDATES_PAGE_SIZE,
                total: data.total,
                size: 'small',
                showSizeChanger: false,
                showTotal: (total) => t('interviews.candidatesTotal', { n: total }),
                onChange: setPage,
              }
            : false
        }
        renderItem={(c) => (
          <List.Item
            key={c.organizationId}
            actions={[
              c.interviewId ? (
                <Button key="view" size="small" onClick={() => void navigate(interviewPath(c.interviewId!))}>
                  {t('interviews.view')}
                </Button>
              ) : (
                <Button
                  key="schedule"
                  size="small"
                  type="primary"
                  data-testid="interview-schedule-candidate"
                  onClick={() => onSchedule(c, data!.month)}
                >
                  {t('interviews.schedule')}
                </Button>
              ),
            ]}
          >
            <List.Item.Meta
              title={
                <Space wrap size={4}>
                  <span>{c.organizationName}</span>
                  {c.parentName ? <Typography.Text type="secondary">{c.parentName}</Typography.Text> : null}
                  {c.interviewStatus ? <StatusTag status={c.interviewStatus} /> : null}
                </Space>
              }
              description={<Reasons reasons={c.reasons} />}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

function InterviewList() {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const canManage = useHasPermission('interview.manage');
  const [params, setParams] = useSearchParams();
  const organizationId = params.get('organizationId') ?? undefined;
  const statusParam = params.get('status');
  const status = (INTERVIEW_STATUSES as readonly string[]).includes(statusParam ?? '') ? (statusParam as InterviewStatus) : undefined;
  const page = Number(params.get('page')) || 1;
  const list = useInterviews({ organizationId, status, page, pageSize: 20 });
  const [scheduling, setScheduling] = useState<{ c: InterviewCandidate; month: string } | 'new' | null>(null);

  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };
  const open = (iv: Interview) => void navigate(interviewPath(iv.id));

  const columns: ColumnsType<Interview> = [
    { title: t('interviews.col.org'), dataIndex: 'organizationName', key: 'org' },
    { title: t('interviews.col.when'), key: 'when', width: 150, render: (_, iv) => minutes(iv.scheduledAt) },
    ...(isMobile
      ? []
      : [
          { title: t('interviews.col.where'), dataIndex: 'location', key: 'where' },
          { title: t('interviews.col.interviewer'), dataIndex: 'interviewer', key: 'interviewer' },
          { title: t('interviews.col.reasons'), key: 'reasons', render: (_: unknown, iv: Interview) => <Reasons reasons={iv.reasons} /> },
        ]),
    { title: t('interviews.col.status'), key: 'status', width: 90, render: (_, iv) => <StatusTag status={iv.status} /> },
  ];

  return (
    <Flex vertical gap={16}>
      <PageTitle
        title={t('interviews.title')}
        extra={
          canManage && list.data?.canSchedule ? (
            <Button type="primary" icon={<PlusOutlined />} data-testid="interview-schedule" onClick={() => setScheduling('new')}>
              {t('interviews.scheduleNew')}
            </Button>
          ) : null
        }
      />
      {canManage ? <Candidates onSchedule={(c, month) => setScheduling({ c, month })} /> : null}
      <Card size="small" title={t('interviews.list')}>
        <Flex wrap gap={8} style={{ marginBottom: 12 }}>
          <div style={{ minWidth: 200, flex: isMobile ? '1 1 100%' : '0 0 260px' }}>
            <OrgTreeSelect
              value={organizationId}
              onChange={(v) => set({ organizationId: v })}
              placeholder={t('interviews.filter.org')}
              allowClear
              data-testid="interviews-filter-org"
            />
          </div>
          <Select<InterviewStatus>
            allowClear
            placeholder={t('interviews.filter.status')}
            value={status}
            onChange={(v) => set({ status: v })}
            style={{ minWidth: 140, flex: isMobile ? '1 1 100%' : undefined }}
            options={INTERVIEW_STATUSES.map((s) => ({ value: s, label: pick(INTERVIEW_STATUS_LABELS[s]) }))}
            data-testid="interviews-filter-status"
          />
        </Flex>
        {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<Interview>
          data-testid="interviews-table"
          rowKey="id"
          size="small"
          loading={list.isLoading}
          columns={columns}
          dataSource={list.data?.items ?? []}
          onRow={(iv) => ({ onClick: () => open(iv), style: { cursor: 'pointer' } })}
          locale={{ emptyText: <Empty description={t('interviews.empty')} /> }}
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p) => set({ page: p === 1 ? undefined : String(p) }),
          }}
        />
      </Card>
      <ScheduleModal
        open={scheduling !== null}
        onClose={() => setScheduling(null)}
        onDone={(iv) => void navigate(interviewPath(iv.id))}
        candidate={
          scheduling && scheduling !== 'new'
            ? {
                organizationId: scheduling.c.organizationId,
                organizationName: scheduling.c.organizationName,
                month: scheduling.month,
                reasons: scheduling.c.reasons.map((r) => r.reason),
              }
            : null
        }
      />
    </Flex>
  );
}

const ACTION_ORDER: InterviewAction[] = ['record', 'close', 'reschedule', 'cancel'];

function InterviewDetail({ id }: { id: string }) {
  const { t, pick } = useI18n();
  const isMobile = useIsMobile();
  const query = useInterview(id);
  const [dialog, setDialog] = useState<InterviewDialog>(null);
  const back = (
    <Link to={paths.interviews}>
      <ArrowLeftOutlined /> {t('interviews.back')}
    </Link>
  );
  if (query.isLoading) return <Spin />;
  if (query.error || !query.data)
    return (
      <Flex vertical gap={12}>
        {back}
        <ErrorAlert
          error={query.error instanceof ApiError && query.error.status === 404 ? new Error(t('interviews.notFound')) : query.error}
          onRetry={() => void query.refetch()}
        />
      </Flex>
    );
  const iv = query.data;
  const actions = ACTION_ORDER.filter((a) => iv.allowedActions.includes(a));
  return (
    <Flex vertical gap={16}>
      {back}
      <PageTitle
        title={`${t('interviews.title')}${t('common.colon')}${iv.organizationName}`}
        extra={
          <Space wrap>
            {actions.map((a) => (
              <Button
                key={a}
                type={a === 'record' || a === 'close' ? 'primary' : 'default'}
                danger={a === 'cancel'}
                data-testid={`interview-action-${a}`}
                onClick={() => setDialog(a)}
              >
                {pick(INTERVIEW_ACTION_LABELS[a])}
              </Button>
            ))}
          </Space>
        }
      />
      <Card size="small" title={t('interviews.plan')}>
        <Descriptions column={isMobile ? 1 : 2} size="small">
          <Descriptions.Item label={t('interviews.col.status')}>
            <StatusTag status={iv.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('interviews.col.month')}>{iv.month ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('interviews.field.scheduledAt')}>{minutes(iv.scheduledAt)}</Descriptions.Item>
          <Descriptions.Item label={t('interviews.field.location')}>{iv.location}</Descriptions.Item>
          <Descriptions.Item label={t('interviews.field.interviewer')}>{iv.interviewer}</Descriptions.Item>
          <Descriptions.Item label={t('interviews.field.attendees')}>{iv.attendees}</Descriptions.Item>
          <Descriptions.Item label={t('interviews.col.reasons')} span={isMobile ? 1 : 2}>
            <Reasons reasons={iv.reasons} />
          </Descriptions.Item>
          <Descriptions.Item label={t('interviews.field.notice')} span={isMobile ? 1 : 2}>
            <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{iv.notice}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('interviews.field.createdBy')}>
            {iv.createdByName ?? '—'} · {minutes(iv.createdAt)}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {iv.status !== 'scheduled' ? (
        <Card size="small" title={t('interviews.record')}>
          <Descriptions column={1} size="small">
            {iv.talkingPoints ? (
              <Descriptions.Item label={t('interviews.field.talkingPoints')}>
                <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{iv.talkingPoints}</Typography.Text>
              </Descriptions.Item>
            ) : null}
            {iv.commitments ? (
              <Descriptions.Item label={t('interviews.field.commitments')}>
                <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{iv.commitments}</Typography.Text>
              </Descriptions.Item>
            ) : null}
            {iv.commitmentDueOn ? (
              <Descriptions.Item label={t('interviews.field.commitmentDueOn')}>{iv.commitmentDueOn}</Descriptions.Item>
            ) : null}
            {iv.heldAt ? <Descriptions.Item label={t('interviews.field.heldAt')}>{minutes(iv.heldAt)}</Descriptions.Item> : null}
            {iv.followUp ? (
              <Descriptions.Item label={t('interviews.field.followUp')}>
                <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{iv.followUp}</Typography.Text>
              </Descriptions.Item>
            ) : null}
            {iv.cancelReason ? <Descriptions.Item label={t('interviews.field.cancelReason')}>{iv.cancelReason}</Descriptions.Item> : null}
            {iv.closedAt ? <Descriptions.Item label={t('interviews.field.closedAt')}>{minutes(iv.closedAt)}</Descriptions.Item> : null}
          </Descriptions>
        </Card>
      ) : null}
      <Link to={`${paths.interviews}?organizationId=${encodeURIComponent(iv.organizationId)}`}>{t('interviews.history')}</Link>
      <InterviewActionModals iv={iv} dialog={dialog} onClose={() => setDialog(null)} />
    </Flex>
  );
}

/** 约谈: candidates and scheduling for district officers; the list and each interview's record for every reader. */
export function InterviewsPage() {
  const id = useParams()['*'];
  return id ? <InterviewDetail id={id} /> : <InterviewList />;
}
