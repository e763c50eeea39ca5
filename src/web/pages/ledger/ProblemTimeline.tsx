import { Card, Empty, Timeline, Typography } from 'antd';
import type { TimelineEntry } from '../../../domain/contracts/problems.ts';
import { PROBLEM_ACTION_LABELS, PROBLEM_STATUS_LABELS, type ProblemAction, type ProblemStatus } from '../../../domain/problem-workflow.ts';
import { useI18n } from '../../i18n/index.ts';
import { historyTextLabel, isReasonAgainst } from './timeline-text.ts';
import { formatDateTime } from '../../lib/format.ts';

const COLORS: Record<string, string> = {
  create: 'blue',
  start: 'orange',
  submit: 'blue',
  reject: 'red',
  accept: 'green',
  close: 'green',
  reopen: 'red',
  progress: 'gray',
};

/** 整改过程: every workflow step and progress note, oldest first, in Shanghai time. */
export function ProblemTimeline({ entries }: { entries: TimelineEntry[] }) {
  const { t, pick } = useI18n();
  const statusLabel = (s: string | null) => (s && s in PROBLEM_STATUS_LABELS ? pick(PROBLEM_STATUS_LABELS[s as ProblemStatus]) : (s ?? ''));
  const actionLabel = (e: TimelineEntry) => {
    if (e.kind === 'progress') return t('ledger.timeline.progress');
    if (e.action && e.action in PROBLEM_ACTION_LABELS) return pick(PROBLEM_ACTION_LABELS[e.action as ProblemAction]);
    if (e.action === 'create') return t('ledger.timeline.create');
    if (e.action === 'update') return t('ledger.timeline.update');
    return e.action ?? '';
  };

  return (
    <Card size="small" className="detail-card" title={t('ledger.timeline.title')} data-testid="problem-timeline">
      {entries.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ledger.timeline.empty')} />
      ) : (
        <Timeline
          style={{ marginTop: 8 }}
          items={entries.map((e) => {
            const key = e.kind === 'progress' ? 'progress' : (e.action ?? 'history');
            return {
              key: e.id,
              color: COLORS[key] ?? 'blue',
              children: (
                <div data-testid="timeline-item" data-action={key}>
                  <div>
                    <Typography.Text strong>{actionLabel(e)}</Typography.Text>
                    {e.kind === 'history' && e.toStatus && (
                      <Typography.Text type="secondary">
                        {'  '}
                        {e.fromStatus ? `${statusLabel(e.fromStatus)} → ` : ''}
                        {statusLabel(e.toStatus)}
                      </Typography.Text>
                    )}
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(e.at).slice(0, 16)}
                    {e.actorName ? ` · ${e.actorName}` : ''}
                  </Typography.Text>
                  {e.text && (
                    <Typography.Paragraph
                      // A reason (退回, 重新整改) in orange; the village's account of its work, an opinion, a note as text.
                      className={e.kind === 'history' && isReasonAgainst(e.action) ? 'timeline-reason' : 'timeline-note'}
                      style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}
                      data-testid="timeline-text"
                    >
                      {e.kind === 'history' ? `${t(historyTextLabel(e.action))}${t('common.colon')}` : ''}
                      {e.text}
                    </Typography.Paragraph>
                  )}
                </div>
              ),
            };
          })}
        />
      )}
    </Card>
  );
}
