import { CheckCircleOutlined, RightOutlined } from '@ant-design/icons';
import { Card, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { RAG_LABELS } from '../../../domain/rag.ts';
import { useProblems } from '../../api/problems.ts';
import { useRagTable } from '../../api/rankings.ts';
import { paths } from '../../app/paths.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useI18n } from '../../i18n/index.ts';
import { RAG_HEX, RAG_TAG_COLOURS } from './dashboard-charts.ts';
import { formatRate } from '../../lib/format.ts';

/**
 * 我的包联村: a reader whose scope is several villages (a liaison group's member) sees them all at a glance, this
 * week's colour, overdue and closure rate each, worst first; a tap shows that village's overview below. The rest of
 * the page is one organization's (the one picked, at first the first village).
 */
export function MyVillagesCard({ shownId, onPick }: { shownId: string | undefined; onPick: (id: string) => void }) {
  const { t, pick } = useI18n();
  const q = useRagTable('week', undefined);
  // What waits for the liaison group across its villages (it was reachable only by the bell or the ledger's tab).
  const waiting = useProblems({ status: 'submitted', pageSize: 1 }).data?.total ?? 0;
  const rank = { red: 0, amber: 1, green: 2 } as const;
  const rows = (q.data?.groups.flatMap((g) => g.villages) ?? []).sort(
    (a, b) =>
      rank[a.rag.colour] - rank[b.rag.colour] || b.overdue - a.overdue || a.organizationName.localeCompare(b.organizationName, 'zh-CN'),
  );
  return (
    <Card
      size="small"
      title={t('dashboard.myVillages.title', { n: q.data?.villagesTotal ?? rows.length })}
      extra={q.data && <span className="text-secondary">{t('dashboard.rag.summary', { ...q.data.tally })}</span>}
      data-testid="dashboard-my-villages"
      styles={{ body: { padding: 8 } }}
      style={{ marginBottom: 12 }}
    >
      {q.error ? (
        <ErrorAlert error={q.error} title={t('common.loadFailed')} onRetry={() => void q.refetch()} />
      ) : !q.data ? (
        <span className="text-secondary">{t('common.loading')}</span>
      ) : (
        <>
          {waiting > 0 && (
            <Link
              to={paths.ledgerOf({ status: 'submitted' })}
              className="tap-target my-villages-to-accept"
              data-testid="dashboard-to-accept"
            >
              <CheckCircleOutlined /> {t('dashboard.myVillages.toAccept', { n: waiting })} <RightOutlined />
            </Link>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 13, display: 'block', margin: '0 4px 6px' }}>
            {t('dashboard.myVillages.hint')}
          </Typography.Text>
          <ul className="village-list" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: 8 }}>
            {rows.map((v) => (
              <li key={v.organizationId} style={{ listStyle: 'none' }}>
                <button
                  type="button"
                  className="tap-target"
                  onClick={() => onPick(v.organizationId)}
                  aria-pressed={v.organizationId === shownId}
                  data-testid="dashboard-my-village"
                  data-village={v.organizationName}
                  style={{
                    width: '100%',
                    textAlign: 'left',
                    padding: '8px 10px',
                    borderRadius: 8,
                    cursor: 'pointer',
                    background: v.organizationId === shownId ? '#fff1f0' : '#fff',
                    border: `1px solid ${v.organizationId === shownId ? RAG_HEX.red : '#f0f0f0'}`,
                    borderLeft: `4px solid ${RAG_HEX[v.rag.colour]}`,
                  }}
                >
                  <strong style={{ fontSize: 15 }}>{v.organizationName}</strong>{' '}
                  <Tag color={RAG_TAG_COLOURS[v.rag.colour]} style={{ marginInlineStart: 4 }}>
                    {pick(RAG_LABELS[v.rag.colour])}
                  </Tag>
                  <div className="text-secondary" style={{ fontSize: 13, marginTop: 2 }}>
                    {t('dashboard.myVillages.figures', { overdue: v.overdue, total: v.total, rate: formatRate(v.closureRate) })}
                  </div>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}
