import { Descriptions, Table, Typography } from 'antd';
import { useMemo } from 'react';
import type { AuditEvent } from '../../../domain/contracts/audit.ts';
import { ORGANIZATION_KIND_LABELS, ORGANIZATION_KINDS, type OrganizationKind } from '../../../domain/organizations.ts';
import { ROLE_LABELS, ROLES, type Role } from '../../../domain/roles.ts';
import { useOrganizationNames } from '../../api/organizations.ts';
import { useI18n } from '../../i18n/index.ts';
import { AUDIT_FIELD_LABELS } from '../../lib/labels.ts';

type Snapshot = Record<string, unknown>;

function isRecord(value: unknown): value is Snapshot {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface DiffRow {
  field: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}

export function diffSnapshots(before: Snapshot | undefined, after: Snapshot | undefined): DiffRow[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return fields.map((field) => {
    const b = before?.[field];
    const a = after?.[field];
    return { field, before: b, after: a, changed: Boolean(before && after) && JSON.stringify(b) !== JSON.stringify(a) };
  });
}

const ORG_FIELDS = new Set(['parentId', 'organizationId']);

/** The organization ids an event's data names (in its before/after and in lists of records), to name them. */
function organizationIdsIn(data: unknown, field = ''): string[] {
  if (typeof data === 'string') return ORG_FIELDS.has(field) ? [data] : [];
  if (Array.isArray(data)) return data.flatMap((item) => organizationIdsIn(item, field));
  if (isRecord(data)) return Object.entries(data).flatMap(([key, value]) => organizationIdsIn(value, key));
  return [];
}

/**
 * Turns stored values into words: kinds, roles and organization ids get their names. The names are asked for by
 * id (a province's whole tree, 6 MB, was loaded to name one or two).
 */
function useValueFormatter(event: AuditEvent) {
  const { t, pick } = useI18n();
  const ids = useMemo(() => [...new Set(organizationIdsIn(event.data))], [event.data]);
  const nameOf = useOrganizationNames(ids);

  return (field: string, value: unknown): string => {
    if (value === undefined) return '';
    if (value === null || value === '') return '—';
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    if (field === 'kind' && ORGANIZATION_KINDS.includes(value as OrganizationKind)) {
      return pick(ORGANIZATION_KIND_LABELS[value as OrganizationKind]);
    }
    if (field === 'role' && ROLES.includes(value as Role)) return pick(ROLE_LABELS[value as Role]);
    if ((field === 'parentId' || field === 'organizationId') && typeof value === 'string') {
      return nameOf.get(value) ?? value;
    }
    // Strings as they are; numbers, objects and arrays in their JSON spelling.
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  };
}

/** The before/after of an audit event as a field-by-field table, with the raw JSON underneath. */
export function AuditDataView({ event }: { event: AuditEvent }) {
  const { t, pick } = useI18n();
  const format = useValueFormatter(event);
  const { data } = event;
  const before = isRecord(data.before) ? data.before : undefined;
  const after = isRecord(data.after) ? data.after : undefined;
  const rest = Object.entries(data).filter(([key]) => key !== 'before' && key !== 'after' && key !== 'type');
  const fieldLabel = (field: string) => {
    const label = AUDIT_FIELD_LABELS[field];
    return label ? pick(label) : field;
  };

  const rows = diffSnapshots(before, after);

  return (
    <div className="audit-data" data-testid="audit-data">
      {rows.length > 0 && (
        <Table<DiffRow>
          size="small"
          pagination={false}
          rowKey="field"
          dataSource={rows}
          rowClassName={(r) => (r.changed ? 'diff-changed' : '')}
          columns={[
            { key: 'field', title: t('audit.field'), width: 140, render: (_, r) => fieldLabel(r.field) },
            ...(before
              ? [
                  {
                    key: 'before',
                    title: t('audit.before'),
                    render: (_: unknown, r: DiffRow) => format(r.field, r.before),
                  },
                ]
              : []),
            ...(after
              ? [
                  {
                    key: 'after',
                    title: t('audit.after'),
                    render: (_: unknown, r: DiffRow) => format(r.field, r.after),
                  },
                ]
              : []),
          ]}
        />
      )}
      {rest.length > 0 && (
        <Descriptions
          size="small"
          column={1}
          style={{ marginTop: rows.length ? 12 : 0 }}
          items={rest.map(([key, value]) => ({
            key,
            label: fieldLabel(key),
            children: Array.isArray(value) ? (
              <ul className="audit-list">
                {value.map((item, i) => (
                  <li key={i}>
                    {isRecord(item)
                      ? Object.entries(item)
                          .map(([k, v]) => `${fieldLabel(k)}: ${format(k, v)}`)
                          .join('，')
                      : format(key, item)}
                  </li>
                ))}
              </ul>
            ) : (
              format(key, value)
            ),
          }))}
        />
      )}
      {rows.length === 0 && rest.length === 0 && <Typography.Text type="secondary">{t('audit.noData')}</Typography.Text>}
      <details className="audit-raw">
        <summary>{t('audit.rawData')}</summary>
        <pre>{JSON.stringify(data, null, 2)}</pre>
      </details>
    </div>
  );
}
