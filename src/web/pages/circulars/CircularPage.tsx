import {
  ArrowLeftOutlined,
  DeleteOutlined,
  DownloadOutlined,
  PrinterOutlined,
  ReloadOutlined,
  SaveOutlined,
  SendOutlined,
  TableOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Input, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { monthOf } from '../../../domain/cadence.ts';
import type { CircularDetail } from '../../../domain/contracts/circulars.ts';
import {
  circularAnnexXlsxUrl,
  circularDocxUrl,
  useCircular,
  useDeleteCircular,
  usePublishCircular,
  useRegenerateCircular,
  useUpdateCircular,
} from '../../api/circulars.ts';
import { paths } from '../../app/paths.ts';
import { detailFallback } from '../../components/DetailFallback.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { useI18n } from '../../i18n/index.ts';
import { dayWords, formatDateTime, monthWords } from '../../lib/format.ts';
import { CircularAnnexTables, CircularDocument } from './CircularDocument.tsx';
import { CircularStatusTag } from './CircularListPage.tsx';

export function CircularPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const query = useCircular(id);

  const fallback = detailFallback(query, { title: t('circ.notFound'), backTo: paths.circulars, backLabel: t('circ.back') });
  if (fallback || !query.data) return fallback;
  return query.data.allowedActions.includes('edit') ? <CircularEditor detail={query.data} /> : <CircularView detail={query.data} />;
}

function DocumentLinks({ detail }: { detail: CircularDetail }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const printPath = paths.circularPrint(detail.id);
  return (
    <>
      <Button icon={<DownloadOutlined />} href={circularDocxUrl(detail.id)} data-testid="circular-download">
        {t('circ.download')}
      </Button>
      <Button icon={<TableOutlined />} href={circularAnnexXlsxUrl(detail.id)} data-testid="circular-download-annex">
        {t('circ.downloadAnnex')}
      </Button>
      <Button
        icon={<PrinterOutlined />}
        href={printPath}
        onClick={(e) => {
          e.preventDefault();
          void navigate(printPath);
        }}
        data-testid="circular-print"
      >
        {t('circ.print')}
      </Button>
    </>
  );
}

function BackLink() {
  const { t } = useI18n();
  return (
    <Link to={paths.circulars} className="circ-no-print">
      <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingLeft: 0 }}>
        {t('circ.back')}
      </Button>
    </Link>
  );
}

/** A published circular (or a draft for someone who may not edit it): the document, read-only. */
function CircularView({ detail }: { detail: CircularDetail }) {
  const { t } = useI18n();
  return (
    <div className="page-panel">
      <BackLink />
      <PageTitle title={detail.number ?? detail.title} extra={<CircularStatusTag status={detail.status} />} />
      <Flex gap={8} wrap className="circ-toolbar circ-no-print">
        <DocumentLinks detail={detail} />
      </Flex>
      {detail.publishedAt && (
        <Typography.Paragraph type="secondary" className="circ-no-print">
          {t('circ.publishedBy', { name: detail.publishedByName ?? '—', at: formatDateTime(detail.publishedAt) })}
        </Typography.Paragraph>
      )}
      <CircularDocument detail={detail} />
    </div>
  );
}

interface DraftForm {
  title: string;
  issuingOffice: string;
  /** 版记's 印发机关; '' on a circular made before it was kept (left unset on save). */
  draftingOffice: string;
  docDate: string;
  texts: Record<string, string>;
}

function formOf(d: CircularDetail): DraftForm {
  return {
    title: d.title,
    issuingOffice: d.issuingOffice,
    draftingOffice: d.draftingOffice ?? '',
    docDate: d.docDate,
    texts: Object.fromEntries(d.sections.map((s) => [s.key, s.text])),
  };
}

/** True while the month has not ended in Asia/Shanghai (the circular's figures are only as at today). */
const monthNotEnded = (month: string) => month >= monthOf(new Date());

/** The draft editor: title, offices, date and each section's text; save, refresh figures, publish, delete. */
function CircularEditor({ detail }: { detail: CircularDetail }) {
  const { t, lang } = useI18n();
  const { modal, message } = App.useApp();
  const notifyError = useNotifyError();
  const navigate = useNavigate();
  const update = useUpdateCircular();
  const regenerate = useRegenerateCircular();
  const publish = usePublishCircular();
  const remove = useDeleteCircular();
  const [form, setForm] = useState<DraftForm>(() => formOf(detail));
  const [syncedVersion, setSyncedVersion] = useState(detail.version);
  // A new version from the server (save, refresh, someone else's change after a conflict) replaces the form;
  // a background refetch of the same version keeps what is being typed.
  if (syncedVersion !== detail.version) {
    setSyncedVersion(detail.version);
    setForm(formOf(detail));
  }

  const dirty = useMemo(() => JSON.stringify(form) !== JSON.stringify(formOf(detail)), [form, detail]);
  const busy = update.isPending || regenerate.isPending || publish.isPending || remove.isPending;

  const save = async (): Promise<CircularDetail> =>
    update.mutateAsync({
      id: detail.id,
      version: detail.version,
      title: form.title,
      issuingOffice: form.issuingOffice,
      draftingOffice: form.draftingOffice.trim() || undefined,
      docDate: form.docDate,
      sections: detail.sections.map((s) => ({ key: s.key, text: form.texts[s.key] ?? '' })),
    });

  const onSave = async () => {
    try {
      await save();
      void message.success(t('circ.saved'));
    } catch (err) {
      notifyError(err);
    }
  };

  const running = monthNotEnded(detail.month);
  const confirmPublish = () => {
    modal.confirm({
      // A month that has not ended is published only on an explicit second confirmation (the server insists too).
      title: running ? t('circ.publish.runningTitle', { month: monthWords(detail.month, lang) }) : t('circ.publish.title'),
      content: running ? t('circ.publish.runningContent', { asAt: dayWords(detail.annex.asAt, lang) }) : t('circ.publish.content'),
      okText: running ? t('circ.publish.runningOk') : t('circ.publish'),
      okButtonProps: { danger: running, 'data-testid': 'circular-publish-confirm' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const current = dirty ? await save() : detail;
          const done = await publish.mutateAsync({ id: detail.id, version: current.version, confirmRunningMonth: running || undefined });
          void message.success(t('circ.publish.done', { number: done.number ?? '' }));
        } catch (err) {
          notifyError(err);
        }
      },
    });
  };

  const confirmRegenerate = () => {
    modal.confirm({
      title: t('circ.regenerate.title'),
      content: t('circ.regenerate.content'),
      okText: t('circ.regenerate'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'circular-regenerate-confirm' },
      onOk: async () => {
        try {
          await regenerate.mutateAsync({ id: detail.id, version: detail.version });
          void message.success(t('circ.regenerate.done'));
        } catch (err) {
          notifyError(err);
        }
      },
    });
  };

  const confirmDelete = () => {
    modal.confirm({
      title: t('circ.delete.title'),
      content: t('circ.delete.content'),
      okText: t('circ.delete'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: true, 'data-testid': 'circular-delete-confirm' },
      onOk: async () => {
        try {
          await remove.mutateAsync({ id: detail.id, version: detail.version });
          void message.success(t('circ.delete.done'));
          void navigate(paths.circulars);
        } catch (err) {
          notifyError(err);
        }
      },
    });
  };

  return (
    <div className="page-panel circ-editor">
      <BackLink />
      <PageTitle
        title={form.title || detail.title}
        extra={
          <Space>
            <CircularStatusTag status={detail.status} />
            {dirty && <Tag color="gold">{t('circ.unsaved')}</Tag>}
          </Space>
        }
      />
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message={t('circ.draftBanner', { asAt: dayWords(detail.annex.asAt, lang) })}
      />
      {running && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="circular-running"
          message={t('circ.runningBanner', { month: monthWords(detail.month, lang), asAt: dayWords(detail.annex.asAt, lang) })}
        />
      )}
      {detail.praiseWarnings.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="circular-praise-warning"
          message={t('circ.praiseWarning', {
            days: String(detail.annex.totals.redOverdueDays),
            list: detail.praiseWarnings
              .map((w) =>
                w.why === 'overdue'
                  ? t('circ.praiseWhy.overdue', { name: w.organization, days: String(detail.annex.totals.redOverdueDays) })
                  : t(`circ.praiseWhy.${w.why}`, { name: w.organization }),
              )
              .join('、'),
          })}
        />
      )}
      <Flex gap={8} wrap className="circ-toolbar">
        <Button
          type="primary"
          icon={<SaveOutlined />}
          disabled={!dirty || busy}
          loading={update.isPending}
          onClick={() => void onSave()}
          data-testid="circular-save"
        >
          {t('circ.save')}
        </Button>
        <Button icon={<SendOutlined />} disabled={busy} onClick={confirmPublish} data-testid="circular-publish">
          {t('circ.publish')}
        </Button>
        <Button icon={<ReloadOutlined />} disabled={busy} onClick={confirmRegenerate} data-testid="circular-regenerate">
          {t('circ.regenerate')}
        </Button>
        <DocumentLinks detail={detail} />
        <Button danger icon={<DeleteOutlined />} disabled={busy} onClick={confirmDelete} data-testid="circular-delete">
          {t('circ.delete')}
        </Button>
      </Flex>
      <Form layout="vertical">
        <Form.Item label={t('circ.field.title')} required>
          <Input
            value={form.title}
            maxLength={120}
            onChange={(e) => setForm({ ...form, title: e.target.value })}
            data-testid="circular-title"
          />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item label={t('circ.field.office')} required style={{ flex: '1 1 260px' }}>
            <Input
              value={form.issuingOffice}
              maxLength={60}
              onChange={(e) => setForm({ ...form, issuingOffice: e.target.value })}
              data-testid="circular-office"
            />
          </Form.Item>
          <Form.Item
            label={t('circ.field.draftingOffice')}
            extra={t('circ.field.draftingOfficeHelp')}
            required
            style={{ flex: '1 1 260px' }}
          >
            <Input
              value={form.draftingOffice}
              maxLength={60}
              onChange={(e) => setForm({ ...form, draftingOffice: e.target.value })}
              data-testid="circular-drafting-office"
            />
          </Form.Item>
          <Form.Item label={t('circ.field.docDate')} required style={{ flex: '0 1 200px' }}>
            <Input
              type="date"
              value={form.docDate}
              onChange={(e) => setForm({ ...form, docDate: e.target.value })}
              data-testid="circular-date"
            />
          </Form.Item>
        </Flex>
        {detail.sections.map((s) => (
          <Form.Item
            key={s.key}
            label={
              <Space>
                <span className="circ-section-label">{s.heading}</span>
                {s.edited && <Tag>{t('circ.edited')}</Tag>}
              </Space>
            }
            extra={t('circ.section.hint')}
          >
            <Input.TextArea
              value={form.texts[s.key] ?? ''}
              autoSize={{ minRows: 3, maxRows: 16 }}
              maxLength={8000}
              onChange={(e) => setForm({ ...form, texts: { ...form.texts, [s.key]: e.target.value } })}
              data-testid={`circular-section-${s.key}`}
            />
          </Form.Item>
        ))}
      </Form>
      <Card size="small" title={t('circ.annex')} styles={{ body: { padding: 12 } }}>
        <CircularAnnexTables annex={detail.annex} cuts={detail.annexCuts} />
      </Card>
    </div>
  );
}
