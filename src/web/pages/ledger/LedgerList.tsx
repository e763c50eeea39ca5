import { Card, Empty, Flex, List, Skeleton, Spin, Table, Typography, type PaginationProps, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import type { ProblemListItem } from '../../../domain/contracts/problems.ts';
import { paths } from '../../app/paths.ts';
import { useI18n } from '../../i18n/index.ts';
import { DueTag, ProblemStatusTag } from './ProblemTags.tsx';

function EmptyLedger({ filtered }: { filtered: boolean }) {
  const { t } = useI18n();
  return <Empty description={filtered ? t('ledger.emptyFiltered') : t('ledger.empty')} data-testid="ledger-empty" />;
}

function CheckItemCell({ p }: { p: ProblemListItem }) {
  if (!p.areaName && !p.checkItemTitle) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <div>
      {p.areaName && <div>{p.areaName}</div>}
      {p.checkItemTitle && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {p.checkItemCode ? `${p.checkItemCode} ` : ''}
          {p.checkItemTitle}
        </Typography.Text>
      )}
    </div>
  );
}

function DueCell({ p }: { p: ProblemListItem }) {
  return (
    <Flex vertical gap={2} align="flex-start">
      <span className={p.overdue ? 'due-overdue' : undefined}>{p.dueOn ?? '—'}</span>
      <DueTag overdue={p.overdue} daysOverdue={p.daysOverdue} dueSoon={p.dueSoon} dueOn={p.dueOn} />
    </Flex>
  );
}

export function LedgerTable({
  items,
  loading,
  pagination,
  filtered,
  selectedIds,
  onSelect,
  onOpen,
}: {
  items: ProblemListItem[];
  loading: boolean;
  pagination: PaginationProps;
  filtered: boolean;
  selectedIds: string[];
  onSelect: (rows: ProblemListItem[]) => void;
  onOpen: (id: string) => void;
}) {
  const { t } = useI18n();
  const columns: TableColumnsType<ProblemListItem> = [
    {
      title: t('ledger.col.code'),
      dataIndex: 'code',
      width: 124,
      render: (code: string, p) => (
        <Link to={paths.problem(p.id)} onClick={(e) => e.stopPropagation()} className="nowrap">
          {code}
        </Link>
      ),
    },
    { title: t('ledger.col.organization'), dataIndex: 'organizationName', width: 110 },
    { title: t('ledger.col.checkItem'), key: 'checkItem', width: 160, render: (_, p) => <CheckItemCell p={p} /> },
    {
      title: t('ledger.col.description'),
      dataIndex: 'description',
      render: (d: string) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: d }} style={{ margin: 0 }}>
          {d}
        </Typography.Paragraph>
      ),
    },
    { title: t('ledger.col.owner'), dataIndex: 'ownerName', width: 90, render: (v: string | null) => v ?? '—' },
    { title: t('ledger.col.dueOn'), key: 'dueOn', width: 120, render: (_, p) => <DueCell p={p} /> },
    { title: t('ledger.col.status'), dataIndex: 'status', width: 90, render: (_, p) => <ProblemStatusTag status={p.status} /> },
  ];
  return (
    <Table<ProblemListItem>
      rowKey="id"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={pagination}
      size="middle"
      locale={{ emptyText: loading ? ' ' : <EmptyLedger filtered={filtered} /> }}
      rowSelection={{
        selectedRowKeys: selectedIds,
        onChange: (_keys, rows) => onSelect(rows),
        preserveSelectedRowKeys: false,
      }}
      onRow={(p) =>
        ({
          'data-testid': 'ledger-row',
          'data-problem-id': p.id,
          onClick: (e: React.MouseEvent) => {
            const target = e.target as HTMLElement;
            if (target.closest('a,button,input,label,.ant-checkbox-wrapper')) return;
            onOpen(p.id);
          },
          style: { cursor: 'pointer' },
        }) as React.HTMLAttributes<HTMLElement>
      }
      // The description takes what the fixed columns leave, ≈ 10 characters a line or more: at a table 900 px wide
      // it had ≈ 6 on a 1280 px screen, cut after two lines, while the code and the organization kept their room.
      // 960 px: the whole table still fits a 1280 px screen beside the menu.
      scroll={{ x: 960 }}
    />
  );
}

/** The phone layout: one card per problem, the whole card is the tap target. */
export function LedgerCards({
  items,
  loading,
  fetching,
  pagination,
  filtered,
  onOpen,
}: {
  items: ProblemListItem[];
  loading: boolean;
  fetching: boolean;
  pagination: PaginationProps;
  filtered: boolean;
  onOpen: (id: string) => void;
}) {
  const { t } = useI18n();
  if (loading) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (items.length === 0) return <EmptyLedger filtered={filtered} />;
  return (
    <Spin spinning={fetching}>
      <List<ProblemListItem>
        dataSource={items}
        rowKey="id"
        pagination={{ ...pagination, align: 'center', simple: true }}
        renderItem={(p) => (
          <List.Item style={{ padding: '6px 0', border: 'none' }}>
            <Card
              size="small"
              hoverable
              className="ledger-card"
              style={{ width: '100%' }}
              onClick={() => onOpen(p.id)}
              data-testid="ledger-card"
              data-problem-id={p.id}
            >
              <Flex justify="space-between" align="center" gap={8}>
                <Link to={paths.problem(p.id)} onClick={(e) => e.stopPropagation()} className="ledger-card-code">
                  {p.code}
                </Link>
                <ProblemStatusTag status={p.status} />
              </Flex>
              <Typography.Paragraph ellipsis={{ rows: 3 }} style={{ margin: '6px 0', fontSize: 16 }}>
                {p.description}
              </Typography.Paragraph>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {p.organizationName}
                {p.areaName ? ` · ${p.areaName}` : ''}
              </Typography.Text>
              <Flex justify="space-between" align="center" gap={8} wrap style={{ marginTop: 6 }}>
                <span>
                  {t('ledger.col.owner')}
                  {t('common.colon')}
                  {p.ownerName ?? '—'}
                </span>
                <Flex gap={6} align="center">
                  <span className={p.overdue ? 'due-overdue' : undefined}>{p.dueOn ?? t('ledger.noDue')}</span>
                  <DueTag overdue={p.overdue} daysOverdue={p.daysOverdue} dueSoon={p.dueSoon} dueOn={p.dueOn} />
                </Flex>
              </Flex>
            </Card>
          </List.Item>
        )}
      />
    </Spin>
  );
}
