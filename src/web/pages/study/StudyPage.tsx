import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Flex, Segmented, Select, Skeleton, Table, Tag, Typography, type TableColumnType } from 'antd';
import { useState, type CSSProperties } from 'react';
import { Link, Route, Routes, useNavigate, useParams, useSearchParams } from 'react-router';
import type { Meeting, RhythmRow } from '../../../domain/contracts/meetings.ts';
import type { StudySessionSummary } from '../../../domain/contracts/study.ts';
import { addMonths, monthOfDate } from '../../../domain/cadence.ts';
import { DUTY_SHIFT_LABELS } from '../../../domain/duty-coverage.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import { MEETING_KIND_LABELS } from '../../../domain/meeting-rhythm.ts';
import { ABSENCE_REASON_LABELS, STUDY_SESSION_KIND_LABELS } from '../../../domain/study-coverage.ts';
import { MEMBER_STATUS_LABELS } from '../../../domain/member-sheet.ts';
import { TOUR_ROLE_LABELS } from '../../../domain/tour-roles.ts';
import {
  studyFileUrl,
  useDutyCoverage,
  useMeetings,
  useMembers,
  useRhythm,
  useStudyCoverage,
  useStudyOverview,
  useStudySession,
  useStudySessions,
  useTours,
} from '../../api/study.ts';
import { withQuery } from '../../api/client.ts';
import { useOrganizationTree } from '../../api/organizations.ts';
import { paths } from '../../app/paths.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';
import { formatDateTime, formatRate, monthWords } from '../../lib/format.ts';
import { useIsMobile } from '../../lib/use-is-mobile.ts';
import { HallPage } from './HallPage.tsx';
import { MemberSheetTools } from './MemberSheetTools.tsx';
import { SessionFileButtons } from './SessionFiles.tsx';
import { TourTakeaways } from './TourTakeaways.tsx';
import { TourModal } from './TourForms.tsx';
import { PlansTab } from './PlansTab.tsx';
import { MemberModal } from './MemberModal.tsx';
import { AttendanceEditor, SessionEditModal } from './SessionEdit.tsx';
import { RecordMeetingPage } from './RecordMeetingPage.tsx';
import { MeetingDetailPage, useMeetingAttendance } from './MeetingDetailPage.tsx';
import { RecordSessionPage } from './RecordSessionPage.tsx';
import { StudyDashboardCard } from './StudyDashboardCard.tsx';
import { DayList } from './DateText.tsx';
import { useBranchColumn } from './use-branch-column.ts';
import { CoveragePrint } from './CoveragePrint.tsx';
import { coveragePrintLink } from './coverage-link.ts';

/** 党建学习: 两学一做 sessions, coverage, 三会一课, 坐班值班, 观摩学习 and the member register. */
export function StudyPage() {
  return (
    <Routes>
      <Route index element={<StudyHome />} />
      <Route path="sessions/new" element={<RecordSessionPage />} />
      <Route path="meetings/new" element={<RecordMeetingPage />} />
      <Route path="meetings/:id" element={<MeetingDetailPage />} />
      <Route path="halls/:organizationId" element={<HallPage />} />
      <Route path="sessions/:id" element={<SessionDetailPage />} />
      <Route path="coverage/print" element={<CoveragePrint />} />
    </Routes>
  );
}

const TABS = ['overview', 'sessions', 'plans', 'coverage', 'meetings', 'duty', 'tours', 'members'] as const;
type Tab = (typeof TABS)[number];

function StudyHome() {
  const { t } = useI18n();
  // The tab lives in the address (?tab=members), so Back from a session or a hall returns to it.
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'overview';
  const setTab = (next: Tab) =>
    setParams(
      (p) => {
        const q = new URLSearchParams(p);
        if (next === 'overview') q.delete('tab');
        else q.set('tab', next);
        return q;
      },
      { replace: true },
    );
  const navigate = useNavigate();
  const overview = useStudyOverview();
  return (
    <div data-testid="study-page">
      <PageTitle
        title={t('study.pageTitle')}
        extra={
          overview.data?.canRecord && (
            <Button type="primary" onClick={() => void navigate(paths.studyNewSession)} data-testid="study-page-record">
              {t('study.card.record')}
            </Button>
          )
        }
      />
      <div style={{ overflowX: 'auto', marginBottom: 12 }}>
        <Segmented
          className="wrap-tabs"
          style={{ '--tab-cols': 4 } as CSSProperties}
          value={tab}
          onChange={(v) => setTab(v)}
          options={TABS.map((k) => ({ value: k, label: t(`study.tab.${k}`) }))}
          data-testid="study-tabs"
        />
      </div>
      {tab === 'overview' && <StudyDashboardCard onStudyPage />}
      {tab === 'sessions' && <SessionsTab />}
      {tab === 'plans' && <PlansTab />}
      {tab === 'coverage' && <CoverageTab />}
      {tab === 'meetings' && <MeetingsTab />}
      {tab === 'duty' && <DutyTab />}
      {tab === 'tours' && <ToursTab />}
      {tab === 'members' && <MembersTab />}
    </div>
  );
}

/**
 * 学习活动, a page at a time. On a phone the row is the time and the topic (wrapping), with the branch, the form and
 * the attendance on a line under the topic: in five columns the topic was cut off at the screen's edge ("学习《").
 */
function SessionsTab() {
  const { t, pick } = useI18n();
  const [page, setPage] = useState(1);
  const q = useStudySessions({ page, pageSize: 20 });
  const items = q.data?.items ?? [];
  const withBranch = useBranchColumn(items);
  const phone = useIsMobile();
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const counts = (s: StudySessionSummary) =>
    t('study.sessionCounts', { present: s.counts.present + s.counts.reached, members: s.counts.members, absent: s.counts.absent });
  const when: TableColumnType<StudySessionSummary> = {
    title: t('study.col.when'),
    render: (_, s) => {
      const [day, time] = formatDateTime(s.startsAt).slice(0, 16).split(' ');
      return (
        <Link to={paths.studySession(s.id)}>
          <span className="nowrap">{day}</span> <span className="nowrap">{time}</span>
        </Link>
      );
    },
  };
  const columns: Array<TableColumnType<StudySessionSummary>> = phone
    ? [
        { ...when, width: 96 },
        {
          title: t('study.col.topic'),
          render: (_, s) => (
            <Flex vertical gap={2}>
              <span style={{ overflowWrap: 'anywhere' }}>{s.topic}</span>
              <span className="text-secondary" style={{ fontSize: 12 }}>
                {withBranch && `${s.organizationName} · `}
                <Tag style={{ marginInlineEnd: 4 }}>{pick(STUDY_SESSION_KIND_LABELS[s.kind])}</Tag>
                {counts(s)}
              </span>
            </Flex>
          ),
        },
      ]
    : [
        when,
        ...(withBranch ? [{ title: t('study.col.branch'), dataIndex: 'organizationName' }] : []),
        { title: t('study.col.kind'), render: (_, s) => <Tag>{pick(STUDY_SESSION_KIND_LABELS[s.kind])}</Tag> },
        { title: t('study.col.topic'), dataIndex: 'topic' },
        { title: t('study.col.attendance'), render: (_, s) => counts(s) },
      ];
  return (
    <Table
      size="small"
      rowKey="id"
      loading={q.isLoading}
      dataSource={items}
      pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
      scroll={phone ? undefined : { x: 640 }}
      data-testid="study-sessions"
      columns={columns}
    />
  );
}

/** The coverage tabs' drill-down: the organizations opened from the top of the user's scope. */
function useDrill() {
  const [trail, setTrail] = useState<Array<{ id: string; name: string }>>([]);
  return {
    trail,
    focus: trail.at(-1)?.id,
    open: (id: string, name: string) => setTrail((prev) => [...prev, { id, name }]),
    backTo: (length: number) => setTrail((prev) => prev.slice(0, length)),
    /** Starts again from another of the reader's subtrees. */
    reset: (id: string, name: string) => setTrail([{ id, name }]),
  };
}

/**
 * For a reader of several subtrees (a liaison member's villages), which one the table shows: the server opens on
 * the first, and without this there was no way to the others.
 */
function ScopePicker({ drill, shownRootId }: { drill: ReturnType<typeof useDrill>; shownRootId: string }) {
  const { t } = useI18n();
  const tree = useOrganizationTree(false, true);
  const roots = tree.data ?? [];
  if (roots.length < 2) return null;
  const current = roots.find((r) => r.id === (drill.trail[0]?.id ?? shownRootId))?.id;
  return (
    <Flex gap={8} align="center" wrap>
      <span>{t('study.scope.label')}</span>
      <Select
        style={{ minWidth: 200 }}
        value={current}
        placeholder={t('study.scope.pick')}
        options={roots.map((r) => ({ value: r.id, label: r.name }))}
        onChange={(id: string) => drill.reset(id, roots.find((r) => r.id === id)?.name ?? '')}
        data-testid="study-scope"
      />
    </Flex>
  );
}

/** Where the table stands (全部 / 良田街道 / …, each a way back) and, for a province's table, how much is below. */
function DrillBar({ drill, leftOut }: { drill: ReturnType<typeof useDrill>; leftOut: number }) {
  const { t } = useI18n();
  // A reader of several subtrees picks one (ScopePicker): the way back starts there, not at a "whole" they cannot read.
  const scoped = (useOrganizationTree(false, true).data?.length ?? 0) > 1;
  const shown = scoped ? drill.trail.length > 1 : drill.trail.length > 0;
  return (
    <Flex vertical gap={4} data-testid="coverage-drill-bar">
      {shown && (
        <Flex gap={4} wrap align="center">
          {!scoped && (
            <Button type="link" size="small" onClick={() => drill.backTo(0)} data-testid="coverage-drill-all">
              {t('study.drill.all')}
            </Button>
          )}
          {drill.trail.map((step, i) => (
            <span key={step.id}>
              {i > 0 || !scoped ? ' / ' : ''}
              {i === drill.trail.length - 1 ? (
                <strong>{step.name}</strong>
              ) : (
                <Button type="link" size="small" onClick={() => drill.backTo(i + 1)}>
                  {step.name}
                </Button>
              )}
            </span>
          ))}
        </Flex>
      )}
      {leftOut > 0 ? (
        <Alert type="info" showIcon message={t('study.drill.cut', { n: leftOut })} data-testid="coverage-cut" />
      ) : (
        <span className="text-secondary">{t('study.drill.hint')}</span>
      )}
    </Flex>
  );
}

/** An organization's name that opens its own table (not the table's root, not a branch). */
function DrillName({
  row,
  rootId,
  drill,
}: {
  row: { organizationId: string; organizationName: string; kind: string };
  rootId: string;
  drill: ReturnType<typeof useDrill>;
}) {
  if (row.organizationId === rootId || row.kind === 'branch') return <>{row.organizationName}</>;
  return (
    <Button
      type="link"
      size="small"
      style={{ padding: 0 }}
      onClick={() => drill.open(row.organizationId, row.organizationName)}
      data-testid="coverage-drill"
    >
      {row.organizationName}
    </Button>
  );
}

/** The running month and the eleven before it, newest first: the months 学习覆盖 offers. */
function recentMonths(): string[] {
  const running = monthOfDate(shanghaiDate(new Date()));
  return Array.from({ length: 12 }, (_, i) => addMonths(running, -i));
}

function CoverageTab() {
  const { t, lang } = useI18n();
  const drill = useDrill();
  const [params, setParams] = useSearchParams();
  // In the address, so that a reload, Back from the print sheet and a link sent to a colleague keep the month.
  const month = params.get('month') ?? undefined;
  const q = useStudyCoverage({ organizationId: drill.focus, month });
  const months = recentMonths();
  const chooseMonth = (m: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (m === months[0]) next.delete('month');
        else next.set('month', m);
        return next;
      },
      { replace: true },
    );
  // A month the server refuses (a link with a month to come, or no month at all): the refusal, and the way back to
  // this month, where a retry would only ask for the same month again.
  if (q.error)
    return month ? (
      <Flex vertical gap={8} align="flex-start">
        <ErrorAlert error={q.error} />
        <Button onClick={() => chooseMonth(months[0]!)} data-testid="study-coverage-this-month">
          {t('study.coverage.thisMonth')}
        </Button>
      </Flex>
    ) : (
      <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
    );
  if (!q.data) return <Skeleton active />;
  const rows = [q.data.root, ...q.data.rows];
  const rootId = q.data.root.organizationId;
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} wrap align="center">
        <Select
          value={q.data.month}
          onChange={chooseMonth}
          style={{ minWidth: 140 }}
          aria-label={t('study.coverage.month')}
          data-testid="study-coverage-month"
          options={months.map((m) => ({ value: m, label: monthWords(m, lang) }))}
        />
        <Link to={coveragePrintLink({ organizationId: drill.focus, month: q.data.month })}>
          <Button icon={<PrinterOutlined />} data-testid="study-coverage-print">
            {t('study.print.open')}
          </Button>
        </Link>
        <Button
          icon={<DownloadOutlined />}
          href={withQuery('/api/study/coverage.xlsx', { organizationId: drill.focus, month: q.data.month })}
          data-testid="study-coverage-export"
        >
          {t('study.coverage.export')}
        </Button>
      </Flex>
      <span className="text-secondary">
        {t('study.coverage.asAt', { month: q.data.month, asAt: q.data.asAt, months: q.data.neverReachedMonths })}
        {' · '}
        {t('study.figuresAt', { time: formatDateTime(q.data.figuresAt).slice(11, 16) })}
      </span>
      <ScopePicker drill={drill} shownRootId={rootId} />
      <DrillBar drill={drill} leftOut={q.data.rowsLeftOut} />
      <Table
        size="small"
        rowKey="organizationId"
        dataSource={rows}
        loading={q.isFetching && q.isPlaceholderData}
        pagination={false}
        scroll={{ x: 720 }}
        data-testid="study-coverage"
        columns={[
          {
            title: t('study.col.organization'),
            render: (_, r) => (
              <span style={{ paddingLeft: Math.max(0, r.depth - rows[0]!.depth) * 12 }}>
                <DrillName row={r} rootId={rootId} drill={drill} />
              </span>
            ),
          },
          { title: t('study.col.sessions'), render: (_, r) => `${r.sessionsHeld}/${r.sessionsPlanned}` },
          { title: t('study.col.attendance'), render: (_, r) => formatRate(r.attendanceRate) },
          { title: t('study.col.neverReached'), dataIndex: 'neverReached' },
          { title: t('study.col.meetingsMissed'), dataIndex: 'meetingsMissed' },
          // 坐班值班 is the village's (its hall), not the branch's: a branch row has none to show, not "0/0".
          {
            title: t('study.col.duty'),
            render: (_, r) => (r.kind === 'branch' ? '—' : `${r.dutyDaysStaffed}/${r.dutyDaysDue}`),
          },
        ]}
      />
      {q.data.neverReached.length > 0 && (
        <section data-testid="study-never-reached">
          <Typography.Title level={5}>
            {t('study.coverage.neverReachedList', { months: q.data.neverReachedMonths, n: q.data.neverReached.length })}
          </Typography.Title>
          <Flex gap={4} wrap>
            {q.data.neverReached.map((m) => (
              <Tag key={m.memberId}>
                {m.name} · {m.organizationName}
                {m.worksAway ? ` · ${t('study.coverage.worksAway')}` : ''}
              </Tag>
            ))}
          </Flex>
        </section>
      )}
    </Flex>
  );
}

function MeetingsTab() {
  const { t, pick, lang } = useI18n();
  const navigate = useNavigate();
  const q = useRhythm();
  const overview = useStudyOverview();
  const withBranch = useBranchColumn(q.data?.rows ?? []);
  const phone = useIsMobile();
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Skeleton active />;
  const branchName = (r: RhythmRow) => (r.parentName ? `${r.parentName} · ${r.organizationName}` : r.organizationName);
  const tags = (r: RhythmRow) => (
    <Flex gap={4} wrap>
      {r.kinds
        .filter((k) => k.every !== 'off')
        .map((k) => (
          <Tag key={k.kind} color={k.missed.length ? 'red' : k.current?.held ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>
            {pick(MEETING_KIND_LABELS[k.kind])}
            {k.missed.length ? ` ${t('study.missedN', { n: k.missed.length })}` : k.current?.held ? ` ✓` : ''}
          </Tag>
        ))}
    </Flex>
  );
  // On a phone the branch, its tags and what it missed share one cell, wrapping: in columns 党课 and 未按期会议 sat
  // off screen at 360 px.
  const columns: Array<TableColumnType<RhythmRow>> = phone
    ? [
        {
          title: t('study.col.rhythm'),
          render: (_, r) => (
            <Flex vertical gap={4}>
              {withBranch && <span>{branchName(r)}</span>}
              {tags(r)}
              <span className="text-secondary" data-testid="study-rhythm-missed">
                {t('study.col.meetingsMissed')}
                {t('common.colon')}
                {r.missed}
              </span>
            </Flex>
          ),
        },
      ]
    : [
        ...(withBranch ? [{ title: t('study.col.branch'), render: (_: unknown, r: RhythmRow) => branchName(r) }] : []),
        { title: t('study.col.rhythm'), render: (_, r) => tags(r) },
        { title: t('study.col.meetingsMissed'), dataIndex: 'missed' },
      ];
  return (
    <Flex vertical gap={8}>
      <span className="text-secondary">
        {lang === 'zh' ? q.data.rulesZh : q.data.rulesEn}
        {' · '}
        {t('study.figuresAt', { time: formatDateTime(q.data.figuresAt).slice(11, 16) })}
      </span>
      {overview.data?.canRecord && (
        <Button onClick={() => void navigate(paths.studyNewMeeting)} data-testid="study-meeting-record" style={{ alignSelf: 'flex-start' }}>
          {t('study.meeting.title')}
        </Button>
      )}
      <Table
        size="small"
        rowKey="organizationId"
        dataSource={q.data.rows}
        pagination={false}
        scroll={phone ? undefined : { x: 640 }}
        data-testid="study-rhythm"
        columns={columns}
      />
      <MeetingList />
    </Flex>
  );
}

/**
 * 会议记录: the meetings held in the reader's scope, newest first, a page at a time; each opens its record (and its
 * correction). On a phone the row is the time and the agenda, with the kind, place and attendance under it.
 */
function MeetingList() {
  const { t, pick } = useI18n();
  const [page, setPage] = useState(1);
  const q = useMeetings({ page, pageSize: MEETINGS_PAGE_SIZE });
  const items = q.data?.items ?? [];
  const withBranch = useBranchColumn(items);
  const phone = useIsMobile();
  const attendance = useMeetingAttendance();
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const when: TableColumnType<Meeting> = {
    title: t('study.col.when'),
    render: (_, m) => {
      const [day, time] = formatDateTime(m.heldAt).slice(0, 16).split(' ');
      return (
        <Link to={paths.studyMeeting(m.id)} data-testid="study-meeting-open">
          <span className="nowrap">{day}</span> <span className="nowrap">{time}</span>
        </Link>
      );
    },
  };
  const kind = (m: Meeting) => <Tag style={{ marginInlineEnd: 4 }}>{pick(MEETING_KIND_LABELS[m.kind])}</Tag>;
  const agenda = (m: Meeting) => <span style={{ overflowWrap: 'anywhere' }}>{m.agenda}</span>;
  const columns: Array<TableColumnType<Meeting>> = phone
    ? [
        { ...when, width: 96 },
        {
          title: t('study.meeting.agenda'),
          render: (_, m) => (
            <Flex vertical gap={2}>
              {agenda(m)}
              <span className="text-secondary" style={{ fontSize: 12 }}>
                {withBranch && `${m.organizationName} · `}
                {kind(m)}
                {m.place} · {attendance(m)}
              </span>
            </Flex>
          ),
        },
      ]
    : [
        when,
        ...(withBranch ? [{ title: t('study.col.branch'), dataIndex: 'organizationName' }] : []),
        { title: t('study.col.kind'), render: (_, m) => kind(m) },
        { title: t('study.record.place'), dataIndex: 'place' },
        { title: t('study.meeting.attendanceCol'), render: (_, m) => attendance(m) },
        { title: t('study.meeting.agenda'), render: (_, m) => agenda(m) },
      ];
  return (
    <section data-testid="study-meeting-list">
      <Typography.Title level={5}>{t('study.meeting.listTitle', { n: q.data?.total ?? 0 })}</Typography.Title>
      <Table
        size="small"
        rowKey="id"
        loading={q.isLoading || (q.isFetching && q.isPlaceholderData)}
        dataSource={items}
        pagination={{
          current: page,
          pageSize: MEETINGS_PAGE_SIZE,
          total: q.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
          hideOnSinglePage: true,
        }}
        scroll={phone ? undefined : { x: 720 }}
        locale={{ emptyText: <Empty description={t('study.meeting.empty')} /> }}
        data-testid="study-meetings"
        columns={columns}
      />
    </section>
  );
}

const MEETINGS_PAGE_SIZE = 20;

function DutyTab() {
  const { t, pick } = useI18n();
  const drill = useDrill();
  const q = useDutyCoverage({ organizationId: drill.focus });
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Skeleton active />;
  return (
    <Flex vertical gap={8}>
      <span className="text-secondary">{t('study.duty.period', { from: q.data.from, to: q.data.to })}</span>
      <ScopePicker drill={drill} shownRootId={q.data.root.organizationId} />
      <DrillBar drill={drill} leftOut={q.data.rowsLeftOut} />
      <Table
        size="small"
        rowKey="organizationId"
        dataSource={[q.data.root, ...q.data.rows]}
        loading={q.isFetching && q.isPlaceholderData}
        pagination={false}
        scroll={{ x: 560 }}
        data-testid="study-duty-coverage"
        columns={[
          {
            title: t('study.col.organization'),
            render: (_, r) =>
              r.kind === 'village' || r.kind === 'community' ? (
                <Link to={paths.studyHall(r.organizationId)}>{r.organizationName}</Link>
              ) : (
                <DrillName row={r} rootId={q.data.root.organizationId} drill={drill} />
              ),
          },
          { title: t('study.col.dutyDays'), render: (_, r) => `${r.daysStaffed}/${r.daysDue}` },
          { title: t('study.col.duty'), render: (_, r) => formatRate(r.rate) },
          { title: t('study.col.gaps'), render: (_, r) => <DayList days={r.gaps} empty="—" /> },
        ]}
      />
      <span className="text-secondary">
        {t('study.duty.shifts', {
          shifts: Object.values(DUTY_SHIFT_LABELS)
            .map((l) => pick(l))
            .join('/'),
        })}
      </span>
    </Flex>
  );
}

function ToursTab() {
  const { t, pick } = useI18n();
  const q = useTours();
  const [open, setOpen] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Skeleton active />;
  return (
    <Flex vertical gap={12} data-testid="study-tours">
      {q.data.canCreate && (
        <Button style={{ alignSelf: 'flex-start' }} type="primary" onClick={() => setCreating(true)} data-testid="study-tour-new">
          {t('study.tour.new')}
        </Button>
      )}
      {creating && <TourModal tour={null} onClose={() => setCreating(false)} />}
      {q.data.items.length === 0 && <Empty description={t('study.tour.empty')} />}
      {q.data.items.map((tour) => (
        <section key={tour.id} className="village-card" data-testid="study-tour">
          <header className="village-card-head">
            {/* A tour's title is its subject, long as it is: wrapped, never cut (赴华州区大明镇观摩学习基层组织规…). */}
            <h2 className="village-card-title village-card-title-wrap">{tour.title}</h2>
          </header>
          <div className="village-card-body">
            <Flex vertical gap={4}>
              <span>
                {tour.tourDate} · {tour.destination}
              </span>
              <span className="text-secondary">{tour.purpose}</span>
              <span>{t('study.tour.counts', { participants: tour.participantCount, takeaways: tour.takeawayCount })}</span>
              <Flex gap={4} wrap>
                {tour.invitedRoles.map((r) => (
                  <Tag key={r}>{pick(TOUR_ROLE_LABELS[r])}</Tag>
                ))}
              </Flex>
              {open === tour.id ? (
                <TourTakeaways tourId={tour.id} />
              ) : (
                <Button style={{ alignSelf: 'flex-start' }} onClick={() => setOpen(tour.id)} data-testid="study-tour-open">
                  {t('study.tour.open')}
                </Button>
              )}
            </Flex>
          </div>
        </section>
      ))}
    </Flex>
  );
}

function MembersTab() {
  const { t, pick } = useI18n();
  const q = useMembers();
  // The id, not the row: after a 409 the refetched member (with its new version) is the one edited.
  const [editing, setEditing] = useState<string | null>(null);
  const member = q.data?.items.find((m) => m.id === editing);
  const withBranch = useBranchColumn(q.data?.items ?? []);
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <>
      <MemberSheetTools>
        {q.data?.canRecord && (
          <Button type="primary" onClick={() => setEditing('new')} data-testid="study-member-new">
            {t('study.member.new')}
          </Button>
        )}
      </MemberSheetTools>
      {(editing === 'new' || member) && <MemberModal member={member ?? null} onClose={() => setEditing(null)} />}
      <Table
        size="small"
        rowKey="id"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        // Each cell on one line, the name kept in sight while the rest scrolls (on a phone names broke a character a
        // line, and 修改 sat off screen with no sign of it).
        scroll={{ x: 'max-content' }}
        className="nowrap-table"
        locale={{ emptyText: <Empty description={t('study.member.empty')} /> }}
        data-testid="study-members"
        columns={[
          { title: t('study.col.name'), dataIndex: 'name', fixed: 'left' },
          ...(withBranch ? [{ title: t('study.col.branch'), dataIndex: 'organizationName' }] : []),
          { title: t('study.col.memberStatus'), render: (_, m) => pick(MEMBER_STATUS_LABELS[m.status]) },
          { title: t('study.col.joinedOn'), render: (_, m) => m.joinedOn ?? '—' },
          { title: t('study.col.away'), render: (_, m) => (m.worksAway ? t('common.yes') : '') },
          { title: t('study.col.phone'), render: (_, m) => m.phone ?? (m.phoneHidden ? t('study.phoneHidden') : '') },
          {
            title: t('common.actions'),
            render: (_, m) =>
              m.allowedActions.includes('edit') && (
                <Button size="small" onClick={() => setEditing(m.id)} data-testid="study-member-edit">
                  {t('study.edit')}
                </Button>
              ),
          },
        ]}
      />
    </>
  );
}

function SessionDetailPage() {
  const { t, pick } = useI18n();
  const { id } = useParams();
  const q = useStudySession(id);
  const [editing, setEditing] = useState(false);
  const [attendance, setAttendance] = useState(false);
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Skeleton active />;
  const s = q.data;
  return (
    <div data-testid="study-session" style={{ maxWidth: 720 }}>
      <PageTitle title={`${pick(STUDY_SESSION_KIND_LABELS[s.kind])} · ${s.topic}`} />
      <Flex vertical gap={8}>
        <span data-testid="study-session-when">
          {formatDateTime(s.startsAt).slice(0, 16)} · {s.place}
          {s.speaker ? ` · ${s.speaker}` : ''}
        </span>
        <span data-testid="study-session-counts">
          {t('study.sessionCounts', { present: s.counts.present + s.counts.reached, members: s.counts.members, absent: s.counts.absent })}
        </span>
        {s.summary && <p style={{ whiteSpace: 'pre-wrap' }}>{s.summary}</p>}
        {s.playsCount !== null && <span>{t('study.session.playsN', { n: s.playsCount })}</span>}
        {!attendance && (s.allowedActions.includes('edit') || s.allowedActions.includes('attendance')) && (
          <Flex gap={8} wrap>
            {s.allowedActions.includes('edit') && (
              <Button onClick={() => setEditing(true)} data-testid="study-session-edit">
                {t('study.session.editTitle')}
              </Button>
            )}
            {s.allowedActions.includes('attendance') && (
              <Button onClick={() => setAttendance(true)} data-testid="study-session-attendance">
                {t('study.att.edit')}
              </Button>
            )}
          </Flex>
        )}
        {editing && <SessionEditModal session={s} onClose={() => setEditing(false)} />}
        {attendance ? (
          <AttendanceEditor session={s} onDone={() => setAttendance(false)} />
        ) : (
          <ul className="village-list">
            {s.attendance
              .filter((a) => a.status !== 'present')
              .map((a) => (
                <li key={a.memberId} className="village-list-item" data-testid="study-session-absent">
                  {a.memberName}
                  {t('common.colon')}
                  {a.status === 'reached' ? t('study.att.reached') : t('study.att.absent')}
                  {a.reason ? ` · ${pick(ABSENCE_REASON_LABELS[a.reason])}` : ''}
                  {a.madeUpOn ? ` · ${t('study.madeUp', { date: a.madeUpOn })}` : ''}
                </li>
              ))}
          </ul>
        )}
        {s.files.length > 0 && (
          <Flex gap={8} wrap>
            {s.files.map((f) =>
              f.isAudio ? (
                <audio key={f.id} controls src={studyFileUrl(f.id)} preload="none" />
              ) : (
                <a key={f.id} href={studyFileUrl(f.id)} target="_blank" rel="noreferrer">
                  {f.originalName}
                </a>
              ),
            )}
          </Flex>
        )}
        {s.allowedActions.includes('upload') && <SessionFileButtons sessionId={s.id} broadcast={s.kind === 'broadcast'} />}
        <Link to={paths.dashboard} className="tap-target" data-testid="study-session-back">
          {t('study.backToDashboard')}
        </Link>
      </Flex>
    </div>
  );
}
