import { z } from 'zod';
import { DEFAULT_PROBLEM_ACTORS, PROBLEM_ACTOR_ROLES, type ProblemActorRole } from './problem-workflow.ts';

/**
 * The cadence's configurable rules (DOMAIN.md "Reporting rules"), stored as
 * JSON in program_settings under the key `cadence` and edited by district
 * admins. Every field has the program's default, so `{}` parses to the defaults.
 */
/** The roles that may fire one problem action: each once (an empty list leaves it to district admins). */
const actorRoles = (d: readonly ProblemActorRole[]) =>
  z
    .array(z.enum(PROBLEM_ACTOR_ROLES))
    .max(PROBLEM_ACTOR_ROLES.length)
    .refine((roles) => new Set(roles).size === roles.length, '每个角色只能选一次 (each role once)')
    .default([...d]);

export const CadenceRulesSchema = z.object({
  reports: z
    .object({
      /** Who files the weekly report: each village/community, or each liaison group. */
      unit: z.enum(['organization', 'liaison_group']).default('organization'),
      /** ISO weekday the report is due (1 = Monday … 7 = Sunday); default Friday. */
      dueWeekday: z.number().int().min(1).max(7).default(5),
      /** Time of day (Shanghai) it is due, HH:MM. */
      dueTime: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM')
        .default('18:00'),
    })
    .prefault({}),
  rag: z
    .object({
      /** Red: any problem overdue more than this many days. */
      redOverdueDays: z.number().int().min(1).max(365).default(14),
      /** Red: this many missing weekly reports in a row. */
      redMissingReportsInRow: z.number().int().min(1).max(12).default(2),
      /** Amber: closure rate below the median of the district's villages. */
      amberBelowMedian: z.boolean().default(true),
    })
    .prefault({}),
  ranking: z
    .object({
      /** Weights of the monthly score (they need not total 100; the score is normalised to 0–100). */
      closureRate: z.number().min(0).max(100).default(40),
      acceptancePassRate: z.number().min(0).max(100).default(30),
      overdue: z.number().min(0).max(100).default(20),
      reportPunctuality: z.number().min(0).max(100).default(10),
      /** The village's standing against the standard: its score ÷ the standard's total (src/domain/village-score.ts). */
      standardScore: z.number().min(0).max(100).default(20),
    })
    .prefault({})
    .refine((w) => w.closureRate + w.acceptancePassRate + w.overdue + w.reportPunctuality + w.standardScore > 0, '评分权重不能全为 0'),
  interviews: z
    .object({
      /** Red this many months running. */
      redMonthsRunning: z.number().int().min(1).max(12).default(2),
      /** The last N villages of the monthly ranking (0 turns the trigger off). */
      lastInRanking: z.number().int().min(0).max(50).default(3),
      /** Any problem overdue more than this many days. */
      overdueDays: z.number().int().min(1).max(365).default(30),
    })
    .prefault({}),
  reminders: z
    .object({
      /** Days before the deadline to remind the village. */
      dueInDays: z.array(z.number().int().min(1).max(60)).max(5).default([7, 3, 1]),
      /** Days overdue to remind; the 2nd step escalates to the subdistrict, the 3rd to the district. */
      overdueDays: z.array(z.number().int().min(1).max(365)).max(5).default([1, 7, 14]),
    })
    .prefault({}),
  standards: z
    .object({
      /** What a standard version's check-item weights must add up to before it may be published (规范化标准总分). */
      totalWeight: z.number().int().min(1).max(1000).default(100),
    })
    .prefault({}),
  problems: z
    .object({
      /** Four eyes (四眼原则): whoever accepted a problem may not also close it (district admins excepted). */
      fourEyes: z.boolean().default(true),
      /** Who acts: the roles that may fire each action (problem-workflow.ts; a district admin always may). */
      actors: z
        .object({
          start: actorRoles(DEFAULT_PROBLEM_ACTORS.start),
          submit: actorRoles(DEFAULT_PROBLEM_ACTORS.submit),
          reject: actorRoles(DEFAULT_PROBLEM_ACTORS.reject),
          accept: actorRoles(DEFAULT_PROBLEM_ACTORS.accept),
          close: actorRoles(DEFAULT_PROBLEM_ACTORS.close),
          reopen: actorRoles(DEFAULT_PROBLEM_ACTORS.reopen),
          withdraw: actorRoles(DEFAULT_PROBLEM_ACTORS.withdraw),
        })
        .prefault({}),
    })
    .prefault({}),
  circular: z
    .object({
      /** 发文机关: the district Party working committee (its 党群工作部 drafts the circular), as in the source. */
      issuingOffice: z.string().trim().min(1).max(60).default('中共渭南高新区党工委'),
      /** 印发机关 of the 版记 at the document's end: the office that drafts and prints it (the source's 党群工作部). */
      draftingOffice: z.string().trim().min(1).max(60).default('中共渭南高新区党工委党群工作部'),
      /** The number reads `${numberPrefix}〔${year}〕${seq}号`. */
      numberPrefix: z.string().trim().min(1).max(20).default('高新党工'),
      /** A month's circular is on time (跟踪督查到位) when published by this day of the following month. */
      dueDay: z.number().int().min(1).max(28).default(10),
    })
    .prefault({}),
});
export type CadenceRules = z.infer<typeof CadenceRulesSchema>;

export const DEFAULT_CADENCE_RULES: CadenceRules = CadenceRulesSchema.parse({});

/** 高新党工〔2026〕7号 */
export function circularNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}〔${year}〕${seq}号`;
}
