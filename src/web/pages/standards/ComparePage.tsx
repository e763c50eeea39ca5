import { ArrowLeftOutlined, ArrowRightOutlined } from '@ant-design/icons';
import { Card, Col, Empty, Flex, Row, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { StandardComparison } from '../../../domain/contracts/standards.ts';
import { APPLIES_TO_LABELS, type AppliesTo } from '../../../domain/standards.ts';
import { useStandardComparison, useStandards } from '../../api/standards.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n, type MessageKey } from '../../i18n/index.ts';
import { CompareSelector } from './CompareSelector.tsx';
import { AppliesToTag, stdPaths, VersionStatusTag } from './std-shared.tsx';

type Comparison = StandardComparison;
type ItemContent = Comparison['items']['added'][number];

const FIELD_KEYS: Record<string, MessageKey> = {
  name: 'std.field.areaName',
  areaCode: 'std.field.areaCode',
  title: 'std.field.title',
  criterion: 'std.field.criterion',
  weight: 'std.field.weight',
  expectedEvidence: 'std.field.evidence',
  appliesTo: 'std.field.appliesTo',
};

export function ComparePage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const standards = useStandards();
  const comparison = useStandardComparison(from, to);

  return (
    <>
      <Link to={stdPaths.list} className="std-back std-no-print">
        <ArrowLeftOutlined /> {t('std.compare.back')}
      </Link>
      <PageTitle title={t('std.compare.title')} />
      <Card size="small" className="std-compare-card std-no-print" style={{ marginBottom: 16 }}>
        {standards.data ? (
          <CompareSelector key={`${from}-${to}`} standards={standards.data.items} from={from} to={to} />
        ) : (
          <Skeleton.Input active block />
        )}
      </Card>
      {!from || !to ? (
        <div className="page-panel">
          <Empty description={t('std.compare.needTwo')} />
        </div>
      ) : comparison.isError ? (
        <ErrorAlert error={comparison.error} onRetry={() => void comparison.refetch()} />
      ) : comparison.isLoading || !comparison.data ? (
        <div className="page-panel">
          <Skeleton active paragraph={{ rows: 8 }} />
        </div>
      ) : (
        <CompareResult data={comparison.data} />
      )}
    </>
  );
}

function CompareResult({ data }: { data: Comparison }) {
  const { t } = useI18n();
  const s = data.summary;
  const nothing =
    s.areasAdded + s.areasRemoved + s.areasChanged + s.itemsAdded + s.itemsRemoved + s.itemsChanged === 0 &&
    s.totalWeightFrom === s.totalWeightTo;
  const ref = (v: Comparison['from']) => (
    <Space size={[6, 4]} wrap>
      <Link to={stdPaths.version(v.id)}>
        {v.standardName} · {t('std.versionNo', { no: v.versionNo })}
      </Link>
      <VersionStatusTag status={v.status} />
    </Space>
  );

  return (
    <div data-testid="std-compare-result" className="std-compare-result">
      <div className="page-panel" style={{ marginBottom: 16 }}>
        <Flex wrap gap={8} align="center" className="std-compare-refs">
          {ref(data.from)}
          <ArrowRightOutlined />
          {ref(data.to)}
        </Flex>
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('std.compare.summary')}
        </Typography.Title>
        <Row gutter={[12, 12]} data-testid="std-compare-summary">
          <SummaryStat label={`${t('std.compare.areas')} · ${t('std.compare.added')}`} value={s.areasAdded} tone="added" />
          <SummaryStat label={`${t('std.compare.areas')} · ${t('std.compare.removed')}`} value={s.areasRemoved} tone="removed" />
          <SummaryStat label={`${t('std.compare.areas')} · ${t('std.compare.changed')}`} value={s.areasChanged} tone="changed" />
          <SummaryStat label={`${t('std.compare.items')} · ${t('std.compare.added')}`} value={s.itemsAdded} tone="added" />
          <SummaryStat label={`${t('std.compare.items')} · ${t('std.compare.removed')}`} value={s.itemsRemoved} tone="removed" />
          <SummaryStat label={`${t('std.compare.items')} · ${t('std.compare.changed')}`} value={s.itemsChanged} tone="changed" />
          <SummaryStat label={`${t('std.compare.items')} · ${t('std.compare.unchanged')}`} value={s.itemsUnchanged} />
          <Col xs={12} sm={8} md={6}>
            <Statistic title={t('std.compare.totalWeight')} value={`${s.totalWeightFrom} → ${s.totalWeightTo}`} />
          </Col>
        </Row>
        {nothing && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
            {t('std.compare.noDiff')}
          </Typography.Paragraph>
        )}
      </div>

      <Card title={t('std.compare.areas')} size="small" style={{ marginBottom: 16 }} data-testid="std-compare-areas">
        <Section title={t('std.compare.added')} tone="added" count={data.areas.added.length} testId="std-compare-areas-added">
          {data.areas.added.map((a) => (
            <div key={a.code} className="std-diff-row std-diff-added" data-code={a.code}>
              <span className="std-code">{a.code}</span> {a.name}
            </div>
          ))}
        </Section>
        <Section title={t('std.compare.removed')} tone="removed" count={data.areas.removed.length} testId="std-compare-areas-removed">
          {data.areas.removed.map((a) => (
            <div key={a.code} className="std-diff-row std-diff-removed" data-code={a.code}>
              <span className="std-code">{a.code}</span> {a.name}
            </div>
          ))}
        </Section>
        <Section title={t('std.compare.changed')} tone="changed" count={data.areas.changed.length} testId="std-compare-areas-changed">
          {data.areas.changed.map((a) => (
            <div key={a.code} className="std-diff-row std-diff-changed" data-code={a.code}>
              <div>
                <span className="std-code">{a.code}</span> {a.name}
              </div>
              <FieldChanges changes={a.changes} />
            </div>
          ))}
        </Section>
      </Card>

      <Card title={t('std.compare.items')} size="small" data-testid="std-compare-items">
        <Section title={t('std.compare.added')} tone="added" count={data.items.added.length} testId="std-compare-items-added">
          {data.items.added.map((i) => (
            <ItemRow key={i.code} item={i} tone="added" />
          ))}
        </Section>
        <Section title={t('std.compare.removed')} tone="removed" count={data.items.removed.length} testId="std-compare-items-removed">
          {data.items.removed.map((i) => (
            <ItemRow key={i.code} item={i} tone="removed" />
          ))}
        </Section>
        <Section title={t('std.compare.changed')} tone="changed" count={data.items.changed.length} testId="std-compare-items-changed">
          {data.items.changed.map((i) => (
            <div key={i.code} className="std-diff-row std-diff-changed" data-code={i.code} data-testid="std-compare-changed-item">
              <div>
                <span className="std-code">{i.code}</span> {i.title} <Typography.Text type="secondary">（{i.areaCode}）</Typography.Text>
              </div>
              <FieldChanges changes={i.changes} />
            </div>
          ))}
        </Section>
      </Card>
    </div>
  );
}

type Tone = 'added' | 'removed' | 'changed';
const TONE_COLOR: Record<Tone, string> = { added: 'green', removed: 'red', changed: 'orange' };

function SummaryStat({ label, value, tone }: { label: string; value: number; tone?: Tone }) {
  return (
    <Col xs={12} sm={8} md={6}>
      <Statistic
        title={label}
        value={value}
        valueStyle={tone && value > 0 ? { color: tone === 'added' ? '#389e0d' : tone === 'removed' ? '#cf1322' : '#d46b08' } : undefined}
      />
    </Col>
  );
}

function Section({
  title,
  tone,
  count,
  testId,
  children,
}: {
  title: string;
  tone: Tone;
  count: number;
  testId: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className="std-diff-section" data-testid={testId} data-count={count}>
      <div className="std-diff-heading">
        <Tag color={TONE_COLOR[tone]}>{title}</Tag>
        <Typography.Text type="secondary">{count}</Typography.Text>
      </div>
      {count === 0 ? <Typography.Text type="secondary">{t('std.compare.none')}</Typography.Text> : children}
    </div>
  );
}

function ItemRow({ item, tone }: { item: ItemContent; tone: Tone }) {
  const { t } = useI18n();
  return (
    <div className={`std-diff-row std-diff-${tone}`} data-code={item.code}>
      <Flex justify="space-between" gap={8} wrap>
        <span>
          <span className="std-code">{item.code}</span> {item.title} <Typography.Text type="secondary">（{item.areaCode}）</Typography.Text>
        </span>
        <Space size={4}>
          <AppliesToTag value={item.appliesTo} />
          <Tag>
            {t('std.field.weight')} {item.weight}
          </Tag>
        </Space>
      </Flex>
      <div className="std-diff-detail">
        <span className="std-item-label">
          {t('std.field.criterion')}
          {t('common.colon')}
        </span>
        {item.criterion}
      </div>
      <div className="std-diff-detail">
        <span className="std-item-label">
          {t('std.field.evidence')}
          {t('common.colon')}
        </span>
        {item.expectedEvidence}
      </div>
    </div>
  );
}

function FieldChanges({ changes }: { changes: { field: string; from: string | number; to: string | number }[] }) {
  const { t, pick } = useI18n();
  const show = (field: string, value: string | number) =>
    field === 'appliesTo' && typeof value === 'string' && value in APPLIES_TO_LABELS
      ? pick(APPLIES_TO_LABELS[value as AppliesTo])
      : String(value);
  return (
    <table className="std-change-table">
      <thead>
        <tr>
          <th>{t('std.compare.field')}</th>
          <th>{t('std.compare.before')}</th>
          <th>{t('std.compare.after')}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.field} data-field={c.field}>
            <td className="std-change-field">{FIELD_KEYS[c.field] ? t(FIELD_KEYS[c.field] as MessageKey) : c.field}</td>
            <td className="std-change-from">{show(c.field, c.from)}</td>
            <td className="std-change-to">{show(c.field, c.to)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
