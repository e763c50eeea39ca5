import { z } from 'zod';
import { weekStartOfDate } from './cadence.ts';
import { addDays, isCalendarDate, shanghaiDate } from './time.ts';
import { DEFAULT_VENUE_RULES as R, VENUE_OWNERSHIPS } from './venue-rules.ts';
import {
  VENUE_PROJECT_KIND_LABELS,
  VENUE_PROJECT_STATUS_LABELS,
  type VenueProjectKind,
  type VenueProjectStatus,
} from './venue-project-workflow.ts';
import { DEFAULT_CAMPAIGN_NAME } from './venue-campaign-title.ts';

/**
 * 清零行动: the venue campaign's settings (program settings, key `venues`):
 * the rules, the campaign's name, start and deadline (default 30 June of the
 * program's year, "6月底前全面完成清零"), and how the rhythm treats venue
 * projects (stalled after N weeks; interviews; RAG). `{}` parses to the defaults.
 */
const DateSchema = z.string().refine(isCalendarDate, '日期应为有效的 YYYY-MM-DD 日期 (expected a calendar date)');

/** The venue rules' thresholds (src/domain/venue-rules.ts), each with the program's default. */
export const VenueRulesSchema = z.object({
  villageMinArea: z.number().min(0).max(100_000).default(R.villageMinArea),
  communityMinArea: z.number().min(0).max(100_000).default(R.communityMinArea),
  villageHallMinArea: z.number().min(0).max(10_000).default(R.villageHallMinArea),
  communityHallMinArea: z.number().min(0).max(10_000).default(R.communityHallMinArea),
  failingOwnerships: z
    .array(z.enum(VENUE_OWNERSHIPS))
    .max(VENUE_OWNERSHIPS.length)
    .default(() => [...R.failingOwnerships]),
  otherUseFails: z.boolean().default(R.otherUseFails),
  requireSignage: z.boolean().default(R.requireSignage),
  requireRulesPosted: z.boolean().default(R.requireRulesPosted),
});

export const VenueSettingsSchema = z.object({
  rules: VenueRulesSchema.prefault({}),
  campaign: z
    .object({
      name: z.string().trim().min(1).max(60).default(DEFAULT_CAMPAIGN_NAME),
      /** The day the campaign began (the burn-down starts with its week); null: the first venue's registration. */
      startedOn: DateSchema.nullable().default(null),
      /** null: 30 June of the program's year (the start's year, or this year). */
      deadline: DateSchema.nullable().default(null),
    })
    .prefault({}),
  cadence: z
    .object({
      /** A project with no step and no progress for this many weeks is stalled (停滞). */
      stalledWeeks: z.number().int().min(1).max(52).default(3),
      /** Interview candidates include villages whose venue project is overdue at month end. */
      interviewOnOverdue: z.boolean().default(true),
      /** … or stalled at month end. */
      interviewOnStalled: z.boolean().default(true),
      /** RAG counts venue projects: overdue → amber, overdue more than the red threshold (rag.redOverdueDays) → red. */
      ragCountsVenues: z.boolean().default(true),
    })
    .prefault({}),
});
export type VenueSettingsValue = z.infer<typeof VenueSettingsSchema>;
export const DEFAULT_VENUE_SETTINGS: VenueSettingsValue = VenueSettingsSchema.parse({});

/** The deadline in force: the set one, or 30 June of the program's year. */
export function campaignDeadline(campaign: VenueSettingsValue['campaign'], now: Date): string {
  if (campaign.deadline) return campaign.deadline;
  const year = (campaign.startedOn ?? shanghaiDate(now)).slice(0, 4);
  return `${year}-06-30`;
}

/** Whole days from `today` to the deadline (negative once it has passed). */
export function daysLeft(deadline: string, today: string): number {
  return Math.round((Date.parse(deadline) - Date.parse(today)) / 86_400_000);
}

/**
 * The ideal burn-down: `baseline` venues at the start's week, falling evenly to
 * zero in the deadline's week; zero after it.
 */
export function idealLeft(baseline: number, startWeek: string, deadline: string, week: string): number {
  const endWeek = weekStartOfDate(deadline);
  if (week <= startWeek) return baseline;
  if (week >= endWeek) return 0;
  const total = (Date.parse(endWeek) - Date.parse(startWeek)) / (7 * 86_400_000);
  const done = (Date.parse(week) - Date.parse(startWeek)) / (7 * 86_400_000);
  return Math.round(baseline * (1 - done / total) * 10) / 10;
}

/** Every Monday from the start's week to the deadline's week (or `lastWeek` if later). */
export function campaignWeeks(startedOn: string, deadline: string, lastWeek: string): string[] {
  const first = weekStartOfDate(startedOn);
  const end = weekStartOfDate(deadline) > lastWeek ? weekStartOfDate(deadline) : lastWeek;
  const weeks: string[] = [];
  for (let w = first; w <= end && weeks.length < 260; w = addDays(w, 7)) weeks.push(w);
  return weeks;
}

/** A venue's place in the campaign at a moment, as the board, the snapshot and the circular see it. */
export type VenueStanding =
  /** Meets the rules and never needed a project. */
  | 'passing'
  /** Failed once and passes now after an accepted project (清零). */
  | 'cleared'
  /** On the list without a project yet (未立项). */
  | 'no_project'
  /** On the list with a project under way (any status before accepted). */
  | 'in_progress'
  /** A project was accepted but the venue still fails (再次整改). */
  | 'still_failing';

export function venueStanding(onList: boolean, project: { status: VenueProjectStatus } | null, everFailed: boolean): VenueStanding {
  if (!onList) return project?.status === 'accepted' || everFailed ? 'cleared' : 'passing';
  if (!project) return 'no_project';
  return project.status === 'accepted' ? 'still_failing' : 'in_progress';
}

export interface VenueStateInput {
  standing: VenueStanding;
  project: {
    kind: VenueProjectKind;
    status: VenueProjectStatus;
    progress: number;
    daysOverdue: number;
    stalled: boolean;
    /** The latest milestone's title, e.g. "防盗窗已安装，室外广场正在绿化硬化". */
    lastMilestone: string | null;
  } | null;
}

/**
 * A village's venue state in words for the board: "已清零（新建，已验收）",
 * "施工中 60%：室内装修进行中；逾期 5 天", "财政局评审中（扩建）", "未立项".
 */
export function venueStateText(s: VenueStateInput, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  const p = s.project;
  const kind = p ? VENUE_PROJECT_KIND_LABELS[p.kind][lang] : '';
  const flags = p
    ? [
        ...(p.daysOverdue > 0 ? [zh ? `逾期 ${p.daysOverdue} 天` : `${p.daysOverdue} days overdue`] : []),
        ...(p.stalled ? [zh ? '进展停滞' : 'stalled'] : []),
      ]
    : [];
  const tail = flags.length ? (zh ? `；${flags.join('，')}` : `; ${flags.join(', ')}`) : '';
  switch (s.standing) {
    case 'passing':
      return zh ? '达标' : 'Meets the standard';
    case 'cleared':
      return zh ? `已清零${p ? `（${kind}，已验收，投入使用）` : ''}` : `Cleared${p ? ` (${kind.toLowerCase()}, accepted, in use)` : ''}`;
    case 'no_project':
      return zh ? '未立项' : 'No project yet';
    case 'still_failing':
      return zh ? `已验收但仍不达标，需再次整改` : 'Accepted but still failing: needs another project';
    case 'in_progress': {
      const status = VENUE_PROJECT_STATUS_LABELS[p!.status][lang];
      const works = p!.status === 'in_works' ? ` ${p!.progress}%` : '';
      const note = p!.lastMilestone && p!.status === 'in_works' ? (zh ? `：${p!.lastMilestone}` : `: ${p!.lastMilestone}`) : '';
      return zh ? `${status}${works}（${kind}）${note}${tail}` : `${status}${works} (${kind.toLowerCase()})${note}${tail}`;
    }
  }
}
