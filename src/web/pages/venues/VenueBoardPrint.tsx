import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Flex } from 'antd';
import { Link } from 'react-router';
import { useVenueBoard } from '../../api/venues.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useI18n } from '../../i18n/index.ts';
import { useDocumentTitle } from '../../lib/use-document-title.ts';
import { venuePaths } from './venue-ui.tsx';
import { campaignTitle } from '../../../domain/venue-campaign-title.ts';
import { chineseMonthDay } from '../../../domain/cadence.ts';
import { chineseDate } from '../../../domain/time.ts';

/**
 * /venues/print: the board as a sheet officials print and pin up (A4, black and white safe): the countdown,
 * the figures, venues left by week and every village's state in words. Printing hides the app's chrome. In Chinese
 * its dates are written as official documents write them (2026年12月6日).
 */
export function VenueBoardPrint() {
  const { t, lang } = useI18n();
  const board = useVenueBoard();
  const b = board.data;
  useDocumentTitle(campaignTitle(b?.campaign.name, t('venues.pageTitle')));
  if (board.error) return <ErrorAlert error={board.error} onRetry={() => void board.refetch()} />;
  if (!b) return null;
  const c = b.campaign;
  const listed = b.villages.filter((v) => v.standing !== 'passing');
  const day = (d: string) => (lang === 'zh' ? chineseDate(d) : d);
  const week = (d: string) => (lang === 'zh' ? chineseMonthDay(d) : d.slice(5));
  return (
    <div>
      <Flex gap={8} wrap justify="space-between" className="sheet-no-print" style={{ marginBottom: 12 }}>
        <Link to={venuePaths.board}>
          <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingLeft: 0 }}>
            {t('venues.print.back')}
          </Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="venue-print-now">
          {t('venues.print.now')}
        </Button>
      </Flex>
      <div className="sheet-doc" data-testid="venue-print-doc">
        <h1 className="sheet-title">{campaignTitle(c.name, t('venues.pageTitle'))}</h1>
        <p className="sheet-sub">
          {b.organizationName ? `${b.organizationName} · ` : ''}
          {t('venues.print.asAt', { today: day(c.today) })}
        </p>
        <p className="venue-print-countdown">
          {c.daysLeft >= 0
            ? t('venues.board.countdown', { deadline: day(c.deadline), days: c.daysLeft })
            : t('venues.board.pastDeadline', { deadline: day(c.deadline), days: -c.daysLeft })}
        </p>
        <table className="sheet-table">
          <tbody>
            <tr>
              <th>{t('venues.board.baseline')}</th>
              <th>{t('venues.board.cleared')}</th>
              <th>{t('venues.board.left')}</th>
              <th>{t('venues.board.overdue')}</th>
              <th>{t('venues.board.stalled')}</th>
            </tr>
            <tr>
              <td>{b.baseline}</td>
              <td>{b.cleared}</td>
              <td>
                <strong>{b.left}</strong>
              </td>
              <td>{b.overdue}</td>
              <td>{b.stalled}</td>
            </tr>
          </tbody>
        </table>
        <h2 className="sheet-h2">{t('venues.print.villages')}</h2>
        <table className="sheet-table">
          <thead>
            <tr>
              <th>{t('venues.print.col.seq')}</th>
              <th>{t('venues.print.col.village')}</th>
              <th>{t('venues.print.col.reasons')}</th>
              <th>{t('venues.print.col.state')}</th>
              <th>{t('venues.print.col.deadline')}</th>
            </tr>
          </thead>
          <tbody>
            {listed.map((v, i) => (
              <tr key={v.venueId} className={v.project?.daysOverdue ? 'venue-print-late' : undefined}>
                <td>{i + 1}</td>
                <td>
                  {v.organizationName}
                  {v.subdistrictName ? `（${v.subdistrictName}）` : ''}
                </td>
                <td>{v.reasons.map((r) => (lang === 'zh' ? r.zh : r.en)).join(lang === 'zh' ? '；' : '; ') || '—'}</td>
                <td>{lang === 'zh' ? v.stateZh : v.stateEn}</td>
                <td>{v.project?.deadline ? day(v.project.deadline) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2 className="sheet-h2">{t('venues.board.burnDown')}</h2>
        <table className="sheet-table venue-print-burn">
          <tbody>
            <tr>
              <th>{t('venues.print.col.week')}</th>
              {b.burnDown.map((p) => (
                <th key={p.week}>{week(p.week)}</th>
              ))}
            </tr>
            <tr>
              <th>{t('venues.board.actual')}</th>
              {b.burnDown.map((p) => (
                <td key={p.week}>{p.left ?? ''}</td>
              ))}
            </tr>
            <tr>
              <th>{t('venues.board.ideal')}</th>
              {b.burnDown.map((p) => (
                // Whole venues: the plan's straight line gave 7.3, 6.7 … a venue.
                <td key={p.week}>{Math.round(p.ideal)}</td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}
