import { ReloadOutlined } from '@ant-design/icons';
import { Button, Col, Empty, Flex, Row, Skeleton, Tag } from 'antd';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import type { ThisWeekReport, VillageDashboard, VillageProblem } from '../../../domain/contracts/dashboard.ts';
import { weekLabel } from '../../../domain/cadence.ts';
import { RAG_LABELS } from '../../../domain/rag.ts';
import { VISIT_TASK_STATUS_LABELS } from '../../../domain/visit-tasks.ts';
import { useVillageDashboard } from '../../api/dashboard.ts';
import { paths } from '../../app/paths.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n, type MessageKey } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { ProblemStatusTag } from '../ledger/ProblemTags.tsx';
import { ledgerLink, RAG_HEX, RAG_TAG_COLOURS } from './dashboard-charts.ts';

// Its score and 达标 state: loaded after the cards the secretary acts on.
const VillageStandingCard = lazy(() => import('../attainments/VillageStanding.tsx').then((m) => ({ default: m.VillageStandingCard })));
// 党建学习与坐班值班 (record a session, sign in for duty): its own request, after the cards above.
const StudyDashboardCard = lazy(() => import('../study/StudyDashboardCard.tsx').then((m) => ({ default: m.StudyDashboardCard })));
const REPORT_TAG_COLOURS = { not_started: 'default', draft: 'processing', submitted: 'success', returned: 'warning' } as const;

/** 村级工作台: big, phone-first cards of what the secretary has to do now. */
export function VillageDashboardView({ organizationId }: { organizationId: string | undefined }) {
  const { t } = useI18n();
  const village = useVillageDashboard(organizationId);
  const data = village.data;
  const title = data ? `${t('dashboard.villageTitle')} · ${data.organization.name}` : t('dashboard.villageTitle');
  return (
    <div data-testid="dashboard-village">
      <PageTitle
        title={title}
        extra={
          <Button
            icon={<ReloadOutlined />}
            onClick={() => void village.refetch()}
            loading={village.isFetching}
            aria-label={t('dashboard.refresh')}
            data-testid="dashboard-refresh"
          />
        }
      />
      {village.error ? (
        <ErrorAlert error={village.error} title={t('dashboard.loadFailed')} onRetry={() => void village.refetch()} />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <VillageBody data={data} />
      )}
    </div>
  );
}

// The village dashboard is a secretary's first page after sign-in, often on a slow phone: its cards and lists
// are plain markup in antd's look (styles.css, "Village dashboard"), so that first load does not wait for antd's
// Card (with its tabs) and List (with its pagination and select).
function BigCard({ title, extra, children, testId }: { title: string; extra?: ReactNode; children: ReactNode; testId: string }) {
  return (
    <section className="village-card" data-testid={testId}>
      <header className="village-card-head">
        <h2 className="village-card-title">{title}</h2>
        {extra && <div className="village-card-extra">{extra}</div>}
      </header>
      <div className="village-card-body">{children}</div>
    </section>
  );
}

function DueText({ p }: { p: VillageProblem }) {
  const { t } = useI18n();
  if (p.overdue)
    return (
      <Tag color="red" style={{ marginInlineEnd: 0 }}>
        {t('dashboard.village.overdueDays', { n: Math.max(p.daysOverdue, 1) })}
      </Tag>
    );
  if (p.daysLeft === null) return <span className="text-secondary">{t('dashboard.village.noDeadline')}</span>;
  const text = p.daysLeft === 0 ? t('dashboard.village.dueToday') : t('dashboard.village.daysLeft', { n: p.daysLeft });
  return (
    <Tag color={p.daysLeft <= 6 ? 'gold' : 'default'} style={{ marginInlineEnd: 0 }}>
      {text}
    </Tag>
  );
}

// The 整改完成 sheet (antd Drawer, upload) loads on the first tap, not with the dashboard.
const QuickSubmitSheet = lazy(() => import('../ledger/QuickSubmitSheet.tsx').then((m) => ({ default: m.QuickSubmitSheet })));

function ProblemList({ items, empty, testId }: { items: VillageProblem[]; empty: string; testId: string }) {
  const { t } = useI18n();
  const [quick, setQuick] = useState<VillageProblem | null>(null);
  return (
    <ul className="village-list" data-testid={testId}>
      {items.length === 0 && (
        <li className="village-list-empty">
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />
        </li>
      )}
      {items.map((p) => (
        <li key={p.id} className="village-list-item">
          <Link
            to={paths.problem(p.id)}
            style={{ display: 'block', width: '100%', color: 'inherit' }}
            data-testid={`${testId}-item`}
            data-sent-back={p.sentBack ? 'true' : undefined}
          >
            <Flex vertical gap={6}>
              <span style={{ fontSize: 16 }}>{p.description}</span>
              {p.sentBack && (
                <span className="text-danger" style={{ fontSize: 14, whiteSpace: 'pre-wrap' }}>
                  {t('dashboard.village.sentBackReason', { reason: p.sentBack.reason })}
                </span>
              )}
              <Flex gap={8} wrap align="center">
                {p.sentBack && (
                  <Tag color="volcano" style={{ marginInlineEnd: 0 }} data-testid="village-sent-back">
                    {t('dashboard.village.sentBack')}
                  </Tag>
                )}
                <ProblemStatusTag status={p.status} />
                <DueText p={p} />
                <span className="text-secondary" style={{ fontSize: 13 }}>
                  {p.code}
                  {p.dueOn ? ` · ${p.dueOn}` : ''}
                  {p.ownerName ? ` · ${p.ownerName}` : ''}
                </span>
              </Flex>
            </Flex>
          </Link>
          {(p.allowedActions.includes('submit') || p.allowedActions.includes('start')) && p.allowedActions.includes('uploadEvidence') && (
            <Button
              type="primary"
              block
              size="large"
              className="village-quick-submit"
              onClick={() => setQuick(p)}
              data-testid="village-quick-submit"
            >
              {t('quickSubmit.action')}
            </Button>
          )}
        </li>
      ))}
      {quick && (
        <Suspense fallback={null}>
          <QuickSubmitSheet problemId={quick.id} code={quick.code} onClose={() => setQuick(null)} />
        </Suspense>
      )}
    </ul>
  );
}

function ReportCard({ report }: { report: ThisWeekReport | null }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  if (!report) {
    return (
      <BigCard title={t('dashboard.village.report')} testId="village-report-card">
        <p className="text-secondary" style={{ margin: 0 }}>
          {t('dashboard.village.reportByGroup')}
        </p>
      </BigCard>
    );
  }
  const filed = report.status === 'submitted';
  const statusKey = `dashboard.village.reportStatus.${report.status}` as MessageKey;
  return (
    <BigCard title={t('dashboard.village.report')} testId="village-report-card">
      <Flex vertical gap={12}>
        <span className="text-secondary">{weekLabel(report.week, lang)}</span>
        <Flex gap={8} wrap align="center">
          <Tag color={REPORT_TAG_COLOURS[report.status]} data-status={report.status} style={{ fontSize: 15, padding: '2px 10px' }}>
            {t(statusKey)}
          </Tag>
          {report.late && (
            <Tag color="red" data-testid="village-report-late">
              {filed ? t('dashboard.village.reportFiledLate') : t('dashboard.village.reportLate')}
            </Tag>
          )}
        </Flex>
        <span>{t('dashboard.village.reportDue', { time: formatDateTime(report.dueAt).slice(0, 16) })}</span>
        <Button
          type={filed ? 'default' : 'primary'}
          size="large"
          block
          onClick={() => void navigate(paths.weeklyReports)}
          data-testid="village-report-open"
        >
          {filed ? t('dashboard.village.viewReport') : t('dashboard.village.fillReport')}
        </Button>
      </Flex>
    </BigCard>
  );
}

function VillageBody({ data }: { data: VillageDashboard }) {
  const { t, pick, lang } = useI18n();
  const orgId = data.organization.id;
  const c = data.counts;
  const viewAll = (to: string, testId: string) => (
    <Link to={to} data-testid={testId} className="tap-target">
      {t('dashboard.village.viewAll')}
    </Link>
  );
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap align="center" data-testid="village-rag">
        <strong>{t('dashboard.village.rag')}</strong>
        <Tag color={RAG_TAG_COLOURS[data.rag.colour]} data-rag={data.rag.colour} style={{ fontSize: 14 }}>
          {pick(RAG_LABELS[data.rag.colour])}
        </Tag>
        <span className="text-secondary">{data.rag.reasons.map((r) => r[lang]).join(lang === 'zh' ? '；' : '; ')}</span>
      </Flex>
      <span className="text-secondary">{t('dashboard.village.counts', { ...c })}</span>
      <Row gutter={[12, 12]}>
        <Col xs={24} md={12} xl={8}>
          <BigCard title={t('dashboard.village.overdue')} testId="village-overdue">
            <Link to={ledgerLink(orgId, { overdue: true })} style={{ display: 'block' }} data-testid="village-overdue-link">
              <Flex align="baseline" gap={8}>
                <span style={{ fontSize: 44, fontWeight: 600, lineHeight: 1.1, color: c.overdue > 0 ? RAG_HEX.red : RAG_HEX.green }}>
                  {c.overdue}
                </span>
                <span className="text-secondary">
                  {c.overdue > 0 ? t('dashboard.village.overdueUnit', { n: c.overdue }) : t('dashboard.village.noOverdue')}
                </span>
              </Flex>
              {c.overdue > 0 && <span>{t('dashboard.village.openOverdue')} ›</span>}
            </Link>
          </BigCard>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <ReportCard report={data.thisWeekReport} />
        </Col>
        <Col xs={24} md={12} xl={8}>
          <BigCard
            title={`${t('dashboard.village.dueSoon')} ${data.dueSoon.length}`}
            extra={viewAll(ledgerLink(orgId, { dueSoon: true }), 'village-due-soon-all')}
            testId="village-due-soon"
          >
            <ProblemList items={data.dueSoon} empty={t('dashboard.village.noDueSoon')} testId="village-due-soon-list" />
          </BigCard>
        </Col>
        <Col xs={24} md={12} xl={24}>
          <BigCard
            title={t('dashboard.village.myProblems')}
            extra={viewAll(paths.ledgerOf({ organizationId: orgId, status: 'open,rectifying' }), 'village-my-problems-all')}
            testId="village-my-problems"
          >
            <span className="text-secondary" style={{ fontSize: 13 }}>
              {t('dashboard.village.myProblemsHint')}
            </span>
            <ProblemList
              items={data.myProblems}
              empty={t(data.dueSoon.length > 0 ? 'dashboard.village.noOtherActionable' : 'dashboard.village.noActionable')}
              testId="village-my-problems-list"
            />
          </BigCard>
        </Col>
        {data.visitTasks.length > 0 && (
          <Col xs={24}>
            <BigCard title={`${t('visit.dashboardTitle')} ${data.visitTasks.length}`} testId="village-visit-tasks">
              <ul className="village-list">
                {data.visitTasks.map((task) => (
                  <li key={task.id} className="village-list-item" data-testid="village-visit-task">
                    <Flex gap={6} wrap align="center">
                      <Tag color={task.status === 'not_done' ? 'orange' : 'blue'}>{pick(VISIT_TASK_STATUS_LABELS[task.status])}</Tag>
                      {task.overdue && <Tag color="red">{t('visit.overdueDays', { n: task.daysOverdue })}</Tag>}
                      <span>{task.instruction}</span>
                    </Flex>
                    <span className="text-secondary" style={{ fontSize: 13 }}>
                      {task.leaderName} · {task.visitedOn} · {task.ownerUnit} · {t('visit.taskDue')} {task.dueOn}
                    </span>
                  </li>
                ))}
              </ul>
            </BigCard>
          </Col>
        )}
        {/* The cards whose code comes later go last, and together: when they arrive nothing above them moves, so a tap
            on a button above lands on that button (a card appearing above the lists moved them under the finger). */}
        <Suspense fallback={null}>
          <Col xs={24} md={12} xl={16}>
            <VillageStandingCard standing={data.standing} period={data.rectification} />
          </Col>
          <Col xs={24} md={12} xl={8}>
            <StudyDashboardCard organizationId={orgId} />
          </Col>
        </Suspense>
      </Row>
    </Flex>
  );
}
