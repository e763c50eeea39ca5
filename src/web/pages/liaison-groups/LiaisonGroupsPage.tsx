import { EditOutlined, InboxOutlined, PlusOutlined, RollbackOutlined, TeamOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Empty, Flex, Row, Skeleton, Switch, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import type { LiaisonGroup } from '../../../domain/contracts/liaison-groups.ts';
import { useArchiveLiaisonGroup, useLiaisonGroups } from '../../api/liaison-groups.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { useI18n } from '../../i18n/index.ts';
import { GroupModal } from './GroupModal.tsx';
import { SEAT_LABELS, SEATS } from './lg-shared.ts';

type Dialog = null | { kind: 'create' } | { kind: 'edit'; group: LiaisonGroup };

export function LiaisonGroupsPage() {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const notifyError = useNotifyError();
  const [includeArchived, setIncludeArchived] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const groups = useLiaisonGroups(includeArchived);
  const archive = useArchiveLiaisonGroup();
  const items = groups.data?.items ?? [];
  const canCreate = groups.data?.allowedActions.includes('create') ?? false;

  const toggleArchive = (group: LiaisonGroup, archiving: boolean) => {
    modal.confirm({
      title: t(archiving ? 'lg.archive.title' : 'lg.restore.title', { name: group.name }),
      content: archiving ? t('lg.archive.content') : undefined,
      okText: t(archiving ? 'lg.archive' : 'lg.restore'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: archiving, 'data-testid': 'lg-archive-confirm' },
      onOk: async () => {
        try {
          await archive.mutateAsync({ group, archive: archiving });
          void message.success(t(archiving ? 'lg.archived' : 'lg.restored', { name: group.name }));
        } catch (err) {
          notifyError(err);
        }
      },
    });
  };

  return (
    <>
      <PageTitle
        title={t('lg.pageTitle')}
        extra={
          canCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })} data-testid="lg-create">
              {t('lg.create')}
            </Button>
          )
        }
      />
      <Flex wrap gap={12} align="center" justify="space-between" className="toolbar">
        <Typography.Text type="secondary" className="lg-intro">
          {t('lg.intro')}
        </Typography.Text>
        <label className="toolbar-switch">
          <Switch checked={includeArchived} onChange={setIncludeArchived} data-testid="lg-show-archived" />
          <span>{t('lg.showArchived')}</span>
        </label>
      </Flex>

      {groups.isError ? (
        <ErrorAlert error={groups.error} onRetry={() => void groups.refetch()} />
      ) : groups.isLoading ? (
        <Row gutter={[16, 16]}>
          {[0, 1, 2].map((i) => (
            <Col key={i} xs={24} md={12} xxl={8}>
              <Card>
                <Skeleton active paragraph={{ rows: 5 }} />
              </Card>
            </Col>
          ))}
        </Row>
      ) : items.length === 0 ? (
        <div className="page-panel">
          <Empty description={t(canCreate ? 'lg.empty' : 'lg.emptyScope')} />
        </div>
      ) : (
        <Row gutter={[16, 16]} className={groups.isFetching ? 'lg-grid lg-refreshing' : 'lg-grid'}>
          {items.map((group) => (
            <Col key={group.id} xs={24} md={12} xxl={8}>
              <GroupCard
                group={group}
                onEdit={() => setDialog({ kind: 'edit', group })}
                onArchive={() => toggleArchive(group, true)}
                onRestore={() => toggleArchive(group, false)}
              />
            </Col>
          ))}
        </Row>
      )}

      {dialog?.kind === 'create' && (
        <GroupModal others={items} onClose={() => setDialog(null)} onSaved={(name) => void message.success(t('lg.created', { name }))} />
      )}
      {dialog?.kind === 'edit' && (
        <GroupModal
          key={dialog.group.id}
          group={dialog.group}
          others={items}
          onClose={() => setDialog(null)}
          onSaved={(name) => void message.success(t('lg.saved', { name }))}
        />
      )}
    </>
  );
}

function GroupCard({
  group,
  onEdit,
  onArchive,
  onRestore,
}: {
  group: LiaisonGroup;
  onEdit: () => void;
  onArchive: () => void;
  onRestore: () => void;
}) {
  const { t, pick } = useI18n();
  const can = (a: LiaisonGroup['allowedActions'][number]) => group.allowedActions.includes(a);
  const actions = [
    can('edit') && !group.archived && (
      <Button key="edit" type="link" icon={<EditOutlined />} onClick={onEdit} data-testid="lg-edit">
        {t('lg.edit')}
      </Button>
    ),
    can('archive') && !group.archived && (
      <Button key="archive" type="link" danger icon={<InboxOutlined />} onClick={onArchive} data-testid="lg-archive">
        {t('lg.archive')}
      </Button>
    ),
    can('restore') && group.archived && (
      <Button key="restore" type="link" icon={<RollbackOutlined />} onClick={onRestore} data-testid="lg-restore">
        {t('lg.restore')}
      </Button>
    ),
  ].filter(Boolean);

  return (
    <Card
      className={group.archived ? 'lg-card lg-card-archived' : 'lg-card'}
      data-testid="lg-card"
      data-group-name={group.name}
      data-group-id={group.id}
      title={
        <Flex align="center" gap={8} wrap>
          <TeamOutlined />
          <span className="lg-card-name">{group.name}</span>
          {group.archived && <Tag className="archived-tag">{t('common.archived')}</Tag>}
        </Flex>
      }
      actions={actions.length ? actions : undefined}
    >
      <div className="lg-row">
        <span className="lg-label">{t('lg.field.department')}</span>
        <span className="lg-value">{group.departmentName}</span>
      </div>
      {SEATS.map((seat) => {
        const m = group.members.find((x) => x.seat === seat);
        return (
          <div className="lg-row" key={seat} data-seat={seat}>
            <span className="lg-label">{t('lg.seat.cadre', { seat: pick(SEAT_LABELS[seat]) })}</span>
            <span className="lg-value">
              {m ? (
                <>
                  {m.displayName}
                  <Typography.Text type="secondary"> （{m.username}）</Typography.Text>
                  {m.disabled && (
                    <Tag color="red" style={{ marginLeft: 4 }}>
                      {t('lg.member.disabled')}
                    </Tag>
                  )}
                </>
              ) : (
                <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
              )}
            </span>
          </div>
        );
      })}
      <div className="lg-villages">
        <div className="lg-label">
          {t('lg.field.villages')} · {t('lg.villageCount', { count: group.villages.length })}
        </div>
        {group.villages.length === 0 ? (
          <Typography.Text type="secondary">{t('lg.noVillages')}</Typography.Text>
        ) : (
          <Flex wrap gap={4} style={{ marginTop: 4 }}>
            {group.villages.map((v) => (
              <Tooltip key={v.id} title={v.parentName ?? undefined}>
                <Tag color={v.archived ? 'default' : v.kind === 'community' ? 'purple' : 'blue'} className="lg-village-tag">
                  {v.name}
                </Tag>
              </Tooltip>
            ))}
          </Flex>
        )}
      </div>
    </Card>
  );
}
