import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Flex, Skeleton } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { chineseDate } from '../../../domain/time.ts';
import { useStudyCoverage } from '../../api/study.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import '../../components/print-sheet.css';
import { useI18n } from '../../i18n/index.ts';
import { formatRate, monthWords } from '../../lib/format.ts';
import { useDocumentTitle } from '../../lib/use-document-title.ts';
import { coverageLink } from './coverage-link.ts';

/**
 * /study/coverage/print: 学习覆盖 as a sheet a subdistrict or the district prints for its meeting (A4, black and
 * white): the month's sessions against the plans, attendance, members never reached, meetings missed and duty for
 * the area and every organization under it, then the members never reached by name. The same area and month as the
 * tab it was opened from (`organizationId`, `month` in the address). In Chinese its dates read as official documents
 * write them (2026年12月6日).
 */
export function CoveragePrint() {
  const { t, lang } = useI18n();
  const [params] = useSearchParams();
  const organizationId = params.get('organizationId') ?? undefined;
  const month = params.get('month') ?? undefined;
  const q = useStudyCoverage({ organizationId, month });
  const c = q.data;
  const title = c ? t('study.print.title', { area: c.root.organizationName, month: monthWords(c.month, lang) }) : t('study.tab.coverage');
  useDocumentTitle(title);
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (!c) return <Skeleton active />;
  const day = (d: string) => (lang === 'zh' ? chineseDate(d) : d);
  const rows = [c.root, ...c.rows];
  const top = c.root.depth;
  return (
    <div>
      <Flex gap={8} wrap justify="space-between" className="sheet-no-print" style={{ marginBottom: 12 }}>
        <Link to={coverageLink(month)}>
          <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingLeft: 0 }}>
            {t('study.print.back')}
          </Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="study-print-now">
          {t('study.print.now')}
        </Button>
      </Flex>
      <div className="sheet-doc" data-testid="study-print-doc">
        <h1 className="sheet-title">{title}</h1>
        <p className="sheet-sub">{t(c.running ? 'study.print.asAtRunning' : 'study.print.asAt', { asAt: day(c.asAt) })}</p>
        <table className="sheet-table">
          <thead>
            <tr>
              <th>{t('study.col.organization')}</th>
              <th>{t('study.col.sessions')}</th>
              <th>{t('study.col.attendance')}</th>
              <th>{t('study.col.neverReached')}</th>
              <th>{t('study.col.meetingsMissed')}</th>
              <th>{t('study.print.col.duty')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.organizationId}>
                <td style={{ paddingLeft: 6 + Math.max(0, r.depth - top) * 14, fontWeight: i === 0 ? 'bold' : undefined }}>
                  {r.organizationName}
                </td>
                <td className="sheet-num">{`${r.sessionsHeld}/${r.sessionsPlanned}`}</td>
                <td className="sheet-num">{formatRate(r.attendanceRate)}</td>
                <td className="sheet-num">{r.neverReached}</td>
                <td className="sheet-num">{r.meetingsMissed}</td>
                {/* 坐班值班 is the village's (its hall): a branch has none, not "0/0". */}
                <td className="sheet-num">{r.kind === 'branch' ? '—' : `${r.dutyDaysStaffed}/${r.dutyDaysDue}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {c.rowsLeftOut > 0 && (
          <p className="sheet-note" data-testid="study-print-left-out">
            {t('study.print.leftOut', { n: c.rowsLeftOut })}
          </p>
        )}
        <p className="sheet-note">{t('study.print.notes', { months: c.neverReachedMonths })}</p>
        <h2 className="sheet-h2">{t('study.coverage.neverReachedList', { months: c.neverReachedMonths, n: c.root.neverReached })}</h2>
        {c.root.neverReached === 0 ? (
          <p>{t('study.print.noneNeverReached')}</p>
        ) : c.neverReached.length === 0 ? (
          // Names are listed for a village or a branch (the server's rule): an area's sheet counts them only.
          <p data-testid="study-print-names-per-village">{t('study.print.namesPerVillage')}</p>
        ) : (
          <table className="sheet-table" data-testid="study-print-never-reached">
            <thead>
              <tr>
                <th>{t('study.print.col.seq')}</th>
                <th>{t('study.col.name')}</th>
                <th>{t('study.col.organization')}</th>
                <th>{t('study.col.away')}</th>
              </tr>
            </thead>
            <tbody>
              {c.neverReached.map((m, i) => (
                <tr key={m.memberId}>
                  <td className="sheet-num">{i + 1}</td>
                  <td>{m.name}</td>
                  <td>{m.organizationName}</td>
                  <td>{m.worksAway ? t('study.coverage.worksAway') : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {c.neverReached.length > 0 && c.neverReached.length < c.root.neverReached && (
          <p className="sheet-note">{t('study.print.namesCapped', { shown: c.neverReached.length, n: c.root.neverReached })}</p>
        )}
      </div>
    </div>
  );
}
