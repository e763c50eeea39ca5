import { App, Alert, Button, Card, Col, Empty, Flex, Input, List, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { weekLabel } from '../../../domain/cadence.ts';
import type { ReportFigures, WeeklyReportDetail } from '../../../domain/contracts/weekly-reports.ts';
import { REPORT_TEXT_MAX } from '../../../domain/weekly-report-workflow.ts';
import { useCommentWeeklyReport, useSaveWeeklyReport, useSubmitWeeklyReport } from '../../api/weekly-reports.ts';
import type { UpdateWeeklyReportBody } from '../../../domain/contracts/weekly-reports.ts';
import { isSameTexts, type ReportSnapshot, type ReportTexts, syncWithServer, textsOf } from './report-sync.ts';
import { useCurrentUser } from '../../api/session.ts';
import { clearDraft, draftKey, readDraft, writeDraft } from '../../lib/local-draft.ts';
import { RestoredDraftNotice } from '../../components/RestoredDraftNotice.tsx';
import { useLeaveWarning } from '../../lib/use-leave-warning.ts';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { useI18n, type MessageKey } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { FlagTag, ReportStatusTag } from './report-tags.tsx';
import { ReturnModal } from './ReturnModal.tsx';
import { VenueReportCard } from '../venues/VenueReportCard.tsx';
import { StudyReportCard } from '../study/StudyReportCard.tsx';

const FIGURES: Array<{ key: keyof ReportFigures; label: MessageKey; warn?: boolean }> = [
  // Every status, so that the parts add up to the total (待整改 and 已验收 were missing: 11 against 2 + 5 + 1).
  { key: 'total', label: 'reports.figures.total' },
  { key: 'open', label: 'reports.figures.open' },
  { key: 'rectifying', label: 'reports.figures.rectifying' },
  { key: 'submitted', label: 'reports.figures.submitted' },
  { key: 'accepted', label: 'reports.figures.accepted' },
  { key: 'closed', label: 'reports.figures.closed' },
  { key: 'overdue', label: 'reports.figures.overdue', warn: true },
  { key: 'newCount', label: 'reports.figures.newCount' },
  { key: 'acceptedCount', label: 'reports.figures.acceptedCount' },
  { key: 'closedCount', label: 'reports.figures.closedCount' },
];

const TEXTS = [
  { field: 'progress', label: 'reports.progress', placeholder: 'reports.progress.placeholder', testId: 'report-progress' },
  { field: 'difficulties', label: 'reports.difficulties', placeholder: 'reports.difficulties.placeholder', testId: 'report-difficulties' },
  { field: 'nextPlan', label: 'reports.nextPlan', placeholder: 'reports.nextPlan.placeholder', testId: 'report-next-plan' },
] as const satisfies ReadonlyArray<{
  field: 'progress' | 'difficulties' | 'nextPlan';
  label: MessageKey;
  placeholder: MessageKey;
  testId: string;
}>;

type Texts = ReportTexts;

/** One report: figures, texts (editable for the filer), send-backs and comments, reviewer actions. */
export function ReportView({ report }: { report: WeeklyReportDetail }) {
  const { t, lang } = useI18n();
  const allowed = new Set(report.allowedActions);
  const lastReturn = [...report.comments].reverse().find((c) => c.kind === 'return');
  const pastDue = Date.now() > Date.parse(report.dueAt);

  return (
    <Flex vertical gap={16}>
      <Card size="small">
        <Flex wrap gap={8} align="center" justify="space-between">
          <div>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {report.unit.name}
            </Typography.Title>
            <Typography.Text type="secondary">
              {[...(report.unit.type === 'organization' ? report.unit.pathNames : []), weekLabel(report.week, lang)].join(' · ')}
            </Typography.Text>
          </div>
          <Space wrap size={4}>
            <ReportStatusTag status={report.status} testId="report-status" />
            <FlagTag flag={report.flag} />
          </Space>
        </Flex>
        <Flex wrap gap={16} style={{ marginTop: 8 }}>
          <Typography.Text type={report.flag === 'missing' ? 'danger' : 'secondary'} data-testid="report-due">
            {t('reports.dueAt', { at: formatDateTime(report.dueAt).slice(0, 16) })}
          </Typography.Text>
          {report.submittedAt ? (
            <Typography.Text type="secondary">
              {t('reports.submittedAt', { at: formatDateTime(report.submittedAt).slice(0, 16), name: report.submittedByName ?? '' })}
              {report.isLate ? (
                <Tag color="orange" style={{ marginLeft: 8 }}>
                  {t('reports.late')}
                </Tag>
              ) : null}
            </Typography.Text>
          ) : pastDue ? (
            <Typography.Text type="danger">{t('reports.overdueNow')}</Typography.Text>
          ) : null}
        </Flex>
      </Card>

      {report.status === 'returned' && lastReturn ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="report-returned"
          message={t('reports.returnedAlert')}
          description={
            <>
              <Typography.Text type="secondary">
                {t('reports.returnedBy', { name: lastReturn.authorName ?? '', at: formatDateTime(lastReturn.at).slice(0, 16) })}
              </Typography.Text>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} strong>
                {lastReturn.text}
              </Typography.Paragraph>
            </>
          }
        />
      ) : null}

      {allowed.has('edit') ? (
        <ReportEditor key={report.id} report={report} pastDue={pastDue} />
      ) : (
        <>
          <FiguresCard figures={report.figures} />
          <Card size="small">
            {TEXTS.map((x) => (
              <div key={x.field} style={{ marginBottom: 12 }}>
                <Typography.Text strong>{t(x.label)}</Typography.Text>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }} data-testid={`${x.testId}-text`}>
                  {report[x.field] || <Typography.Text type="secondary">{t('reports.empty.text')}</Typography.Text>}
                </Typography.Paragraph>
              </div>
            ))}
          </Card>
        </>
      )}

      <VenueReportCard venues={report.venues} />
      <StudyReportCard study={report.study} />

      <ReviewSection report={report} />
    </Flex>
  );
}

function FiguresCard({ figures, extra }: { figures: ReportFigures; extra?: ReactNode }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('reports.figures.title')} extra={extra} data-testid="report-figures">
      <Row gutter={[12, 12]}>
        {FIGURES.map((f) => (
          <Col key={f.key} xs={12} sm={6}>
            <Statistic
              title={t(f.label)}
              value={figures[f.key]}
              valueStyle={f.warn && figures[f.key] > 0 ? { color: '#cf1322' } : undefined}
              data-testid={`report-figure-${f.key}`}
            />
          </Col>
        ))}
      </Row>
    </Card>
  );
}

function ReportEditor({ report, pastDue }: { report: WeeklyReportDetail; pastDue: boolean }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const notifyError = useNotifyError();
  const save = useSaveWeeklyReport();
  const submit = useSubmitWeeklyReport();
  const user = useCurrentUser();
  const key = draftKey(user.id, 'weekly-report', report.id);
  // What was typed and not saved last time (a reload, Back, a dropped link, a session that ended) comes back.
  const [stored] = useState(() => {
    const d = readDraft<Texts>(key);
    return d && !isSameTexts(d.value, textsOf(report)) ? d : null;
  });
  const [restored, setRestored] = useState(stored !== null);
  const [texts, setTexts] = useState<Texts>(() => stored?.value ?? textsOf(report));
  // The version the editor works on and its texts as saved, the texts sent since (a save whose answer may have been
  // lost), and a newer version someone else saved while something was typed here. The editor is not rebuilt when the
  // report's version moves (report-sync.ts decides), so that nothing typed is lost. A draft typed over an older
  // version meets the newer one as someone else's save: the person chooses.
  const [base, setBase] = useState<ReportSnapshot>(() =>
    stored && stored.baseVersion !== report.version
      ? { version: stored.baseVersion, texts: stored.value }
      : { version: report.version, texts: textsOf(report) },
  );
  const [sent, setSent] = useState<Texts[]>([]);
  const [theirs, setTheirs] = useState<ReportSnapshot | null>(() =>
    stored && stored.baseVersion !== report.version ? { version: report.version, texts: textsOf(report) } : null,
  );
  const [progressMissing, setProgressMissing] = useState(false);
  const server: ReportSnapshot = { version: report.version, texts: textsOf(report) };
  if (server.version !== base.version && server.version !== theirs?.version) {
    // Adjusted while rendering (React's way to follow a prop), once per version seen.
    switch (syncWithServer(base, texts, sent, server)) {
      case 'adopt':
        setTexts(server.texts);
        setBase(server);
        setSent([]);
        setTheirs(null);
        break;
      case 'own':
        setBase(server);
        setSent([]);
        setTheirs(null);
        break;
      case 'conflict':
        setTheirs(server);
        break;
      case 'same':
        break;
    }
  }
  const dirty = !isSameTexts(texts, base.texts) || theirs !== null;
  const busy = save.isPending || submit.isPending;
  useEffect(() => {
    if (dirty) writeDraft(key, texts, base.version);
    else clearDraft(key);
  }, [dirty, key, texts, base.version]);
  useLeaveWarning(dirty);
  const discardDraft = () => {
    setTexts(textsOf(report));
    setBase({ version: report.version, texts: textsOf(report) });
    setTheirs(null);
    setRestored(false);
    clearDraft(key);
  };

  const send = (body: Omit<UpdateWeeklyReportBody, 'version'>, done: string) => {
    setSent((list) => [...list, { ...texts }]);
    save.mutate(
      { id: report.id, body: { version: base.version, ...body } },
      { onSuccess: () => void message.success(done), onError: notifyError },
    );
  };
  const onSave = () => send(texts, t('reports.saved'));
  const onRefresh = () => send({ ...texts, refreshFigures: true }, t('reports.figures.refreshed'));
  /** Keep what was typed here, to be saved over the newer version (the person's choice, not a silent overwrite). */
  const keepMine = () => {
    if (theirs) setBase(theirs);
    setTheirs(null);
  };
  const takeTheirs = () => {
    if (!theirs) return;
    setTexts(theirs.texts);
    setBase(theirs);
    setTheirs(null);
  };

  const onSubmit = () => {
    if (texts.progress.trim() === '') {
      setProgressMissing(true);
      void message.warning(t('reports.progressRequired'));
      // The box is above, often out of sight on a phone: brought into view (below the sticky header) and focused.
      const box = document.querySelector<HTMLTextAreaElement>('[data-testid="report-progress"]');
      box?.scrollIntoView({ behavior: 'smooth', block: 'center' });
      box?.focus({ preventScroll: true });
      return;
    }
    modal.confirm({
      title: t('reports.submit.confirmTitle'),
      content: pastDue ? `${t('reports.submit.confirmContent')} ${t('reports.submit.confirmLate')}` : t('reports.submit.confirmContent'),
      okText: t('reports.submit'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'report-submit-ok' },
      onOk: async () => {
        try {
          let version = base.version;
          if (dirty) {
            setSent((list) => [...list, { ...texts }]);
            version = (await save.mutateAsync({ id: report.id, body: { version, ...texts } })).version;
          }
          await submit.mutateAsync({ id: report.id, version });
          void message.success(t('reports.submitted'));
        } catch (err) {
          notifyError(err);
        }
      },
    });
  };

  return (
    <>
      <FiguresCard
        figures={report.figures}
        extra={
          <Button size="small" onClick={onRefresh} loading={save.isPending} disabled={busy} data-testid="report-refresh">
            {t('reports.figures.refresh')}
          </Button>
        }
      />
      {restored && !theirs ? (
        <RestoredDraftNotice
          message={t('reports.restored')}
          discardLabel={t('reports.restored.discard')}
          onDiscard={discardDraft}
          onClose={() => setRestored(false)}
          testId="report-restored"
          discardTestId="report-discard-draft"
        />
      ) : null}
      {theirs ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          data-testid="report-theirs"
          message={t('reports.theirs.title')}
          description={t('reports.theirs.text')}
          action={
            <Flex vertical gap={4}>
              <Button size="small" type="primary" onClick={keepMine} data-testid="report-keep-mine">
                {t('reports.theirs.keepMine')}
              </Button>
              <Button size="small" onClick={takeTheirs} data-testid="report-take-theirs">
                {t('reports.theirs.takeTheirs')}
              </Button>
            </Flex>
          }
        />
      ) : null}
      <Card size="small">
        {TEXTS.map((x) => (
          <div key={x.field} style={{ marginBottom: 16 }}>
            <Typography.Text strong>
              {t(x.label)}
              {x.field === 'progress' ? <Typography.Text type="danger"> *</Typography.Text> : null}
            </Typography.Text>
            <Input.TextArea
              value={texts[x.field]}
              onChange={(e) => {
                setTexts((prev) => ({ ...prev, [x.field]: e.target.value }));
                if (x.field === 'progress') setProgressMissing(false);
              }}
              placeholder={t(x.placeholder)}
              autoSize={{ minRows: 3, maxRows: 12 }}
              maxLength={REPORT_TEXT_MAX}
              showCount
              status={x.field === 'progress' && progressMissing ? 'error' : undefined}
              aria-label={t(x.label)}
              data-testid={x.testId}
              style={{ marginTop: 6 }}
            />
          </div>
        ))}
        <Flex gap={8} wrap justify="flex-end">
          <Button onClick={onSave} loading={save.isPending} disabled={busy || theirs !== null} data-testid="report-save">
            {t('reports.save')}
          </Button>
          {report.allowedActions.includes('submit') ? (
            <Button
              type="primary"
              onClick={onSubmit}
              loading={submit.isPending}
              disabled={busy || theirs !== null}
              data-testid="report-submit"
            >
              {t('reports.submit')}
            </Button>
          ) : null}
        </Flex>
      </Card>
    </>
  );
}

function ReviewSection({ report }: { report: WeeklyReportDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const comment = useCommentWeeklyReport();
  const [text, setText] = useState('');
  const [returning, setReturning] = useState(false);
  const allowed = new Set(report.allowedActions);

  const send = () => {
    const value = text.trim();
    if (!value) return;
    comment.mutate(
      { id: report.id, text: value },
      {
        onSuccess: () => {
          setText('');
          void message.success(t('reports.comment.sent'));
        },
        onError: notifyError,
      },
    );
  };

  return (
    <Card
      size="small"
      title={t('reports.comments')}
      extra={
        allowed.has('return') ? (
          <Button danger onClick={() => setReturning(true)} data-testid="report-return">
            {t('reports.return')}
          </Button>
        ) : null
      }
    >
      {report.comments.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reports.comments.empty')} />
      ) : (
        <List
          dataSource={report.comments}
          data-testid="report-comments"
          renderItem={(c) => (
            <List.Item key={c.id}>
              <div style={{ width: '100%' }}>
                <Space wrap size={4}>
                  <Tag color={c.kind === 'return' ? 'red' : 'blue'}>{t(`reports.comment.kind.${c.kind}`)}</Tag>
                  <Typography.Text strong>{c.authorName ?? ''}</Typography.Text>
                  <Typography.Text type="secondary">{formatDateTime(c.at).slice(0, 16)}</Typography.Text>
                </Space>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}>{c.text}</Typography.Paragraph>
              </div>
            </List.Item>
          )}
        />
      )}
      {allowed.has('comment') ? (
        <Flex vertical gap={8} style={{ marginTop: 12 }}>
          <Input.TextArea
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('reports.comment.placeholder')}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={REPORT_TEXT_MAX}
            aria-label={t('reports.comment.placeholder')}
            data-testid="report-comment"
          />
          <Flex justify="flex-end">
            <Button onClick={send} loading={comment.isPending} disabled={text.trim() === ''} data-testid="report-comment-send">
              {t('reports.comment.send')}
            </Button>
          </Flex>
        </Flex>
      ) : null}
      {returning ? (
        <ReturnModal report={report} onClose={() => setReturning(false)} onDone={() => void message.success(t('reports.return.done'))} />
      ) : null}
    </Card>
  );
}
