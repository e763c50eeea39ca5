import {
  ArrowLeftOutlined,
  CheckCircleOutlined,
  DeleteOutlined,
  DiffOutlined,
  EditOutlined,
  PlusOutlined,
  PrinterOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Empty, Flex, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { CheckItem, StandardArea, StandardVersionDetail } from '../../../domain/contracts/standards.ts';
import { useCreateDraft, useDeleteArea, useDeleteItem, usePublishVersion, useStandardVersion } from '../../api/standards.ts';
import { detailFallback } from '../../components/DetailFallback.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { useI18n } from '../../i18n/index.ts';
import { withoutEnglishGloss } from '../../lib/error-message.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useIsMobile } from '../../lib/use-is-mobile.ts';
import { AppliesToTag, formatDate, stdPaths, VersionStatusTag } from './std-shared.tsx';
import { VersionDialogs, type VersionDialog } from './VersionDialogs.tsx';

const CN_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
function areaOrdinal(index: number, zh: boolean): string {
  if (!zh) return `${index + 1}.`;
  const n = index + 1;
  if (n <= 10) return `${CN_NUMERALS[n - 1]}、`;
  if (n < 20) return `十${CN_NUMERALS[n - 11]}、`;
  return `${n}、`;
}

export function VersionPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const query = useStandardVersion(id);

  const fallback = detailFallback(query, { title: t('std.version.notFound'), backTo: stdPaths.list, backLabel: t('std.version.back') });
  if (fallback || !query.data) return fallback;
  return <VersionView detail={query.data} />;
}

function VersionView({ detail }: { detail: StandardVersionDetail }) {
  const { t, lang } = useI18n();
  const { modal, message } = App.useApp();
  const notifyError = useNotifyError();
  const navigate = useNavigate();
  const publish = usePublishVersion();
  const createDraft = useCreateDraft();
  const deleteArea = useDeleteArea();
  const [dialog, setDialog] = useState<VersionDialog>(null);
  const canEdit = detail.allowedActions.includes('edit');
  const canPublish = detail.allowedActions.includes('publish');
  const canCreateDraft = detail.allowedActions.includes('createDraft');

  const confirmPublish = () => {
    modal.confirm({
      title: t('std.publish.title', { no: detail.versionNo }),
      content: t('std.publish.content'),
      okText: t('std.publish'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'std-publish-confirm' },
      onOk: async () => {
        try {
          await publish.mutateAsync({ id: detail.id, version: detail.version });
          void message.success(t('std.publish.done', { no: detail.versionNo }));
        } catch (err) {
          notifyError(err);
        }
      },
    });
  };

  const confirmCreateDraft = () => {
    modal.confirm({
      title: t('std.createDraft.title', { no: detail.versionNo }),
      content: t('std.createDraft.content'),
      okText: t('std.createDraft'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'std-create-draft-confirm' },
      onOk: async () => {
        try {
          const draft = await createDraft.mutateAsync({ standardId: detail.standardId, basedOnVersionId: detail.id });
          void message.success(t('std.draftCreated'));
          void navigate(stdPaths.version(draft.id));
        } catch (err) {
          notifyError(err);
        }
      },
    });
  };

  const confirmDeleteArea = (area: StandardArea) => {
    modal.confirm({
      title: t('std.area.delete.title', { name: area.name }),
      content: t('std.area.delete.content', { count: area.items.length }),
      okText: t('std.delete'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: true, 'data-testid': 'std-area-delete-confirm' },
      onOk: async () => {
        try {
          await deleteArea.mutateAsync({ id: detail.id, areaId: area.id, version: detail.version });
          void message.success(t('std.area.deleted'));
        } catch (err) {
          notifyError(err);
        }
      },
    });
  };

  // The program's rule: a version is published only when its weights make the total (100 by default).
  const weightOk = detail.totalWeight === detail.requiredTotalWeight;

  return (
    <div className="std-version-page">
      <div className="std-no-print">
        <Link to={stdPaths.list} className="std-back">
          <ArrowLeftOutlined /> {t('std.version.back')}
        </Link>
      </div>
      <PageTitle
        title={`${detail.standardName} · ${t('std.versionNo', { no: detail.versionNo })}`}
        extra={
          <Flex gap={8} wrap className="std-no-print">
            <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="std-print">
              {t('std.version.print')}
            </Button>
            {detail.basedOnVersionId && (
              <Button
                icon={<DiffOutlined />}
                onClick={() => navigate(stdPaths.compare(detail.basedOnVersionId ?? '', detail.id))}
                data-testid="std-compare-based-on"
              >
                {t('std.compare')}
              </Button>
            )}
            {canEdit && (
              <Button icon={<EditOutlined />} onClick={() => setDialog({ kind: 'info' })} data-testid="std-edit-info">
                {t('std.version.editInfo')}
              </Button>
            )}
            {canCreateDraft && (
              <Button icon={<PlusOutlined />} onClick={confirmCreateDraft} data-testid="std-create-draft">
                {t('std.createDraft')}
              </Button>
            )}
            {canPublish && (
              <Button
                type="primary"
                icon={<CheckCircleOutlined />}
                onClick={confirmPublish}
                loading={publish.isPending}
                data-testid="std-publish"
              >
                {t('std.publish')}
              </Button>
            )}
          </Flex>
        }
      />

      <div className="std-no-print std-notices">
        {detail.status === 'draft' ? (
          <Alert type="info" showIcon message={t('std.version.draftHint')} />
        ) : (
          <Alert type="success" showIcon message={t('std.version.immutable')} />
        )}
        {detail.publishProblems.length > 0 && (
          <Alert
            type="warning"
            showIcon
            data-testid="std-publish-problems"
            message={t('std.version.publishProblems')}
            description={
              <ul className="std-problem-list">
                {/* The server's words carry an English gloss for API clients: shown in the reader's language only. */}
                {detail.publishProblems.map((p) => (
                  <li key={p}>{lang === 'zh' ? withoutEnglishGloss(p) : p}</li>
                ))}
              </ul>
            }
          />
        )}
      </div>

      <article className="std-doc" data-testid="std-version" data-status={detail.status} data-version-id={detail.id}>
        <header className="std-doc-header">
          <h1 className="std-doc-title">{detail.standardName}</h1>
          <div className="std-doc-subtitle">
            {detail.title}（{t('std.versionNo', { no: detail.versionNo })}）
          </div>
          <Space size={[8, 4]} wrap className="std-doc-meta">
            <VersionStatusTag status={detail.status} />
            {detail.publishedAt && (
              <span>
                {t('std.publishedAt', { date: formatDate(detail.publishedAt) })}
                {detail.publishedBy ? `（${detail.publishedBy.displayName}）` : ''}
              </span>
            )}
            <span>{t('std.version.areas', { count: detail.areaCount })}</span>
            <span>{t('std.version.items', { count: detail.itemCount })}</span>
            <Tag color={weightOk ? 'green' : 'orange'} data-testid="std-total-weight" data-weight={detail.totalWeight}>
              {t('std.version.totalWeight', { weight: detail.totalWeight })}
            </Tag>
          </Space>
          {!weightOk && detail.itemCount > 0 && (
            <Typography.Text type="warning" className="std-no-print">
              {t('std.version.totalWeightWarn', { weight: detail.totalWeight, required: detail.requiredTotalWeight })}
            </Typography.Text>
          )}
          {detail.noticeTitle && (
            <p className="std-doc-notes" data-testid="std-notice">
              {t('std.notice')}
              {t('common.colon')}
              {detail.noticeTitle}
              {detail.noticeDate ? ` · ${detail.noticeDate}` : ''}
            </p>
          )}
          {detail.notes && <p className="std-doc-notes">{detail.notes}</p>}
        </header>

        {detail.areas.length === 0 ? (
          <Empty description={t('std.version.noAreas')} />
        ) : (
          detail.areas.map((area, index) => (
            <AreaSection
              key={area.id}
              detail={detail}
              area={area}
              ordinal={areaOrdinal(index, lang === 'zh')}
              canEdit={canEdit}
              onEditArea={() => setDialog({ kind: 'editArea', area })}
              onDeleteArea={() => confirmDeleteArea(area)}
              onAddItem={() => setDialog({ kind: 'addItem', area })}
              onEditItem={(item) => setDialog({ kind: 'editItem', item })}
            />
          ))
        )}

        {canEdit && (
          <div className="std-no-print" style={{ marginTop: 16 }}>
            <Button type="dashed" block icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'addArea' })} data-testid="std-add-area">
              {t('std.area.add')}
            </Button>
          </div>
        )}
        <div className="std-print-only std-printed-at">
          {t('std.version.printedAt', { date: formatDateTime(new Date().toISOString()) })}
        </div>
      </article>

      <VersionDialogs detail={detail} dialog={dialog} onClose={() => setDialog(null)} onSaved={(text) => void message.success(text)} />
    </div>
  );
}

interface AreaSectionProps {
  detail: StandardVersionDetail;
  area: StandardArea;
  ordinal: string;
  canEdit: boolean;
  onEditArea: () => void;
  onDeleteArea: () => void;
  onAddItem: () => void;
  onEditItem: (item: CheckItem) => void;
}

function AreaSection({ detail, area, ordinal, canEdit, onEditArea, onDeleteArea, onAddItem, onEditItem }: AreaSectionProps) {
  const { t } = useI18n();
  const isMobile = useIsMobile();
  const { modal, message } = App.useApp();
  const notifyError = useNotifyError();
  const deleteItem = useDeleteItem();

  const confirmDeleteItem = (item: CheckItem) => {
    modal.confirm({
      title: t('std.item.delete.title', { code: item.code }),
      content: t('std.item.delete.content', { title: item.title }),
      okText: t('std.delete'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: true, 'data-testid': 'std-item-delete-confirm' },
      onOk: async () => {
        try {
          await deleteItem.mutateAsync({ id: detail.id, itemId: item.id, version: detail.version });
          void message.success(t('std.item.deleted'));
        } catch (err) {
          notifyError(err);
        }
      },
    });
  };

  const itemActions = (item: CheckItem) =>
    canEdit ? (
      <Space size={4} className="std-no-print">
        <Button size="small" type="link" icon={<EditOutlined />} onClick={() => onEditItem(item)} data-testid="std-item-edit">
          {t('std.item.edit')}
        </Button>
        <Button
          size="small"
          type="link"
          danger
          icon={<DeleteOutlined />}
          onClick={() => confirmDeleteItem(item)}
          data-testid="std-item-delete"
        >
          {t('std.item.delete')}
        </Button>
      </Space>
    ) : null;

  return (
    <section className="std-area" data-testid="std-area" data-code={area.code} data-area-id={area.id}>
      <Flex className="std-area-header" justify="space-between" align="center" wrap gap={8}>
        <h2 className="std-area-title">
          {ordinal}
          {area.name}
          <span className="std-code">（{area.code}）</span>
          <span className="std-area-weight">{t('std.version.areaWeight', { weight: area.weight })}</span>
        </h2>
        {canEdit && (
          <Space size={4} wrap className="std-no-print">
            <Button size="small" icon={<PlusOutlined />} onClick={onAddItem} data-testid="std-add-item">
              {t('std.item.add')}
            </Button>
            <Button size="small" icon={<EditOutlined />} onClick={onEditArea} data-testid="std-area-edit">
              {t('std.area.edit')}
            </Button>
            <Button size="small" danger icon={<DeleteOutlined />} onClick={onDeleteArea} data-testid="std-area-delete">
              {t('std.area.delete')}
            </Button>
          </Space>
        )}
      </Flex>

      {area.items.length === 0 ? (
        <Typography.Text type="secondary" className="std-area-empty">
          {t('std.version.noItems')}
        </Typography.Text>
      ) : isMobile ? (
        <div className="std-item-cards">
          {area.items.map((item) => (
            <div key={item.id} className="std-item-card" data-testid="std-item" data-code={item.code}>
              <Flex justify="space-between" align="baseline" gap={8}>
                <Typography.Text strong>
                  <span className="std-code">{item.code}</span> {item.title}
                </Typography.Text>
                <span className="std-weight">{item.weight}</span>
              </Flex>
              <div className="std-item-field">
                <span className="std-item-label">
                  {t('std.field.criterion')}
                  {t('common.colon')}
                </span>
                {item.criterion}
              </div>
              <div className="std-item-field">
                <span className="std-item-label">
                  {t('std.field.evidence')}
                  {t('common.colon')}
                </span>
                {item.expectedEvidence}
              </div>
              <Flex justify="space-between" align="center" wrap>
                <AppliesToTag value={item.appliesTo} />
                {itemActions(item)}
              </Flex>
            </div>
          ))}
        </div>
      ) : (
        <div className="std-table-wrap">
          <table className="std-table">
            <thead>
              <tr>
                <th className="std-col-code">{t('std.field.code')}</th>
                <th className="std-col-title">{t('std.field.title')}</th>
                <th>{t('std.field.criterion')}</th>
                <th className="std-col-weight">{t('std.field.weight')}</th>
                <th>{t('std.field.evidence')}</th>
                <th className="std-col-applies">{t('std.field.appliesTo')}</th>
                {canEdit && <th className="std-col-actions std-no-print">{t('common.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {area.items.map((item) => (
                <tr key={item.id} data-testid="std-item" data-code={item.code}>
                  <td className="std-code">{item.code}</td>
                  <td>{item.title}</td>
                  <td className="std-pre">{item.criterion}</td>
                  <td className="std-weight">{item.weight}</td>
                  <td className="std-pre">{item.expectedEvidence}</td>
                  <td>
                    <AppliesToTag value={item.appliesTo} />
                  </td>
                  {canEdit && <td className="std-no-print">{itemActions(item)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
