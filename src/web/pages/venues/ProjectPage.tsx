import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, List, Progress, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { FundAllocation, FundSpending, VenueProjectDetail } from '../../../domain/contracts/venues.ts';
import {
  VENUE_PROJECT_ACTION_LABELS,
  VENUE_PROJECT_STATUS_LABELS,
  type VenueProjectAction,
} from '../../../domain/venue-project-workflow.ts';
import { areaText, VENUE_OWNERSHIP_LABELS } from '../../../domain/venue-rules.ts';
import { useTransitionProject, useVenueProject } from '../../api/venues.ts';
import { detailFallback } from '../../components/DetailFallback.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { type MessageKey, useI18n } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useIsMobile } from '../../lib/use-is-mobile.ts';
import { type ProjectDialog, ProjectDialogs, type ReversalTarget, ReverseEntryModal, VenueFileButton } from './ProjectForms.tsx';
import { KindTag, LateTags, ProjectStatusTag, useMoney, VenueFiles, venuePaths } from './venue-ui.tsx';

/** Steps that go forward with no form; the send-backs ask for a reason, acceptance for the figures. */
const DIRECT: readonly VenueProjectAction[] = ['submit', 'forward', 'approve', 'start', 'complete'];

/**
 * The direct steps nothing takes back, with what each commits: they ask first. (A submitted plan can still be
 * returned by the subdistrict, so submitting does not.)
 */
const CONFIRMED: Partial<Record<VenueProjectAction, MessageKey>> = {
  forward: 'venues.project.confirm.forward',
  approve: 'venues.project.confirm.approve',
  start: 'venues.project.confirm.start',
  complete: 'venues.project.confirm.complete',
};

/** A table cell kept on one line. */
const nowrap = () => ({ style: { whiteSpace: 'nowrap' as const } });

/** An entry's amount: a reversal's in red (negative), a reversed entry's struck through (it counts no more). */
function FundAmount({
  entry,
  money,
  strong = false,
}: {
  entry: FundAllocation | FundSpending;
  money: (yuan: number) => string;
  strong?: boolean;
}) {
  return (
    <Typography.Text strong={strong} type={entry.reversesId ? 'danger' : undefined} delete={entry.reversedById !== null}>
      {money(entry.amount)}
    </Typography.Text>
  );
}

/** 冲销 beside an entry: what a reversal reverses and why, "已冲销" on a reversed one, else the button for the bureau. */
function ReversalNote({
  entry,
  of,
  onReverse,
  testId,
}: {
  entry: FundAllocation | FundSpending;
  /** The reversed entry's day (on a reversal). */
  of: string | undefined;
  onReverse: (() => void) | undefined;
  testId: string;
}) {
  const { t } = useI18n();
  if (entry.reversesId)
    return (
      <Tag color="red" style={{ whiteSpace: 'normal' }}>
        {t('venues.fund.reversal', { date: of ?? '', reason: entry.reversalReason ?? '' })}
      </Tag>
    );
  if (entry.reversedById) return <Tag>{t('venues.fund.reversed')}</Tag>;
  if (!onReverse) return null;
  return (
    <Button size="small" type="link" danger className="tap-target" onClick={onReverse} data-testid={testId}>
      {t('venues.fund.reverse')}
    </Button>
  );
}

function Actions({ p, open }: { p: VenueProjectDetail; open: (d: ProjectDialog, a?: VenueProjectAction) => void }) {
  const { t, pick } = useI18n();
  const { modal } = App.useApp();
  const money = useMoney();
  const isMobile = useIsMobile();
  const transition = useTransitionProject();
  const notifyError = useNotifyError();
  const allowed = new Set(p.allowedActions);
  const run = (a: VenueProjectAction) => transition.mutateAsync({ id: p.id, body: { version: p.version, action: a } }).catch(notifyError);
  const step = (a: VenueProjectAction) => {
    const consequence = CONFIRMED[a];
    if (!consequence) {
      void run(a);
      return;
    }
    const label = pick(VENUE_PROJECT_ACTION_LABELS[a]);
    modal.confirm({
      title: t('venues.project.confirmTitle', { action: label, project: `${p.organizationName} · ${p.venueName}` }),
      content: t(consequence, { budget: money(p.budget) }),
      okText: label,
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'project-confirm-ok' },
      cancelButtonProps: { 'data-testid': 'project-confirm-cancel' },
      onOk: () => run(a),
    });
  };
  const buttons = [
    ...(allowed.has('edit') ? [{ key: 'edit', label: t('venues.project.editPlan'), onClick: () => open('edit') }] : []),
    ...(allowed.has('milestone') ? [{ key: 'milestone', label: t('venues.project.milestone'), onClick: () => open('milestone') }] : []),
    ...DIRECT.filter((a) => allowed.has(a)).map((a) => ({
      key: a,
      primary: true,
      label: pick(VENUE_PROJECT_ACTION_LABELS[a]),
      onClick: () => step(a),
    })),
    ...(allowed.has('accept')
      ? [{ key: 'accept', primary: true, label: pick(VENUE_PROJECT_ACTION_LABELS.accept), onClick: () => open('accept') }]
      : []),
    ...(['return', 'send_back', 'reject_works'] as const)
      .filter((a) => allowed.has(a))
      .map((a) => ({ key: a, danger: true, label: pick(VENUE_PROJECT_ACTION_LABELS[a]), onClick: () => open('reason', a) })),
    ...(allowed.has('allocate') ? [{ key: 'allocate', label: t('venues.fund.allocate'), onClick: () => open('allocate') }] : []),
    ...(allowed.has('spend') ? [{ key: 'spend', label: t('venues.fund.spend'), onClick: () => open('spend') }] : []),
  ];
  if (buttons.length === 0) return null;
  return (
    <Flex vertical={isMobile} gap={8} wrap className="venue-actions">
      {buttons.map((b) => (
        <Button
          key={b.key}
          type={'primary' in b && b.primary ? 'primary' : 'default'}
          danger={'danger' in b && b.danger}
          block={isMobile}
          size={isMobile ? 'large' : 'middle'}
          loading={transition.isPending && DIRECT.includes(b.key as VenueProjectAction)}
          onClick={() => void b.onClick()}
          data-testid={`project-action-${b.key}`}
        >
          {b.label}
        </Button>
      ))}
    </Flex>
  );
}

/** 整改项目详情: phone-first for the village secretary; the buttons come from the server's allowedActions only. */
export function ProjectPage() {
  const { id } = useParams();
  const { t, pick } = useI18n();
  const money = useMoney();
  const query = useVenueProject(id);
  const [dialog, setDialog] = useState<{ d: ProjectDialog; a: VenueProjectAction | null } | null>(null);
  const [reversing, setReversing] = useState<ReversalTarget | null>(null);
  const fallback = detailFallback(query, {
    title: t('venues.project.notFound'),
    backTo: venuePaths.projects,
    backLabel: t('venues.project.back'),
  });
  if (fallback || !query.data) return fallback;
  const p = query.data;
  const allowed = new Set(p.allowedActions);
  return (
    <div className="page-panel venue-page">
      <Link to={venuePaths.projects}>
        <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingLeft: 0 }}>
          {t('venues.project.back')}
        </Button>
      </Link>
      <PageTitle title={`${p.organizationName} · ${p.venueName}`} />
      <Flex vertical gap={12}>
        <Card size="small">
          <Space wrap size={4} style={{ marginBottom: 8 }}>
            <ProjectStatusTag status={p.status} testId="project-status" />
            <KindTag kind={p.kind} />
            <LateTags daysOverdue={p.daysOverdue} stalled={p.stalled} />
          </Space>
          {p.returnReason ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 8 }}
              message={t('venues.project.returned', { reason: p.returnReason })}
              data-testid="project-return-reason"
            />
          ) : null}
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('venues.field.budget')}>
              <span data-testid="project-budget">{money(p.budget)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('venues.field.plannedArea')}>{areaText(p.plannedArea)} ㎡</Descriptions.Item>
            <Descriptions.Item label={t('venues.field.deadline')}>{p.deadline}</Descriptions.Item>
            <Descriptions.Item label={t('venues.project.progress')}>
              <Progress percent={p.progress} size="small" style={{ width: 160 }} data-testid="project-progress" />
            </Descriptions.Item>
            <Descriptions.Item label={t('venues.field.plan')} span={2}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{p.plan}</Typography.Paragraph>
            </Descriptions.Item>
          </Descriptions>
          <VenueFiles files={p.files} />
          {allowed.has('upload') ? (
            <VenueFileButton target={{ projectId: p.id }} label={t('venues.project.attachPlan')} testId="project-upload-plan" />
          ) : null}
          <div style={{ marginTop: 12 }}>
            <Actions p={p} open={(d, a) => setDialog({ d, a: a ?? null })} />
          </div>
        </Card>

        <Card size="small" title={t('venues.project.venue')}>
          <Typography.Text>
            {t('venues.register.figures', {
              area: areaText(p.venue.buildingArea),
              hall: areaText(p.venue.hallArea),
              ownership: pick(VENUE_OWNERSHIP_LABELS[p.venue.ownership]),
            })}
          </Typography.Text>
          <div>
            {p.venue.passes ? (
              <Tag color="green" data-testid="project-venue-passes">
                {t('venues.register.passes')}
              </Tag>
            ) : (
              <Typography.Text type="danger">{p.venue.reasons.map((r) => pick(r)).join('；')}</Typography.Text>
            )}
          </div>
          <VenueFiles files={p.venue.photos} />
        </Card>

        <Card size="small" title={t('venues.project.milestones')}>
          {p.milestones.length === 0 ? (
            <Typography.Text type="secondary">{t('venues.project.noMilestones')}</Typography.Text>
          ) : (
            <List
              dataSource={[...p.milestones].reverse()}
              renderItem={(m) => (
                <List.Item key={m.id}>
                  <Flex vertical gap={4} style={{ width: '100%' }}>
                    <Space wrap>
                      <Typography.Text strong>{m.progress}%</Typography.Text>
                      <Typography.Text>{m.title}</Typography.Text>
                      <Typography.Text type="secondary">
                        {formatDateTime(m.recordedAt).slice(0, 16)} {m.recordedByName ?? ''}
                      </Typography.Text>
                    </Space>
                    {m.note ? <Typography.Text type="secondary">{m.note}</Typography.Text> : null}
                    <VenueFiles files={m.photos} />
                    {allowed.has('milestone') ? (
                      <VenueFileButton target={{ milestoneId: m.id }} label={t('venues.project.addPhoto')} photo testId="milestone-photo" />
                    ) : null}
                  </Flex>
                </List.Item>
              )}
            />
          )}
        </Card>

        <Card size="small" title={t('venues.fund.title')}>
          <Space wrap size={16} style={{ marginBottom: 8 }}>
            <span>{t('venues.fund.allocated', { amount: money(p.allocated) })}</span>
            <span>{t('venues.fund.spent', { amount: money(p.spent) })}</span>
            <Typography.Text type={p.balance < 0 ? 'danger' : undefined} data-testid="project-balance">
              {t('venues.fund.balance', { amount: money(p.balance) })}
            </Typography.Text>
          </Space>
          {p.allocations.length ? (
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              scroll={{ x: true }}
              dataSource={p.allocations}
              columns={[
                { title: t('venues.fund.allocatedOn'), dataIndex: 'allocatedOn', onCell: nowrap, onHeaderCell: nowrap },
                { title: t('venues.fund.documentNo'), dataIndex: 'documentNo' },
                {
                  title: t('venues.fund.amount'),
                  dataIndex: 'amount',
                  align: 'right',
                  // "150,00 / 0.00 元" broke over two lines on a phone: the table scrolls instead.
                  onCell: nowrap,
                  onHeaderCell: nowrap,
                  render: (_: number, a: FundAllocation) => <FundAmount entry={a} money={money} />,
                },
                {
                  key: 'reversal',
                  render: (_: unknown, a: FundAllocation) => (
                    <ReversalNote
                      entry={a}
                      of={p.allocations.find((x) => x.id === a.reversesId)?.allocatedOn}
                      onReverse={allowed.has('allocate') ? () => setReversing({ kind: 'allocations', entry: a }) : undefined}
                      testId="fund-reverse-allocation"
                    />
                  ),
                },
              ]}
            />
          ) : null}
          {p.spendings.length ? (
            <List
              style={{ marginTop: 8 }}
              dataSource={p.spendings}
              renderItem={(s) => (
                <List.Item key={s.id}>
                  <Flex vertical gap={2} style={{ width: '100%' }}>
                    <Space wrap>
                      <span>{s.spentOn}</span>
                      <span>{s.payee}</span>
                      <span>{s.purpose}</span>
                      <FundAmount entry={s} money={money} strong />
                      <Typography.Text type="secondary">{s.voucherNo}</Typography.Text>
                      {s.overrideReason ? <Tag color="red">{t('venues.fund.overridden', { reason: s.overrideReason })}</Tag> : null}
                      <ReversalNote
                        entry={s}
                        of={p.spendings.find((x) => x.id === s.reversesId)?.spentOn}
                        onReverse={allowed.has('spend') ? () => setReversing({ kind: 'spendings', entry: s }) : undefined}
                        testId="fund-reverse-spending"
                      />
                    </Space>
                    <VenueFiles files={s.vouchers} />
                    {allowed.has('spend') ? (
                      <VenueFileButton target={{ spendingId: s.id }} label={t('venues.fund.attachVoucher')} testId="spending-voucher" />
                    ) : null}
                  </Flex>
                </List.Item>
              )}
            />
          ) : null}
        </Card>

        <Card size="small" title={t('venues.project.history')}>
          <Timeline
            items={p.history.map((h) => ({
              key: `${h.at}${h.action}`,
              children: (
                <Flex vertical>
                  <span>
                    {h.action === 'created'
                      ? t('venues.project.created')
                      : pick(VENUE_PROJECT_ACTION_LABELS[h.action as VenueProjectAction])}
                    {' → '}
                    {pick(VENUE_PROJECT_STATUS_LABELS[h.toStatus])}
                  </span>
                  <Typography.Text type="secondary">
                    {formatDateTime(h.at).slice(0, 16)} {h.actorName ?? ''}
                  </Typography.Text>
                  {h.reason ? <Typography.Text type="warning">{h.reason}</Typography.Text> : null}
                </Flex>
              ),
            }))}
          />
        </Card>
      </Flex>
      <ProjectDialogs project={p} dialog={dialog?.d ?? null} action={dialog?.a ?? null} onClose={() => setDialog(null)} />
      {reversing ? <ReverseEntryModal project={p} target={reversing} onClose={() => setReversing(null)} /> : null}
    </div>
  );
}
