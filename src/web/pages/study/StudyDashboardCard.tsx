import { Button, Flex, Popconfirm, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { MEETING_KIND_LABELS } from '../../../domain/meeting-rhythm.ts';
import type { StudyOverview } from '../../../domain/contracts/study.ts';
import { useDutySignIn, useStudyOverview } from '../../api/study.ts';
import { paths } from '../../app/paths.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useI18n } from '../../i18n/index.ts';
import { formatDateTime, formatRate } from '../../lib/format.ts';
import { DayList } from './DateText.tsx';

/**
 * 工作台·党建学习与坐班值班: this month's study coverage, 三会一课 missed, this week's duty gaps and, for the
 * village, today's duty with the one-tap sign-in and the way to record a session. Plain markup in the village
 * dashboard's card look, for phones. `onStudyPage`: the card as the study page's 概况 tab, without the link to
 * that page and without the button to record a session (the page's header has it).
 */
export function StudyDashboardCard({ organizationId, onStudyPage = false }: { organizationId?: string; onStudyPage?: boolean }) {
  const { t } = useI18n();
  const q = useStudyOverview(organizationId);
  return (
    <section className="village-card" data-testid="study-card">
      <header className="village-card-head">
        <h2 className="village-card-title">{t('study.card.title')}</h2>
        {!onStudyPage && (
          <div className="village-card-extra">
            <Link to={paths.study} className="tap-target" data-testid="study-card-open">
              {t('study.card.open')}
            </Link>
          </div>
        )}
      </header>
      <div className="village-card-body">
        {q.error ? (
          <ErrorAlert error={q.error} title={t('common.loadFailed')} onRetry={() => void q.refetch()} />
        ) : !q.data ? (
          <span className="text-secondary">{t('common.loading')}</span>
        ) : (
          <OverviewBody data={q.data} onStudyPage={onStudyPage} />
        )}
      </div>
    </section>
  );
}

function Figure({ label, value, testId, warn }: { label: string; value: string; testId: string; warn?: boolean }) {
  return (
    <Flex vertical style={{ minWidth: 92 }} data-testid={testId}>
      <span style={{ fontSize: 24, fontWeight: 600, lineHeight: 1.2, color: warn ? '#cf1322' : undefined }}>{value}</span>
      <span className="text-secondary" style={{ fontSize: 13 }}>
        {label}
      </span>
    </Flex>
  );
}

/** The meetings due listed before "all". */
const DUE_SHOWN = 4;

function OverviewBody({ data, onStudyPage }: { data: StudyOverview; onStudyPage: boolean }) {
  const { t, pick, lang } = useI18n();
  const navigate = useNavigate();
  const signIn = useDutySignIn();
  const c = data.coverage;
  const duty = data.duty;
  const gaps = data.dutyWeek.rows.filter((r) => r.gaps.length > 0);
  const dueOfSeveral = new Set(data.dueMeetings.map((m) => m.organizationId)).size > 1;
  const district = data.villages.length > 1;
  const [allDue, setAllDue] = useState(false);
  return (
    <Flex vertical gap={12}>
      <Flex gap={16} wrap>
        <Figure
          label={t('study.card.sessions')}
          value={`${c.sessionsHeld}/${c.sessionsPlanned}`}
          testId="study-sessions-held"
          warn={c.heldRate !== null && c.heldRate < 1}
        />
        <Figure label={t('study.card.attendance')} value={formatRate(c.attendanceRate)} testId="study-attendance-rate" />
        <Figure
          label={t('study.card.neverReached')}
          value={String(c.neverReached)}
          testId="study-never-reached"
          warn={c.neverReached > 0}
        />
        <Figure
          label={t('study.card.meetingsMissed')}
          value={String(c.meetingsMissed)}
          testId="study-meetings-missed"
          warn={c.meetingsMissed > 0}
        />
        <Figure
          label={t('study.card.dutyWeek')}
          value={`${data.dutyWeek.daysStaffed}/${data.dutyWeek.daysDue}`}
          testId="study-duty-week"
          warn={data.dutyWeek.daysStaffed < data.dutyWeek.daysDue}
        />
      </Flex>
      {/* A province's figures may be up to a minute old (served while they are computed again). */}
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="study-figures-at">
        {t('study.figuresAt', { time: formatDateTime(data.figuresAt).slice(11, 16) })}
      </Typography.Text>

      {duty && (
        <Flex vertical gap={8} data-testid="study-duty-today">
          <span>
            {t('study.card.dutyToday', { hall: duty.organizationName })}
            {t('common.colon')}
            {duty.openToday ? duty.onDutyToday.join('、') || t('study.card.nobodyRostered') : t('study.card.closedToday')}
          </span>
          {duty.signedInAt ? (
            <Tag color="green" style={{ fontSize: 15, padding: '4px 10px', alignSelf: 'flex-start' }} data-testid="study-duty-signed">
              {t(duty.signedInAsStandIn ? 'study.card.signedInStandIn' : 'study.card.signedIn', {
                time: formatDateTime(duty.signedInAt).slice(11, 16),
              })}
            </Tag>
          ) : (
            duty.canSignIn && (
              <>
                {/* Off today's roster the sign-in is recorded as 代班: said before the tap, not only on the hall page. */}
                {!duty.rosteredToday && (
                  <span className="text-secondary" data-testid="study-duty-standin-hint">
                    {t('study.card.standInHint')}
                  </span>
                )}
                {/* 代班 is asked once more: the big button sits in the page's scroll path, and a stray tap recorded it. */}
                <Popconfirm
                  disabled={duty.rosteredToday}
                  title={t('study.card.standInConfirm')}
                  okText={t('study.card.signInStandIn')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => signIn.mutate(duty.organizationId)}
                  okButtonProps={{ 'data-testid': 'study-duty-standin-ok' }}
                >
                  <Button
                    type="primary"
                    size="large"
                    block
                    loading={signIn.isPending}
                    onClick={duty.rosteredToday ? () => signIn.mutate(duty.organizationId) : undefined}
                    data-testid="study-duty-signin"
                  >
                    {t(duty.rosteredToday ? 'study.card.signIn' : 'study.card.signInStandIn')}
                  </Button>
                </Popconfirm>
              </>
            )
          )}
          {signIn.error && <ErrorAlert error={signIn.error} title={t('study.card.signInFailed')} />}
          <Link to={paths.studyHall(duty.organizationId)} className="tap-target" data-testid="study-hall-open">
            {t('study.card.roster')} ›
          </Link>
        </Flex>
      )}

      {data.canRecord && !onStudyPage && (
        <Button size="large" block onClick={() => void navigate(paths.studyNewSession)} data-testid="study-record-session">
          {t('study.card.record')}
        </Button>
      )}

      {data.canRecord && data.dueMeetings.length > 0 && (
        <Flex vertical gap={4} data-testid="study-due-meetings">
          <strong data-testid="study-due-title">{t('study.card.dueTitleN', { n: data.dueMeetings.length })}</strong>
          {(allDue ? data.dueMeetings : data.dueMeetings.slice(0, DUE_SHOWN)).map((m) => (
            <Link
              key={`${m.organizationId}-${m.kind}`}
              to={`${paths.studyNewMeeting}?kind=${m.kind}&organizationId=${encodeURIComponent(m.organizationId)}`}
              className="tap-target"
            >
              {/* A district's list names the branch (four links read alike); a secretary's one branch goes without. */}
              {dueOfSeveral ? `${m.organizationName} · ` : ''}
              {pick(MEETING_KIND_LABELS[m.kind])} · {lang === 'zh' ? m.periodZh : m.periodEn} ·{' '}
              {t('study.card.daysLeft', { n: m.daysLeft })} ›
            </Link>
          ))}
          {/* A district has a score of them: said how many, and all a tap away (4 of 23 were shown without a word). */}
          {data.dueMeetings.length > DUE_SHOWN && (
            <Button
              type="link"
              style={{ alignSelf: 'flex-start', padding: 0 }}
              onClick={() => setAllDue((v) => !v)}
              data-testid="study-due-all"
            >
              {allDue ? t('study.card.dueFewer') : t('study.card.dueAll', { shown: DUE_SHOWN, n: data.dueMeetings.length })}
            </Button>
          )}
        </Flex>
      )}

      {data.missedMeetings.length > 0 && (
        <Flex vertical gap={4} data-testid="study-missed-meetings">
          <strong>{t('study.card.missedTitle', { n: data.missedMeetings.length })}</strong>
          {data.missedMeetings.slice(0, 8).map((m) => (
            <span key={`${m.organizationId}-${m.kind}-${m.period}`} data-testid="study-missed-meeting">
              <Tag color="red">{lang === 'zh' ? m.periodZh : m.periodEn}</Tag>
              {m.villageName ?? m.organizationName} · {pick(MEETING_KIND_LABELS[m.kind])}
            </span>
          ))}
        </Flex>
      )}

      {gaps.length > 0 && (
        <Flex vertical gap={4} data-testid="study-duty-gaps">
          <strong>{t('study.card.gapsTitle', { n: data.dutyWeek.withGaps })}</strong>
          {gaps.slice(0, 8).map((g) => (
            <span key={g.organizationId} data-testid="study-duty-gap">
              {g.organizationName}
              {t('common.colon')}
              <DayList days={g.gaps} />
            </span>
          ))}
        </Flex>
      )}

      {district && data.villagesTotal > data.villages.length && (
        <Typography.Text type="secondary" data-testid="study-villages-cut">
          {t('study.card.villagesCut', { shown: data.villages.length, total: data.villagesTotal })}{' '}
          {/* The coverage tab lists every village (the 概况 tab is this card again, cut the same way). */}
          <Link to={`${paths.study}?tab=coverage`}>{t('study.card.villagesAll')} ›</Link>
        </Typography.Text>
      )}
      {district && (
        <table className="study-villages" data-testid="study-villages">
          <thead>
            <tr>
              <th>{t('study.col.village')}</th>
              <th className="num">{t('study.col.sessions')}</th>
              <th className="num">{t('study.col.attendance')}</th>
              <th className="num">{t('study.col.dutyMonth')}</th>
            </tr>
          </thead>
          <tbody>
            {data.villages.map((v) => (
              <tr key={v.organizationId} data-testid="study-village-row">
                <td>{v.organizationName}</td>
                <td className="num">
                  {v.sessionsHeld}/{v.sessionsPlanned}
                </td>
                <td className="num">{formatRate(v.attendanceRate)}</td>
                <td className="num">{formatRate(v.dutyRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Flex>
  );
}
