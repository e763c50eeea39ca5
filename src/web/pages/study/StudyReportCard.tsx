import { Card, Typography } from 'antd';
import type { StudyReportFigures } from '../../../domain/contracts/study.ts';
import { useI18n } from '../../i18n/index.ts';
import { formatRate } from '../../lib/format.ts';

/** 两学一做、三会一课、坐班值班 on a weekly report: the unit's Party life in the report's week. */
export function StudyReportCard({ study }: { study: StudyReportFigures | undefined }) {
  const { t } = useI18n();
  if (!study || (study.members === 0 && study.dutyDaysDue === 0 && study.sessionsMonth === 0)) return null;
  const rate = study.attendanceRecords ? study.attended / study.attendanceRecords : null;
  const duty = study.dutyDaysDue ? study.dutyDaysStaffed / study.dutyDaysDue : null;
  return (
    <Card size="small" title={t('study.report.title')} data-testid="report-study">
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        {t('study.report.sessions', { week: study.sessionsWeek, month: study.sessionsMonth, planned: study.sessionsPlannedMonth })}
      </Typography.Paragraph>
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        {t('study.report.attendance', { rate: formatRate(rate), members: study.members, neverReached: study.neverReached })}
      </Typography.Paragraph>
      <Typography.Paragraph style={{ marginBottom: 0 }}>
        {t('study.report.rhythm', {
          missed: study.meetingsMissed,
          staffed: study.dutyDaysStaffed,
          due: study.dutyDaysDue,
          rate: formatRate(duty),
        })}
      </Typography.Paragraph>
    </Card>
  );
}
