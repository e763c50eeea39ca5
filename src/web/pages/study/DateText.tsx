import { Fragment } from 'react';
import { useI18n } from '../../i18n/index.ts';

/*
 * Dates in narrow table cells: a browser may break a line after a date's hyphen ("2027-01-" / "31" on a phone),
 * so each date is kept whole and the lines break between dates only.
 */

/** "2026-09-01 ~ 2027-01-31": may break after the "~", never inside a date. */
export function DateRange({ from, to }: { from: string; to: string }) {
  return (
    <>
      <span className="nowrap">{from} ~</span> <span className="nowrap">{to}</span>
    </>
  );
}

/** Days as "MM-DD", listed with the language's separator (12-01、12-02 / 12-01, 12-02); `empty` when there are none. */
export function DayList({ days, empty = '' }: { days: readonly string[]; empty?: string }) {
  const { t } = useI18n();
  if (days.length === 0) return <>{empty}</>;
  return (
    <>
      {days.map((d, i) => (
        <Fragment key={d}>
          {i > 0 && t('study.record.listSeparator')}
          <span className="nowrap">{d.slice(5)}</span>
        </Fragment>
      ))}
    </>
  );
}
