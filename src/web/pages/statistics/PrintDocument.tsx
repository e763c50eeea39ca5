import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { weekLabel } from '../../../domain/cadence.ts';
import type { WeekStatistics } from '../../../domain/contracts/statistics.ts';
import { useI18n } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { FIGURE_COLUMNS, reportsText } from './stats-columns.tsx';
import { buildStatsRows } from './stats-model.ts';
import { organizationLabel, totalLabel } from './WeekTable.tsx';

/** The sheet's title, e.g. 渭南高新区基层组织规范化建设一周一统计（2026年11月16日—11月22日）. */
export function usePrintTitle(data: WeekStatistics | undefined): string | undefined {
  const { t, lang } = useI18n();
  return data ? t('stats.printTitle', { org: organizationLabel(data, t), week: weekLabel(data.week, lang) }) : undefined;
}

/** The instant the user prints (set just before the print dialog lays the page out). */
function usePrintedAt(): string {
  const [at, setAt] = useState(() => new Date().toISOString());
  useEffect(() => {
    const onBeforePrint = () => flushSync(() => setAt(new Date().toISOString()));
    window.addEventListener('beforeprint', onBeforePrint);
    return () => window.removeEventListener('beforeprint', onBeforePrint);
  }, []);
  return at;
}

/** The printed sheet (A4 landscape): title, when it was frozen, the bordered table. Hidden on screen. */
export function PrintDocument({ data }: { data: WeekStatistics }) {
  const { t, pick } = useI18n();
  const title = usePrintTitle(data);
  const printedAt = usePrintedAt();
  const frozenLine = data.frozen
    ? t('stats.printFrozenAt', {
        at: formatDateTime(data.computedAt),
        how: t(data.trigger === 'recompute' ? 'stats.trigger.recompute' : 'stats.trigger.job'),
      })
    : t('stats.printLive', { at: formatDateTime(data.computedAt) });

  return (
    <div className="stats-print-only stats-print-doc" data-testid="stats-print-doc">
      <h1 className="stats-print-title">{title}</h1>
      <div className="stats-print-meta">
        <span>{frozenLine}</span>
        <span>{t('stats.printedAt', { at: formatDateTime(printedAt).slice(0, 16) })}</span>
      </div>
      <table className="stats-print-table">
        <thead>
          <tr>
            <th>{t('stats.col.name')}</th>
            {FIGURE_COLUMNS.map((c) => (
              <th key={c.key}>{t(c.title)}</th>
            ))}
            <th>{t('stats.col.reports')}</th>
          </tr>
        </thead>
        <tbody>
          {buildStatsRows(data).map((r) => (
            <tr key={r.key} className={r.isTotal ? 'stats-print-total' : undefined}>
              <td className="stats-print-name">{r.isTotal ? totalLabel(data, t) : r.entry.organizationName}</td>
              {FIGURE_COLUMNS.map((c) => (
                <td key={c.key} className="stats-print-num">
                  {c.text(r.entry.figures)}
                </td>
              ))}
              <td className="stats-print-reports">{reportsText(r.entry, t, pick)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
