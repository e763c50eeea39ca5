import { Table, Tag, Typography, type TableColumnsType, type TablePaginationConfig } from 'antd';
import type { HTMLAttributes } from 'react';
import { Link } from 'react-router';
import type { AuditEvent } from '../../../domain/contracts/audit.ts';
import { paths } from '../../app/paths.ts';
import { useI18n } from '../../i18n/index.ts';
import { formatDateTime, shortId } from '../../lib/format.ts';
import { AUDIT_ENTITY_LABELS, AUDIT_EVENT_LABELS, isKnownEntityType, isKnownEventType } from '../../lib/labels.ts';
import { AuditDataView } from './AuditDataView.tsx';

const EVENT_COLORS: Record<string, string> = {
  organization: 'geekblue',
  user: 'cyan',
  session: 'default',
  system: 'purple',
};

/** A readable name for what the event is about, from whatever its data carries. */
function entityName(event: AuditEvent): string | null {
  for (const side of ['after', 'before'] as const) {
    const snap = event.data[side] as Record<string, unknown> | undefined;
    if (snap && typeof snap === 'object') {
      const name = snap.displayName ?? snap.name ?? snap.username;
      if (typeof name === 'string') return name;
    }
  }
  if (typeof event.data.username === 'string') return event.data.username;
  if (event.entityType === 'organization' && event.organizationName) return event.organizationName;
  return null;
}

export function AuditTable({ events, loading, pagination }: { events: AuditEvent[]; loading: boolean; pagination: TablePaginationConfig }) {
  const { t, pick } = useI18n();

  const columns: TableColumnsType<AuditEvent> = [
    {
      key: 'at',
      title: t('audit.time'),
      dataIndex: 'at',
      width: 170,
      render: (at: string) => <span className="nowrap">{formatDateTime(at)}</span>,
    },
    {
      key: 'type',
      title: t('audit.eventType'),
      width: 130,
      render: (_, e) => (
        <Tag color={EVENT_COLORS[e.type.split('.')[0] ?? ''] ?? 'default'} title={e.type} data-testid="audit-event-type">
          {e.type === 'session.login_failed' && e.data.reason === 'wrong_current_password'
            ? // A wrong current password when changing one's password is filed with the sign-in failures; it reads as what it was.
              t('audit.passwordChangeFailed')
            : isKnownEventType(e.type)
              ? pick(AUDIT_EVENT_LABELS[e.type])
              : e.type}
        </Tag>
      ),
    },
    {
      key: 'actor',
      title: t('audit.actor'),
      width: 120,
      render: (_, e) => e.actorName ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>,
    },
    {
      key: 'organization',
      title: t('audit.organization'),
      width: 150,
      render: (_, e) =>
        e.organizationId ? <Link to={paths.organization(e.organizationId)}>{e.organizationName ?? shortId(e.organizationId)}</Link> : null,
    },
    {
      key: 'entity',
      title: t('audit.entity'),
      render: (_, e) => {
        const kind = isKnownEntityType(e.entityType) ? pick(AUDIT_ENTITY_LABELS[e.entityType]) : e.entityType;
        // A session's id means nothing to a reader; the actor column already says whose it was.
        const name = e.entityLabel ?? entityName(e) ?? (e.entityType === 'session' ? null : shortId(e.entityId));
        return name ? `${kind} · ${name}` : kind;
      },
    },
    {
      key: 'requestId',
      title: t('audit.requestId'),
      width: 130,
      render: (_, e) =>
        e.requestId ? (
          <Typography.Text code copyable={{ text: e.requestId }} title={e.requestId}>
            {shortId(e.requestId)}
          </Typography.Text>
        ) : null,
    },
  ];

  return (
    <Table<AuditEvent>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={events}
      loading={loading}
      pagination={pagination}
      scroll={{ x: 900 }}
      expandable={{ expandedRowRender: (e) => <AuditDataView event={e} /> }}
      onRow={(e) => ({ 'data-testid': 'audit-row', 'data-event-type': e.type }) as HTMLAttributes<HTMLElement>}
      locale={{ emptyText: t('audit.empty') }}
      data-testid="audit-table"
    />
  );
}
