import { ArrowLeftOutlined, CheckOutlined, DownloadOutlined, PrinterOutlined, ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Input, Space, Tag, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import type { PlanDetail } from '../../../domain/contracts/plans.ts';
import { PLAN_STATUS_LABELS, type PlanStatus } from '../../../domain/village-plan.ts';
import { planDocxUrl, useApprovePlan, usePlan, useRegeneratePlan, useUpdatePlan } from '../../api/plans.ts';
import { paths } from '../../app/paths.ts';
import { detailFallback } from '../../components/DetailFallback.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { useI18n } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { PlanDocument } from './PlanDocument.tsx';

const STATUS_COLOURS: Record<PlanStatus, string> = { draft: 'blue', approved: 'green', superseded: 'default' };

function PlanStatusTag({ status }: { status: PlanStatus }) {
  const { pick } = useI18n();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="plan-status">
      {pick(PLAN_STATUS_LABELS[status])}
    </Tag>
  );
}

/** 一村一策: one version of a village's plan; a draft is edited, refreshed from the ledger and approved here. */
export function PlanPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const query = usePlan(id);
  const fallback = detailFallback(query, { title: t('plan.notFound'), backTo: paths.reviews, backLabel: t('review.back') });
  if (fallback || !query.data) return fallback;
  return <PlanView plan={query.data} key={`${query.data.id}:${query.data.version}`} />;
}

function PlanView({ plan }: { plan: PlanDetail }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { modal, message } = App.useApp();
  const notifyError = useNotifyError();
  const update = useUpdatePlan();
  const regenerate = useRegeneratePlan();
  const approve = useApprovePlan();
  const [form] = Form.useForm<{ title: string; preamble: string; closing: string }>();
  const can = (a: PlanDetail['allowedActions'][number]) => plan.allowedActions.includes(a);
  const printPath = paths.planPrint(plan.id);

  const confirmApprove = () =>
    modal.confirm({
      title: t('plan.approveTitle', { no: plan.versionNo }),
      content: t('plan.approveContent'),
      okText: t('plan.approve'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'plan-approve-ok' },
      onOk: () =>
        approve.mutateAsync({ id: plan.id, version: plan.version }).then(() => void message.success(t('plan.approved')), notifyError),
    });

  return (
    <div className="page-panel">
      <Link to={paths.review(plan.reviewId)}>
        <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingLeft: 0 }}>
          {t('plan.backToReview')}
        </Button>
      </Link>
      <PageTitle title={plan.title} extra={<PlanStatusTag status={plan.status} />} />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Button icon={<DownloadOutlined />} href={planDocxUrl(plan.id)} data-testid="plan-download">
          {t('plan.download')}
        </Button>
        <Button
          icon={<PrinterOutlined />}
          href={printPath}
          onClick={(e) => {
            e.preventDefault();
            void navigate(printPath);
          }}
          data-testid="plan-print"
        >
          {t('plan.print')}
        </Button>
        {can('regenerate') && (
          <Button
            icon={<ReloadOutlined />}
            loading={regenerate.isPending}
            onClick={() =>
              void regenerate
                .mutateAsync({ id: plan.id, version: plan.version })
                .then(() => void message.success(t('plan.regenerated')), notifyError)
            }
            data-testid="plan-regenerate"
          >
            {t('plan.regenerate')}
          </Button>
        )}
        {can('approve') && (
          <Button type="primary" icon={<CheckOutlined />} onClick={confirmApprove} data-testid="plan-approve">
            {t('plan.approve')}
          </Button>
        )}
      </Flex>
      <Space size={[8, 4]} wrap style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('plan.versions')}</Typography.Text>
        {plan.versions.map((v) => (
          <Link key={v.id} to={paths.plan(v.id)}>
            <Tag color={v.id === plan.id ? 'processing' : STATUS_COLOURS[v.status]}>{t('review.planVersion', { no: v.versionNo })}</Tag>
          </Link>
        ))}
      </Space>
      {plan.approvedAt && (
        <Typography.Paragraph type="secondary">
          {t('plan.approvedBy', { name: plan.approvedByName ?? '—', at: formatDateTime(plan.approvedAt) })}
        </Typography.Paragraph>
      )}
      {plan.status === 'superseded' && <Alert type="info" showIcon message={t('plan.supersededHint')} style={{ marginBottom: 12 }} />}
      {can('edit') && (
        <Card size="small" title={t('plan.editTitle')} style={{ marginBottom: 16 }}>
          <Form
            form={form}
            layout="vertical"
            initialValues={{ title: plan.title, preamble: plan.preamble, closing: plan.closing }}
            onFinish={(v) =>
              void update
                .mutateAsync({ id: plan.id, body: { version: plan.version, title: v.title, preamble: v.preamble, closing: v.closing } })
                .then(() => void message.success(t('plan.saved')), notifyError)
            }
          >
            <Form.Item name="title" label={t('plan.titleLabel')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={100} data-testid="plan-title" />
            </Form.Item>
            <Form.Item name="preamble" label={t('plan.preamble')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={4} maxLength={8000} data-testid="plan-preamble" />
            </Form.Item>
            <Form.Item name="closing" label={t('plan.closing')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={5} maxLength={8000} data-testid="plan-closing" />
            </Form.Item>
            <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={update.isPending} data-testid="plan-save">
              {t('common.save')}
            </Button>
          </Form>
        </Card>
      )}
      <PlanDocument plan={plan} />
    </div>
  );
}
