import { ClearOutlined } from '@ant-design/icons';
import { Button, Card, Col, Collapse, DatePicker, Form, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { AuditFilters as Filters } from '../../api/audit.ts';
import { useHasPermission } from '../../api/session.ts';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useI18n } from '../../i18n/index.ts';
import { AUDIT_ENTITY_LABELS, AUDIT_EVENT_LABELS } from '../../lib/labels.ts';
import { ActorSelect } from './ActorSelect.tsx';
import { AUDIT_FILTER_KEYS, type AuditFilterKey } from './audit-params.ts';

const DATE_FORMAT = 'YYYY-MM-DD';

function toDay(value: string | undefined): Dayjs | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const d = dayjs(value);
  return d.isValid() ? d : null;
}

export function AuditFilters({
  filters,
  isMobile,
  onChange,
  onClear,
}: {
  filters: Filters;
  isMobile: boolean;
  onChange: (changes: Partial<Record<AuditFilterKey, string | undefined>>) => void;
  onClear: () => void;
}) {
  const { t, pick } = useI18n();
  const canReadUsers = useHasPermission('user.read');

  const entityOptions = Object.entries(AUDIT_ENTITY_LABELS).map(([value, label]) => ({ value, label: pick(label) }));
  // Event types grouped by what they concern, in the order of the entity types.
  const eventOptions = Object.keys(AUDIT_ENTITY_LABELS).map((entity) => ({
    label: pick(AUDIT_ENTITY_LABELS[entity as keyof typeof AUDIT_ENTITY_LABELS]),
    title: entity,
    options: Object.entries(AUDIT_EVENT_LABELS)
      .filter(([type]) => type.startsWith(`${entity}.`))
      .map(([value, label]) => ({ value, label: pick(label) })),
  }));

  const span = { xs: 24, sm: 12, xl: 8 };

  const clearButton = (
    <Button
      type="link"
      icon={<ClearOutlined />}
      onClick={(e) => {
        // Inside the phone's folding header: clear without also folding.
        e.stopPropagation();
        onClear();
      }}
      data-testid="audit-clear-filters"
    >
      {t('audit.clearFilters')}
    </Button>
  );
  const activeCount = AUDIT_FILTER_KEYS.filter((k) => Boolean(filters[k])).length;
  const title = activeCount ? t('audit.filtersActive', { count: activeCount }) : t('audit.filters');

  const form = (
    <Form layout="vertical" className="compact-form">
      <Row gutter={12}>
        <Col {...span}>
          <Form.Item label={t('audit.organization')}>
            <OrgTreeSelect
              value={filters.organizationId}
              onChange={(v) => onChange({ organizationId: v })}
              placeholder={t('audit.organizationPlaceholder')}
              includeArchived
              allowClear
              data-testid="audit-filter-organization"
            />
          </Form.Item>
        </Col>
        {canReadUsers && (
          <Col {...span}>
            <Form.Item label={t('audit.actor')}>
              <ActorSelect value={filters.actorId} onChange={(v) => onChange({ actorId: v })} placeholder={t('audit.actorPlaceholder')} />
            </Form.Item>
          </Col>
        )}
        <Col {...span}>
          <Form.Item label={t('audit.eventType')}>
            <Select
              value={filters.type}
              onChange={(v: string | undefined) => onChange({ type: v })}
              options={eventOptions}
              placeholder={t('audit.eventTypePlaceholder')}
              allowClear
              data-testid="audit-filter-type"
            />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item label={t('audit.entityType')}>
            <Select
              value={filters.entityType}
              onChange={(v: string | undefined) => onChange({ entityType: v, entityId: undefined })}
              options={entityOptions}
              placeholder={t('audit.entityTypePlaceholder')}
              allowClear
              data-testid="audit-filter-entityType"
            />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item label={t('audit.dateRange')}>
            {isMobile ? (
              // Two single pickers: the two-month range panel does not fit a phone screen.
              <Row gutter={8}>
                <Col span={12}>
                  <DatePicker
                    value={toDay(filters.from)}
                    onChange={(d: Dayjs | null) => onChange({ from: d ? d.format(DATE_FORMAT) : undefined })}
                    inputReadOnly
                    style={{ width: '100%' }}
                    data-testid="audit-filter-from"
                  />
                </Col>
                <Col span={12}>
                  <DatePicker
                    value={toDay(filters.to)}
                    onChange={(d: Dayjs | null) => onChange({ to: d ? d.format(DATE_FORMAT) : undefined })}
                    inputReadOnly
                    style={{ width: '100%' }}
                    data-testid="audit-filter-to"
                  />
                </Col>
              </Row>
            ) : (
              <DatePicker.RangePicker
                value={[toDay(filters.from), toDay(filters.to)]}
                allowEmpty={[true, true]}
                onChange={(range) =>
                  onChange({
                    from: range?.[0] ? range[0].format(DATE_FORMAT) : undefined,
                    to: range?.[1] ? range[1].format(DATE_FORMAT) : undefined,
                  })
                }
                style={{ width: '100%' }}
                data-testid="audit-filter-dates"
              />
            )}
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );

  // On a phone the filters fold away so the records are in sight.
  if (isMobile) {
    return (
      <Collapse
        className="audit-filters"
        items={[{ key: 'filters', label: title, children: form, extra: activeCount ? clearButton : null }]}
        data-testid="audit-filters-toggle"
      />
    );
  }
  return (
    <Card size="small" className="audit-filters" title={title} extra={clearButton}>
      {form}
    </Card>
  );
}
