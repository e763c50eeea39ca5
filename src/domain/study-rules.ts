import { z } from 'zod';

/**
 * The configurable rules of the regular Party life (两学一做, 三会一课, 坐班值班),
 * stored as JSON in program_settings under the key `study` and edited by
 * district admins, in the style of cadence-rules.ts: every field has the
 * program's default, so `{}` parses to the defaults.
 */

/** How often a meeting of a kind is owed: each calendar month, each quarter, or not at all. */
export const RHYTHM_EVERY = ['month', 'quarter', 'off'] as const;
export type RhythmEvery = (typeof RHYTHM_EVERY)[number];

const every = (d: RhythmEvery) => z.enum(RHYTHM_EVERY).default(d);

export const StudyRulesSchema = z.object({
  meetings: z
    .object({
      /** 三会一课 defaults: the branch committee monthly, the member assembly and the Party lesson quarterly. */
      branch_committee: every('month'),
      member_assembly: every('quarter'),
      /** 党小组会: off by default (the source names three meetings); a district may turn it on. */
      group_meeting: every('off'),
      party_lesson: every('quarter'),
      /** Missed meetings are flagged (on the dashboard, in RAG and interviews) when their period ended within this many months. */
      lookbackMonths: z.number().int().min(1).max(24).default(6),
    })
    .prefault({}),
  study: z
    .object({
      /** A member not present, reached by a broadcast or made up (补学) at any session in this many months is "never reached". */
      neverReachedMonths: z.number().int().min(1).max(12).default(3),
      /** Sessions per month a branch owes when no study plan covers the month (0: nothing owed without a plan). */
      defaultSessionsPerMonth: z.number().int().min(0).max(31).default(0),
    })
    .prefault({}),
  rag: z
    .object({
      /** Amber: any meeting of the rhythm missed within the lookback window. */
      amberOnMissedMeeting: z.boolean().default(true),
      /** Red: one kind missed this many periods in a row (0 turns it off). */
      redMissedInRow: z.number().int().min(0).max(12).default(2),
    })
    .prefault({}),
  interviews: z
    .object({
      /** An interview candidate: this many meetings missed within the lookback window (0 turns the trigger off). */
      missedMeetings: z.number().int().min(0).max(50).default(3),
    })
    .prefault({}),
  ranking: z
    .object({
      /** Weight of the study component in the monthly score, against the cadence weights (0 leaves it out). */
      weight: z.number().min(0).max(100).default(10),
    })
    .prefault({}),
});
export type StudyRules = z.infer<typeof StudyRulesSchema>;

export const DEFAULT_STUDY_RULES: StudyRules = StudyRulesSchema.parse({});
