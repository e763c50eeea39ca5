import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, List, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Venue } from '../../../domain/contracts/venues.ts';
import { areaText, VENUE_OWNERSHIP_LABELS } from '../../../domain/venue-rules.ts';
import { useVenues } from '../../api/venues.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';
import { DraftProjectModal, VenueModal } from './VenueForms.tsx';
import { VenueFileButton } from './ProjectForms.tsx';
import { LateTags, ProjectStatusTag, VenueFiles, VenueTabs, venuePaths } from './venue-ui.tsx';

function VenueItem({ v, onEdit, onDraft }: { v: Venue; onEdit: () => void; onDraft: () => void }) {
  const { t, pick, lang } = useI18n();
  const actions = [
    ...(v.allowedActions.includes('createProject')
      ? [
          <Button key="draft" type="primary" size="small" className="tap-target" onClick={onDraft} data-testid="venue-draft-project">
            {t('venues.register.draftProject')}
          </Button>,
        ]
      : []),
    ...(v.openProject
      ? [
          <Link key="project" to={venuePaths.project(v.openProject.id)} className="tap-target" data-testid="venue-open-project">
            {t('venues.board.openProject')}
          </Link>,
        ]
      : []),
    ...(v.allowedActions.includes('edit')
      ? [
          <Button key="edit" size="small" className="tap-target" onClick={onEdit} data-testid="venue-edit">
            {t('venues.register.edit')}
          </Button>,
        ]
      : []),
    ...(v.allowedActions.includes('upload')
      ? [<VenueFileButton key="photo" target={{ venueId: v.id }} label={t('venues.register.addPhoto')} photo testId="venue-upload-photo" />]
      : []),
  ];
  return (
    <List.Item actions={actions} data-testid={`venue-item-${v.organizationName}`}>
      <List.Item.Meta
        title={
          <Space wrap size={4}>
            <span>
              {v.organizationName} · {v.name}
            </span>
            {v.passes ? <Tag color="green">{t('venues.register.passes')}</Tag> : <Tag color="red">{t('venues.register.onList')}</Tag>}
            {v.openProject ? <ProjectStatusTag status={v.openProject.status} /> : null}
            {v.openProject ? <LateTags daysOverdue={v.openProject.daysOverdue} /> : null}
          </Space>
        }
        description={
          <Flex vertical gap={2}>
            <Typography.Text type="secondary">
              {t('venues.register.figures', {
                area: areaText(v.buildingArea),
                hall: areaText(v.hallArea),
                ownership: pick(VENUE_OWNERSHIP_LABELS[v.ownership]),
              })}
              {v.subdistrictName ? ` · ${v.subdistrictName}` : ''}
            </Typography.Text>
            {v.reasons.length ? (
              <Typography.Text type="danger" data-testid="venue-reasons">
                {v.reasons.map((r) => (lang === 'zh' ? r.zh : r.en)).join(lang === 'zh' ? '；' : '; ')}
              </Typography.Text>
            ) : null}
            <VenueFiles files={v.photos} />
          </Flex>
        }
      />
    </List.Item>
  );
}

/** 活动场所台账 with the 清零清单 filter: each venue's figures and, when it fails, why in words. */
export function VenueRegisterPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const onList = params.get('onList') === '1';
  const page = Number(params.get('page')) || 1;
  const venues = useVenues({ onList: onList || undefined, page, pageSize: 50 });
  const [editing, setEditing] = useState<Venue | 'new' | null>(null);
  const [drafting, setDrafting] = useState<Venue | null>(null);
  const data = venues.data;
  return (
    <div className="page-panel venue-page">
      <PageTitle
        title={t('venues.register.title')}
        extra={
          data?.canCreate ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="venue-create">
              {t('venues.register.create')}
            </Button>
          ) : null
        }
      />
      <VenueTabs />
      <Card size="small" style={{ marginTop: 12 }}>
        <Space style={{ marginBottom: 8 }}>
          <Switch
            checked={onList}
            onChange={(checked) => {
              const next = new URLSearchParams(params);
              if (checked) next.set('onList', '1');
              else next.delete('onList');
              next.delete('page');
              setParams(next, { replace: true });
            }}
            data-testid="venue-only-list"
          />
          <span>{t('venues.register.onlyList')}</span>
        </Space>
        {venues.error ? <ErrorAlert error={venues.error} onRetry={() => void venues.refetch()} /> : null}
        <List
          loading={venues.isLoading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty description={t('venues.register.empty')} /> }}
          pagination={
            data && data.total > data.pageSize
              ? {
                  current: page,
                  pageSize: data.pageSize,
                  total: data.total,
                  onChange: (p) => {
                    const next = new URLSearchParams(params);
                    next.set('page', String(p));
                    setParams(next, { replace: true });
                  },
                }
              : false
          }
          renderItem={(v) => <VenueItem key={v.id} v={v} onEdit={() => setEditing(v)} onDraft={() => setDrafting(v)} />}
        />
      </Card>
      {editing ? <VenueModal venue={editing} onClose={() => setEditing(null)} /> : null}
      {drafting ? <DraftProjectModal venue={drafting} onClose={() => setDrafting(null)} /> : null}
    </div>
  );
}
