import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, App, Breadcrumb, Button, Card, Col, Descriptions, Flex, Input, Result, Row, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { ProblemDetail } from '../../../domain/contracts/problems.ts';
import { PROBLEM_ACTIONS, PROBLEM_ACTION_LABELS, type ProblemAction } from '../../../domain/problem-workflow.ts';
import { ApiError } from '../../api/client.ts';
import { useCurrentUser } from '../../api/session.ts';
import { useAddProgress, useProblem, useTransitionProblem } from '../../api/problems.ts';
import { paths } from '../../app/paths.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { useI18n } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useIsMobile } from '../../lib/use-is-mobile.ts';
import { PublicPhotosCard } from '../portal/PublicPhotosCard.tsx';
import { EditProblemModal } from './EditProblemModal.tsx';
import { EvidenceSection } from './EvidenceSection.tsx';
import { SEVERITY_COLORS, SEVERITY_LABELS } from './labels.ts';
import { MeasuresSection } from './MeasuresSection.tsx';
import { DueTag, ProblemStatusTag } from './ProblemTags.tsx';
import { ProblemTimeline } from './ProblemTimeline.tsx';
import { TransitionModal } from './TransitionModal.tsx';
import { errorTakesPage } from '../../components/query-state.ts';
import { StaleNotice } from '../../components/StaleNotice.tsx';
import { useIdempotencyKey } from '../../lib/idempotency-key.ts';

/** The workflow steps that move the problem forward are the primary buttons. */
const PRIMARY: ReadonlySet<ProblemAction> = new Set(['start', 'submit', 'accept', 'close']);

export function ProblemDetailPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const problem = useProblem(id);

  if (problem.isLoading) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (errorTakesPage(problem)) {
    const notFound = problem.error instanceof ApiError && (problem.error.status === 404 || problem.error.status === 403);
    return notFound ? (
      <Result status="404" title={t('ledger.notFound')} extra={<Link to={paths.ledger}>{t('ledger.backToLedger')}</Link>} />
    ) : (
      <ErrorAlert error={problem.error} onRetry={() => void problem.refetch()} />
    );
  }
  if (!problem.data) return null;
  return (
    <>
      <StaleNotice query={problem} />
      <ProblemView problem={problem.data} />
    </>
  );
}

function ProblemView({ problem }: { problem: ProblemDetail }) {
  const { t, pick, lang } = useI18n();
  const { message, modal } = App.useApp();
  const notifyError = useNotifyError();
  const isMobile = useIsMobile();
  const [pending, setPending] = useState<ProblemAction | null>(null);
  const [editing, setEditing] = useState(false);
  const [progressText, setProgressText] = useState('');
  const addProgress = useAddProgress();
  const progressKey = useIdempotencyKey();
  const transition = useTransitionProblem();
  const allowed = new Set(problem.allowedActions);
  const canChoosePhotos = useCurrentUser().permissions.includes('portal.publish');
  const workflow = PROBLEM_ACTIONS.filter((a) => allowed.has(a));

  // The same tap opens the camera (a phone) or the file chooser, and the page shows the evidence section below the
  // sticky header: one step, as the dashboard's quick sheet takes the photo.
  const pickEvidence = () => {
    const section = document.getElementById('evidence');
    section?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    section?.querySelector<HTMLInputElement>(`[data-testid="${isMobile ? 'evidence-camera' : 'evidence-upload'}"]`)?.click();
  };
  const pickText = t(isMobile ? 'ledger.submitNeedsEvidence.camera' : 'ledger.submitNeedsEvidence.files');
  // Sent back and not yet resubmitted: the last send-back's reason, time and verifier.
  const rejection = problem.lastRejection;

  const onAction = (action: ProblemAction) => {
    if (action === 'submit' && problem.evidence.length === 0) {
      modal.confirm({
        title: t('ledger.submitNeedsEvidence.title'),
        content: t('ledger.submitNeedsEvidence.content'),
        okText: pickText,
        cancelText: t('ledger.submitNeedsEvidence.later'),
        okButtonProps: { 'data-testid': 'submit-needs-evidence-ok' },
        onOk: pickEvidence,
      });
      return;
    }
    // Sent back, and nothing added since: the verifier has seen what is there and found it wanting. The quick sheet
    // asks for a new photo; here she is asked first and may still go on with what is there (the send-back may have
    // been about a measure, not the photos).
    if (action === 'submit' && rejection && !problem.evidence.some((e) => e.uploadedAt > rejection.at)) {
      modal.confirm({
        title: t('ledger.submitNeedsNewEvidence.title'),
        content: t('ledger.submitNeedsNewEvidence.content', { reason: rejection.reason }),
        okText: pickText,
        cancelText: t('ledger.submitNeedsNewEvidence.anyway'),
        okButtonProps: { 'data-testid': 'submit-needs-new-evidence-ok' },
        cancelButtonProps: { 'data-testid': 'submit-needs-new-evidence-anyway' },
        onOk: pickEvidence,
        onCancel: () => setPending('submit'),
      });
      return;
    }
    if (action === 'start') {
      // The one step with nothing to confirm or explain: a single tap.
      transition.mutate(
        { id: problem.id, body: { action, version: problem.version } },
        { onSuccess: () => void message.success(t('ledger.transition.done.start')), onError: notifyError },
      );
      return;
    }
    setPending(action);
  };

  const submitProgress = async () => {
    const text = progressText.trim();
    if (!text) return;
    try {
      await addProgress.mutateAsync({ id: problem.id, text, key: progressKey.keyFor({ id: problem.id, text }) });
      progressKey.done();
      setProgressText('');
      void message.success(t('ledger.progress.added'));
    } catch (err) {
      notifyError(err);
    }
  };

  const actionButtons = (workflow.length > 0 || allowed.has('edit')) && (
    <Flex gap={8} wrap className="problem-actions" vertical={isMobile}>
      {workflow.map((a) => (
        <Button
          key={a}
          type={PRIMARY.has(a) ? 'primary' : 'default'}
          danger={a === 'reject' || a === 'reopen'}
          size={isMobile ? 'large' : 'middle'}
          block={isMobile}
          loading={a === 'start' && transition.isPending}
          onClick={() => onAction(a)}
          data-testid={`problem-action-${a}`}
        >
          {pick(PROBLEM_ACTION_LABELS[a])}
        </Button>
      ))}
      {allowed.has('edit') && (
        <Button
          icon={<EditOutlined />}
          size={isMobile ? 'large' : 'middle'}
          block={isMobile}
          onClick={() => setEditing(true)}
          data-testid="problem-action-edit"
        >
          {t('ledger.edit.button')}
        </Button>
      )}
    </Flex>
  );

  // Sent back and not yet resubmitted (`rejection`): the reason stays in sight until the village submits again.
  const source = [problem.sourceRoundName, problem.sourceGroupName, problem.foundByName].filter(Boolean).join(' · ');
  const facts = (
    <Card size="small" className="detail-card" title={t('ledger.facts.title')}>
      <Descriptions column={1} size="small" className="problem-facts" labelStyle={{ width: isMobile ? (lang === 'en' ? 108 : 84) : 120 }}>
        <Descriptions.Item label={t('ledger.field.checkItem')}>
          {problem.checkItemTitle ? (
            <div>
              <div>
                {problem.areaName ? `${problem.areaName} · ` : ''}
                {problem.checkItemCode ? `${problem.checkItemCode} ` : ''}
                {problem.checkItemTitle}
              </div>
              {problem.checkItemCriterion && (
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {t('ledger.field.criterion')}
                  {t('common.colon')}
                  {problem.checkItemCriterion}
                </Typography.Text>
              )}
            </div>
          ) : (
            t('ledger.field.noCheckItem')
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('ledger.field.description')}>
          <span style={{ whiteSpace: 'pre-wrap' }} data-testid="problem-description">
            {problem.description}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('ledger.field.severity')}>
          <Tag color={SEVERITY_COLORS[problem.severity]}>{pick(SEVERITY_LABELS[problem.severity])}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('ledger.field.owner')}>{problem.ownerName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('ledger.field.responsibleOrg')}>{problem.responsibleOrgName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('ledger.field.leadOfficial')}>{problem.leadOfficial ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('ledger.field.dueOn')}>
          <Flex gap={6} align="center" wrap>
            <span className={problem.overdue ? 'due-overdue' : undefined}>{problem.dueOn ?? t('ledger.noDue')}</span>
            <DueTag overdue={problem.overdue} daysOverdue={problem.daysOverdue} dueSoon={problem.dueSoon} dueOn={problem.dueOn} />
            {problem.lateAcceptance && <Tag color="volcano">{t('ledger.lateAcceptance')}</Tag>}
          </Flex>
        </Descriptions.Item>
        <Descriptions.Item label={t('ledger.field.source')}>
          {problem.foundOn}
          {source ? ` · ${source}` : ''}
        </Descriptions.Item>
        {problem.acceptedAt && (
          <Descriptions.Item label={t('ledger.field.acceptance')}>
            {formatDateTime(problem.acceptedAt).slice(0, 16)}
            {problem.acceptedByName ? ` · ${problem.acceptedByName}` : ''}
            {problem.acceptanceOpinion ? `${t('common.colon')}${problem.acceptanceOpinion}` : ''}
          </Descriptions.Item>
        )}
        {problem.closedAt && (
          <Descriptions.Item label={t('ledger.field.closedAt')}>{formatDateTime(problem.closedAt).slice(0, 16)}</Descriptions.Item>
        )}
        <Descriptions.Item label={t('ledger.field.isPublic')}>
          {problem.isPublic ? t('common.yes') : t('common.no')}
          {problem.isPublic && problem.status !== 'withdrawn' ? (
            <>
              {' · '}
              <a
                href={`/public/villages/${problem.organizationId}#p-${problem.code}`}
                target="_blank"
                rel="noreferrer"
                data-testid="problem-public-link"
              >
                {t('ledger.field.isPublicOpen')}
              </a>
            </>
          ) : null}
        </Descriptions.Item>
        {problem.remark && <Descriptions.Item label={t('ledger.field.remark')}>{problem.remark}</Descriptions.Item>}
      </Descriptions>
    </Card>
  );

  const progressForm = allowed.has('addProgress') && (
    <Card size="small" className="detail-card" title={t('ledger.progress.title')}>
      <Input.TextArea
        rows={3}
        maxLength={1000}
        showCount
        value={progressText}
        onChange={(e) => setProgressText(e.target.value)}
        placeholder={t('ledger.progress.placeholder')}
        data-testid="progress-text"
      />
      {/* The portal shows a public problem's progress: the names it knows are cut to the surname, others cannot be. */}
      {problem.isPublic && (
        <div className="text-secondary" style={{ fontSize: 13, marginTop: 6 }} data-testid="progress-public-hint">
          {t('ledger.progress.publicHint')}
        </div>
      )}
      <Flex justify="flex-end" style={{ marginTop: 24 }}>
        <Button
          type="primary"
          size={isMobile ? 'large' : 'middle'}
          block={isMobile}
          disabled={!progressText.trim()}
          loading={addProgress.isPending}
          onClick={() => void submitProgress()}
          data-testid="progress-submit"
        >
          {t('ledger.progress.submit')}
        </Button>
      </Flex>
    </Card>
  );

  const evidence = (
    <EvidenceSection problemId={problem.id} evidence={problem.evidence} canUpload={allowed.has('uploadEvidence')} isMobile={isMobile} />
  );
  // 公示照片: for those who choose the photos shown on the public portal (modules/portal).
  const publicPhotos =
    problem.isPublic && canChoosePhotos ? <PublicPhotosCard problemId={problem.id} evidenceCount={problem.evidence.length} /> : null;
  const measures = <MeasuresSection problem={problem} canAdd={allowed.has('addMeasure')} />;
  const timeline = <ProblemTimeline entries={problem.timeline} />;

  return (
    <div data-testid="problem-detail" data-problem-id={problem.id} data-status={problem.status}>
      <Breadcrumb
        className="problem-breadcrumb"
        items={[
          {
            title: (
              <Link to={paths.ledger}>
                <ArrowLeftOutlined /> {t('ledger.pageTitle')}
              </Link>
            ),
          },
          ...problem.organizationPath.map((o) => ({ title: <Link to={paths.ledgerOf({ organizationId: o.id })}>{o.name}</Link> })),
        ]}
      />
      <PageTitle
        title={`${t('ledger.detailTitle')} ${problem.code}`}
        extra={
          <Flex gap={6} align="center" wrap>
            <ProblemStatusTag status={problem.status} testId="problem-status" />
            <DueTag overdue={problem.overdue} daysOverdue={problem.daysOverdue} dueSoon={problem.dueSoon} dueOn={problem.dueOn} />
          </Flex>
        }
      />
      {rejection && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="problem-rejected-banner"
          message={<span style={{ whiteSpace: 'pre-wrap' }}>{t('ledger.rejected.banner', { reason: rejection.reason })}</span>}
          description={
            rejection.byName
              ? t('ledger.rejected.hintBy', { name: rejection.byName, at: formatDateTime(rejection.at).slice(0, 16) })
              : t('ledger.rejected.hint', { at: formatDateTime(rejection.at).slice(0, 16) })
          }
        />
      )}
      {actionButtons && <div className="problem-action-bar">{actionButtons}</div>}
      {isMobile ? (
        // On the phone the measures come first: they say what is to be done, then the proof and the progress.
        <Flex vertical gap={12}>
          {facts}
          {measures}
          {evidence}
          {publicPhotos}
          {progressForm}
          {timeline}
        </Flex>
      ) : (
        <Row gutter={16}>
          <Col span={14}>
            <Flex vertical gap={16}>
              {facts}
              {measures}
              {evidence}
              {publicPhotos}
            </Flex>
          </Col>
          <Col span={10}>
            <Flex vertical gap={16}>
              {progressForm}
              {timeline}
            </Flex>
          </Col>
        </Row>
      )}
      {pending && (
        <TransitionModal
          problem={problem}
          action={pending}
          onClose={() => setPending(null)}
          onDone={(a) => void message.success(t(`ledger.transition.done.${a}`))}
        />
      )}
      {allowed.has('edit') && <EditProblemModal problem={problem} open={editing} onClose={() => setEditing(false)} />}
    </div>
  );
}
